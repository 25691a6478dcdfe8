import { API_PREFIX, type ProgressResponse } from '@rehabit/contracts';
import request from 'supertest';
import { createTestClinic, type Actor, type TestClinic } from '../testing/factories';
import { countQueries } from '../testing/query-counter';
import { getTestApp, type TestApp } from '../testing/test-app';
import {
  insertMeasure,
  insertPain,
  insertPlan,
  insertSession,
  type HistoryOwner,
} from './history.testing';

describe('GET /patients/:id/progress', () => {
  let app: TestApp;
  let clinic: TestClinic;
  let foreign: TestClinic;
  let owner: HistoryOwner;

  const url = (id: string, query = '') => `${API_PREFIX}/patients/${id}/progress${query}`;
  const get = (actor: Actor, id: string, query = '') =>
    request(app.server).get(url(id, query)).set('Authorization', `Bearer ${actor.token}`);
  const RANGE = '?from=2026-09-07&to=2026-09-20';

  beforeAll(async () => {
    app = await getTestApp();
    clinic = await createTestClinic(app);
    foreign = await createTestClinic(app);
    owner = {
      clinicId: clinic.clinicId,
      patientId: clinic.patient.patientId,
      staffId: clinic.therapist.userId,
    };
    const db = app.dataSource;
    // Every day, once a day, from Monday 7 September (the patient is in Europe/Berlin).
    const plan = await insertPlan(db, owner, {
      startDate: '2026-09-07',
      revisions: [{ effectiveFrom: '2026-09-07', items: [{ daysOfWeek: [1, 2, 3, 4, 5, 6, 7] }] }],
    });
    const ref = { planId: plan.planId, revisionId: plan.revisions[0].id };
    const item = plan.revisions[0].itemIds[0];
    await insertSession(db, owner, ref, '2026-09-07', [{ planItemId: item, completed: true }]);
    await insertSession(db, owner, ref, '2026-09-08', [{ planItemId: item, completed: true }]);
    // A second completion the same day never lifts the day above what was prescribed.
    await insertSession(db, owner, ref, '2026-09-08', [{ planItemId: item, completed: true }]);
    await insertSession(db, owner, ref, '2026-09-09', [{ planItemId: item, completed: false }]);
    await insertSession(db, owner, ref, '2026-09-14', [{ planItemId: item, completed: true }]);
    // Deleted sessions count for nothing.
    await insertSession(db, owner, ref, '2026-09-15', [{ planItemId: item, completed: true }], {
      deleted: true,
    });

    // Before the range: counts towards the rolling mean only.
    await insertPain(db, owner, '2026-09-05T09:00:00+02:00', 9);
    await insertPain(db, owner, '2026-09-07T08:00:00+02:00', 8);
    await insertPain(db, owner, '2026-09-07T20:00:00+02:00', 6);
    // 23:30 in Berlin is still 8 September there (21:30 UTC).
    await insertPain(db, owner, '2026-09-08T23:30:00+02:00', 7);
    await insertPain(db, owner, '2026-09-09T09:00:00+02:00', 7);
    await insertPain(db, owner, '2026-09-15T09:00:00+02:00', 4);
    await insertPain(db, owner, '2026-09-16T09:00:00+02:00', 5);
    await insertPain(db, owner, '2026-09-17T09:00:00+02:00', 3);
    // After the range.
    await insertPain(db, owner, '2026-09-21T09:00:00+02:00', 10);

    await insertMeasure(db, owner, 'odi', '2026-09-07', 40);
    await insertMeasure(db, owner, 'odi', '2026-09-17', 28);
    await insertMeasure(db, owner, 'slr', '2026-09-07', 60, 'left');
    await insertMeasure(db, owner, 'slr', '2026-09-07', 65, 'right');
    await insertMeasure(db, owner, 'slr', '2026-09-17', 70, 'left');
    await insertMeasure(db, owner, 'slr', '2026-09-17', 62, 'right');
    await insertMeasure(db, owner, 'sit_and_reach', '2026-09-10', -5);
  });

  it('gives pain baseline, latest, change and the daily series with its 7-day rolling mean', async () => {
    const body = (await get(clinic.therapist, clinic.patient.patientId, RANGE).expect(200))
      .body as ProgressResponse;
    expect(body.from).toBe('2026-09-07');
    expect(body.to).toBe('2026-09-20');
    expect(body.timezone).toBe('Europe/Berlin');
    expect(body.pain).toEqual({
      baseline: 7,
      latest: 4,
      change: -3,
      percentChange: -42.9,
      direction: 'improved',
      clinicallyImportant: true,
      series: [
        { date: '2026-09-07', mean: 7, rolling7: 8 },
        { date: '2026-09-08', mean: 7, rolling7: 7.67 },
        { date: '2026-09-09', mean: 7, rolling7: 7.5 },
        { date: '2026-09-15', mean: 4, rolling7: 5.5 },
        { date: '2026-09-16', mean: 5, rolling7: 4.5 },
        { date: '2026-09-17', mean: 3, rolling7: 4 },
      ],
    });
  });

  it('gives self-reported adherence per ISO week, skipped apart from not logged', async () => {
    const body = (await get(clinic.admin, clinic.patient.patientId, RANGE).expect(200))
      .body as ProgressResponse;
    expect(body.adherence).toEqual({
      selfReported: true,
      prescribed: 14,
      completed: 3,
      skipped: 1,
      notLogged: 10,
      rate: 0.2143,
      weekly: [
        {
          weekStart: '2026-09-07',
          prescribed: 7,
          completed: 2,
          skipped: 1,
          notLogged: 4,
          rate: 0.2857,
        },
        {
          weekStart: '2026-09-14',
          prescribed: 7,
          completed: 1,
          skipped: 0,
          notLogged: 6,
          rate: 0.1429,
        },
      ],
    });
  });

  it('gives each measure in its better direction, per side for the straight-leg raise', async () => {
    const { measures } = (await get(clinic.therapist, clinic.patient.patientId, RANGE).expect(200))
      .body as ProgressResponse;
    expect(Object.keys(measures).sort()).toEqual(['odi', 'sit_and_reach', 'slr']);
    expect(measures.odi).toEqual(
      jasmine.objectContaining({
        betterIs: 'lower',
        baseline: 40,
        latest: 28,
        change: -12,
        percentChange: -30,
        direction: 'improved',
        improved: true,
        clinicallyImportant: true,
        series: [
          { date: '2026-09-07', value: 40 },
          { date: '2026-09-17', value: 28 },
        ],
      }),
    );
    const slr = measures.slr;
    expect(slr?.betterIs).toBe('higher');
    expect(slr?.baseline).toBeNull();
    expect(slr?.series.length).toBe(4);
    expect(slr?.sides?.left).toEqual(
      jasmine.objectContaining({ baseline: 60, latest: 70, change: 10, improved: true }),
    );
    expect(slr?.sides?.right).toEqual(
      jasmine.objectContaining({ baseline: 65, latest: 62, change: -3, direction: 'worsened' }),
    );
    // No flexibility thresholds in REFERENCE: nothing to call clinically important.
    expect(slr?.sides?.left?.clinicallyImportant).toBeNull();
    // Short of the toes: a percentage would mean nothing.
    expect(measures.sit_and_reach).toEqual(
      jasmine.objectContaining({ baseline: -5, latest: -5, change: 0, percentChange: null }),
    );
  });

  it("follows the clinic's thresholds", async () => {
    const own = await createTestClinic(app);
    const ownOwner = {
      clinicId: own.clinicId,
      patientId: own.patient.patientId,
      staffId: own.therapist.userId,
    };
    // Three days at 7, three at 4: 3 points, 42.9 % better.
    for (const [at, score] of [
      ['2026-09-07T09:00:00+02:00', 7],
      ['2026-09-08T09:00:00+02:00', 7],
      ['2026-09-09T09:00:00+02:00', 7],
      ['2026-09-15T09:00:00+02:00', 4],
      ['2026-09-16T09:00:00+02:00', 4],
      ['2026-09-17T09:00:00+02:00', 4],
    ] as const)
      await insertPain(app.dataSource, ownOwner, at, score);
    const before = (await get(own.therapist, own.patient.patientId, RANGE).expect(200))
      .body as ProgressResponse;
    expect(before.pain.clinicallyImportant).toBeTrue();
    await request(app.server)
      .patch(`${API_PREFIX}/clinic`)
      .set('Authorization', `Bearer ${own.admin.token}`)
      .send({ thresholds: { pain: { points: 4, percent: 50 } } })
      .expect(200);
    const after = (await get(own.therapist, own.patient.patientId, RANGE).expect(200))
      .body as ProgressResponse;
    expect(after.pain).toEqual(
      jasmine.objectContaining({ change: -3, percentChange: -42.9, clinicallyImportant: false }),
    );
  });

  it('defaults to the 12 weeks ending today, or from the first plan start when later', async () => {
    const body = (await get(clinic.patient, 'me').expect(200)).body as ProgressResponse;
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(
      new Date(),
    );
    expect(body.to).toBe(today);
    // The plan started on 7 September, less than 12 weeks ago (the clock is late November 2026 or later).
    const twelveWeeks = new Date(`${today}T00:00:00Z`);
    twelveWeeks.setUTCDate(twelveWeeks.getUTCDate() - 83);
    const expected = twelveWeeks.toISOString().slice(0, 10);
    expect(body.from).toBe(expected > '2026-09-07' ? expected : '2026-09-07');
  });

  it('lets the patient read their own progress through me, and audits staff reads', async () => {
    const mine = await get(clinic.patient, 'me', RANGE).expect(200);
    expect((mine.body as ProgressResponse).patientId).toBe(clinic.patient.patientId);
    await get(clinic.therapist, clinic.patient.patientId, RANGE).expect(200);
    const [{ count }]: { count: number }[] = await app.dataSource.query(
      `SELECT count(*)::int AS count FROM audit_event
        WHERE action = 'progress.read' AND patient_id = $1 AND actor_user_id = $2`,
      [clinic.patient.patientId, clinic.therapist.userId],
    );
    expect(count).toBeGreaterThan(0);
  });

  it('answers 404 to another patient and to another clinic', async () => {
    await get(clinic.otherPatient, clinic.patient.patientId, RANGE).expect(404);
    await get(foreign.therapist, clinic.patient.patientId, RANGE).expect(404);
    await get(foreign.admin, clinic.patient.patientId, RANGE).expect(404);
  });

  it('refuses bad ranges with 400 naming the parameter', async () => {
    const cases: [string, string][] = [
      ['?from=2026-09-20&to=2026-09-07', 'from'],
      ['?from=2020-01-01&to=2026-01-01', 'to'],
      ['?from=2020-01-01&to=2025-01-02', 'to'],
      ['?from=2026-02-30', 'from'],
      ['?to=yesterday', 'to'],
      ['?from=2026-9-7', 'from'],
    ];
    for (const [query, field] of cases) {
      const response = await get(clinic.therapist, clinic.patient.patientId, query).expect(400);
      expect((response.body.errors as { field: string }[]).map((error) => error.field))
        .withContext(query)
        .toEqual([field]);
    }
    // Exactly five years is fine, even with two leap days in it.
    for (const range of ['?from=2021-09-20&to=2026-09-20', '?from=2020-01-01&to=2025-01-01'])
      await get(clinic.therapist, clinic.patient.patientId, range).expect(200);
  });

  it('sends the same number of statements for two weeks as for five years', async () => {
    const short = await countQueries(app.dataSource, () =>
      get(clinic.therapist, clinic.patient.patientId, '?from=2026-09-07&to=2026-09-08').expect(200),
    );
    const long = await countQueries(app.dataSource, () =>
      get(clinic.therapist, clinic.patient.patientId, '?from=2021-11-01&to=2026-10-31').expect(200),
    );
    expect(long.count).toBe(short.count);
    expect(short.count).toBeLessThanOrEqual(12);
  });
});
