import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { TodayItem, TodayResponse } from '@rehabit/contracts';
import {
  dailyCap,
  itemsDueOn,
  localDateOf,
  type AdherencePlan,
  type ExerciseCategory,
  type IsoWeekday,
  type LocalDate,
  type PlanItem,
  type PlanStatus,
  type Side,
} from '@rehabit/domain';
import { DataSource } from 'typeorm';
import type { Principal, RequestMeta } from '../auth/principal';
import { isoInstantSql } from '../http/pagination';
import { PatientAccess } from '../patients/patient-access';
import { PlansService } from './plans.service';

interface InForceRow {
  plan_id: string;
  start_date: LocalDate;
  end_date: LocalDate | null;
  revision_id: string;
  revision_number: number;
  effective_from: LocalDate;
  status_changes: { status: PlanStatus; at: string }[];
}

interface DueItemRow {
  id: string;
  revision_id: string;
  exercise_id: string;
  exercise_name: string;
  exercise_category: ExerciseCategory;
  instructions: string[];
  cautions: string[];
  sets: number;
  reps: number | null;
  hold_seconds: number | null;
  side: Side | null;
  days_of_week: IsoWeekday[] | null;
  times_per_week: number | null;
  times_per_day: number;
  notes: string | null;
  times_done: number;
}

/**
 * GET /patients/:id/today: what is due on one local day of the patient, from the revision of
 * each plan in force that day, with paused and completed days prescribing nothing. SQL narrows
 * the data to that day (two statements, the second also counting each item's completed sessions
 * of the day); @rehabit/domain's `itemsDueOn` decides, so the screen and the adherence figures
 * can never disagree about what was due.
 */
@Injectable()
export class TodayService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly patients: PatientAccess,
    private readonly plans: PlansService,
  ) {}

  async dueOn(
    principal: Principal,
    patientIdOrMe: string,
    date: LocalDate | undefined,
    meta: RequestMeta,
  ): Promise<TodayResponse> {
    const patient = await this.patients.find(principal, patientIdOrMe, meta);
    await this.plans.recordRead(principal, 'plan.today_read', patient.id, undefined, meta);
    const day = date ?? localDateOf(new Date(), patient.timezone);

    // Each plan running that day with the revision in force then (the highest number already
    // effective) and its whole status history, which the domain places on the patient's days.
    const plans: InForceRow[] = await this.dataSource.query(
      `SELECT p.id AS plan_id, to_char(p.start_date, 'YYYY-MM-DD') AS start_date,
         to_char(p.end_date, 'YYYY-MM-DD') AS end_date, r.id AS revision_id,
         r.number AS revision_number, to_char(r.effective_from, 'YYYY-MM-DD') AS effective_from,
         COALESCE((
           SELECT json_agg(json_build_object('status', s.status,
             'at', ${isoInstantSql('s.changed_at')})
             ORDER BY s.changed_at)
           FROM plan_status_change s WHERE s.plan_id = p.id), '[]'::json) AS status_changes
       FROM plan p
       JOIN LATERAL (
         SELECT id, number, effective_from FROM plan_revision
          WHERE plan_id = p.id AND effective_from <= $3::date
          ORDER BY number DESC LIMIT 1) r ON true
       WHERE p.patient_id = $1 AND p.clinic_id = $2 AND p.start_date <= $3::date
         AND (p.end_date IS NULL OR p.end_date >= $3::date)
       ORDER BY p.created_at, p.id`,
      [patient.id, principal.clinicId, day],
    );
    const rows: DueItemRow[] = plans.length
      ? await this.dataSource.query(
          `SELECT i.id, i.revision_id, i.exercise_id, e.name AS exercise_name,
             e.category AS exercise_category, e.instructions, e.cautions, i.sets, i.reps,
             i.hold_seconds, i.side, i.days_of_week, i.times_per_week, i.times_per_day, i.notes,
             (SELECT count(*)::int FROM session_log_item li
                JOIN session_log s ON s.id = li.session_id
               WHERE li.plan_item_id = i.id AND li.completed AND s.deleted_at IS NULL
                 AND s.performed_on = $2::date AND s.patient_id = $3) AS times_done
           FROM plan_item i JOIN exercise e ON e.id = i.exercise_id
           WHERE i.revision_id = ANY($1::uuid[])
           ORDER BY i.revision_id, i.position`,
          [plans.map((plan) => plan.revision_id), day, patient.id],
        )
      : [];

    const byRevision = new Map<string, DueItemRow[]>();
    for (const row of rows)
      byRevision.set(row.revision_id, [...(byRevision.get(row.revision_id) ?? []), row]);
    const calendar: AdherencePlan[] = plans.map((plan) => ({
      startDate: plan.start_date,
      endDate: plan.end_date ?? undefined,
      revisions: [
        {
          number: plan.revision_number,
          effectiveFrom: plan.effective_from,
          items: (byRevision.get(plan.revision_id) ?? []).map(toDomainItem),
        },
      ],
      statusChanges: plan.status_changes,
    }));
    const rowById = new Map(rows.map((row) => [row.id, row]));
    const planOf = new Map(plans.map((plan) => [plan.revision_id, plan.plan_id]));
    const items = itemsDueOn(calendar, day, patient.timezone).map((item): TodayItem => {
      const row = rowById.get(item.id) as DueItemRow;
      return {
        planId: planOf.get(row.revision_id) as string,
        planRevisionId: row.revision_id,
        planItemId: row.id,
        exercise: {
          id: row.exercise_id,
          name: row.exercise_name,
          category: row.exercise_category,
          instructions: row.instructions,
          cautions: row.cautions,
        },
        dosage: {
          sets: row.sets,
          reps: row.reps,
          holdSeconds: row.hold_seconds,
          side: row.side,
        },
        schedule: {
          daysOfWeek: row.days_of_week,
          timesPerWeek: row.times_per_week,
          timesPerDay: row.times_per_day,
        },
        notes: row.notes,
        // Weekday items are due `timesPerDay`; a weekly item may be done up to its daily cap
        // (14 a week is twice a day), on days the patient picks.
        timesDue: dailyCap(item),
        // Sessions of the day (not deleted) that mark this item completed, counted in the items'
        // statement. Not capped at timesDue: the screen shows what was logged; adherence caps.
        timesDone: row.times_done,
      };
    });
    return { date: day, timezone: patient.timezone, items };
  }
}

function toDomainItem(row: DueItemRow): PlanItem {
  const dosage = {
    id: row.id,
    exerciseId: row.exercise_id,
    sets: row.sets,
    ...(row.reps !== null && { reps: row.reps }),
    ...(row.hold_seconds !== null && { holdSeconds: row.hold_seconds }),
    ...(row.side !== null && { side: row.side }),
    ...(row.notes !== null && { notes: row.notes }),
  };
  return row.days_of_week !== null
    ? { ...dosage, daysOfWeek: row.days_of_week, timesPerDay: row.times_per_day }
    : { ...dosage, timesPerWeek: row.times_per_week as number, timesPerDay: row.times_per_day };
}
