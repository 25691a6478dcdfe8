import type { ClinicDashboard, RtmReport } from '@rehabit/contracts';
import {
  addDays,
  computeAdherence,
  localDateOf,
  measureProgress,
  painProgress,
  roundTo,
  startOfLocalDay,
  type AdherencePlan,
  type LocalDate,
  type LoggedSession,
} from '@rehabit/domain';
import fc from 'fast-check';
import request from 'supertest';
import { addPatient, createTestClinic, type Actor, type TestClinic } from '../testing/factories';
import { getTestApp, type TestApp } from '../testing/test-app';
import { ReportsService } from './reports.service';

const ZONE = 'Europe/Berlin';
const today = () => localDateOf(new Date(), ZONE);
/** Noon in Berlin on a local date, as an instant. */
const noon = (date: LocalDate) => `${date}T12:00:00+01:00`;

/** A node of `EXPLAIN (ANALYZE, FORMAT JSON)`, as far as the roll-up specs read it. */
interface PlanNode {
  'Relation Name'?: string;
  'Actual Rows': number;
  'Actual Loops': number;
  Plans?: PlanNode[];
}

describe('clinic reports', () => {
  let app: TestApp;
  let clinic: TestClinic;

  const get = (actor: Actor, path: string) =>
    request(app.server).get(`/api/v1${path}`).set('Authorization', `Bearer ${actor.token}`);

  /** Direct inserts (the triggers keep patient_day), so histories can lie in the past. */
  async function insertPlan(
    patientId: string,
    startDate: LocalDate,
    items: { daysOfWeek?: number[]; timesPerWeek?: number; timesPerDay?: number }[],
    revisions: { effectiveFrom: LocalDate; itemCount: number }[] = [],
    statusChanges: { status: string; on: LocalDate }[] = [],
  ): Promise<{ plan: AdherencePlan; itemIds: string[][] }> {
    const q = (sql: string, params: unknown[]) => app.dataSource.query(sql, params);
    const [plan] = await q(
      `INSERT INTO plan (clinic_id, patient_id, title, start_date, created_by)
       VALUES ($1, $2, 'Plan', $3, $4) RETURNING id`,
      [clinic.clinicId, patientId, startDate, clinic.therapist.userId],
    );
    const all = [{ effectiveFrom: startDate, itemCount: items.length }, ...revisions];
    const domainRevisions: AdherencePlan['revisions'][number][] = [];
    const itemIds: string[][] = [];
    for (const [index, revision] of all.entries()) {
      const [rev] = await q(
        `INSERT INTO plan_revision (plan_id, number, effective_from, author_id)
         VALUES ($1, $2, $3, $4) RETURNING id`,
        [plan.id, index + 1, revision.effectiveFrom, clinic.therapist.userId],
      );
      const ids: string[] = [];
      const domainItems = [];
      for (const [position, item] of items.slice(0, revision.itemCount).entries()) {
        const [row] = await q(
          `INSERT INTO plan_item (revision_id, position, exercise_id, sets, days_of_week,
                                  times_per_week, times_per_day)
           VALUES ($1, $2, 'glute-bridge', 2, $3, $4, $5) RETURNING id`,
          [
            rev.id,
            position,
            item.daysOfWeek ?? null,
            item.timesPerWeek ?? null,
            item.timesPerDay ?? 1,
          ],
        );
        ids.push(row.id);
        domainItems.push({
          id: row.id,
          exerciseId: 'glute-bridge',
          sets: 2,
          timesPerDay: item.timesPerDay ?? 1,
          ...(item.daysOfWeek
            ? { daysOfWeek: item.daysOfWeek }
            : { timesPerWeek: item.timesPerWeek }),
        });
      }
      itemIds.push(ids);
      domainRevisions.push({
        number: index + 1,
        effectiveFrom: revision.effectiveFrom,
        items: domainItems,
      } as unknown as AdherencePlan['revisions'][number]);
    }
    const changes = [];
    for (const change of statusChanges) {
      const at = noon(change.on);
      await q(
        `INSERT INTO plan_status_change (plan_id, status, changed_by, changed_at) VALUES ($1, $2, $3, $4)`,
        [plan.id, change.status, clinic.therapist.userId, at],
      );
      changes.push({ status: change.status as 'active', at });
    }
    return {
      plan: { startDate, revisions: domainRevisions, statusChanges: changes },
      itemIds,
    };
  }

  /** A session row alone, on the revision holding `planItemId`, through `query` (a transaction's). */
  async function insertSessionRow(
    query: (sql: string, params: unknown[]) => Promise<{ id: string }[]>,
    patientId: string,
    planItemId: string,
    on: LocalDate,
  ): Promise<string> {
    const [row] = await query(
      `INSERT INTO session_log (clinic_id, patient_id, plan_id, plan_revision_id, performed_on,
                                plan_status, logged_by, logged_by_role)
       SELECT $1, $2, r.plan_id, r.id, $4, 'active', $5, 'patient'
         FROM plan_item pi JOIN plan_revision r ON r.id = pi.revision_id WHERE pi.id = $3
       RETURNING id`,
      [clinic.clinicId, patientId, planItemId, on, clinic.therapist.userId],
    );
    return row.id;
  }

  async function insertSession(
    patientId: string,
    planId: string | null,
    on: LocalDate,
    items: { planItemId: string; completed: boolean }[],
  ): Promise<string> {
    const id = await insertSessionRow(
      (sql, params) => app.dataSource.query(sql, params),
      patientId,
      items[0].planItemId,
      on,
    );
    void planId;
    for (const [position, item] of items.entries())
      await app.dataSource.query(
        `INSERT INTO session_log_item (session_id, plan_item_id, position, completed)
         VALUES ($1, $2, $3, $4)`,
        [id, item.planItemId, position, item.completed],
      );
    return id;
  }

  /** A patient's `patient_day` counts on a date (undefined when the roll-up has no row). */
  async function patientDay(patientId: string, date: LocalDate) {
    const [row] = await app.dataSource.query(
      `SELECT sessions, wd_done, wd_skipped, wk_done, wk_skipped FROM patient_day
        WHERE patient_id = $1 AND local_date = $2`,
      [patientId, date],
    );
    return row;
  }

  async function insertPain(patientId: string, recordedAt: string, score: number): Promise<void> {
    await app.dataSource.query(
      `INSERT INTO pain_entry (clinic_id, patient_id, recorded_at, score, recorded_by, recorded_by_role)
       VALUES ($1, $2, $3, $4, $5, 'patient')`,
      [clinic.clinicId, patientId, recordedAt, score, clinic.therapist.userId],
    );
  }

  /**
   * Each insert a millisecond after the one before: embedded PGlite's clock counts milliseconds,
   * so two inserts in a row could otherwise share a created_at, and which one was entered last
   * would fall to the ids.
   */
  let odiEnteredAt = Date.now();
  async function insertOdi(
    patientId: string,
    on: LocalDate,
    score: number,
    deleted = false,
  ): Promise<void> {
    odiEnteredAt = Math.max(odiEnteredAt + 1, Date.now());
    await app.dataSource.query(
      `INSERT INTO measure (clinic_id, patient_id, type, recorded_on, answers, score, band,
                            recorded_by, recorded_by_role, deleted_at, deleted_by, delete_reason,
                            created_at)
       VALUES ($1, $2, 'odi', $3, '{1,1,1,1,1,1,1,1,1,1}', $4, 'moderate', $5, 'therapist',
               CASE WHEN $6 THEN now() END, CASE WHEN $6 THEN $5::uuid END,
               CASE WHEN $6 THEN 'Entered in error' END, $7)`,
      [
        clinic.clinicId,
        patientId,
        on,
        score,
        clinic.therapist.userId,
        deleted,
        new Date(odiEnteredAt),
      ],
    );
  }

  beforeAll(async () => {
    app = await getTestApp();
    clinic = await createTestClinic(app);
  }, 30_000);

  describe('GET /clinic/dashboard', () => {
    // A clinic of its own with known histories, figures computed by hand.
    let known: TestClinic;
    const to = addDays(today(), -1);
    const from = addDays(to, -13); // 14 days

    beforeAll(async () => {
      known = await createTestClinic(app);
      const saved = clinic;
      clinic = known;
      try {
        // Pat: one daily item, 14 due days, done on 7 → 0.5; pain 6,6,6 … 3,3,3 → −3 (important).
        const pat = await insertPlan(known.patient.patientId, from, [
          { daysOfWeek: [1, 2, 3, 4, 5, 6, 7] },
        ]);
        for (let i = 0; i < 7; i++)
          await insertSession(known.patient.patientId, null, addDays(from, i), [
            { planItemId: pat.itemIds[0][0], completed: true },
          ]);
        for (let i = 0; i < 3; i++)
          await insertPain(known.patient.patientId, noon(addDays(from, i)), 6);
        for (let i = 11; i < 14; i++)
          await insertPain(known.patient.patientId, noon(addDays(from, i)), 3);
        await insertOdi(known.patient.patientId, from, 40);
        await insertOdi(known.patient.patientId, to, 34); // −6, 15 %: not important
        // Olga: one daily item, all 14 done → 1; pain 4 → 4 (0, not important).
        const olga = await insertPlan(known.otherPatient.patientId, from, [
          { daysOfWeek: [1, 2, 3, 4, 5, 6, 7] },
        ]);
        for (let i = 0; i < 14; i++)
          await insertSession(known.otherPatient.patientId, null, addDays(from, i), [
            { planItemId: olga.itemIds[0][0], completed: true },
          ]);
        await insertPain(known.otherPatient.patientId, noon(from), 4);
        await insertOdi(known.otherPatient.patientId, from, 30);
        await insertOdi(known.otherPatient.patientId, to, 20); // −10: important
      } finally {
        clinic = saved;
      }
      // A third patient without a plan or data.
      await addPatient(app, known.therapist, 'Nina No-data');
    }, 60_000);

    it('computes the clinic figures by hand-checked values (admin and therapist)', async () => {
      for (const actor of [known.admin, known.therapist]) {
        const response = await get(actor, `/clinic/dashboard?from=${from}&to=${to}`).expect(200);
        const body = response.body as ClinicDashboard;
        expect(body.patients).toEqual({ active: 2, total: 3 });
        expect(body.adherence.selfReported).toBe(true);
        expect(body.adherence.mean).toBe(0.75);
        expect(body.adherence.patients).toBe(2);
        expect(body.adherence.distribution.map((d) => d.patients)).toEqual([
          0, 0, 0, 0, 0, 1, 0, 0, 0, 1,
        ]);
        expect(body.pain).toEqual({ patients: 2, meanChange: -1.5, clinicallyImportantRate: 0.5 });
        expect(body.odi).toEqual({ patients: 2, meanChange: -8, clinicallyImportantRate: 0.5 });
        expect(body.therapists).toEqual([
          {
            id: known.therapist.userId,
            displayName: 'Theo Therapist',
            patients: 3,
            meanAdherence: 0.75,
          },
        ]);
      }
    });

    it('refuses a patient (403) and bad ranges (400 naming the parameter)', async () => {
      await get(known.patient, '/clinic/dashboard').expect(403);
      const bad = async (query: string, field: string) => {
        const response = await get(known.admin, `/clinic/dashboard?${query}`).expect(400);
        expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      };
      await bad('from=2026-02-10&to=2026-02-01', 'from');
      await bad('from=2020-01-01&to=2026-01-01', 'to');
      await bad('from=2026-02-30', 'from');
      await bad('to=yesterday', 'to');
    });

    it('defaults to the last 30 days', async () => {
      const body = (await get(known.admin, '/clinic/dashboard').expect(200))
        .body as ClinicDashboard;
      expect(body.to).toBe(new Date().toISOString().slice(0, 10));
      expect(body.from).toBe(addDays(body.to, -29));
    });
  });

  describe('GET /clinic/reports/progress.csv', () => {
    it('streams one quoted, formula-neutralised row per patient and audits the export', async () => {
      const own = await createTestClinic(app);
      await addPatient(app, own.therapist, '=HYPERLINK("x")');
      await addPatient(app, own.therapist, '+1');
      await addPatient(app, own.therapist, 'Smith, "Jo"\nSecond line');
      const response = await get(own.admin, '/clinic/reports/progress.csv')
        .buffer(true)
        .parse((res, done) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
          res.on('end', () => done(null, text));
        })
        .expect(200);
      expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(response.headers['content-disposition']).toMatch(
        /^attachment; filename="progress-\d{4}-\d{2}-\d{2}\.csv"$/,
      );
      expect(response.headers['transfer-encoding']).toBe('chunked');
      const text = response.body as string;
      const [header] = text.split('\n');
      expect(header).toBe(
        'patientId,displayName,therapist,active,from,to,adherencePrescribed,adherenceCompleted,adherenceRateSelfReported,painBaseline,painLatest,painChange,painClinicallyImportant,odiBaseline,odiLatest,odiChange,odiClinicallyImportant,daysWithData',
      );
      expect(text).toContain(`,"'=HYPERLINK(""x"")",`);
      expect(text).toContain(`,'+1,`);
      expect(text).toContain(`,"Smith, ""Jo""\nSecond line",`);
      expect(text).not.toMatch(/,=HYPERLINK/);
      // Header + 5 patients (the 2 of the fixture and 3 here); the multi-line name is one record.
      const records = text.trim().split(/\n(?=[0-9a-f]{8}-)/);
      expect(records.length).toBe(6);
      const [audit] = await app.dataSource.query(
        `SELECT action FROM audit_event WHERE clinic_id = $1 AND action = 'report.exported'`,
        [own.clinicId],
      );
      expect(audit).toBeDefined();
    });

    it('is for admins only', async () => {
      await get(clinic.therapist, '/clinic/reports/progress.csv').expect(403);
      await get(clinic.patient, '/clinic/reports/progress.csv').expect(403);
    });
  });

  describe('GET /clinic/reports/rtm', () => {
    it('counts distinct days with data in the 30 days ending on the month end, with the code', async () => {
      const own = await createTestClinic(app);
      const month = '2025-06';
      const end = '2025-06-30';
      const counts: Record<string, number> = { '1': 1, '2': 2, '15': 15, '16': 16, '30': 30 };
      const ids: Record<string, string> = {};
      for (const label of Object.keys(counts)) {
        const patient = await addPatient(app, own.therapist, `RTM ${label.padStart(2, '0')}`);
        ids[label] = patient.patientId;
        for (let i = 0; i < counts[label]; i++) {
          await app.dataSource.query(
            `INSERT INTO pain_entry (clinic_id, patient_id, recorded_at, score, recorded_by, recorded_by_role)
             VALUES ($1, $2, $3, 3, $4, 'patient'), ($1, $2, $3, 4, $4, 'patient')`,
            [own.clinicId, patient.patientId, noon(addDays(end, -i)), own.therapist.userId],
          );
        }
      }
      // Outside the window: not counted.
      await app.dataSource.query(
        `INSERT INTO pain_entry (clinic_id, patient_id, recorded_at, score, recorded_by, recorded_by_role)
         VALUES ($1, $2, $3, 3, $4, 'patient')`,
        [own.clinicId, ids['1'], noon('2025-05-31'), own.therapist.userId],
      );
      const body = (await get(own.therapist, `/clinic/reports/rtm?month=${month}`).expect(200))
        .body as RtmReport;
      const byId = new Map(body.items.map((item) => [item.patientId, item]));
      const expected: Record<string, [number, string | null]> = {
        '1': [1, null],
        '2': [2, '98985'],
        '15': [15, '98985'],
        '16': [16, '98977'],
        '30': [30, '98977'],
      };
      for (const [label, [days, code]] of Object.entries(expected)) {
        expect(byId.get(ids[label])).toEqual({
          patientId: ids[label],
          displayName: `RTM ${label.padStart(2, '0')}`,
          daysWithData: days,
          windowStart: '2025-06-01',
          windowEnd: end,
          code: code as RtmReport['items'][number]['code'],
        });
      }
      const bad = await get(own.admin, '/clinic/reports/rtm?month=2025-13').expect(400);
      expect(bad.body.errors[0].field).toBe('month');
      await get(own.admin, '/clinic/reports/rtm').expect(400);
      await get(own.patient, `/clinic/reports/rtm?month=${month}`).expect(403);
    });
  });

  describe('patient_day roll-up', () => {
    it('stays right after session edits, soft deletes, moves and plan pauses', async () => {
      const patient = await addPatient(app, clinic.therapist, 'Rolly Rollup');
      const start = addDays(today(), -20);
      const { itemIds } = await insertPlan(patient.patientId, start, [
        { daysOfWeek: [1, 2, 3, 4, 5, 6, 7], timesPerDay: 2 },
        { timesPerWeek: 3 },
      ]);
      const [daily, weekly] = itemIds[0];
      const day = addDays(today(), -10);
      const session = await insertSession(patient.patientId, null, day, [
        { planItemId: daily, completed: true },
        { planItemId: weekly, completed: false },
      ]);
      const row = (date: LocalDate) => patientDay(patient.patientId, date);
      expect(await row(day)).toEqual({
        sessions: 1,
        wd_done: 1,
        wd_skipped: 0,
        wk_done: 0,
        wk_skipped: 1,
      });
      await app.dataSource.query(
        `UPDATE session_log_item SET completed = true WHERE session_id = $1 AND plan_item_id = $2`,
        [session, weekly],
      );
      expect(await row(day)).toEqual({
        sessions: 1,
        wd_done: 1,
        wd_skipped: 0,
        wk_done: 1,
        wk_skipped: 0,
      });
      await app.dataSource.query(
        `DELETE FROM session_log_item WHERE session_id = $1 AND plan_item_id = $2`,
        [session, daily],
      );
      expect(await row(day)).toEqual({
        sessions: 1,
        wd_done: 0,
        wd_skipped: 0,
        wk_done: 1,
        wk_skipped: 0,
      });
      const moved = addDays(day, 1);
      await app.dataSource.query(`UPDATE session_log SET performed_on = $2 WHERE id = $1`, [
        session,
        moved,
      ]);
      expect(await row(day)).toBeUndefined();
      expect(await row(moved)).toEqual({
        sessions: 1,
        wd_done: 0,
        wd_skipped: 0,
        wk_done: 1,
        wk_skipped: 0,
      });
      await app.dataSource.query(
        `INSERT INTO plan_status_change (plan_id, status, changed_by, changed_at)
         SELECT r.plan_id, 'paused', $2, $3 FROM plan_item pi JOIN plan_revision r ON r.id = pi.revision_id WHERE pi.id = $1`,
        [weekly, clinic.therapist.userId, noon(moved)],
      );
      expect(await row(moved)).toEqual({
        sessions: 1,
        wd_done: 0,
        wd_skipped: 0,
        wk_done: 0,
        wk_skipped: 0,
      });
      await app.dataSource.query(
        `UPDATE session_log SET deleted_at = now(), deleted_by = $2, delete_reason = 'wrong' WHERE id = $1`,
        [session, clinic.therapist.userId],
      );
      expect(await row(moved)).toBeUndefined();
    });

    it('rolls a session logged with its items up once, and one without items when it commits', async () => {
      const patient = await addPatient(app, clinic.therapist, 'Onda Once');
      const start = addDays(today(), -5);
      const { itemIds } = await insertPlan(patient.patientId, start, [
        { daysOfWeek: [1, 2, 3, 4, 5, 6, 7] },
        { timesPerWeek: 2 },
      ]);
      const [daily, weekly] = itemIds[0];
      const day = addDays(today(), -1);

      // As SessionsService.create writes it: the session, then its items in one statement.
      const runner = app.dataSource.createQueryRunner();
      await runner.connect();
      try {
        await runner.startTransaction();
        await runner.query(`SET LOCAL track_functions = 'pl'`);
        const sessionId = await insertSessionRow(
          (sql, params) => runner.query(sql, params),
          patient.patientId,
          daily,
          day,
        );
        await runner.query(
          `INSERT INTO session_log_item (session_id, plan_item_id, position, completed)
           VALUES ($1, $2, 0, true), ($1, $3, 1, false)`,
          [sessionId, daily, weekly],
        );
        await runner.query(`SET CONSTRAINTS ALL IMMEDIATE`);
        const refreshes: { calls: number }[] = await runner.query(
          `SELECT calls::int FROM pg_stat_xact_user_functions
            WHERE funcname = 'reports_refresh_patient_days'`,
        );
        expect(refreshes).toEqual([{ calls: 1 }]);
        await runner.commitTransaction();
      } finally {
        if (runner.isTransactionActive) await runner.rollbackTransaction();
        await runner.release();
      }
      expect(await patientDay(patient.patientId, day)).toEqual({
        sessions: 1,
        wd_done: 1,
        wd_skipped: 0,
        wk_done: 0,
        wk_skipped: 1,
      });

      // The API always writes items; a session row alone (SQL, an import) still counts its day.
      await insertSessionRow(
        (sql, params) => app.dataSource.query(sql, params),
        patient.patientId,
        daily,
        today(),
      );
      expect(await patientDay(patient.patientId, today())).toEqual({
        sessions: 1,
        wd_done: 0,
        wd_skipped: 0,
        wk_done: 0,
        wk_skipped: 0,
      });
    });

    it("rolls pain up by the patient's local day at midnight, in far zones and across clock changes", async () => {
      const painCounts = async (patientId: string) =>
        (
          await app.dataSource.query(
            `SELECT to_char(local_date, 'YYYY-MM-DD') AS day, pain_count::int AS n FROM patient_day
              WHERE patient_id = $1 ORDER BY local_date`,
            [patientId],
          )
        ).map((row: { day: string; n: number }) => `${row.day} ${row.n}`);
      for (const [zone, day] of [
        ['Pacific/Kiritimati', addDays(today(), -3)], // UTC+14
        ['Pacific/Pago_Pago', addDays(today(), -3)], // UTC-11
        ['America/Santiago', '2026-04-05'], // clocks back an hour at midnight
        ['America/Santiago', '2026-09-06'], // clocks forward an hour at midnight
      ] as [string, LocalDate][]) {
        const patient = await addPatient(app, clinic.therapist, `Zoe ${zone}`);
        await app.dataSource.query(`UPDATE patient SET timezone = $2 WHERE id = $1`, [
          patient.patientId,
          zone,
        ]);
        const start = startOfLocalDay(day, zone).getTime();
        const next = startOfLocalDay(addDays(day, 1), zone).getTime();
        for (const instant of [start - 1, start, next - 1, next])
          await insertPain(patient.patientId, new Date(instant).toISOString(), 5);
        expect(await painCounts(patient.patientId))
          .withContext(`${zone} ${day}`)
          .toEqual([`${addDays(day, -1)} 1`, `${day} 2`, `${addDays(day, 1)} 1`]);
        const stored = await app.dataSource.query(
          `SELECT * FROM patient_day WHERE patient_id = $1 ORDER BY local_date`,
          [patient.patientId],
        );
        const computed = await app.dataSource.query(
          `SELECT * FROM reports_patient_days($1, NULL, NULL) ORDER BY local_date`,
          [patient.patientId],
        );
        expect(stored).withContext(`${zone} ${day}`).toEqual(computed);
      }
    });

    it("refreshes a day reading that day's pain entries, not the patient's whole history", async () => {
      const patient = await addPatient(app, clinic.therapist, 'Hattie History');
      await app.dataSource.query(
        `INSERT INTO pain_entry (clinic_id, patient_id, recorded_at, score, recorded_by, recorded_by_role)
         SELECT $1, $2, now() - make_interval(days => n), 4, $3, 'patient'
           FROM generate_series(1, 300) AS n`,
        [clinic.clinicId, patient.patientId, clinic.therapist.userId],
      );
      // The refresh's day rows, as its INSERT runs them: the rows each scan of pain_entry passed
      // on. The bounds belong in the scan (an index condition on PostgreSQL; a filter where the
      // table is as small as the embedded test database's), not after the whole history.
      const [{ 'QUERY PLAN': plans }] = await app.dataSource.query(
        `EXPLAIN (ANALYZE, FORMAT JSON) SELECT * FROM reports_one_patient_days($1, $2, $2)`,
        [patient.patientId, addDays(today(), -100)],
      );
      const painRowsRead = (node: PlanNode): number =>
        (node['Relation Name'] === 'pain_entry' ? node['Actual Rows'] * node['Actual Loops'] : 0) +
        (node.Plans ?? []).reduce((sum, child) => sum + painRowsRead(child), 0);
      const read = painRowsRead((plans as { Plan: PlanNode }[])[0].Plan);
      // The day's entry, and those of the day either side read for the zone's edges.
      expect(read).toBeGreaterThanOrEqual(1);
      expect(read).toBeLessThanOrEqual(3);
    });

    it('keeps weekly_item_week and plan_item_span equal to what their functions compute', async () => {
      const patient = await addPatient(app, clinic.therapist, 'Wendy Weekly');
      const id = patient.patientId;
      const start = addDays(today(), -27);
      const { itemIds } = await insertPlan(
        id,
        start,
        [{ timesPerWeek: 3 }, { daysOfWeek: [1, 3, 5] }, { timesPerWeek: 2, timesPerDay: 2 }],
        [{ effectiveFrom: addDays(start, 10), itemCount: 2 }],
      );
      // Asserts each roll-up equals its function for the patient, and returns its row counts.
      const rollupsInStep = async () => {
        const rows: { table: string; n: number }[] = [];
        for (const [table, computed, order] of [
          ['patient_day', 'reports_patient_days($1, NULL, NULL)', 'local_date'],
          ['weekly_item_week', 'reports_weekly_item_weeks($1, NULL, NULL)', 'monday, plan_item_id'],
          ['plan_item_span', 'reports_plan_item_spans($1)', 'plan_item_id, span_from'],
        ]) {
          const stored = await app.dataSource.query(
            `SELECT * FROM ${table} WHERE patient_id = $1 ORDER BY ${order}`,
            [id],
          );
          expect(stored)
            .withContext(table)
            .toEqual(
              await app.dataSource.query(`SELECT * FROM ${computed} ORDER BY ${order}`, [id]),
            );
          rows.push({ table, n: stored.length });
        }
        return Object.fromEntries(rows.map((row) => [row.table, row.n]));
      };
      expect((await rollupsInStep())['plan_item_span']).toBe(5);

      const sessions = [];
      for (const day of [1, 2, 3, 12, 13, 20])
        sessions.push(
          await insertSession(id, null, addDays(start, day), [
            { planItemId: day < 10 ? itemIds[0][0] : itemIds[1][0], completed: true },
          ]),
        );
      expect((await rollupsInStep())['weekly_item_week']).toBeGreaterThanOrEqual(3);

      // Items written by statements of several rows across sessions and weeks (the trigger
      // refreshes once per statement, for every day the statement touched).
      await app.dataSource.query(
        `INSERT INTO session_log_item (session_id, plan_item_id, position, completed)
         VALUES ($1, $2, 1, true), ($3, $4, 1, false)`,
        [sessions[2], itemIds[0][1], sessions[4], itemIds[1][1]],
      );
      await rollupsInStep();
      await app.dataSource.query(
        `UPDATE session_log_item SET completed = NOT completed WHERE session_id = ANY($1)`,
        [[sessions[2], sessions[3], sessions[4]]],
      );
      await rollupsInStep();
      await app.dataSource.query(`DELETE FROM session_log_item WHERE session_id = ANY($1)`, [
        [sessions[4], sessions[5]],
      ]);
      await rollupsInStep();

      // A session moved into another week, then deleted.
      await app.dataSource.query(`UPDATE session_log SET performed_on = $2 WHERE id = $1`, [
        sessions[0],
        addDays(start, 8),
      ]);
      await rollupsInStep();
      await app.dataSource.query(
        `UPDATE session_log SET deleted_at = now(), deleted_by = $2, delete_reason = 'wrong' WHERE id = $1`,
        [sessions[1], clinic.therapist.userId],
      );
      await rollupsInStep();

      // A weekly item done on both sides of the pause below: whichever of the two weeks holds
      // the pause loses in-force days, which its row must show (migration 1764000000018).
      for (const day of [14, 16])
        await insertSession(id, null, addDays(start, day), [
          { planItemId: itemIds[1][0], completed: true },
        ]);
      await rollupsInStep();

      // Items written by statements of several rows: the spans, and with them the week rows'
      // in-force days and times per week, are refreshed once per statement (migration 0019).
      const [{ revision_id: revisionId }] = await app.dataSource.query(
        `SELECT revision_id FROM plan_item WHERE id = $1`,
        [itemIds[1][0]],
      );
      const added: { id: string }[] = await app.dataSource.query(
        `INSERT INTO plan_item (revision_id, position, exercise_id, sets, times_per_week, times_per_day)
         VALUES ($1, 10, 'glute-bridge', 2, 4, 1), ($1, 11, 'glute-bridge', 2, 5, 1) RETURNING id`,
        [revisionId],
      );
      expect((await rollupsInStep())['plan_item_span']).toBe(7);
      await app.dataSource.query(
        `UPDATE plan_item SET times_per_week = times_per_week + 1
          WHERE revision_id = $1 AND times_per_week IS NOT NULL`,
        [revisionId],
      );
      await rollupsInStep();
      await app.dataSource.query(`DELETE FROM plan_item WHERE id = ANY($1)`, [
        added.map((item) => item.id),
      ]);
      expect((await rollupsInStep())['plan_item_span']).toBe(5);

      // A pause, new plan dates and a new time zone move the spans.
      const [{ plan_id: planId }] = await app.dataSource.query(
        `SELECT r.plan_id FROM plan_item pi JOIN plan_revision r ON r.id = pi.revision_id WHERE pi.id = $1`,
        [itemIds[0][0]],
      );
      await app.dataSource.query(
        `INSERT INTO plan_status_change (plan_id, status, changed_by, changed_at)
         VALUES ($1, 'paused', $2, $3)`,
        [planId, clinic.therapist.userId, noon(addDays(start, 15))],
      );
      expect((await rollupsInStep())['plan_item_span']).toBe(5);
      const [{ open }] = await app.dataSource.query(
        `SELECT count(*)::int AS open FROM plan_item_span WHERE patient_id = $1 AND span_to IS NULL`,
        [id],
      );
      expect(open).toBe(0);
      await app.dataSource.query(
        `UPDATE patient SET timezone = 'Pacific/Kiritimati' WHERE id = $1`,
        [id],
      );
      await rollupsInStep();
      await app.dataSource.query(`UPDATE plan SET end_date = $2 WHERE id = $1`, [
        planId,
        addDays(start, 12),
      ]);
      await rollupsInStep();
    });
  });

  describe('SQL figures against the domain reference (property)', () => {
    it('gives every patient the adherence, pain and ODI change of computeAdherence / painProgress / measureProgress', async () => {
      const service = app.app.get(ReportsService);
      const own = await createTestClinic(app);
      const saved = clinic;
      clinic = own;
      const to = addDays(today(), -1);
      const from = addDays(to, -27);
      const weekdays = fc.uniqueArray(fc.integer({ min: 1, max: 7 }), {
        minLength: 1,
        maxLength: 7,
      });
      const itemArb = fc.oneof(
        fc.record({ daysOfWeek: weekdays, timesPerDay: fc.integer({ min: 1, max: 2 }) }),
        fc.record({
          timesPerWeek: fc.integer({ min: 1, max: 14 }),
          timesPerDay: fc.integer({ min: 1, max: 2 }),
        }),
      );
      const history = fc.record({
        startOffset: fc.integer({ min: -10, max: 20 }),
        items: fc.array(itemArb, { minLength: 1, maxLength: 3 }),
        revisionOffset: fc.option(fc.integer({ min: 1, max: 27 }), { nil: undefined }),
        pause: fc.option(
          fc.tuple(fc.integer({ min: 0, max: 27 }), fc.integer({ min: 1, max: 10 })),
          { nil: undefined },
        ),
        logs: fc.array(
          fc.record({
            day: fc.integer({ min: -5, max: 27 }),
            done: fc.array(fc.boolean(), { maxLength: 3 }),
          }),
          { maxLength: 25 },
        ),
        pain: fc.array(
          fc.record({
            day: fc.integer({ min: 0, max: 27 }),
            hour: fc.integer({ min: 0, max: 23 }),
            score: fc.integer({ min: 0, max: 10 }),
          }),
          { maxLength: 12 },
        ),
        // Days outside the range, several on one day (the later one is the latest) and
        // soft-deleted scores, which count for nothing.
        odi: fc.array(
          fc.record({
            day: fc.integer({ min: -3, max: 30 }),
            score: fc.integer({ min: 0, max: 50 }).map((half) => half * 2),
            deleted: fc.boolean(),
          }),
          { maxLength: 5 },
        ),
      });
      try {
        const random = fc.sample(history, { numRuns: 25, seed: 7 });
        // Random histories, plus one where a weekly item is over-done in a week while another is
        // under-done: each item is capped at its own weekly prescription, never the two together.
        const overAndUnder: (typeof random)[number] = {
          startOffset: 0,
          items: [
            { timesPerWeek: 2, timesPerDay: 1 },
            { timesPerWeek: 3, timesPerDay: 1 },
          ],
          revisionOffset: undefined,
          pause: undefined,
          logs: [7, 8, 9, 10, 11].map((day) => ({ day, done: [true, day === 7] })),
          pain: [],
          odi: [],
        };
        // A weekly item done on the days just outside the range, in the same ISO weeks as its
        // first and last day (the day before `from` is in from's week unless from is a Monday;
        // day 28 is today, after `to`): those days must count for nothing.
        const aroundTheEdges: (typeof random)[number] = {
          startOffset: -6,
          items: [{ timesPerWeek: 7, timesPerDay: 1 }],
          revisionOffset: undefined,
          pause: undefined,
          logs: [-3, -2, -1, 0, 27, 28].map((day) => ({ day, done: [true] })),
          pain: [],
          odi: [],
        };
        // Two scores on the first and on the last day: the first entered is the baseline and
        // the last entered the latest; around them a deleted score and scores outside the range.
        const sameDayOdi: (typeof random)[number] = {
          startOffset: 0,
          items: [{ daysOfWeek: [1, 3, 5], timesPerDay: 1 }],
          revisionOffset: undefined,
          pause: undefined,
          logs: [],
          pain: [],
          odi: [
            { day: -1, score: 90, deleted: false },
            { day: 3, score: 40, deleted: false },
            { day: 3, score: 44, deleted: false },
            { day: 10, score: 30, deleted: false },
            { day: 10, score: 20, deleted: false },
            { day: 10, score: 12, deleted: true },
            { day: 28, score: 0, deleted: false },
          ],
        };
        const samples = [...random, overAndUnder, aroundTheEdges, sameDayOdi];
        const expected = new Map<
          string,
          {
            rate: number | null;
            painChange: number | null;
            ci: boolean | null;
            odiChange: number | null;
            odiCi: boolean | null;
          }
        >();
        for (const [n, h] of samples.entries()) {
          const patient = await addPatient(
            app,
            own.therapist,
            `Prop ${String(n).padStart(2, '0')}`,
          );
          const startDate = addDays(from, h.startOffset);
          const revisions =
            h.revisionOffset !== undefined && h.items.length > 1
              ? [
                  {
                    effectiveFrom: addDays(startDate, h.revisionOffset),
                    itemCount: h.items.length - 1,
                  },
                ]
              : [];
          const changes = h.pause
            ? [
                { status: 'paused', on: addDays(from, h.pause[0]) },
                { status: 'active', on: addDays(from, h.pause[0] + h.pause[1]) },
              ]
            : [];
          const { plan, itemIds } = await insertPlan(
            patient.patientId,
            startDate,
            h.items,
            revisions,
            changes,
          );
          const sessions: LoggedSession[] = [];
          for (const log of h.logs) {
            const on = addDays(from, log.day);
            if (on < startDate || log.done.length === 0) continue;
            // The revision in force that day (the domain rule), as the API would tie it.
            const revIndex = revisions.length > 0 && on >= revisions[0].effectiveFrom ? 1 : 0;
            const ids = itemIds[revIndex];
            const items = log.done
              .slice(0, ids.length)
              .map((completed, i) => ({ planItemId: ids[i], completed }));
            await insertSession(patient.patientId, null, on, items);
            sessions.push({ performedOn: on, items });
          }
          const entries = [];
          for (const p of h.pain) {
            const at = new Date(
              Date.parse(`${addDays(from, p.day)}T00:30:00Z`) + p.hour * 3_600_000,
            ).toISOString();
            await insertPain(patient.patientId, at, p.score);
            entries.push({ recordedAt: at, score: p.score });
          }
          // One insert at a time: a later insert is later by created_at, as the API's would be.
          const odiPoints = [];
          for (const o of h.odi) {
            const on = addDays(from, o.day);
            await insertOdi(patient.patientId, on, o.score, o.deleted);
            if (!o.deleted) odiPoints.push({ recordedOn: on, value: o.score });
          }
          const adherence = computeAdherence({
            plans: [plan],
            sessions,
            from,
            to,
            timeZone: ZONE,
            now: new Date(),
          });
          const pain = painProgress({ entries, timeZone: ZONE, from, to });
          const odi = measureProgress('odi', odiPoints, { from, to });
          expected.set(patient.patientId, {
            rate: adherence.rate,
            painChange: pain.change,
            ci: pain.clinicallyImportant,
            odiChange: odi.change,
            odiCi: odi.clinicallyImportant,
          });
        }
        const figures = await service.patientFigures(own.clinicId, { from, to }, '', 1000);
        for (const [patientId, want] of expected) {
          const got = figures.find((f) => f.patient_id === patientId);
          expect(got).withContext(patientId).toBeDefined();
          if (!got) continue;
          if (want.rate === null) expect(got.rate).withContext(`rate ${patientId}`).toBeNull();
          else
            expect(got.rate as number)
              .withContext(`rate ${patientId}`)
              .toBeCloseTo(want.rate, 4);
          if (want.painChange === null) expect(got.pain_change).toBeNull();
          else
            expect(roundTo(got.pain_change as number, 2))
              .withContext(`pain ${patientId}`)
              .toBe(want.painChange);
          expect(got.pain_ci).withContext(`ci ${patientId}`).toBe(want.ci);
          expect(got.odi_change).withContext(`odi ${patientId}`).toBe(want.odiChange);
          expect(got.odi_ci).withContext(`odi ci ${patientId}`).toBe(want.odiCi);
        }
      } finally {
        clinic = saved;
      }
    }, 120_000);
  });
});
