import type { Alert, Page } from '@rehabit/contracts';
import { addDays, localDateOf } from '@rehabit/domain';
import { addPatient, createTestClinic, type Actor, type TestClinic } from '../testing/factories';
import { getTestApp, type TestApp } from '../testing/test-app';
import { requestsAs } from '../testing/requests';

describe('alerts', () => {
  let app: TestApp;
  let clinic: TestClinic;
  let foreign: TestClinic;

  const as = (actor: Actor | null) => requestsAs(app, actor);

  const day = (n: number) => addDays(localDateOf(new Date(), 'Europe/Berlin'), -n);
  const logPain = (actor: Actor, body: object) =>
    as(actor)
      .post('/patients/me/pain', { recordedAt: `${day(1)}T10:00:00+01:00`, score: 3, ...body })
      .expect(201);

  /** A patient with an open pain_spike (routine) alert, raised first, then a red_flag (urgent). */
  async function patientWithBothAlerts() {
    const patient = await addPatient(app, clinic.therapist, 'Alerted Patient');
    await logPain(patient, { recordedAt: `${day(3)}T10:00:00+01:00`, score: 1 });
    await logPain(patient, { recordedAt: `${day(2)}T10:00:00+01:00`, score: 6 });
    await logPain(patient, { redFlags: ['night_pain'] });
    return patient;
  }

  const openOf = async (actor: Actor, patientId: string) =>
    (
      (await as(actor).get(`/alerts?status=open&patientId=${patientId}`).expect(200))
        .body as Page<Alert>
    ).items;

  beforeAll(async () => {
    app = await getTestApp();
    clinic = await createTestClinic(app, 'Alerts clinic');
    foreign = await createTestClinic(app, 'Foreign alerts clinic');
  }, 60_000);

  describe('GET /alerts', () => {
    it('lists the clinic open alerts urgent first, with the API fields', async () => {
      const patient = await patientWithBothAlerts();
      const items = await openOf(clinic.therapist, patient.patientId);
      expect(items.map((alert) => [alert.kind, alert.urgency])).toEqual([
        ['red_flag', 'urgent'],
        ['pain_spike', 'routine'],
      ]);
      expect(items[0]).toEqual({
        id: jasmine.any(String),
        patientId: patient.patientId,
        kind: 'red_flag',
        urgency: 'urgent',
        detail: jasmine.objectContaining({ redFlags: ['night_pain'], count: 1 }),
        createdAt: jasmine.any(String),
        acknowledgedAt: null,
        acknowledgedBy: null,
      });
      // The admin sees them too; the other clinic sees none of them.
      expect((await openOf(clinic.admin, patient.patientId)).length).toBe(2);
      expect(await openOf(foreign.admin, patient.patientId)).toEqual([]);
    });

    it('pages urgent first across pages, every alert once', async () => {
      const own = await createTestClinic(app, 'Paged alerts clinic');
      const patients = [own.patient, own.otherPatient];
      for (const patient of patients) {
        await logPain(patient, { recordedAt: `${day(3)}T10:00:00+01:00`, score: 0 });
        await logPain(patient, { recordedAt: `${day(2)}T10:00:00+01:00`, score: 5 });
        await logPain(patient, { redFlags: ['leg_weakness'] });
      }
      const seen: Alert[] = [];
      let cursor: string | null = '';
      while (cursor !== null) {
        const page = (
          await as(own.therapist)
            .get(`/alerts?status=open&limit=1${cursor ? `&cursor=${cursor}` : ''}`)
            .expect(200)
        ).body as Page<Alert>;
        seen.push(...page.items);
        cursor = page.nextCursor;
      }
      expect(seen.map((alert) => alert.urgency)).toEqual([
        'urgent',
        'urgent',
        'routine',
        'routine',
      ]);
      expect(new Set(seen.map((alert) => alert.id)).size).toBe(4);
    });

    it('refuses patients (403) and anonymous callers (401), and a bad status (400)', async () => {
      await as(clinic.patient).get('/alerts').expect(403);
      await as(null).get('/alerts').expect(401);
      const bad = await as(clinic.therapist).get('/alerts?status=closed').expect(400);
      expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['status']);
    });
  });

  describe('POST /alerts/:id/acknowledge', () => {
    it('records who and when, audited; the alert leaves the open list and the next occurrence opens a new one', async () => {
      const patient = await patientWithBothAlerts();
      const [redFlag] = await openOf(clinic.therapist, patient.patientId);
      const response = await as(clinic.therapist)
        .post(`/alerts/${redFlag.id}/acknowledge`)
        .expect(200);
      expect(response.body).toEqual(
        jasmine.objectContaining({
          id: redFlag.id,
          acknowledgedAt: jasmine.any(String),
          acknowledgedBy: clinic.therapist.userId,
        }),
      );
      expect((await openOf(clinic.therapist, patient.patientId)).map((a) => a.kind)).toEqual([
        'pain_spike',
      ]);
      const events: { action: string; actor_user_id: string }[] = await app.dataSource.query(
        `SELECT action, actor_user_id FROM audit_event WHERE entity_id = $1 ORDER BY id`,
        [redFlag.id],
      );
      expect(events).toEqual([
        { action: 'alert.opened', actor_user_id: patient.userId },
        { action: 'alert.acknowledged', actor_user_id: clinic.therapist.userId },
      ]);
      // Again (a retry, or a colleague): the first acknowledgement stands, nothing is audited.
      const again = await as(clinic.admin).post(`/alerts/${redFlag.id}/acknowledge`).expect(200);
      expect(again.body).toEqual(response.body);
      expect(
        (
          await app.dataSource.query(`SELECT id FROM audit_event WHERE entity_id = $1`, [
            redFlag.id,
          ])
        ).length,
      ).toBe(2);
      await logPain(patient, { redFlags: ['saddle_numbness'] });
      const open = await openOf(clinic.therapist, patient.patientId);
      expect(open.map((a) => a.kind)).toEqual(['red_flag', 'pain_spike']);
      expect(open[0].id).not.toBe(redFlag.id);
      expect(open[0].detail.redFlags).toEqual(['saddle_numbness']);
    });

    it('refuses patients (403), other clinics and unknown ids (404), anonymous callers (401)', async () => {
      const patient = await patientWithBothAlerts();
      const [alert] = await openOf(clinic.therapist, patient.patientId);
      await as(patient).post(`/alerts/${alert.id}/acknowledge`).expect(403);
      await as(foreign.therapist).post(`/alerts/${alert.id}/acknowledge`).expect(404);
      await as(foreign.admin).post(`/alerts/${alert.id}/acknowledge`).expect(404);
      await as(clinic.therapist).post('/alerts/not-an-id/acknowledge').expect(404);
      await as(null).post(`/alerts/${alert.id}/acknowledge`).expect(401);
      const [row]: { acknowledged_at: Date | null }[] = await app.dataSource.query(
        `SELECT acknowledged_at FROM alert WHERE id = $1`,
        [alert.id],
      );
      expect(row.acknowledged_at).toBeNull();
    });
  });

  describe('one open alert per patient and kind', () => {
    it('holds under concurrent red flags: every entry stored, one open alert counting them all', async () => {
      const patient = await addPatient(app, clinic.therapist, 'Concurrent Flags');
      const responses = await Promise.all(
        Array.from({ length: 10 }, () =>
          as(patient).post('/patients/me/pain', {
            recordedAt: `${day(1)}T10:00:00+01:00`,
            score: 5,
            redFlags: ['bladder_bowel_change'],
          }),
        ),
      );
      expect(responses.map((response) => response.status)).toEqual(Array(10).fill(201));
      const alerts: { detail: { count: number; painEntryIds: string[] } }[] =
        await app.dataSource.query(`SELECT detail FROM alert WHERE patient_id = $1`, [
          patient.patientId,
        ]);
      expect(alerts.length).toBe(1);
      expect(alerts[0].detail.count).toBe(10);
      expect([...alerts[0].detail.painEntryIds].sort()).toEqual(
        responses.map((response) => response.body.id as string).sort(),
      );
    });

    it('is enforced by the database too', async () => {
      const patient = await addPatient(app, clinic.therapist, 'Unique Alerts');
      const insert = () =>
        app.dataSource.query(
          `INSERT INTO alert (clinic_id, patient_id, kind, urgency, detail)
           VALUES ($1, $2, 'missed_sessions', 'routine', '{}')`,
          [clinic.clinicId, patient.patientId],
        );
      await insert();
      await expectAsync(insert()).toBeRejected();
    });
  });
});
