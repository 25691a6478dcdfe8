import type {
  CreatePlanRevisionRequest,
  CreateSessionLogRequest,
  Plan,
  PlanItem,
  PlanItemInput,
  PlanRevision,
  TodayResponse,
} from '@rehabit/contracts';
import type { Client } from 'pg';
import { Api } from './client';

/** Patients tried, at random, until one has something due today. */
const CANDIDATE_PATIENTS = 20;

export interface WriteOperation {
  name: string;
  /** Signs in and finds what to write to; the write it returns is timed, once per iteration. */
  prepare(): Promise<() => Promise<unknown>>;
}

export interface WriteOperations {
  operations: WriteOperation[];
  /** Closes the clients the operations signed in. */
  close(): void;
}

/**
 * The writes that run the roll-up triggers, on the same network as the reports: a patient
 * logging a session (patient_day and weekly_item_week refreshed) and a therapist saving a plan
 * revision (plan_item_span too). Each run picks its patient and plan at random, so repeated
 * runs do not pile every new row onto one record. These add rows to the bench database: one
 * session per iteration, one revision per iteration.
 */
export async function writeOperations(
  db: Client,
  serverUrl: string,
  clinicId: string,
): Promise<WriteOperations> {
  const { rows: patients } = await db.query<{ email: string }>(
    `SELECT u.email FROM patient p
       JOIN app_user u ON u.id = p.user_id
      WHERE p.clinic_id = $1 AND p.active AND u.active AND u.password_hash IS NOT NULL
        AND EXISTS (SELECT 1 FROM plan pl WHERE pl.patient_id = p.id AND pl.status = 'active')
      ORDER BY random() LIMIT $2`,
    [clinicId, CANDIDATE_PATIENTS],
  );
  const {
    rows: [plan],
  } = await db.query<{ id: string; email: string }>(
    `SELECT pl.id, u.email FROM plan pl
       JOIN patient p ON p.id = pl.patient_id
       JOIN app_user u ON u.id = p.therapist_id
      WHERE pl.clinic_id = $1 AND pl.status = 'active' AND u.active
        -- A day to spare for time zones ahead: a plan past its end takes no revision.
        AND (pl.end_date IS NULL OR pl.end_date > current_date + 1)
      ORDER BY random() LIMIT 1`,
    [clinicId],
  );
  if (patients.length === 0 || !plan)
    throw new Error('The largest clinic has no active plan to write to: was the seed complete?');

  const clients: Api[] = [];
  const client = (email: string) => {
    const api = new Api(serverUrl, email);
    clients.push(api);
    return api;
  };
  const operations: WriteOperation[] = [
    {
      name: 'log a session (patient)',
      async prepare() {
        for (const { email } of patients) {
          const api = client(email);
          const today = await api.json<TodayResponse>('GET', '/patients/me/today', undefined, 200);
          if (today.items.length === 0) continue;
          const body: CreateSessionLogRequest = {
            performedOn: today.date,
            painBefore: 4,
            painAfter: 3,
            items: today.items.map((item) => ({ planItemId: item.planItemId, completed: true })),
          };
          return () => api.json('POST', '/patients/me/sessions', body, 201);
        }
        throw new Error(`None of ${patients.length} patients has anything due today`);
      },
    },
    {
      name: 'save a plan revision (therapist)',
      async prepare() {
        const api = client(plan.email);
        let current = (await api.json<Plan>('GET', `/plans/${plan.id}`, undefined, 200))
          .currentRevision;
        return async () => {
          const body: CreatePlanRevisionRequest = {
            basedOnRevision: current.number,
            items: current.items.map(itemInput),
          };
          current = await api.json<PlanRevision>('POST', `/plans/${plan.id}/revisions`, body, 201);
        };
      },
    },
  ];
  return { operations, close: () => clients.forEach((api) => api.close()) };
}

/** The same prescription again, as a revision's input. */
function itemInput(item: PlanItem): PlanItemInput {
  return {
    exerciseId: item.exerciseId,
    sets: item.sets,
    ...(item.reps !== null && { reps: item.reps }),
    ...(item.holdSeconds !== null && { holdSeconds: item.holdSeconds }),
    ...(item.side !== null && { side: item.side }),
    ...(item.daysOfWeek !== null && { daysOfWeek: item.daysOfWeek }),
    ...(item.timesPerWeek !== null && { timesPerWeek: item.timesPerWeek }),
    timesPerDay: item.timesPerDay,
    ...(item.notes !== null && { notes: item.notes }),
  };
}
