import type {
  ExerciseSummary,
  Plan as PlanView,
  PlanItem as PlanItemView,
  PlanRevision as PlanRevisionView,
} from '@rehabit/contracts';
import type { ExerciseCategory, IsoWeekday, LocalDate, PlanStatus, Side } from '@rehabit/domain';
import type { EntityManager } from 'typeorm';
import { entityTag } from '../http/entity-tags';
import { cursorAtSql } from '../http/pagination';

/**
 * The read side of plans, in raw SQL: a page of plans with their current revisions is one
 * statement and all of their items a second one, however many plans there are (no N+1).
 */

const KEY = cursorAtSql;
const DATE = (column: string) => `to_char(${column}, 'YYYY-MM-DD')`;

export interface RevisionRow {
  revision_id: string;
  plan_id: string;
  revision_number: number;
  effective_from: LocalDate;
  note: string | null;
  author_id: string;
  revision_created_at: Date;
  revision_key: string;
}

export interface PlanRow extends RevisionRow {
  id: string;
  patient_id: string;
  title: string;
  goal: string | null;
  start_date: LocalDate;
  end_date: LocalDate | null;
  status: PlanStatus;
  template_id: string | null;
  created_by: string;
  version: number;
  created_at: Date;
  updated_at: Date;
  plan_key: string;
}

export interface ItemRow {
  id: string;
  revision_id: string;
  position: number;
  exercise_id: string;
  exercise_name: string;
  exercise_category: ExerciseCategory;
  sets: number;
  reps: number | null;
  hold_seconds: number | null;
  side: Side | null;
  days_of_week: IsoWeekday[] | null;
  times_per_week: number | null;
  times_per_day: number;
  notes: string | null;
}

const REVISION_COLUMNS = `r.id AS revision_id, r.plan_id, r.number AS revision_number,
  ${DATE('r.effective_from')} AS effective_from, r.note, r.author_id,
  r.created_at AS revision_created_at, ${KEY('r.created_at')} AS revision_key`;

/** Plans joined to their current (latest) revision; add WHERE / ORDER BY / LIMIT. */
export const PLAN_SELECT = `SELECT p.id, p.patient_id, p.title, p.goal,
  ${DATE('p.start_date')} AS start_date, ${DATE('p.end_date')} AS end_date, p.status,
  p.template_id, p.created_by, p.version, p.created_at, p.updated_at,
  ${KEY('p.created_at')} AS plan_key,
  ${REVISION_COLUMNS}
  FROM plan p JOIN plan_revision r ON r.plan_id = p.id AND r.number = p.current_revision`;

/** Revisions of plans; add WHERE / ORDER BY / LIMIT. */
export const REVISION_SELECT = `SELECT ${REVISION_COLUMNS} FROM plan_revision r`;

/** Every item of the given revisions with its exercise's name and category, in one statement. */
export async function loadItems(
  manager: EntityManager,
  revisionIds: readonly string[],
): Promise<Map<string, PlanItemView[]>> {
  const byRevision = new Map<string, PlanItemView[]>();
  if (revisionIds.length === 0) return byRevision;
  const rows: ItemRow[] = await manager.query(
    `SELECT i.id, i.revision_id, i.position, i.exercise_id, e.name AS exercise_name,
       e.category AS exercise_category, i.sets, i.reps, i.hold_seconds, i.side, i.days_of_week,
       i.times_per_week, i.times_per_day, i.notes
     FROM plan_item i JOIN exercise e ON e.id = i.exercise_id
     WHERE i.revision_id = ANY($1::uuid[])
     ORDER BY i.revision_id, i.position`,
    [revisionIds],
  );
  for (const row of rows) {
    const items = byRevision.get(row.revision_id) ?? [];
    items.push(toItemView(row));
    byRevision.set(row.revision_id, items);
  }
  return byRevision;
}

export function toItemView(row: ItemRow): PlanItemView {
  const exercise: ExerciseSummary = {
    id: row.exercise_id,
    name: row.exercise_name,
    category: row.exercise_category,
  };
  return {
    id: row.id,
    position: row.position,
    exerciseId: row.exercise_id,
    exercise,
    sets: row.sets,
    reps: row.reps,
    holdSeconds: row.hold_seconds,
    side: row.side,
    daysOfWeek: row.days_of_week,
    timesPerWeek: row.times_per_week,
    timesPerDay: row.times_per_day,
    notes: row.notes,
  };
}

export function toRevisionView(
  row: RevisionRow,
  items: Map<string, PlanItemView[]>,
): PlanRevisionView {
  return {
    id: row.revision_id,
    planId: row.plan_id,
    number: row.revision_number,
    effectiveFrom: row.effective_from,
    note: row.note,
    authorId: row.author_id,
    createdAt: new Date(row.revision_created_at).toISOString(),
    items: items.get(row.revision_id) ?? [],
  };
}

export function toPlanView(row: PlanRow, items: Map<string, PlanItemView[]>): PlanView {
  return {
    id: row.id,
    patientId: row.patient_id,
    title: row.title,
    goal: row.goal,
    startDate: row.start_date,
    endDate: row.end_date,
    status: row.status,
    templateId: row.template_id,
    createdBy: row.created_by,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
    currentRevision: toRevisionView(row, items),
    etag: entityTag(row.version),
  };
}

/** One plan with its current revision and items: two statements. */
export async function loadPlan(manager: EntityManager, planId: string): Promise<PlanView> {
  const rows: PlanRow[] = await manager.query(`${PLAN_SELECT} WHERE p.id = $1`, [planId]);
  return toPlanView(rows[0], await loadItems(manager, [rows[0].revision_id]));
}

/** Items as stored: one INSERT for the whole list, positions in the order given. */
export async function insertItems(
  manager: EntityManager,
  revisionId: string,
  items: readonly {
    exerciseId: string;
    sets: number;
    reps?: number;
    holdSeconds?: number;
    side?: Side;
    daysOfWeek?: readonly IsoWeekday[];
    timesPerWeek?: number;
    timesPerDay: number;
    notes?: string;
  }[],
): Promise<void> {
  await manager.query(
    `INSERT INTO plan_item (revision_id, position, exercise_id, sets, reps, hold_seconds, side,
       days_of_week, times_per_week, times_per_day, notes)
     SELECT $1, x.position, x.exercise_id, x.sets, x.reps, x.hold_seconds, x.side,
       CASE WHEN jsonb_typeof(x.days_of_week) = 'array' THEN ARRAY(
         SELECT d.value::smallint FROM jsonb_array_elements_text(x.days_of_week)
           WITH ORDINALITY AS d(value, ord) ORDER BY d.ord) END,
       x.times_per_week, x.times_per_day, x.notes
     FROM jsonb_to_recordset($2::jsonb) AS x(position smallint, exercise_id text, sets smallint,
       reps smallint, hold_seconds smallint, side text, days_of_week jsonb,
       times_per_week smallint, times_per_day smallint, notes text)`,
    [
      revisionId,
      JSON.stringify(
        items.map((item, position) => ({
          position,
          exercise_id: item.exerciseId,
          sets: item.sets,
          reps: item.reps ?? null,
          hold_seconds: item.holdSeconds ?? null,
          side: item.side ?? null,
          days_of_week: item.daysOfWeek ?? null,
          times_per_week: item.timesPerWeek ?? null,
          times_per_day: item.timesPerDay,
          notes: item.notes ?? null,
        })),
      ),
    ],
  );
}
