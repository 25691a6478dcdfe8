import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FieldError, Page, PlanTemplate as PlanTemplateView } from '@rehabit/contracts';
import {
  PLAN_LIMITS,
  validatePlanItemInput,
  type PlanItemInput,
  type PlanTemplate,
} from '@rehabit/domain';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Principal, RequestMeta } from '../auth/principal';
import type { PageQueryDto } from '../http/pagination';
import { unprocessable } from '../http/problem';
import { TEMPLATE_DURATION_WEEKS, type CreatePlanTemplateDto } from './dto/plan-template.dto';
import { ExercisesService } from './exercises.service';
import { decodeNameCursor, namePage } from './name-keyset';

interface TemplateRow {
  id: string;
  clinic_id: string | null;
  name: string;
  goal: string | null;
  duration_weeks: number | null;
  items: PlanItemInput[];
}

const TEMPLATE_COLUMNS = 'id, clinic_id, name, goal, duration_weeks, items';
const TEMPLATE_ID = /^[a-z0-9][a-z0-9-]{0,79}$/i;

/** Named item lists to start plans from: the built-ins and the clinic's own. */
@Injectable()
export class PlanTemplatesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly exercises: ExercisesService,
    private readonly audit: AuditService,
  ) {}

  async list(principal: Principal, query: PageQueryDto): Promise<Page<PlanTemplateView>> {
    const after = decodeNameCursor(query.cursor);
    const params: unknown[] = [principal.clinicId];
    const where = ['(clinic_id IS NULL OR clinic_id = $1)'];
    if (after) where.push(`(name, id) > ($${params.push(after.name)}, $${params.push(after.id)})`);
    const rows: TemplateRow[] = await this.dataSource.query(
      `SELECT ${TEMPLATE_COLUMNS} FROM plan_template WHERE ${where.join(' AND ')}
        ORDER BY name, id LIMIT $${params.push(query.limit + 1)}`,
      params,
    );
    return namePage(rows, query.limit, toTemplateView);
  }

  /** A template the clinic may use, as the domain's `PlanTemplate`; `null` when there is none. */
  async find(clinicId: string, id: string): Promise<PlanTemplate | null> {
    if (!TEMPLATE_ID.test(id)) return null;
    const rows: TemplateRow[] = await this.dataSource.query(
      `SELECT ${TEMPLATE_COLUMNS} FROM plan_template
        WHERE id = $1 AND (clinic_id IS NULL OR clinic_id = $2)`,
      [id, clinicId],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      id: row.id,
      name: row.name,
      goal: row.goal ?? '',
      durationWeeks: row.duration_weeks,
      items: row.items,
    };
  }

  async create(
    principal: Principal,
    body: CreatePlanTemplateDto,
    meta: RequestMeta,
  ): Promise<PlanTemplateView> {
    const known = await this.exercises.summaries(
      principal.clinicId,
      (body.items ?? []).map((item) => item?.exerciseId),
    );
    const items = validateTemplateItems(body, (id) => known.has(id));
    const id = randomUUID();
    return this.dataSource.transaction(async (manager) => {
      const rows: TemplateRow[] = await manager.query(
        `INSERT INTO plan_template (id, clinic_id, name, goal, duration_weeks, items, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${TEMPLATE_COLUMNS}`,
        [
          id,
          principal.clinicId,
          body.name.trim(),
          body.goal?.trim() || null,
          body.durationWeeks ?? null,
          JSON.stringify(items),
          principal.userId,
        ],
      );
      await this.audit.record(
        {
          action: 'plan_template.created',
          clinicId: principal.clinicId,
          actor: principal,
          entityType: 'plan_template',
          entityId: id,
          meta,
        },
        manager,
      );
      return toTemplateView(rows[0]);
    });
  }
}

/** The template's name, length and items by the same rules as a plan's (422 naming the field). */
function validateTemplateItems(
  body: CreatePlanTemplateDto,
  exerciseExists: (id: string) => boolean,
): PlanItemInput[] {
  const errors: FieldError[] = [];
  if (!body.name.trim()) errors.push({ field: 'name', message: 'Name is required' });
  const weeks = body.durationWeeks;
  if (
    weeks !== null &&
    weeks !== undefined &&
    (weeks < TEMPLATE_DURATION_WEEKS.min || weeks > TEMPLATE_DURATION_WEEKS.max)
  )
    errors.push({
      field: 'durationWeeks',
      message: `Length must be a whole number of weeks from ${TEMPLATE_DURATION_WEEKS.min} to ${TEMPLATE_DURATION_WEEKS.max}`,
    });
  if (body.items.length < PLAN_LIMITS.items.min)
    errors.push({ field: 'items', message: 'Add at least one exercise' });
  const items: PlanItemInput[] = [];
  const seen = new Set<string>();
  body.items.forEach((item, index) => {
    const result = validatePlanItemInput(item, { exerciseExists });
    if (!result.ok) {
      for (const error of result.errors)
        errors.push({
          field: error.field ? `items[${index}].${error.field}` : `items[${index}]`,
          message: error.message,
        });
      return;
    }
    if (seen.has(result.value.exerciseId))
      errors.push({
        field: `items[${index}].exerciseId`,
        message: 'This exercise is already in the template',
      });
    seen.add(result.value.exerciseId);
    items.push(result.value);
  });
  if (errors.length > 0) throw unprocessable(errors);
  return items;
}

function toTemplateView(row: TemplateRow): PlanTemplateView {
  return {
    id: row.id,
    name: row.name,
    goal: row.goal,
    durationWeeks: row.duration_weeks,
    items: row.items,
    builtIn: row.clinic_id === null,
  };
}
