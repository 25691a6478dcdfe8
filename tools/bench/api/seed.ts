import type {
  AuthResponse,
  CreateClinicResponse,
  CreatePatientResponse,
  CreateSessionLogRequest,
  CreateStaffResponse,
  PlanItem,
  PlanWithWarnings,
} from '@rehabit/contracts';
import { addDays, localDateOf, startOfLocalDay, type LocalDate } from '@rehabit/domain';
import { setTimeout as sleep } from 'node:timers/promises';
import { mulberry32 } from '../../../apps/api/src/app/seed/seeded-random';
import { call, inParallel } from './http';

export const BENCH_PASSWORD = 'bench password for Rehabit';
const TIMEZONE = 'Europe/Berlin';
const TEMPLATE = 'lbp-tight-hamstrings-starter';
/** Access tokens live 15 minutes; a bench phase refreshes them well before. */
const TOKEN_MAX_AGE_MS = 8 * 60_000;

export interface SeedSize {
  /** Patients with a plan and history; the newest 50 fill the first page of GET /patients. */
  historyPatients: number;
  /** Days of history of the patient whose progress and today are measured. */
  readerDays: number;
  /** Days of history of every other patient (the dashboard's default range is 30 days). */
  otherDays: number;
  /**
   * Extra patient accounts used only to sign in, since each account has its own sign-in limit
   * (10 per 15 minutes): enough for every sign-in of a run, which at 62 rps on PostgreSQL
   * (fourth session) came to more than 250 × 10 and tripped the limit 7 times.
   */
  loginAccounts: number;
}

export const FULL_SEED: SeedSize = {
  historyPatients: 51,
  readerDays: 84,
  otherDays: 30,
  loginAccounts: 500,
};
export const QUICK_SEED: SeedSize = {
  historyPatients: 52,
  readerDays: 42,
  otherDays: 8,
  loginAccounts: 120,
};

/** A signed-in account; its access token is refreshed through the refresh cookie when old. */
export class Actor {
  private obtainedAt = Date.now();

  constructor(
    readonly email: string,
    private accessToken: string,
    private refreshCookie: string,
    readonly userId: string,
  ) {}

  static from(result: { body: AuthResponse; headers: Headers }, email: string): Actor {
    return new Actor(
      email,
      result.body.accessToken,
      refreshCookieOf(result.headers),
      result.body.user.id,
    );
  }

  async token(baseUrl: string): Promise<string> {
    if (Date.now() - this.obtainedAt > TOKEN_MAX_AGE_MS) {
      const refreshed = await withRetries(() =>
        call<AuthResponse>(baseUrl, 'POST', '/auth/refresh', {
          cookie: this.refreshCookie,
          expect: 200,
        }),
      );
      this.accessToken = refreshed.body.accessToken;
      this.refreshCookie = refreshCookieOf(refreshed.headers);
      this.obtainedAt = Date.now();
    }
    return this.accessToken;
  }
}

/** A busy embedded database may answer 503 for a moment; nothing was changed then. */
async function withRetries<T>(work: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= attempts || !String(error).includes('answered 503')) throw error;
      await sleep(5000);
    }
  }
}

function refreshCookieOf(headers: Headers): string {
  const cookie = headers.getSetCookie().find((value) => value.startsWith('rehabit_refresh='));
  if (!cookie) throw new Error('no refresh cookie in the sign-in answer');
  return cookie.split(';')[0];
}

export interface Fixture {
  clinicId: string;
  admin: Actor;
  therapist: Actor;
  /** The patient whose today and progress are read. */
  reader: Actor;
  /**
   * The other patients with a plan, who log sessions in turn: not the reader, so the reads do not
   * drift as logs pile up, and many, as in a clinic (one patient's 32 sessions at once would all
   * wait on the lock of that patient's daily roll-up row).
   */
  loggers: Array<{ actor: Actor; body: CreateSessionLogRequest }>;
  loginEmails: string[];
}

/**
 * One clinic, filled through the API itself (so every row obeys the API's rules, roll-ups
 * included): an admin, a therapist, patients who only sign in, and patients with a plan and a
 * history of sessions, pain entries and ODI scores.
 */
export async function seed(baseUrl: string, size: SeedSize): Promise<Fixture> {
  const adminEmail = 'admin@bench.rehabit.test';
  const clinic = await call<CreateClinicResponse>(baseUrl, 'POST', '/clinics', {
    body: {
      name: 'Bench clinic',
      timezone: TIMEZONE,
      admin: { email: adminEmail, password: BENCH_PASSWORD, displayName: 'Ada Admin' },
    },
  });
  const admin = await signIn(baseUrl, adminEmail);
  const therapistEmail = 'therapist@bench.rehabit.test';
  const staff = await call<CreateStaffResponse>(baseUrl, 'POST', '/staff', {
    token: await admin.token(baseUrl),
    body: { email: therapistEmail, displayName: 'Theo Therapist', role: 'therapist' },
  });
  const therapist = await accept(baseUrl, staff.body.invitation.token, therapistEmail);
  const therapistToken = await therapist.token(baseUrl);

  // Created first, so the newest patients (the first page of the list) are the ones with data.
  const loginEmails = Array.from(
    { length: size.loginAccounts },
    (_, index) => `signin-${String(index).padStart(4, '0')}@bench.rehabit.test`,
  );
  await inParallel(loginEmails, 6, async (email, index) => {
    await addPatient(baseUrl, therapistToken, email, `Sign-in patient ${index}`);
  });

  const historyEmails = Array.from(
    { length: size.historyPatients },
    (_, index) => `patient-${String(index).padStart(3, '0')}@bench.rehabit.test`,
  );
  const people: Array<{ actor: Actor; patientId: string }> = [];
  for (const [index, email] of historyEmails.entries())
    people.push(await addPatient(baseUrl, therapistToken, email, `History patient ${index}`));

  const today = localDateOf(new Date(), TIMEZONE);
  const items: PlanItem[][] = [];
  await inParallel(people, 4, async (person, index) => {
    const days = index === 0 ? size.readerDays : size.otherDays;
    items[index] = await writeHistory(
      baseUrl,
      therapistToken,
      person.patientId,
      index,
      today,
      days,
    );
  });

  return {
    clinicId: clinic.body.clinic.id,
    admin,
    therapist,
    reader: people[0].actor,
    loggers: people.slice(1).map((person, index) => ({
      actor: person.actor,
      body: {
        performedOn: today,
        painBefore: 4,
        painAfter: 3,
        durationMinutes: 20,
        items: items[index + 1].map(doneItem),
      },
    })),
    loginEmails,
  };
}

async function signIn(baseUrl: string, email: string): Promise<Actor> {
  const result = await call<AuthResponse>(baseUrl, 'POST', '/auth/login', {
    body: { email, password: BENCH_PASSWORD },
    expect: 200,
  });
  return Actor.from(result, email);
}

async function accept(baseUrl: string, token: string, email: string): Promise<Actor> {
  const result = await call<AuthResponse>(baseUrl, 'POST', '/auth/invitations/accept', {
    body: { token, password: BENCH_PASSWORD },
    expect: 200,
  });
  return Actor.from(result, email);
}

async function addPatient(
  baseUrl: string,
  therapistToken: string,
  email: string,
  displayName: string,
): Promise<{ actor: Actor; patientId: string }> {
  const created = await call<CreatePatientResponse>(baseUrl, 'POST', '/patients', {
    token: therapistToken,
    body: { email, displayName, timezone: TIMEZONE, condition: 'Low back pain' },
  });
  return {
    actor: await accept(baseUrl, created.body.invitation.token, email),
    patientId: created.body.id,
  };
}

/** A plan started `days` ago and, per day, a pain entry and most days a session; ODI monthly. */
async function writeHistory(
  baseUrl: string,
  token: string,
  patientId: string,
  seedNumber: number,
  today: LocalDate,
  days: number,
): Promise<PlanItem[]> {
  const random = mulberry32(seedNumber + 1);
  const start = addDays(today, -days);
  const plan = await call<PlanWithWarnings>(baseUrl, 'POST', `/patients/${patientId}/plans`, {
    token,
    body: { templateId: TEMPLATE, startDate: start, endDate: null },
  });
  const revision = plan.body.currentRevision;
  const startPain = 6 + Math.floor(random() * 2);
  for (let day = 0; day < days; day++) {
    const date = addDays(start, day);
    const score = clamp(Math.round(startPain - (3 * day) / days + (random() - 0.5) * 2), 0, 10);
    if (random() < 0.85) {
      await call(baseUrl, 'POST', `/patients/${patientId}/pain`, {
        token,
        body: {
          recordedAt: new Date(startOfLocalDay(date, TIMEZONE).getTime() + 19 * 3600_000),
          score,
        },
      });
    }
    if (random() < 0.7) {
      await call(baseUrl, 'POST', `/patients/${patientId}/sessions`, {
        token,
        body: {
          performedOn: date,
          planRevisionId: revision.id,
          painBefore: score,
          painAfter: clamp(score - 1, 0, 10),
          durationMinutes: 15 + Math.floor(random() * 20),
          items: revision.items.map(doneItem),
        },
      });
    }
    if (day % 28 === 1 || day === days - 1) {
      const total = clamp(Math.round(score * 2.5), 0, 50);
      await call(baseUrl, 'POST', `/patients/${patientId}/measures`, {
        token,
        body: {
          type: 'odi',
          recordedOn: date,
          answers: Array.from({ length: 10 }, (_, section) =>
            Math.min(5, Math.floor(total / 10) + (section < total % 10 ? 1 : 0)),
          ),
        },
      });
    }
  }
  return revision.items;
}

function doneItem(item: PlanItem) {
  return {
    planItemId: item.id,
    completed: true,
    setsDone: item.sets,
    ...(item.reps !== null && { repsDone: item.reps }),
    ...(item.holdSeconds !== null && { holdSecondsDone: item.holdSeconds }),
  };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
