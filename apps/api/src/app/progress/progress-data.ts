import type { AdherencePlan, LoggedSession, LocalDate } from '@rehabit/domain';
import type { EntityManager } from 'typeorm';

/**
 * Loads what the domain's adherence functions need of a set of patients' plans, in ONE
 * statement whatever the number of plans, revisions and items: each plan with its whole status
 * history and every revision with its items, as JSON built by the database. Null schedule fields
 * are stripped so the items are the domain's `PlanItem` (weekday XOR weekly).
 */
export async function loadAdherencePlans(
  manager: EntityManager,
  patientIds: readonly string[],
  until: LocalDate,
): Promise<Map<string, AdherencePlan[]>> {
  const byPatient = new Map<string, AdherencePlan[]>();
  if (patientIds.length === 0) return byPatient;
  const rows: {
    patient_id: string;
    start_date: LocalDate;
    end_date: LocalDate | null;
    status_changes: AdherencePlan['statusChanges'];
    revisions: AdherencePlan['revisions'];
  }[] = await manager.query(
    `SELECT p.patient_id, to_char(p.start_date, 'YYYY-MM-DD') AS start_date,
        to_char(p.end_date, 'YYYY-MM-DD') AS end_date,
        COALESCE((
          SELECT json_agg(json_build_object('status', s.status,
            'at', to_char(s.changed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))
            ORDER BY s.changed_at)
          FROM plan_status_change s WHERE s.plan_id = p.id), '[]'::json) AS status_changes,
        COALESCE((
          SELECT json_agg(json_build_object('number', r.number,
            'effectiveFrom', to_char(r.effective_from, 'YYYY-MM-DD'),
            'items', COALESCE((
              SELECT json_agg(json_strip_nulls(json_build_object('id', i.id,
                'exerciseId', i.exercise_id, 'sets', i.sets, 'daysOfWeek', i.days_of_week,
                'timesPerWeek', i.times_per_week, 'timesPerDay', i.times_per_day))
                ORDER BY i.position)
              FROM plan_item i WHERE i.revision_id = r.id), '[]'::json))
            ORDER BY r.number)
          FROM plan_revision r WHERE r.plan_id = p.id AND r.effective_from <= $2::date),
          '[]'::json) AS revisions
       FROM plan p
      WHERE p.patient_id = ANY($1::uuid[]) AND p.start_date <= $2::date
      ORDER BY p.patient_id, p.start_date, p.created_at, p.id`,
    [patientIds, until],
  );
  for (const row of rows) {
    const plans = byPatient.get(row.patient_id) ?? [];
    plans.push({
      startDate: row.start_date,
      ...(row.end_date !== null && { endDate: row.end_date }),
      revisions: row.revisions,
      statusChanges: row.status_changes,
    });
    byPatient.set(row.patient_id, plans);
  }
  return byPatient;
}

/**
 * The live (not deleted) sessions of a set of patients (of `clinicIds`, which lets the
 * (clinic_id, patient_id, performed_on) index serve the read) performed in [from, to], with the items
 * each logged, in ONE statement. `completedOnly` keeps just the items marked completed (enough
 * for the missed-sessions rule, and far fewer rows).
 */
export async function loadLoggedSessions(
  manager: EntityManager,
  clinicIds: readonly string[],
  patientIds: readonly string[],
  from: LocalDate,
  to: LocalDate,
  completedOnly = false,
): Promise<Map<string, LoggedSession[]>> {
  const byPatient = new Map<string, LoggedSession[]>();
  if (patientIds.length === 0) return byPatient;
  const rows: { patient_id: string; performed_on: LocalDate; items: LoggedSession['items'] }[] =
    await manager.query(
      `SELECT s.patient_id, to_char(s.performed_on, 'YYYY-MM-DD') AS performed_on,
          json_agg(json_build_object('planItemId', li.plan_item_id, 'completed', li.completed)
            ORDER BY li.position) AS items
         FROM session_log s JOIN session_log_item li ON li.session_id = s.id
        WHERE s.clinic_id = ANY($4::uuid[]) AND s.patient_id = ANY($1::uuid[])
          AND s.deleted_at IS NULL
          AND s.performed_on BETWEEN $2::date AND $3::date ${completedOnly ? 'AND li.completed' : ''}
        GROUP BY s.patient_id, s.id, s.performed_on
        ORDER BY s.patient_id, s.performed_on`,
      [patientIds, from, to, clinicIds],
    );
  for (const row of rows) {
    const sessions = byPatient.get(row.patient_id) ?? [];
    sessions.push({ performedOn: row.performed_on, items: row.items });
    byPatient.set(row.patient_id, sessions);
  }
  return byPatient;
}
