import { createTestClinic, uniqueEmail, type TestClinic } from '../testing/factories';
import { countQueries } from '../testing/query-counter';
import { getTestApp, type TestApp } from '../testing/test-app';
import { insertPlan, insertSession, type HistoryOwner } from '../progress/history.testing';
import { AlertsSweepService } from './alerts-sweep.service';

interface AlertRow {
  id: string;
  detail: { date: string; count: number; summary: string };
  acknowledged_at: Date | null;
  updated_at: Date;
}

describe('missed-sessions sweep', () => {
  let app: TestApp;
  let clinic: TestClinic;
  let sweep: AlertsSweepService;

  const alertsOf = (patientId: string): Promise<AlertRow[]> =>
    app.dataSource.query(
      `SELECT id, detail, acknowledged_at, updated_at FROM alert
        WHERE patient_id = $1 AND kind = 'missed_sessions' ORDER BY created_at`,
      [patientId],
    );
  // Noon in Berlin (CEST) on a day of September 2026.
  const noon = (date: string) => new Date(`${date}T12:00:00+02:00`);

  /** A patient in Berlin of the test clinic, written straight into the tables. */
  async function newPatient(): Promise<HistoryOwner> {
    const [{ id: userId }]: { id: string }[] = await app.dataSource.query(
      `INSERT INTO app_user (clinic_id, email, display_name, role) VALUES ($1, $2, 'Sweep', 'patient') RETURNING id`,
      [clinic.clinicId, uniqueEmail('sweep')],
    );
    const [{ id: patientId }]: { id: string }[] = await app.dataSource.query(
      `INSERT INTO patient (clinic_id, user_id, display_name, timezone) VALUES ($1, $2, 'Sweep', 'Europe/Berlin') RETURNING id`,
      [clinic.clinicId, userId],
    );
    return { clinicId: clinic.clinicId, patientId, staffId: clinic.therapist.userId };
  }

  /** Monday to Friday from Monday 7 September; done on the Monday only. */
  async function weekdaysPatient(): Promise<HistoryOwner> {
    const owner = await newPatient();
    const plan = await insertPlan(app.dataSource, owner, {
      startDate: '2026-09-07',
      revisions: [{ effectiveFrom: '2026-09-07', items: [{ daysOfWeek: [1, 2, 3, 4, 5] }] }],
    });
    await insertSession(
      app.dataSource,
      owner,
      { planId: plan.planId, revisionId: plan.revisions[0].id },
      '2026-09-07',
      [{ planItemId: plan.revisions[0].itemIds[0], completed: true }],
    );
    return owner;
  }

  beforeAll(async () => {
    app = await getTestApp();
    clinic = await createTestClinic(app);
    sweep = app.app.get(AlertsSweepService);
  });

  it('raises nothing before 3 due days have passed without a completed session', async () => {
    const weekdays = await weekdaysPatient();
    // Thursday: the last 3 due days before today are Monday (done), Tuesday and Wednesday.
    await sweep.sweepMissedSessions(noon('2026-09-10'));
    expect(await alertsOf(weekdays.patientId)).toEqual([]);
  });

  it('raises missed_sessions after 3 due days, once, however often it runs', async () => {
    const weekdays = await weekdaysPatient();
    // Friday: Tuesday, Wednesday and Thursday were due and missed. Today is not over.
    await sweep.sweepMissedSessions(noon('2026-09-11'));
    const first = await alertsOf(weekdays.patientId);
    expect(first.length).toBe(1);
    expect(first[0].detail).toEqual(jasmine.objectContaining({ date: '2026-09-10', count: 1 }));
    expect(first[0].detail.summary).toContain('2026-09-08, 2026-09-09, 2026-09-10');

    await sweep.sweepMissedSessions(noon('2026-09-11'));
    await sweep.sweepMissedSessions(new Date('2026-09-11T21:59:00Z'));
    expect(await alertsOf(weekdays.patientId)).toEqual(first);

    // Acknowledged: the same finding does not come back the same day.
    await app.dataSource.query(
      `UPDATE alert SET acknowledged_at = now(), acknowledged_by = $2 WHERE id = $1`,
      [first[0].id, clinic.therapist.userId],
    );
    await sweep.sweepMissedSessions(noon('2026-09-11'));
    expect((await alertsOf(weekdays.patientId)).length).toBe(1);
  });

  it('does not count paused days as due', async () => {
    // Every day, but paused from Tuesday to Thursday; nothing ever done.
    const paused = await newPatient();
    await insertPlan(app.dataSource, paused, {
      startDate: '2026-09-07',
      revisions: [{ effectiveFrom: '2026-09-07', items: [{ daysOfWeek: [1, 2, 3, 4, 5, 6, 7] }] }],
      statusChanges: [
        { status: 'paused', at: '2026-09-08T07:00:00+02:00' },
        { status: 'active', at: '2026-09-11T07:00:00+02:00' },
      ],
    });
    // Saturday: due days were Monday and Friday only (paused Tuesday to Thursday).
    await sweep.sweepMissedSessions(noon('2026-09-12'));
    expect(await alertsOf(paused.patientId)).toEqual([]);
    // Sunday: Monday, Friday and Saturday — three due days missed.
    await sweep.sweepMissedSessions(noon('2026-09-13'));
    const alerts = await alertsOf(paused.patientId);
    expect(alerts.length).toBe(1);
    expect(alerts[0].detail.summary).toContain('2026-09-07, 2026-09-11, 2026-09-12');
  });

  it('reads in a fixed number of statements per batch', async () => {
    await weekdaysPatient();
    const now = noon('2026-09-20');
    await sweep.sweepMissedSessions(now);
    // Nothing new to raise the second time: one page of reads only.
    const again = await countQueries(app.dataSource, () => sweep.sweepMissedSessions(now, 10_000));
    expect(again.result.raised).toBe(0);
    expect(again.count).toBeLessThanOrEqual(5);
    // Pages of 7 patients: four reads a page, and one more read ends it.
    const paged = await countQueries(app.dataSource, () => sweep.sweepMissedSessions(now, 7));
    const pages = Math.ceil(paged.result.patients / 7);
    expect(paged.count).toBeLessThanOrEqual(pages * 4 + 1);
  });
});
