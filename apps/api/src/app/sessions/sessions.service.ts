import { ForbiddenException, HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  Page,
  SessionLog as SessionLogView,
  SessionLogVersion as SessionLogVersionView,
} from '@rehabit/contracts';
import {
  addDays,
  localDateOf,
  validateSessionLog,
  type FieldError,
  type LocalDate,
  type PlanItem,
  type PlanStatus,
  type SessionItemInput,
  type SessionLogInput,
} from '@rehabit/domain';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Principal, RequestMeta } from '../auth/principal';
import { decodeCursor, pageOf, type PageQueryDto } from '../http/pagination';
import { Problem, unprocessable } from '../http/problem';
import { PatientAccess } from '../patients/patient-access';
import type { Patient } from '../patients/patient.entity';
import type {
  CreateSessionLogDto,
  DeleteSessionLogDto,
  SessionLogQueryDto,
  UpdateSessionLogDto,
} from './dto/session-log.dto';
import { SessionAccess } from './session-access';
import {
  SESSION_SELECT,
  insertNewSession,
  insertSessionItems,
  insertVersion,
  loadSession,
  toSessionView,
  toVersionView,
  type SessionRow,
  type VersionRow,
} from './session-views';

/** Patients log (and correct) today and this many days before it, in their own time zone. */
export const PATIENT_WINDOW_DAYS = 7;

/** One of the patient's plans running on a day, with the revision in force then. */
interface InForceRow {
  plan_id: string;
  revision_id: string;
  /** The plan's status that day: the last change whose local date is on or before it. */
  plan_status: PlanStatus;
  items: PlanItem[];
}

/**
 * Session logs: what a patient did of a plan revision on a day. Access checks (PatientAccess,
 * SessionAccess) and audited refusals run before any transaction; every change commits together
 * with its version row and its audit event. Nothing is overwritten or removed: updates and
 * deletes bump `version` and append the new state to `session_log_version`.
 */
@Injectable()
export class SessionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly patients: PatientAccess,
    private readonly sessions: SessionAccess,
    private readonly audit: AuditService,
  ) {}

  async create(
    principal: Principal,
    patientIdOrMe: string,
    body: CreateSessionLogDto,
    meta: RequestMeta,
  ): Promise<SessionLogView> {
    const patient = await this.patients.find(principal, patientIdOrMe, meta);
    const today = localDateOf(new Date(), patient.timezone);
    const errors = windowErrors(principal, body.performedOn, today);
    const inForce =
      body.performedOn <= today
        ? await this.plansInForce(this.dataSource.manager, patient, body.performedOn)
        : [];
    const plan = chooseRevision(inForce, body.planRevisionId, body.items, errors);
    const { value, errors: ruleErrors } = validated(
      body,
      plan,
      inForce,
      today,
      errors.length === 0,
    );
    errors.push(...ruleErrors);
    if (errors.length > 0 || !plan || !value) throw unprocessable(dedupe(errors));

    const id = randomUUID();
    return insertNewSession(this.dataSource.manager, {
      id,
      clinicId: principal.clinicId,
      patientId: patient.id,
      planId: plan.plan_id,
      planRevisionId: plan.revision_id,
      performedOn: value.performedOn,
      planStatus: plan.plan_status,
      painBefore: value.painBefore ?? null,
      painAfter: value.painAfter ?? null,
      durationMinutes: value.durationMinutes ?? null,
      notes: value.notes ?? null,
      items: value.items,
      loggedBy: principal,
      audit: {
        action: 'session.created',
        clinicId: principal.clinicId,
        actor: principal,
        patientId: patient.id,
        entityType: 'session_log',
        entityId: id,
        meta,
        detail: {
          performedOn: value.performedOn,
          planRevisionId: plan.revision_id,
          planStatus: plan.plan_status,
          items: value.items.length,
        },
      },
    });
  }

  /** The patient's sessions, latest day first; soft-deleted ones are left out. */
  async list(
    principal: Principal,
    patientIdOrMe: string,
    query: SessionLogQueryDto,
    meta: RequestMeta,
  ): Promise<Page<SessionLogView>> {
    const patient = await this.patients.find(principal, patientIdOrMe, meta);
    if (query.from !== undefined && query.to !== undefined && query.from > query.to)
      throw unprocessable([{ field: 'to', message: 'to must be on or after from' }]);
    await this.recordRead(principal, 'session.listed', patient.id, patient.id, meta, {
      from: query.from ?? null,
      to: query.to ?? null,
    });
    const after = decodeCursor(query.cursor);
    const params: unknown[] = [principal.clinicId, patient.id];
    const where = ['s.clinic_id = $1', 's.patient_id = $2', 's.deleted_at IS NULL'];
    if (query.from !== undefined) where.push(`s.performed_on >= $${params.push(query.from)}::date`);
    if (query.to !== undefined) where.push(`s.performed_on <= $${params.push(query.to)}::date`);
    // The cursor's `at` carries the day (as its UTC midnight), the id breaks ties within it.
    if (after)
      where.push(
        `(s.performed_on, s.id) < ($${params.push(after.at.slice(0, 10))}::date, $${params.push(after.id)}::uuid)`,
      );
    const rows: SessionRow[] = await this.dataSource.query(
      `${SESSION_SELECT} WHERE ${where.join(' AND ')}
        ORDER BY s.performed_on DESC, s.id DESC LIMIT $${params.push(query.limit + 1)}`,
      params,
    );
    return pageOf(
      rows,
      query.limit,
      (row) => ({ at: `${row.performed_on}T00:00:00Z`, id: row.id }),
      toSessionView,
    );
  }

  /**
   * A correction. Patients may correct sessions of their own record performed in the last 7
   * days (403 otherwise), staff any. With `version`, a session changed meanwhile answers 409.
   * Keeping `performedOn` keeps the session on its revision; moving it moves the session to the
   * same plan's revision in force on the new day, and the items must belong to that one.
   */
  async update(
    principal: Principal,
    sessionId: string,
    body: UpdateSessionLogDto,
    meta: RequestMeta,
  ): Promise<SessionLogView> {
    const found = await this.sessions.find(principal, sessionId, meta);
    const today = localDateOf(new Date(), found.patient.timezone);
    await this.refuseOutsideWindow(
      principal,
      found.performedOn,
      today,
      found.patient,
      sessionId,
      meta,
    );

    return this.dataSource.transaction(async (manager) => {
      const current = await this.lock(manager, sessionId, body.version);
      const performedOn = body.performedOn ?? current.performedOn;
      const moved = performedOn !== current.performedOn;
      const errors = moved ? windowErrors(principal, performedOn, today) : [];
      if (
        principal.role === 'patient' &&
        current.performedOn < addDays(today, -PATIENT_WINDOW_DAYS)
      )
        throw windowClosed();

      let plan: InForceRow | undefined;
      let inForce: InForceRow[] = [];
      if (moved) {
        inForce =
          performedOn <= today ? await this.plansInForce(manager, found.patient, performedOn) : [];
        plan = inForce.find((row) => row.plan_id === current.planId);
        if (!plan && performedOn <= today)
          errors.push({
            field: 'performedOn',
            message: `This session's plan is not in force on ${performedOn}`,
          });
      } else {
        plan = await this.revisionOf(manager, current, found.patient);
        inForce = [plan];
      }
      const merged = {
        performedOn,
        painBefore: pick(body.painBefore, current.painBefore),
        painAfter: pick(body.painAfter, current.painAfter),
        durationMinutes: pick(body.durationMinutes, current.durationMinutes),
        notes: pick(body.notes, current.notes),
        items: body.items ?? current.items.map(toItemInput),
      };
      const check = validated(merged, plan, inForce, today, errors.length === 0);
      // Items kept from the session that do not fit the new day are the date's fault.
      errors.push(
        ...(body.items === undefined
          ? check.errors.map((error) =>
              error.field.startsWith('items[')
                ? {
                    field: 'performedOn',
                    message: error.field.endsWith('.planItemId')
                      ? `The logged exercises are not part of the plan on ${performedOn}`
                      : `On ${performedOn} the plan prescribes less: ${error.message}`,
                  }
                : error,
            )
          : check.errors),
      );
      if (errors.length > 0 || !plan || !check.value) throw unprocessable(dedupe(errors));
      const value = check.value;
      // A correction that changes nothing (a retried PATCH, say) stores no new version.
      if (sameContent(value, current)) return current;

      await manager.query(
        `UPDATE session_log SET performed_on = $2, plan_revision_id = $3, plan_status = $4,
           pain_before = $5, pain_after = $6, duration_minutes = $7, notes = $8,
           version = version + 1, updated_at = now()
         WHERE id = $1`,
        [
          sessionId,
          value.performedOn,
          plan.revision_id,
          moved ? plan.plan_status : current.planStatus,
          value.painBefore ?? null,
          value.painAfter ?? null,
          value.durationMinutes ?? null,
          value.notes ?? null,
        ],
      );
      if (body.items !== undefined) {
        await manager.query(`DELETE FROM session_log_item WHERE session_id = $1`, [sessionId]);
        await insertSessionItems(manager, sessionId, value.items);
      }
      const session = await loadSession(manager, sessionId);
      await insertVersion(manager, session, 'updated', principal);
      await this.audit.record(
        {
          action: 'session.updated',
          clinicId: principal.clinicId,
          actor: principal,
          patientId: found.patient.id,
          entityType: 'session_log',
          entityId: sessionId,
          meta,
          detail: {
            version: session.version,
            fields: Object.keys(body).filter((key) => key !== 'version'),
          },
        },
        manager,
      );
      return session;
    });
  }

  /**
   * A soft delete with who and why. Deleting a deleted session stores nothing and answers the
   * same (a phone retrying a lost answer must not fail).
   */
  async remove(
    principal: Principal,
    sessionId: string,
    body: DeleteSessionLogDto,
    meta: RequestMeta,
  ): Promise<void> {
    const found = await this.sessions.find(principal, sessionId, meta);
    const today = localDateOf(new Date(), found.patient.timezone);
    await this.refuseOutsideWindow(
      principal,
      found.performedOn,
      today,
      found.patient,
      sessionId,
      meta,
    );
    if (found.deleted) return;
    const reason = body.reason.trim();
    if (!reason)
      throw unprocessable([{ field: 'reason', message: 'Say why the session is deleted' }]);

    await this.dataSource.transaction(async (manager) => {
      const [row]: { deleted: boolean }[] = await manager.query(
        `SELECT deleted_at IS NOT NULL AS deleted FROM session_log WHERE id = $1 FOR UPDATE`,
        [sessionId],
      );
      if (row.deleted) return;
      await manager.query(
        `UPDATE session_log SET deleted_at = now(), deleted_by = $2, delete_reason = $3,
           version = version + 1, updated_at = now()
         WHERE id = $1`,
        [sessionId, principal.userId, reason],
      );
      const session = await loadSession(manager, sessionId);
      await insertVersion(manager, session, 'deleted', principal, reason);
      await this.audit.record(
        {
          action: 'session.deleted',
          clinicId: principal.clinicId,
          actor: principal,
          patientId: found.patient.id,
          entityType: 'session_log',
          entityId: sessionId,
          meta,
          detail: { version: session.version, reason },
        },
        manager,
      );
    });
  }

  /** Every state of the session, oldest first, deleted ones included (staff only; audited). */
  async history(
    principal: Principal,
    sessionId: string,
    query: PageQueryDto,
    meta: RequestMeta,
  ): Promise<Page<SessionLogVersionView>> {
    const found = await this.sessions.find(principal, sessionId, meta);
    await this.recordRead(principal, 'session.history_read', found.patient.id, sessionId, meta);
    const after = decodeCursor(query.cursor, 'integer');
    const params: unknown[] = [sessionId];
    const where = ['v.session_id = $1'];
    if (after) where.push(`v.version > $${params.push(Number(after.id))}`);
    const rows: VersionRow[] = await this.dataSource.query(
      `SELECT v.session_id, v.version, v.change, v.changed_by, v.changed_by_role, v.changed_at,
         v.reason, v.snapshot
       FROM session_log_version v WHERE ${where.join(' AND ')}
       ORDER BY v.version LIMIT $${params.push(query.limit + 1)}`,
      params,
    );
    return pageOf(
      rows,
      query.limit,
      (row) => ({ at: new Date(row.changed_at).toISOString(), id: String(row.version) }),
      toVersionView,
    );
  }

  /**
   * Each of the patient's plans running on `day` (between its start and end), with the revision
   * in force then, that revision's items and the plan's status that day: one statement.
   */
  private async plansInForce(
    manager: EntityManager,
    patient: Patient,
    day: LocalDate,
  ): Promise<InForceRow[]> {
    return manager.query(
      `SELECT p.id AS plan_id, r.id AS revision_id,
         COALESCE((
           SELECT s.status FROM plan_status_change s
            WHERE s.plan_id = p.id AND (s.changed_at AT TIME ZONE $4)::date <= $3::date
            ORDER BY s.changed_at DESC LIMIT 1), 'active') AS plan_status,
         ${ITEMS_OF_REVISION} AS items
       FROM plan p
       JOIN LATERAL (
         SELECT id FROM plan_revision
          WHERE plan_id = p.id AND effective_from <= $3::date
          ORDER BY number DESC LIMIT 1) r ON true
       WHERE p.patient_id = $1 AND p.clinic_id = $2 AND p.start_date <= $3::date
         AND (p.end_date IS NULL OR p.end_date >= $3::date)
       ORDER BY p.created_at, p.id`,
      [patient.id, patient.clinicId, day, patient.timezone],
    );
  }

  /** The revision a session is logged against, with its items. */
  private async revisionOf(
    manager: EntityManager,
    current: SessionLogView,
    patient: Patient,
  ): Promise<InForceRow> {
    const [row]: InForceRow[] = await manager.query(
      `SELECT r.plan_id, r.id AS revision_id, $2::varchar AS plan_status,
         ${ITEMS_OF_REVISION} AS items
       FROM plan_revision r JOIN plan p ON p.id = r.plan_id
       WHERE r.id = $1 AND p.clinic_id = $3`,
      [current.planRevisionId, current.planStatus, patient.clinicId],
    );
    return row;
  }

  /** Locks the session for a change; a deleted one or a stale `version` answers 409. */
  private async lock(
    manager: EntityManager,
    sessionId: string,
    expectedVersion: number | undefined,
  ): Promise<SessionLogView> {
    const [row]: { deleted: boolean; version: number }[] = await manager.query(
      `SELECT deleted_at IS NOT NULL AS deleted, version FROM session_log WHERE id = $1 FOR UPDATE`,
      [sessionId],
    );
    if (row.deleted)
      throw new Problem(
        HttpStatus.CONFLICT,
        'This session was deleted and can no longer be changed; staff can read its history.',
        { currentVersion: row.version },
      );
    if (expectedVersion !== undefined && expectedVersion !== row.version)
      throw new Problem(
        HttpStatus.CONFLICT,
        `This session has changed meanwhile (it is at version ${row.version}); reload it and correct that.`,
        { currentVersion: row.version },
      );
    return loadSession(manager, sessionId);
  }

  /** Patients correct their own sessions of the last 7 days; older ones are for staff (403, audited). */
  private async refuseOutsideWindow(
    principal: Principal,
    performedOn: LocalDate,
    today: LocalDate,
    patient: Patient,
    sessionId: string,
    meta: RequestMeta,
  ): Promise<void> {
    if (principal.role !== 'patient' || performedOn >= addDays(today, -PATIENT_WINDOW_DAYS)) return;
    await this.audit.record({
      action: 'access.denied',
      outcome: 'denied',
      clinicId: principal.clinicId,
      actor: principal,
      patientId: patient.id,
      entityType: 'session_log',
      entityId: sessionId,
      meta,
      detail: { reason: 'correction_window_closed', performedOn },
    });
    throw windowClosed();
  }

  /** Staff reading a patient's sessions leave an audit event; the patient reading their own does not. */
  private async recordRead(
    principal: Principal,
    action: string,
    patientId: string,
    entityId: string,
    meta: RequestMeta,
    detail?: Record<string, unknown>,
  ): Promise<void> {
    if (principal.role === 'patient') return;
    await this.audit.record({
      action,
      clinicId: principal.clinicId,
      actor: principal,
      patientId,
      entityType: entityId === patientId ? 'patient' : 'session_log',
      entityId,
      meta,
      detail,
    });
  }
}

const ITEMS_OF_REVISION = `COALESCE((
  SELECT json_agg(json_strip_nulls(json_build_object('id', i.id, 'exerciseId', i.exercise_id,
    'sets', i.sets, 'reps', i.reps, 'holdSeconds', i.hold_seconds,
    'daysOfWeek', i.days_of_week, 'timesPerWeek', i.times_per_week,
    'timesPerDay', i.times_per_day)) ORDER BY i.position)
  FROM plan_item i WHERE i.revision_id = r.id), '[]'::json)`;

/**
 * The logging window: nobody logs the future; patients log today and the 7 days before it in
 * their own time zone; staff any past day.
 */
function windowErrors(
  principal: Principal,
  performedOn: LocalDate,
  today: LocalDate,
): FieldError[] {
  if (performedOn > today)
    return [{ field: 'performedOn', message: 'Session date cannot be in the future' }];
  const earliest = addDays(today, -PATIENT_WINDOW_DAYS);
  if (principal.role === 'patient' && performedOn < earliest)
    return [
      {
        field: 'performedOn',
        message: `Sessions can be logged for today and the ${PATIENT_WINDOW_DAYS} days before it (from ${earliest}); ask your therapist to log older ones`,
      },
    ];
  return [];
}

/**
 * Which plan a new session belongs to. A session logs one plan's exercises: `planRevisionId`
 * names it (it must be the revision in force that day of one of the patient's plans), or else
 * the plan whose revision in force holds the first item. With several plans running, each plan's
 * exercises are logged as a session of their own.
 */
function chooseRevision(
  inForce: InForceRow[],
  planRevisionId: string | undefined,
  items: readonly { planItemId?: unknown }[],
  errors: FieldError[],
): InForceRow | undefined {
  if (planRevisionId !== undefined) {
    const named = inForce.find((row) => row.revision_id === planRevisionId);
    if (!named)
      errors.push({
        field: 'planRevisionId',
        message: "This is not the revision in force that day of one of the patient's plans",
      });
    return named;
  }
  for (const item of items) {
    const found = inForce.find((row) =>
      row.items.some((planned) => planned.id === item.planItemId),
    );
    if (found) return found;
  }
  return inForce.length === 1 ? inForce[0] : undefined;
}

/** The domain's checks (pain, duration, caps, items of the revision), with plan-aware messages. */
function validated(
  input: { performedOn: LocalDate; items?: readonly { planItemId?: unknown }[] },
  plan: InForceRow | undefined,
  inForce: InForceRow[],
  today: LocalDate,
  checkItems: boolean,
): { value?: SessionLogInput; errors: FieldError[] } {
  // With the date refused there is no revision to check the items against: only the date is named.
  const result = validateSessionLog(input, {
    planItems: checkItems ? (plan?.items ?? []) : undefined,
    today,
  });
  if (result.ok) return { value: result.value, errors: [] };
  const items = input.items ?? [];
  const performedOn = input.performedOn;
  const errors = result.errors.map((error) => {
    const match = /^items\[(\d+)\]\.planItemId$/.exec(error.field);
    if (!match || error.message !== 'This exercise is not part of the plan being logged')
      return error;
    const planItemId = items[Number(match[1])]?.planItemId;
    const elsewhere = inForce.some(
      (row) => row !== plan && row.items.some((planned) => planned.id === planItemId),
    );
    return {
      field: error.field,
      message: elsewhere
        ? 'This exercise belongs to another plan; log it in a session of its own'
        : `This exercise is not part of the plan in force on ${performedOn}`,
    };
  });
  return { errors };
}

function toItemInput(item: SessionLogView['items'][number]): SessionItemInput {
  return {
    planItemId: item.planItemId,
    completed: item.completed,
    ...(item.setsDone !== null && { setsDone: item.setsDone }),
    ...(item.repsDone !== null && { repsDone: item.repsDone }),
    ...(item.holdSecondsDone !== null && { holdSecondsDone: item.holdSecondsDone }),
  };
}

function sameContent(value: SessionLogInput, current: SessionLogView): boolean {
  const content = (session: SessionLogInput) =>
    JSON.stringify([
      session.performedOn,
      session.painBefore ?? null,
      session.painAfter ?? null,
      session.durationMinutes ?? null,
      session.notes ?? null,
      session.items.map((item) => [
        item.planItemId,
        item.completed,
        item.setsDone ?? null,
        item.repsDone ?? null,
        item.holdSecondsDone ?? null,
      ]),
    ]);
  return (
    content(value) ===
    content({
      performedOn: current.performedOn,
      painBefore: current.painBefore ?? undefined,
      painAfter: current.painAfter ?? undefined,
      durationMinutes: current.durationMinutes ?? undefined,
      notes: current.notes ?? undefined,
      items: current.items.map(toItemInput),
    })
  );
}

/** A PATCH field: absent keeps the current value, `null` clears it. */
function pick<T>(given: T | null | undefined, current: T | null): T | undefined {
  if (given === undefined) return current ?? undefined;
  return given ?? undefined;
}

function dedupe(errors: FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errors.filter((error) => {
    const key = `${error.field}\n${error.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function windowClosed(): ForbiddenException {
  return new ForbiddenException(
    `Patients can correct sessions of the last ${PATIENT_WINDOW_DAYS} days only; ask your therapist to change older ones.`,
  );
}
