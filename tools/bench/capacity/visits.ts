import type {
  CreatePainEntryRequest,
  CreateSessionLogRequest,
  Page,
  PatientListItem,
  TodayResponse,
} from '@rehabit/contracts';
import { randomUUID } from 'node:crypto';
import type { Phone, Recorder } from './phone';

export type Role = 'patient' | 'therapist' | 'admin';

/**
 * A clinic network's busy hour, by visits: mostly patients logging the day's exercises, their
 * therapists reviewing, now and then an administrator. Per 100 visits.
 */
export const VISIT_SHARES: { [role in Role]: number } = { patient: 94, therapist: 5, admin: 1 };

/** The portal's caseload page size (CASELOAD_PAGE_SIZE in the therapist area). */
const CASELOAD_PAGE = 25;
/** Patients a therapist opens from the caseload in one visit. */
const PATIENTS_OPENED = 2;

/**
 * What the portal sends for each role's visit, in its order; reads the portal sends side by side
 * go side by side. `random` decides the optional steps, so a run is the same every time.
 */
export async function visit(
  role: Role,
  phone: Phone,
  record: Recorder,
  random: () => number,
): Promise<void> {
  await phone.refresh(record);
  switch (role) {
    case 'patient':
      return patientVisit(phone, record, random);
    case 'therapist':
      return therapistVisit(phone, record, random);
    case 'admin':
      return adminVisit(phone, record);
  }
}

/**
 * Today's exercises, the session logged (with the Idempotency-Key the portal sends), half the
 * time a pain entry, a quarter of the time the progress page.
 */
async function patientVisit(phone: Phone, record: Recorder, random: () => number): Promise<void> {
  const today = await phone.send<TodayResponse>(record, 'today', 'GET', '/patients/me/today');
  if (today.items.length > 0) {
    const session: CreateSessionLogRequest = {
      performedOn: today.date,
      painBefore: 1 + Math.floor(random() * 6),
      painAfter: 1 + Math.floor(random() * 5),
      durationMinutes: 15 + Math.floor(random() * 20),
      items: today.items.map((item) => ({
        planItemId: item.planItemId,
        completed: random() < 0.9,
      })),
    };
    await phone.send(record, 'log a session', 'POST', '/patients/me/sessions', session, {
      'idempotency-key': randomUUID(),
    });
  }
  if (random() < 0.5) {
    const pain: CreatePainEntryRequest = {
      recordedAt: new Date().toISOString(),
      score: Math.floor(random() * 8),
    };
    await phone.send(record, 'log pain', 'POST', '/patients/me/pain', pain, {
      'idempotency-key': randomUUID(),
    });
  }
  if (random() < 0.25) await phone.send(record, 'progress', 'GET', '/patients/me/progress');
}

/** The caseload's first page, then a couple of patients, each page's eight reads at once. */
async function therapistVisit(phone: Phone, record: Recorder, random: () => number): Promise<void> {
  const caseload = await phone.send<Page<PatientListItem>>(
    record,
    'caseload',
    'GET',
    `/patients?therapistId=${phone.userId}&limit=${CASELOAD_PAGE}`,
  );
  for (let opened = 0; opened < PATIENTS_OPENED && caseload.items.length > 0; opened++) {
    const id = caseload.items[Math.floor(random() * caseload.items.length)].id;
    const read = (path: string) => phone.send(record, 'patient page', 'GET', path);
    await Promise.all([
      read(`/patients/${id}`),
      read(`/patients/${id}/plans?limit=50`),
      read(`/patients/${id}/today`),
      read(`/patients/${id}/progress`),
      read(`/patients/${id}/sessions?limit=50`),
      read(`/patients/${id}/measures?limit=100`),
      read(`/alerts?limit=100&status=open&patientId=${id}`),
      read('/clinic'),
    ]);
  }
}

/** The dashboard page: the clinic's figures and this month's remote-monitoring report. */
async function adminVisit(phone: Phone, record: Recorder): Promise<void> {
  const month = new Date().toISOString().slice(0, 7);
  await Promise.all([
    phone.send(record, 'dashboard', 'GET', '/clinic/dashboard'),
    phone.send(record, 'dashboard', 'GET', `/clinic/reports/rtm?month=${month}`),
  ]);
}
