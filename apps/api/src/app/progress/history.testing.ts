import type { IsoWeekday, LocalDate, MeasureSide, MeasureType, PlanStatus } from '@rehabit/domain';
import type { DataSource } from 'typeorm';

/**
 * Test helpers: write a patient's history straight into the tables (plans with revisions and
 * status changes, sessions, pain entries, measures) on fixed dates, which the HTTP API would
 * refuse (its logging window follows the real clock). Specs only.
 */
export interface HistoryOwner {
  clinicId: string;
  patientId: string;
  /** A staff user of the clinic: author and logger. */
  staffId: string;
}

export interface HistoryItem {
  daysOfWeek?: IsoWeekday[];
  timesPerWeek?: number;
  timesPerDay?: number;
}

export interface HistoryPlan {
  startDate: LocalDate;
  endDate?: LocalDate;
  revisions: { effectiveFrom: LocalDate; items: HistoryItem[] }[];
  statusChanges?: { status: PlanStatus; at: string }[];
}

export interface InsertedPlan {
  planId: string;
  revisions: { id: string; itemIds: string[] }[];
}

export async function insertPlan(
  db: DataSource,
  owner: HistoryOwner,
  plan: HistoryPlan,
): Promise<InsertedPlan> {
  const status = plan.statusChanges?.at(-1)?.status ?? 'active';
  const [{ id: planId }]: { id: string }[] = await db.query(
    `INSERT INTO plan (clinic_id, patient_id, title, start_date, end_date, status, current_revision, created_by)
     VALUES ($1, $2, 'History plan', $3, $4, $5, $6, $7) RETURNING id`,
    [
      owner.clinicId,
      owner.patientId,
      plan.startDate,
      plan.endDate ?? null,
      status,
      plan.revisions.length,
      owner.staffId,
    ],
  );
  const revisions: InsertedPlan['revisions'] = [];
  for (const [index, revision] of plan.revisions.entries()) {
    const [{ id }]: { id: string }[] = await db.query(
      `INSERT INTO plan_revision (plan_id, number, effective_from, author_id)
       VALUES ($1, $2, $3, $4) RETURNING id`,
      [planId, index + 1, revision.effectiveFrom, owner.staffId],
    );
    const itemIds: string[] = [];
    for (const [position, item] of revision.items.entries()) {
      const [row]: { id: string }[] = await db.query(
        `INSERT INTO plan_item (revision_id, position, exercise_id, sets, hold_seconds,
           days_of_week, times_per_week, times_per_day)
         VALUES ($1, $2, 'seated-forward-bend', 3, 30, $3::smallint[], $4, $5) RETURNING id`,
        [id, position, item.daysOfWeek ?? null, item.timesPerWeek ?? null, item.timesPerDay ?? 1],
      );
      itemIds.push(row.id);
    }
    revisions.push({ id, itemIds });
  }
  for (const change of plan.statusChanges ?? [])
    await db.query(
      `INSERT INTO plan_status_change (plan_id, status, changed_by, changed_at) VALUES ($1, $2, $3, $4)`,
      [planId, change.status, owner.staffId, change.at],
    );
  return { planId, revisions };
}

export async function insertSession(
  db: DataSource,
  owner: HistoryOwner,
  plan: { planId: string; revisionId: string },
  performedOn: LocalDate,
  items: { planItemId: string; completed: boolean }[],
  options: { deleted?: boolean } = {},
): Promise<string> {
  const [{ id }]: { id: string }[] = await db.query(
    `INSERT INTO session_log (clinic_id, patient_id, plan_id, plan_revision_id, performed_on,
       plan_status, logged_by, logged_by_role, deleted_at, deleted_by, delete_reason)
     VALUES ($1, $2, $3, $4, $5, 'active', $6, 'therapist',
       CASE WHEN $7 THEN now() END, CASE WHEN $7 THEN $6::uuid END, CASE WHEN $7 THEN 'test' END)
     RETURNING id`,
    [
      owner.clinicId,
      owner.patientId,
      plan.planId,
      plan.revisionId,
      performedOn,
      owner.staffId,
      options.deleted ?? false,
    ],
  );
  for (const [position, item] of items.entries())
    await db.query(
      `INSERT INTO session_log_item (session_id, plan_item_id, position, completed) VALUES ($1, $2, $3, $4)`,
      [id, item.planItemId, position, item.completed],
    );
  return id;
}

export async function insertPain(
  db: DataSource,
  owner: HistoryOwner,
  recordedAt: string,
  score: number,
): Promise<void> {
  await db.query(
    `INSERT INTO pain_entry (clinic_id, patient_id, recorded_at, score, recorded_by, recorded_by_role)
     VALUES ($1, $2, $3, $4, $5, 'therapist')`,
    [owner.clinicId, owner.patientId, recordedAt, score, owner.staffId],
  );
}

export async function insertMeasure(
  db: DataSource,
  owner: HistoryOwner,
  type: MeasureType,
  recordedOn: LocalDate,
  value: number,
  side: MeasureSide | null = null,
): Promise<void> {
  const odi = type === 'odi';
  await db.query(
    `INSERT INTO measure (clinic_id, patient_id, type, recorded_on, side, value, answers, score,
       band, recorded_by, recorded_by_role)
     VALUES ($1, $2, $3, $4, $5, $6, $7::smallint[], $8, $9, $10, 'therapist')`,
    [
      owner.clinicId,
      owner.patientId,
      type,
      recordedOn,
      side,
      odi ? null : value,
      odi ? [1, 1, 1, 1, 1, 1, 1, 1, 1, 1] : null,
      odi ? value : null,
      odi ? 'moderate' : null,
      owner.staffId,
    ],
  );
}
