import type { PatientListItem } from '@rehabit/contracts';
import {
  addDays,
  computeAdherence,
  localDateOf,
  type AdherencePlan,
  type IsoWeekday,
  type LocalDate,
  type LoggedSession,
  type PlanStatus,
} from '@rehabit/domain';
import fc from 'fast-check';
import type { Principal } from '../auth/principal';
import {
  insertPain,
  insertPlan,
  insertSession,
  type HistoryItem,
  type HistoryOwner,
} from '../progress/history.testing';
import { createTestClinic, uniqueEmail, type TestClinic } from '../testing/factories';
import { getTestApp, type TestApp } from '../testing/test-app';
import type { PatientQueryDto } from './dto/patient.dto';
import { PatientsService } from './patients.service';

// Zones with and without DST, both hemispheres, a half-hour offset, and Santiago (DST at midnight).
const ZONES = [
  'Europe/Berlin',
  'America/New_York',
  'Australia/Sydney',
  'Asia/Kolkata',
  'America/Santiago',
  'Pacific/Auckland',
  'UTC',
];
// Clocks just after DST changes (US 8 Mar / 1 Nov, EU 29 Mar / 25 Oct, Sydney and Auckland 5 Apr,
// Santiago 5 Apr / 6 Sep 2026), and ordinary days.
const NOWS = [
  '2026-03-09T15:00:00Z',
  '2026-03-30T06:00:00Z',
  '2026-04-06T01:30:00Z',
  '2026-09-07T04:00:00Z',
  '2026-10-26T22:45:00Z',
  '2026-11-02T11:00:00Z',
  '2026-06-17T12:00:00Z',
  '2026-01-01T00:30:00Z',
];

const itemArb: fc.Arbitrary<HistoryItem> = fc.oneof(
  fc.record({
    daysOfWeek: fc
      .uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 })
      .map((days) => days.sort() as IsoWeekday[]),
    timesPerDay: fc.integer({ min: 1, max: 3 }),
  }),
  fc.record({
    timesPerWeek: fc.integer({ min: 1, max: 14 }),
    timesPerDay: fc.integer({ min: 1, max: 2 }),
  }),
);

const planArb = fc.record({
  startOffset: fc.integer({ min: -14, max: 1 }),
  length: fc.option(fc.integer({ min: 0, max: 12 }), { nil: undefined }),
  revisions: fc.array(
    fc.record({
      after: fc.integer({ min: 0, max: 5 }),
      items: fc.array(itemArb, { minLength: 1, maxLength: 3 }),
    }),
    { minLength: 1, maxLength: 2 },
  ),
  // Hours before now, and the status taken then. Two changes at the same instant have no order
  // (the API stamps each with its own now()), so the hours differ.
  statusChanges: fc.uniqueArray(
    fc.record({
      hoursAgo: fc.integer({ min: 0, max: 240 }),
      status: fc.constantFrom<PlanStatus>('active', 'paused', 'active', 'completed'),
    }),
    { maxLength: 2, selector: (change) => change.hoursAgo },
  ),
});

const historyArb = fc.record({
  zone: fc.constantFrom(...ZONES),
  now: fc.constantFrom(...NOWS),
  plans: fc.array(planArb, { minLength: 1, maxLength: 2 }),
  sessions: fc.array(
    fc.record({
      plan: fc.nat(),
      dayOffset: fc.integer({ min: -8, max: 0 }),
      items: fc.array(
        fc.record({ pick: fc.nat(), completed: fc.integer({ min: 0, max: 3 }).map((n) => n > 0) }),
        {
          minLength: 1,
          maxLength: 3,
        },
      ),
      deleted: fc.integer({ min: 0, max: 9 }).map((n) => n < 2),
    }),
    { maxLength: 20 },
  ),
  pain: fc.uniqueArray(
    fc.record({
      minutesAgo: fc.integer({ min: 0, max: 14 * 24 * 60 }),
      score: fc.integer({ min: 0, max: 10 }),
    }),
    { maxLength: 4, selector: (entry) => entry.minutesAgo },
  ),
  alerts: fc.subarray(['red_flag', 'pain_spike', 'missed_sessions'] as const),
});

type History = typeof historyArb extends fc.Arbitrary<infer T> ? T : never;

// Two weekly items (10 and 6 a week) in force on 4 days of the window prescribe 16 × 4 ÷ 7; one
// completion of each counts 2, so the rate is exactly 0.21875, a tie at the fourth decimal.
const TIE_AT_THE_FOURTH_DECIMAL: History = {
  zone: 'Europe/Berlin',
  now: '2026-03-09T15:00:00Z',
  plans: [
    {
      startOffset: -9,
      length: 6,
      revisions: [
        {
          after: 0,
          items: [
            { timesPerWeek: 10, timesPerDay: 1 },
            { timesPerWeek: 6, timesPerDay: 1 },
          ],
        },
      ],
      statusChanges: [],
    },
  ],
  sessions: [
    { plan: 0, dayOffset: -3, items: [{ pick: 0, completed: true }], deleted: false },
    {
      plan: 0,
      dayOffset: -3,
      items: [
        { pick: 1, completed: true },
        { pick: 0, completed: false },
      ],
      deleted: false,
    },
  ],
  pain: [],
  alerts: [],
};

/**
 * Property: for random small histories across time zones and DST weeks, the SQL figures of
 * GET /patients equal the domain reference on the same data — adherence7d equals
 * `computeAdherence` over the patient's last 7 local days, lastPain the newest live entry and
 * openAlerts the unacknowledged alerts.
 */
describe('GET /patients figures (property)', () => {
  let app: TestApp;
  let clinic: TestClinic;
  let service: PatientsService;
  let principal: Principal;

  beforeAll(async () => {
    app = await getTestApp();
    clinic = await createTestClinic(app);
    service = app.app.get(PatientsService);
    principal = {
      userId: clinic.admin.userId,
      clinicId: clinic.clinicId,
      role: 'admin',
      sessionId: 'property',
      displayName: 'Admin',
      email: clinic.admin.email,
      patientId: null,
    };
  });

  async function seed(history: History, page: string): Promise<Partial<PatientListItem>> {
    const db = app.dataSource;
    const now = new Date(history.now);
    const today = localDateOf(now, history.zone);
    const name = `Prop ${page} ${uniqueEmail('p')}`;
    const [{ id: userId }]: { id: string }[] = await db.query(
      `INSERT INTO app_user (clinic_id, email, display_name, role) VALUES ($1, $2, $3, 'patient') RETURNING id`,
      [clinic.clinicId, uniqueEmail('prop'), name],
    );
    const [{ id: patientId }]: { id: string }[] = await db.query(
      `INSERT INTO patient (clinic_id, user_id, display_name, timezone) VALUES ($1, $2, $3, $4) RETURNING id`,
      [clinic.clinicId, userId, name, history.zone],
    );
    const owner: HistoryOwner = {
      clinicId: clinic.clinicId,
      patientId,
      staffId: clinic.therapist.userId,
    };

    const plans: AdherencePlan[] = [];
    const inserted: { planId: string; revisions: { id: string; itemIds: string[] }[] }[] = [];
    for (const plan of history.plans) {
      const startDate = addDays(today, plan.startOffset);
      let effectiveFrom = startDate;
      const revisions = plan.revisions.map((revision, index) => {
        if (index > 0) effectiveFrom = addDays(effectiveFrom, revision.after + 1);
        return { effectiveFrom, items: revision.items };
      });
      const statusChanges = plan.statusChanges
        .map((change) => ({
          status: change.status,
          at: new Date(now.getTime() - change.hoursAgo * 3_600_000 - 1000).toISOString(),
        }))
        .sort((a, b) => (a.at < b.at ? -1 : 1));
      const endDate = plan.length === undefined ? undefined : addDays(startDate, plan.length);
      const row = await insertPlan(db, owner, { startDate, endDate, revisions, statusChanges });
      inserted.push(row);
      plans.push({
        startDate,
        ...(endDate !== undefined && { endDate }),
        statusChanges,
        revisions: revisions.map((revision, index) => ({
          number: index + 1,
          effectiveFrom: revision.effectiveFrom,
          items: revision.items.map((item, position) => ({
            id: row.revisions[index].itemIds[position],
            exerciseId: 'seated-forward-bend',
            sets: 3,
            ...(item.daysOfWeek
              ? { daysOfWeek: item.daysOfWeek, timesPerDay: item.timesPerDay ?? 1 }
              : { timesPerWeek: item.timesPerWeek as number, timesPerDay: item.timesPerDay ?? 1 }),
          })),
        })),
      });
    }

    const sessions: LoggedSession[] = [];
    if (inserted.length > 0)
      for (const session of history.sessions) {
        const plan = inserted[session.plan % inserted.length];
        const itemIds = plan.revisions.flatMap((revision) => revision.itemIds);
        const items = [
          ...new Map(
            session.items.map((item) => [itemIds[item.pick % itemIds.length], item.completed]),
          ),
        ].map(([planItemId, completed]) => ({ planItemId, completed }));
        const performedOn: LocalDate = addDays(today, session.dayOffset);
        await insertSession(
          db,
          owner,
          { planId: plan.planId, revisionId: plan.revisions[0].id },
          performedOn,
          items,
          { deleted: session.deleted },
        );
        if (!session.deleted) sessions.push({ performedOn, items });
      }

    let lastPain: PatientListItem['lastPain'] = null;
    for (const entry of history.pain) {
      const recordedAt = new Date(now.getTime() - entry.minutesAgo * 60_000).toISOString();
      await insertPain(db, owner, recordedAt, entry.score);
      if (lastPain === null || recordedAt > lastPain.recordedAt)
        lastPain = { score: entry.score, recordedAt };
    }
    for (const kind of history.alerts)
      await db.query(
        `INSERT INTO alert (clinic_id, patient_id, kind, urgency, detail)
         VALUES ($1, $2, $3, 'routine', '{"summary":"p","date":"2026-01-01","count":1}')`,
        [clinic.clinicId, patientId, kind],
      );
    // An acknowledged one never counts.
    await db.query(
      `INSERT INTO alert (clinic_id, patient_id, kind, urgency, detail, acknowledged_at, acknowledged_by)
       VALUES ($1, $2, 'pain_spike', 'routine', '{"summary":"p","date":"2026-01-01","count":1}', now(), $3)`,
      [clinic.clinicId, patientId, clinic.therapist.userId],
    );

    const reference = computeAdherence({
      plans,
      sessions,
      from: addDays(today, -6),
      to: today,
      timeZone: history.zone,
      now,
    });
    return {
      id: patientId,
      lastPain,
      adherence7d: reference.rate,
      openAlerts: history.alerts.length,
      openAlertKinds: [...history.alerts].sort(),
    };
  }

  // Several patients share a page, with histories of their own (each in its own zone), so a
  // figure that leaked from one patient's rows into another's would show.
  it('equal the domain reference for random histories across time zones and DST weeks', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(historyArb, { minLength: 1, maxLength: 3 }),
        fc.constantFrom(...NOWS),
        async (histories, now) => {
          const page = uniqueEmail('page');
          const expected: Partial<PatientListItem>[] = [];
          for (const history of histories) expected.push(await seed({ ...history, now }, page));
          const listed = await service.list(
            principal,
            { limit: 10, q: page } as PatientQueryDto,
            { ip: null, requestId: null },
            new Date(now),
          );
          const byId = (a: { id?: string }, b: { id?: string }) =>
            (a.id as string) < (b.id as string) ? -1 : 1;
          expected.sort(byId);
          const actual = [...listed.items]
            .sort(byId)
            .map(({ id, lastPain, adherence7d, openAlerts, openAlertKinds }) => ({
              id,
              lastPain,
              adherence7d,
              openAlerts,
              openAlertKinds,
            }));
          expect(actual)
            .withContext(JSON.stringify({ histories, now }))
            .toEqual(expected as typeof actual);
          return JSON.stringify(actual) === JSON.stringify(expected);
        },
      ),
      {
        numRuns: 30,
        // Found by a random run (seed -943739531): the SQL rounded this tie down.
        examples: [[[TIE_AT_THE_FOURTH_DECIMAL], TIE_AT_THE_FOURTH_DECIMAL.now]],
        // Each run writes to the database, so shrinking a failure can outlast the spec's time
        // limit and spill its statements into the specs after it: stop shrinking in time and
        // report the smallest case found so far.
        interruptAfterTimeLimit: 15_000,
      },
    );
  });
});
