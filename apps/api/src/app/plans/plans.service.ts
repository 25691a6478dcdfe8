import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  Page,
  Plan as PlanView,
  PlanRevision as PlanRevisionView,
  PlanRevisionWithWarnings,
  PlanWithWarnings,
} from '@rehabit/contracts';
import {
  localDateOf,
  maxDate,
  nextRevision,
  planFromTemplate,
  planWarnings,
  validatePlanInput,
  validatePlanRevisionInput,
  validatePlanStatusChange,
  type LocalDate,
  type PlanItemInput,
  type PlanStatus,
} from '@rehabit/domain';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Principal, RequestMeta } from '../auth/principal';
import { isUniqueViolation } from '../database/errors';
import { ExercisesService } from '../exercises/exercises.service';
import { PlanTemplatesService } from '../exercises/plan-templates.service';
import { matchedVersions, preconditionFailed } from '../http/entity-tags';
import { decodeCursor, pageOf, type PageQueryDto } from '../http/pagination';
import { Problem, unprocessable } from '../http/problem';
import { PatientAccess } from '../patients/patient-access';
import type { CreatePlanDto, CreatePlanRevisionDto, UpdatePlanStatusDto } from './dto/plan.dto';
import { PlanAccess } from './plan-access';
import {
  PLAN_SELECT,
  REVISION_SELECT,
  insertItems,
  loadItems,
  loadPlan,
  toPlanView,
  toRevisionView,
  type PlanRow,
  type RevisionRow,
} from './plan-views';

interface CurrentRevisionRow {
  status: PlanStatus;
  number: number;
  effective_from: LocalDate;
  end_date: LocalDate | null;
}

/**
 * Plans: made from scratch or from a template, revised (never edited in place) and paused,
 * resumed or completed. Access checks run before any transaction (PlanAccess, PatientAccess);
 * every change commits together with its audit event.
 */
@Injectable()
export class PlansService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly patients: PatientAccess,
    private readonly plans: PlanAccess,
    private readonly exercises: ExercisesService,
    private readonly templates: PlanTemplatesService,
    private readonly audit: AuditService,
  ) {}

  async create(
    principal: Principal,
    patientIdOrMe: string,
    body: CreatePlanDto,
    meta: RequestMeta,
  ): Promise<PlanWithWarnings> {
    const patient = await this.patients.find(principal, patientIdOrMe, meta);
    let input: Record<string, unknown> = definedFields(body);
    if (body.templateId !== undefined) {
      const template = await this.templates.find(principal.clinicId, body.templateId);
      if (!template)
        throw unprocessable([{ field: 'templateId', message: 'No plan template with this id' }]);
      // The template supplies title, goal, end date and items; whatever the body gives wins.
      input = { ...planFromTemplate(template, body.startDate), ...input };
    }
    const items = Array.isArray(input['items']) ? (input['items'] as unknown[]) : [];
    const known = await this.exercises.summaries(
      principal.clinicId,
      items.map((item) => (item as { exerciseId?: unknown } | null)?.exerciseId),
    );
    const result = validatePlanInput(input, { exerciseExists: (id) => known.has(id) });
    if (!result.ok) throw unprocessable(result.errors);
    const plan = result.value;
    const planItems = plan.items as readonly PlanItemInput[];
    const warnings = planWarnings(planItems, (id) => known.get(id)?.category);

    return this.dataSource.transaction(async (manager) => {
      const [{ id }]: { id: string }[] = await manager.query(
        `INSERT INTO plan (clinic_id, patient_id, title, goal, start_date, end_date, template_id,
           created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
        [
          principal.clinicId,
          patient.id,
          plan.title,
          plan.goal ?? null,
          plan.startDate,
          plan.endDate ?? null,
          plan.templateId ?? null,
          principal.userId,
        ],
      );
      const [revision]: { id: string }[] = await manager.query(
        `INSERT INTO plan_revision (plan_id, number, effective_from, author_id)
         VALUES ($1, 1, $2, $3) RETURNING id`,
        [id, plan.startDate, principal.userId],
      );
      await insertItems(manager, revision.id, planItems);
      await manager.query(
        `INSERT INTO plan_status_change (plan_id, status, changed_by) VALUES ($1, 'active', $2)`,
        [id, principal.userId],
      );
      await this.audit.record(
        {
          action: 'plan.created',
          clinicId: principal.clinicId,
          actor: principal,
          patientId: patient.id,
          entityType: 'plan',
          entityId: id,
          meta,
          detail: { templateId: plan.templateId ?? null, items: planItems.length },
        },
        manager,
      );
      return { ...(await loadPlan(manager, id)), warnings };
    });
  }

  /** The patient's plans, newest first, each with its current revision: constant statements. */
  async list(
    principal: Principal,
    patientIdOrMe: string,
    query: PageQueryDto,
    meta: RequestMeta,
  ): Promise<Page<PlanView>> {
    const patient = await this.patients.find(principal, patientIdOrMe, meta);
    await this.recordRead(principal, 'plan.listed', patient.id, undefined, meta);
    const after = decodeCursor(query.cursor);
    const params: unknown[] = [patient.id, principal.clinicId];
    const where = ['p.patient_id = $1', 'p.clinic_id = $2'];
    if (after)
      where.push(
        `(p.created_at, p.id) < ($${params.push(after.at)}::timestamptz, $${params.push(after.id)}::uuid)`,
      );
    const rows: PlanRow[] = await this.dataSource.query(
      `${PLAN_SELECT} WHERE ${where.join(' AND ')}
        ORDER BY p.created_at DESC, p.id DESC LIMIT $${params.push(query.limit + 1)}`,
      params,
    );
    const items = await loadItems(
      this.dataSource.manager,
      rows.slice(0, query.limit).map((row) => row.revision_id),
    );
    return pageOf(
      rows,
      query.limit,
      (row) => ({ at: row.plan_key, id: row.id }),
      (row) => toPlanView(row, items),
    );
  }

  async get(principal: Principal, planId: string, meta: RequestMeta): Promise<PlanView> {
    const { patient } = await this.plans.find(principal, planId, meta);
    await this.recordRead(principal, 'plan.read', patient.id, planId, meta);
    return loadPlan(this.dataSource.manager, planId);
  }

  /** Every revision, newest first, each with its own items, author and note. */
  async revisions(
    principal: Principal,
    planId: string,
    query: PageQueryDto,
    meta: RequestMeta,
  ): Promise<Page<PlanRevisionView>> {
    const { patient } = await this.plans.find(principal, planId, meta);
    await this.recordRead(principal, 'plan.revisions_read', patient.id, planId, meta);
    const after = decodeCursor(query.cursor);
    const params: unknown[] = [planId];
    const where = ['r.plan_id = $1'];
    if (after)
      where.push(
        `(r.created_at, r.id) < ($${params.push(after.at)}::timestamptz, $${params.push(after.id)}::uuid)`,
      );
    const rows: RevisionRow[] = await this.dataSource.query(
      `${REVISION_SELECT} WHERE ${where.join(' AND ')}
        ORDER BY r.created_at DESC, r.id DESC LIMIT $${params.push(query.limit + 1)}`,
      params,
    );
    const items = await loadItems(
      this.dataSource.manager,
      rows.slice(0, query.limit).map((row) => row.revision_id),
    );
    return pageOf(
      rows,
      query.limit,
      (row) => ({ at: row.revision_key, id: row.revision_id }),
      (row) => toRevisionView(row, items),
    );
  }

  /**
   * A new revision, based on the latest one. Exactly one of two concurrent revisions of the same
   * base wins: `current_revision` moves only by a conditional UPDATE (the loser's UPDATE waits
   * for the winner's row lock, then matches nothing), and UNIQUE (plan_id, number) backs it up.
   */
  async revise(
    principal: Principal,
    planId: string,
    body: CreatePlanRevisionDto,
    meta: RequestMeta,
  ): Promise<PlanRevisionWithWarnings> {
    const { patient } = await this.plans.find(principal, planId, meta);
    const known = await this.exercises.summaries(
      principal.clinicId,
      (body.items ?? []).map((item) => item?.exerciseId),
    );
    const result = validatePlanRevisionInput(body, { exerciseExists: (id) => known.has(id) });
    if (!result.ok) throw unprocessable(result.errors);
    const input = result.value;
    const today = localDateOf(new Date(), patient.timezone);
    if (body.effectiveFrom !== undefined && body.effectiveFrom < today)
      throw unprocessable([
        {
          field: 'effectiveFrom',
          message: `A revision cannot take effect before today (${today}): past days keep what was prescribed`,
        },
      ]);
    const warnings = planWarnings(input.items, (id) => known.get(id)?.category);

    try {
      return await this.dataSource.transaction(async (manager) => {
        const current = await this.currentRevision(manager, planId);
        if (current.status === 'completed')
          throw new Problem(
            HttpStatus.CONFLICT,
            'This plan is completed and cannot be revised; continuing care means a new plan.',
            { currentRevision: current.number },
          );
        const effectiveFrom = body.effectiveFrom ?? maxDate(today, current.effective_from);
        const next = nextRevision(
          { number: current.number, effectiveFrom: current.effective_from, items: [] },
          input,
          effectiveFrom,
        );
        if (!next.ok) {
          if (next.reason === 'stale_revision') throw stale(current.number, next.message);
          throw unprocessable([{ field: 'effectiveFrom', message: next.message }]);
        }
        if (current.end_date !== null && effectiveFrom > current.end_date)
          throw unprocessable([
            {
              field: 'effectiveFrom',
              message: `A revision cannot take effect after the plan ends (${current.end_date})`,
            },
          ]);
        const [, moved]: [unknown[], number] = await manager.query(
          `UPDATE plan SET current_revision = $2 + 1, version = version + 1, updated_at = now()
            WHERE id = $1 AND current_revision = $2`,
          [planId, input.basedOnRevision],
        );
        if (moved !== 1) throw stale((await this.currentRevision(manager, planId)).number);
        const [revision]: { id: string }[] = await manager.query(
          `INSERT INTO plan_revision (plan_id, number, effective_from, note, author_id)
           VALUES ($1, $2, $3, $4, $5) RETURNING id`,
          [planId, next.revision.number, effectiveFrom, input.note ?? null, principal.userId],
        );
        await insertItems(manager, revision.id, input.items);
        await this.audit.record(
          {
            action: 'plan.revised',
            clinicId: principal.clinicId,
            actor: principal,
            patientId: patient.id,
            entityType: 'plan',
            entityId: planId,
            meta,
            detail: {
              revision: next.revision.number,
              basedOnRevision: input.basedOnRevision,
              effectiveFrom,
              items: input.items.length,
            },
          },
          manager,
        );
        const rows: RevisionRow[] = await manager.query(`${REVISION_SELECT} WHERE r.id = $1`, [
          revision.id,
        ]);
        return {
          ...toRevisionView(rows[0], await loadItems(manager, [revision.id])),
          warnings,
        };
      });
    } catch (error) {
      // Only a race the conditional UPDATE did not see can get here; the loser still hears 409.
      if (isUniqueViolation(error))
        throw stale((await this.currentRevision(this.dataSource.manager, planId)).number);
      throw error;
    }
  }

  /**
   * PATCH /plans/:id: active ⇄ paused, either → completed; kept in the status history. The
   * transition is checked against the status of the version If-Match names, and the UPDATE
   * applies only while the plan is still at that version: a concurrent change (another status
   * change, a revision) leaves it matching no row, and the caller hears 412.
   */
  async changeStatus(
    principal: Principal,
    planId: string,
    body: UpdatePlanStatusDto,
    ifMatch: string | undefined,
    meta: RequestMeta,
  ): Promise<PlanView> {
    const { patient } = await this.plans.find(principal, planId, meta);
    const versions = matchedVersions(ifMatch);
    return this.dataSource.transaction(async (manager) => {
      const [row]: { status: PlanStatus; version: number }[] = await manager.query(
        `SELECT status, version FROM plan WHERE id = $1`,
        [planId],
      );
      if (!versions.includes(row.version)) throw preconditionFailed();
      const result = validatePlanStatusChange(row.status, body);
      if (!result.ok)
        throw new Problem(HttpStatus.CONFLICT, result.errors[0].message, {
          currentStatus: row.status,
          errors: result.errors,
        });
      const [, updated]: [unknown[], number] = await manager.query(
        `UPDATE plan SET status = $2, version = version + 1, updated_at = now()
          WHERE id = $1 AND version = $3`,
        [planId, result.value, row.version],
      );
      if (updated !== 1) throw preconditionFailed();
      await manager.query(
        `INSERT INTO plan_status_change (plan_id, status, changed_by) VALUES ($1, $2, $3)`,
        [planId, result.value, principal.userId],
      );
      await this.audit.record(
        {
          action: 'plan.status_changed',
          clinicId: principal.clinicId,
          actor: principal,
          patientId: patient.id,
          entityType: 'plan',
          entityId: planId,
          meta,
          detail: { from: row.status, to: result.value },
        },
        manager,
      );
      return loadPlan(manager, planId);
    });
  }

  private async currentRevision(
    manager: EntityManager,
    planId: string,
  ): Promise<CurrentRevisionRow> {
    const [row]: CurrentRevisionRow[] = await manager.query(
      `SELECT p.status, r.number, to_char(r.effective_from, 'YYYY-MM-DD') AS effective_from,
         to_char(p.end_date, 'YYYY-MM-DD') AS end_date
       FROM plan p JOIN plan_revision r ON r.plan_id = p.id AND r.number = p.current_revision
       WHERE p.id = $1`,
      [planId],
    );
    return row;
  }

  /** Staff reading a patient's plans leave an audit event; the patient reading their own does not. */
  async recordRead(
    principal: Principal,
    action: string,
    patientId: string,
    planId: string | undefined,
    meta: RequestMeta,
  ): Promise<void> {
    if (principal.role === 'patient') return;
    await this.audit.record({
      action,
      clinicId: principal.clinicId,
      actor: principal,
      patientId,
      entityType: planId ? 'plan' : 'patient',
      entityId: planId ?? patientId,
      meta,
    });
  }
}

function stale(currentRevision: number, message?: string): Problem {
  return new Problem(
    HttpStatus.CONFLICT,
    message ??
      `This plan has changed meanwhile; reload it to see revision ${currentRevision} and revise that.`,
    { currentRevision },
  );
}

/** The body's fields that were given (`null` included: it means "none", e.g. an open end). */
function definedFields(body: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined));
}
