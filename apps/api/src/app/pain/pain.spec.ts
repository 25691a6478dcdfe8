import type { CreatePainEntryResponse, Page, PainEntry } from '@rehabit/contracts';
import {
  DEFAULT_THRESHOLDS,
  RED_FLAG_PATIENT_MESSAGE,
  addDays,
  dailyPain,
  dailyPainWith,
  localDateOf,
  type LocalDate,
} from '@rehabit/domain';
import { randomUUID } from 'node:crypto';
import { addPatient, createTestClinic, type Actor, type TestClinic } from '../testing/factories';
import { keyStateAfter } from '../testing/idempotency-keys';
import { countQueries } from '../testing/query-counter';
import { getTestApp, type TestApp } from '../testing/test-app';
import { painAlertInputs } from './pain.service';
import { requestsAs } from '../testing/requests';

type PatientActor = Actor & { patientId: string };

const TZ = 'Europe/Berlin';

describe('pain', () => {
  let app: TestApp;
  let clinic: TestClinic;
  let foreign: TestClinic;

  const as = (actor: Actor | null, idempotencyKey?: string) =>
    requestsAs(app, actor, idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {});

  /** A date in the past, in the patient's zone, and a time on it that is the same local day. */
  const today = () => localDateOf(new Date(), TZ);
  const at = (date: LocalDate, hour = 10) => `${date}T${String(hour).padStart(2, '0')}:00:00+01:00`;

  const countRows = async (table: string, patientId: string) => {
    const [row]: { n: number }[] = await app.dataSource.query(
      `SELECT count(*)::int AS n FROM ${table} WHERE patient_id = $1`,
      [patientId],
    );
    return row.n;
  };

  const openAlerts = (patientId: string) =>
    app.dataSource.query(
      `SELECT kind, urgency, detail FROM alert
        WHERE patient_id = $1 AND acknowledged_at IS NULL ORDER BY kind`,
      [patientId],
    ) as Promise<{ kind: string; urgency: string; detail: Record<string, unknown> }[]>;

  async function logPain(
    actor: Actor,
    patientId: string,
    body: object,
  ): Promise<CreatePainEntryResponse> {
    const response = await as(actor)
      .post(`/patients/${patientId}/pain`, {
        recordedAt: at(addDays(today(), -1)),
        score: 3,
        ...body,
      })
      .expect(201);
    return response.body as CreatePainEntryResponse;
  }

  async function freshPatient(): Promise<PatientActor> {
    return addPatient(app, clinic.therapist, 'Fresh Patient');
  }

  beforeAll(async () => {
    app = await getTestApp();
    clinic = await createTestClinic(app, 'Pain clinic');
    foreign = await createTestClinic(app, 'Foreign pain clinic');
  }, 60_000);

  describe('POST /patients/:id/pain', () => {
    it('stores the patient own entry with who recorded it, audited, without advice', async () => {
      const patient = await freshPatient();
      const entry = await logPain(patient, 'me', {
        recordedAt: '2026-01-10T23:30:00-05:00',
        score: 4,
        context: '  After gardening ',
      });
      expect(entry).toEqual({
        id: jasmine.any(String),
        patientId: patient.patientId,
        recordedAt: '2026-01-11T04:30:00.000Z',
        date: '2026-01-11',
        score: 4,
        context: 'After gardening',
        redFlags: [],
        recordedBy: patient.userId,
        recordedByRole: 'patient',
        createdAt: jasmine.any(String),
        advice: null,
      });
      const events: { action: string; actor_user_id: string; patient_id: string }[] =
        await app.dataSource.query(
          `SELECT action, actor_user_id, patient_id FROM audit_event WHERE entity_id = $1`,
          [entry.id],
        );
      expect(events).toEqual([
        { action: 'pain.recorded', actor_user_id: patient.userId, patient_id: patient.patientId },
      ]);
    });

    it('lets staff of the clinic log on the patient behalf, marked as theirs', async () => {
      const patient = await freshPatient();
      const byTherapist = await logPain(clinic.therapist, patient.patientId, { score: 6 });
      const byAdmin = await logPain(clinic.admin, patient.patientId, { score: 5 });
      expect([byTherapist.recordedByRole, byAdmin.recordedByRole]).toEqual(['therapist', 'admin']);
      expect(byTherapist.recordedBy).toBe(clinic.therapist.userId);
      expect(await countRows('pain_entry', patient.patientId)).toBe(2);
    });

    it('refuses another patient, another clinic and anonymous callers, storing nothing', async () => {
      const patient = await freshPatient();
      const body = { recordedAt: at(addDays(today(), -1)), score: 3 };
      const url = `/patients/${patient.patientId}/pain`;
      await as(clinic.otherPatient).post(url, body).expect(404);
      await as(foreign.therapist).post(url, body).expect(404);
      await as(foreign.admin).post(url, body).expect(404);
      await as(foreign.patient).post(url, body).expect(404);
      await as(null).post(url, body).expect(401);
      expect(await countRows('pain_entry', patient.patientId)).toBe(0);
    });

    for (const score of [11, -1, 3.5]) {
      it(`refuses pain ${score} with a problem naming score, storing nothing`, async () => {
        const patient = await freshPatient();
        const response = await as(patient).post('/patients/me/pain', {
          recordedAt: at(addDays(today(), -1)),
          score,
        });
        expect(response.status).toBe(422);
        expect(response.headers['content-type']).toContain('application/problem+json');
        expect(response.body.errors).toEqual([
          { field: 'score', message: 'Pain must be a whole number from 0 to 10' },
        ]);
        expect(await countRows('pain_entry', patient.patientId)).toBe(0);
      });
    }

    it('refuses a score that is not a number (400) and unknown fields', async () => {
      const patient = await freshPatient();
      const notNumber = await as(patient)
        .post('/patients/me/pain', { recordedAt: at(addDays(today(), -1)), score: '5' })
        .expect(400);
      expect(notNumber.body.errors.map((e: { field: string }) => e.field)).toEqual(['score']);
      const unknown = await as(patient)
        .post('/patients/me/pain', { recordedAt: at(addDays(today(), -1)), score: 5, mood: 'ok' })
        .expect(400);
      expect(unknown.body.errors.map((e: { field: string }) => e.field)).toEqual(['mood']);
      expect(await countRows('pain_entry', patient.patientId)).toBe(0);
    });

    it('refuses an unknown red flag with 400 naming redFlags[0], storing nothing', async () => {
      const patient = await freshPatient();
      const response = await as(patient)
        .post('/patients/me/pain', {
          recordedAt: at(addDays(today(), -1)),
          score: 5,
          redFlags: ['headache', 'night_pain'],
        })
        .expect(400);
      expect(response.body.errors).toEqual([
        { field: 'redFlags[0]', message: jasmine.stringContaining('Red flag must be one of') },
      ]);
      expect(await countRows('pain_entry', patient.patientId)).toBe(0);
      expect(await countRows('alert', patient.patientId)).toBe(0);
    });

    it('refuses a time in the future (beyond 5 minutes), without an offset or malformed (422 naming recordedAt)', async () => {
      const patient = await freshPatient();
      const inTenMinutes = new Date(Date.now() + 10 * 60_000).toISOString();
      const inOneMinute = new Date(Date.now() + 60_000).toISOString();
      for (const recordedAt of [
        inTenMinutes,
        '2026-01-10T10:00:00',
        '2026-02-30T10:00:00Z',
        'yesterday',
      ]) {
        const response = await as(patient)
          .post('/patients/me/pain', { recordedAt, score: 2 })
          .expect(422);
        expect(response.body.errors.map((e: { field: string }) => e.field))
          .withContext(recordedAt)
          .toEqual(['recordedAt']);
      }
      expect(await countRows('pain_entry', patient.patientId)).toBe(0);
      // Phone clocks drift: a minute ahead is accepted.
      await as(patient)
        .post('/patients/me/pain', { recordedAt: inOneMinute, score: 2 })
        .expect(201);
    });
  });

  describe('red flags', () => {
    it('opens an urgent red_flag alert with the entry, and the answer carries urgent-care advice', async () => {
      const patient = await freshPatient();
      const entry = await logPain(patient, 'me', {
        score: 7,
        redFlags: ['saddle_numbness', 'leg_weakness'],
      });
      expect(entry.advice).toEqual({ urgent: true, message: RED_FLAG_PATIENT_MESSAGE });
      expect(entry.redFlags).toEqual(['saddle_numbness', 'leg_weakness']);
      const alerts = await openAlerts(patient.patientId);
      expect(alerts).toEqual([
        {
          kind: 'red_flag',
          urgency: 'urgent',
          detail: {
            summary: jasmine.stringContaining('Red flag reported'),
            date: entry.date,
            redFlags: ['saddle_numbness', 'leg_weakness'],
            painEntryIds: [entry.id],
            count: 1,
          },
        },
      ]);
      const events: { action: string }[] = await app.dataSource.query(
        `SELECT action FROM audit_event WHERE patient_id = $1 AND entity_type = 'alert'`,
        [patient.patientId],
      );
      expect(events.map((event) => event.action)).toEqual(['alert.opened']);
    });

    it('keeps one open alert: a second red flag adds its flags and entry to the open one', async () => {
      const patient = await freshPatient();
      const first = await logPain(patient, 'me', { redFlags: ['night_pain'] });
      const second = await logPain(clinic.therapist, patient.patientId, {
        redFlags: ['bladder_bowel_change', 'night_pain'],
      });
      expect(second.advice).not.toBeNull();
      const alerts = await openAlerts(patient.patientId);
      expect(alerts.length).toBe(1);
      expect(alerts[0].detail).toEqual(
        jasmine.objectContaining({
          redFlags: ['bladder_bowel_change', 'night_pain'],
          painEntryIds: [first.id, second.id],
          count: 2,
        }),
      );
      expect(await countRows('alert', patient.patientId)).toBe(1);
      // Once acknowledged, the next red flag opens a new alert.
      await app.dataSource.query(
        `UPDATE alert SET acknowledged_at = now(), acknowledged_by = $2 WHERE patient_id = $1`,
        [patient.patientId, clinic.therapist.userId],
      );
      await logPain(patient, 'me', { redFlags: ['fever_weight_loss'] });
      expect(await countRows('alert', patient.patientId)).toBe(2);
      expect((await openAlerts(patient.patientId))[0].detail['redFlags']).toEqual([
        'fever_weight_loss',
      ]);
    });

    it('commits the alert only with the entry: a failure at commit leaves neither', async () => {
      const patient = await freshPatient();
      const marker = `fail-${randomUUID()}`;
      // A deferred constraint trigger fails at COMMIT, after the alert was written in the
      // same transaction; if the alert had its own transaction it would survive.
      await app.dataSource.query(`
        CREATE FUNCTION pain_spec_fail() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'forced failure' USING ERRCODE = 'check_violation'; END $$`);
      await app.dataSource.query(`
        CREATE CONSTRAINT TRIGGER pain_spec_fail AFTER INSERT ON pain_entry
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
        WHEN (NEW.context = '${marker}') EXECUTE FUNCTION pain_spec_fail()`);
      try {
        const response = await as(patient).post('/patients/me/pain', {
          recordedAt: at(addDays(today(), -1)),
          score: 8,
          context: marker,
          redFlags: ['saddle_numbness'],
        });
        expect(response.status).toBe(500);
      } finally {
        await app.dataSource.query(`DROP TRIGGER pain_spec_fail ON pain_entry`);
        await app.dataSource.query(`DROP FUNCTION pain_spec_fail`);
      }
      expect(await countRows('pain_entry', patient.patientId)).toBe(0);
      expect(await countRows('alert', patient.patientId)).toBe(0);
      // Without the failure the same request stores both.
      await logPain(patient, 'me', { score: 8, redFlags: ['saddle_numbness'] });
      expect(await countRows('alert', patient.patientId)).toBe(1);
    });
  });

  describe('pain spikes', () => {
    const days = (n: number) => addDays(today(), -n);

    it('opens a routine pain_spike alert when the day is 2 or more above the previous 7 days', async () => {
      const patient = await freshPatient();
      for (const [n, score] of [
        [4, 2],
        [3, 3],
        [2, 1],
      ] as const)
        await logPain(patient, 'me', { recordedAt: at(days(n)), score });
      expect(await openAlerts(patient.patientId)).toEqual([]);
      // Previous mean 2; this day 4 → exactly 2 above.
      const spike = await logPain(patient, 'me', { recordedAt: at(days(1)), score: 4 });
      expect(spike.advice).toBeNull();
      expect(await openAlerts(patient.patientId)).toEqual([
        {
          kind: 'pain_spike',
          urgency: 'routine',
          detail: {
            summary: jasmine.stringContaining('points above the previous 7-day mean of 2'),
            date: days(1),
            painEntryIds: [spike.id],
            count: 1,
          },
        },
      ]);
    });

    it('does not open one below the threshold, on a first entry, or from days outside the window', async () => {
      const patient = await freshPatient();
      await logPain(patient, 'me', { recordedAt: at(days(12)), score: 0 }); // first entry: nothing to compare
      await logPain(patient, 'me', { recordedAt: at(days(3)), score: 3 });
      // 12 days back is outside the 7-day window: the mean is 3, and 4.5 is 1.5 above it.
      await logPain(patient, 'me', { recordedAt: at(days(1), 8), score: 4 });
      await logPain(patient, 'me', { recordedAt: at(days(1), 20), score: 5 });
      expect(await openAlerts(patient.patientId)).toEqual([]);
      // A second entry that lifts the day's mean to 2 above opens it (the day's mean counts).
      await logPain(patient, 'me', { recordedAt: at(days(1), 21), score: 6 }); // (4+5+6)/3 = 5
      expect((await openAlerts(patient.patientId)).map((alert) => alert.kind)).toEqual([
        'pain_spike',
      ]);
    });

    it("uses the clinic's thresholds when its settings have them", async () => {
      const own = await createTestClinic(app, 'Strict spike clinic');
      await app.dataSource.query(
        `UPDATE clinic SET settings = jsonb_build_object('thresholds', '{"painSpike": {"points": 1, "windowDays": 7}}'::jsonb) WHERE id = $1`,
        [own.clinicId],
      );
      await logPain(own.patient, 'me', { recordedAt: at(days(2)), score: 3 });
      await logPain(own.patient, 'me', { recordedAt: at(days(1)), score: 4 });
      expect((await openAlerts(own.patient.patientId)).map((alert) => alert.kind)).toEqual([
        'pain_spike',
      ]);
    });

    it('totals each local day in SQL as the domain does, in the patient zone, over the longest window', async () => {
      const patient = await freshPatient();
      const entries: { recordedAt: string; score: number }[] = [];
      // Late evening and early morning entries around local midnight, over the 28 days any
      // clinic's window can reach, and one day before them that no window reaches.
      for (let n = 30; n >= 1; n--) {
        for (const time of ['T23:30:00+01:00', 'T00:15:00+01:00', 'T22:45:00Z']) {
          const entry = { recordedAt: `${days(n)}${time}`, score: (n * 7 + time.length) % 11 };
          entries.push(entry);
          await as(patient).post('/patients/me/pain', entry).expect(201);
        }
      }
      const { thresholds, totals } = await painAlertInputs(
        app.dataSource.manager,
        clinic.clinicId,
        patient.patientId,
        TZ,
        days(1),
      );
      expect(thresholds).toEqual(DEFAULT_THRESHOLDS);
      const reached = dailyPain(entries, TZ).filter((day) => day.date >= days(29));
      expect(reached[0].date).toBe(days(29));
      expect(totals.map((day) => day.date)).toEqual(reached.map((day) => day.date));
      expect(dailyPainWith(totals, [], TZ)).toEqual(reached);
    });
  });

  describe('GET /patients/:id/pain', () => {
    let patient: PatientActor;
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      patient = await addPatient(app, clinic.therapist, 'Listed Patient');
      // 23:30 in Berlin on the 9th is the 10th in UTC: it counts for the 9th.
      for (const [name, recordedAt] of [
        ['a', '2026-01-08T10:00:00+01:00'],
        ['b', '2026-01-09T23:30:00+01:00'],
        ['c', '2026-01-10T00:30:00+01:00'],
        ['d', '2026-01-11T09:00:00+01:00'],
      ])
        ids[name] = (await logPain(patient, 'me', { recordedAt, score: 2 })).id;
    }, 30_000);

    const list = async (actor: Actor, query = '') =>
      (await as(actor).get(`/patients/${patient.patientId}/pain${query}`).expect(200))
        .body as Page<PainEntry>;

    it('lists newest first, to the patient and to staff (whose read is audited)', async () => {
      const own = await list(patient);
      expect(own.items.map((item) => item.id)).toEqual([ids['d'], ids['c'], ids['b'], ids['a']]);
      expect(own.nextCursor).toBeNull();
      const before: { n: number }[] = await app.dataSource.query(
        `SELECT count(*)::int AS n FROM audit_event WHERE patient_id = $1 AND action = 'pain.listed'`,
        [patient.patientId],
      );
      expect(before[0].n).toBe(0);
      expect((await list(clinic.therapist)).items.length).toBe(4);
      const after: { n: number }[] = await app.dataSource.query(
        `SELECT count(*)::int AS n FROM audit_event WHERE patient_id = $1 AND action = 'pain.listed'`,
        [patient.patientId],
      );
      expect(after[0].n).toBe(1);
    });

    it('filters on the local date of each entry', async () => {
      expect(
        (await list(patient, '?from=2026-01-09&to=2026-01-09')).items.map((i) => i.id),
      ).toEqual([ids['b']]);
      expect((await list(patient, '?from=2026-01-10')).items.map((i) => i.id)).toEqual([
        ids['d'],
        ids['c'],
      ]);
      expect((await list(patient, '?to=2026-01-08')).items.map((i) => i.id)).toEqual([ids['a']]);
    });

    it('pages with limit and cursor', async () => {
      const first = await list(patient, '?limit=3');
      expect(first.items.map((i) => i.id)).toEqual([ids['d'], ids['c'], ids['b']]);
      const second = await list(patient, `?limit=3&cursor=${first.nextCursor}`);
      expect(second.items.map((i) => i.id)).toEqual([ids['a']]);
      expect(second.nextCursor).toBeNull();
    });

    it('refuses from after to (naming from), bad dates, bad limits and forged cursors', async () => {
      const url = `/patients/${patient.patientId}/pain`;
      const fields = async (query: string) =>
        (await as(patient).get(`${url}${query}`).expect(400)).body.errors.map(
          (e: { field: string }) => e.field,
        );
      expect(await fields('?from=2026-01-10&to=2026-01-09')).toEqual(['from']);
      expect(await fields('?from=2026-02-30')).toEqual(['from']);
      expect(await fields('?limit=0')).toEqual(['limit']);
      expect(await fields('?cursor=bm9wZQ')).toEqual(['cursor']);
    });

    it('refuses another patient and other clinics (404) and anonymous callers (401)', async () => {
      const url = `/patients/${patient.patientId}/pain`;
      await as(clinic.otherPatient).get(url).expect(404);
      await as(foreign.therapist).get(url).expect(404);
      await as(foreign.patient).get(url).expect(404);
      await as(null).get(url).expect(401);
    });
  });

  describe('DELETE /pain/:id', () => {
    it('soft-deletes: hidden from the list, kept with who and why, audited with the reason', async () => {
      const patient = await freshPatient();
      const kept = await logPain(patient, 'me', { score: 2 });
      const entry = await logPain(patient, 'me', { score: 9 });
      await as(patient)
        .delete(`/pain/${entry.id}`, { reason: 'Pressed the wrong number' })
        .expect(204);
      const list = (await as(patient).get('/patients/me/pain').expect(200)).body as Page<PainEntry>;
      expect(list.items.map((item) => item.id)).toEqual([kept.id]);
      const [row]: { deleted_by: string; delete_reason: string; deleted: boolean }[] =
        await app.dataSource.query(
          `SELECT deleted_by, delete_reason, deleted_at IS NOT NULL AS deleted FROM pain_entry WHERE id = $1`,
          [entry.id],
        );
      expect(row).toEqual({
        deleted_by: patient.userId,
        delete_reason: 'Pressed the wrong number',
        deleted: true,
      });
      const events: { action: string; detail: object }[] = await app.dataSource.query(
        `SELECT action, detail FROM audit_event WHERE entity_id = $1 ORDER BY id`,
        [entry.id],
      );
      expect(events).toEqual([
        { action: 'pain.recorded', detail: { redFlags: 0 } },
        { action: 'pain.deleted', detail: { reason: 'Pressed the wrong number' } },
      ]);
      // Deleting again changes nothing and is not an error (a retried request).
      await as(clinic.therapist).delete(`/pain/${entry.id}`, { reason: 'Again' }).expect(204);
      const [again]: { delete_reason: string }[] = await app.dataSource.query(
        `SELECT delete_reason FROM pain_entry WHERE id = $1`,
        [entry.id],
      );
      expect(again.delete_reason).toBe('Pressed the wrong number');
    });

    it('never removes a row, even by SQL', async () => {
      const patient = await freshPatient();
      const entry = await logPain(patient, 'me', {});
      await expectAsync(
        app.dataSource.query(`DELETE FROM pain_entry WHERE id = $1`, [entry.id]),
      ).toBeRejected();
      expect(await countRows('pain_entry', patient.patientId)).toBe(1);
    });

    it('requires a reason', async () => {
      const patient = await freshPatient();
      const entry = await logPain(patient, 'me', {});
      for (const body of [{}, { reason: '   ' }, { reason: 'x'.repeat(501) }]) {
        const response = await as(patient).delete(`/pain/${entry.id}`, body).expect(400);
        expect(response.body.errors.map((e: { field: string }) => e.field)).toContain('reason');
      }
    });

    it('lets staff delete any entry of their clinic; a patient only their own, within 7 days', async () => {
      const patient = await freshPatient();
      const reason = { reason: 'Wrong patient' };
      const byStaff = await logPain(clinic.therapist, patient.patientId, {});
      const old = await logPain(patient, 'me', {});
      const own = await logPain(patient, 'me', {});
      await app.dataSource.query(
        `UPDATE pain_entry SET created_at = now() - interval '8 days' WHERE id = $1`,
        [old.id],
      );
      // Another patient's entry does not exist for this patient; one staff logged is theirs to remove.
      await as(clinic.otherPatient).delete(`/pain/${own.id}`, reason).expect(404);
      await as(patient).delete(`/pain/${byStaff.id}`, reason).expect(403);
      const late = await as(patient).delete(`/pain/${old.id}`, reason).expect(403);
      expect(late.body.detail).toContain('within 7 days');
      await as(foreign.admin).delete(`/pain/${own.id}`, reason).expect(404);
      await as(null).delete(`/pain/${own.id}`, reason).expect(401);
      await as(clinic.therapist).delete('/pain/not-a-uuid', reason).expect(404);
      const live: { id: string }[] = await app.dataSource.query(
        `SELECT id FROM pain_entry WHERE patient_id = $1 AND deleted_at IS NULL ORDER BY id`,
        [patient.patientId],
      );
      expect(live.length).toBe(3);
      await as(patient).delete(`/pain/${own.id}`, reason).expect(204);
      await as(clinic.admin).delete(`/pain/${old.id}`, reason).expect(204);
      await as(clinic.therapist).delete(`/pain/${byStaff.id}`, reason).expect(204);
      expect(
        await app.dataSource.query(
          `SELECT id FROM pain_entry WHERE patient_id = $1 AND deleted_at IS NULL`,
          [patient.patientId],
        ),
      ).toEqual([]);
      const denied: { n: number }[] = await app.dataSource.query(
        `SELECT count(*)::int AS n FROM audit_event
          WHERE patient_id = $1 AND action = 'access.denied' AND entity_type = 'pain_entry'`,
        [patient.patientId],
      );
      expect(denied[0].n).toBe(3);
    });
  });

  describe('Idempotency-Key', () => {
    it('answers a retry with the first answer, storing nothing new; another body is 422', async () => {
      const patient = await freshPatient();
      const key = randomUUID();
      const body = { recordedAt: at(addDays(today(), -1)), score: 5, redFlags: ['night_pain'] };
      const first = await as(patient, key).post('/patients/me/pain', body).expect(201);
      expect(first.headers['idempotent-replayed']).toBeUndefined();
      const retry = await as(patient, key).post('/patients/me/pain', body).expect(201);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(retry.body).toEqual(first.body);
      expect(await countRows('pain_entry', patient.patientId)).toBe(1);
      expect(await countRows('alert', patient.patientId)).toBe(1);
      const changed = await as(patient, key)
        .post('/patients/me/pain', { ...body, score: 6 })
        .expect(422);
      expect(changed.headers['content-type']).toContain('application/problem+json');
      expect(await countRows('pain_entry', patient.patientId)).toBe(1);
      // The key belongs to the caller: the same key from someone else is a new request.
      await as(clinic.therapist, key).post(`/patients/${patient.patientId}/pain`, body).expect(201);
      expect(await countRows('pain_entry', patient.patientId)).toBe(2);
    });

    it('stores a keyed entry opening no alert in one statement, its key marked committed with it', async () => {
      const patient = await freshPatient();
      const key = randomUUID();
      const body = { recordedAt: at(addDays(today(), -1)), score: 3 };
      const {
        result: { result: response, statements },
        state,
      } = await keyStateAfter(app.dataSource, key, /INSERT INTO pain_entry/, () =>
        countQueries(app.dataSource, () =>
          as(patient, key).post('/patients/me/pain', body).expect(201),
        ),
      );
      const stored = statements.filter((sql) =>
        /INSERT INTO (pain_entry|audit_event)|COMMIT/.test(sql),
      );
      expect(stored.length).withContext(stored.join('\n---\n')).toBe(1);
      expect(stored[0]).toMatch(/INSERT INTO audit_event/);
      expect(stored[0]).toMatch(/UPDATE idempotency_key SET state = 'committed'/);
      // Claim the key, the token's principal, what the entry is judged against; then, done.
      expect(statements.length).withContext(statements.join('\n---\n')).toBe(5);
      expect(state).toBe('committed');
      const list = await as(patient).get('/patients/me/pain').expect(200);
      const { advice, ...entry } = response.body as CreatePainEntryResponse;
      expect(advice).toBeNull();
      expect((list.body as Page<PainEntry>).items).toEqual([entry]);
    });

    it('stores exactly one entry for 50 identical concurrent requests with one key', async () => {
      const patient = await freshPatient();
      const key = randomUUID();
      const body = { recordedAt: at(addDays(today(), -1)), score: 4 };
      const responses = await Promise.all(
        Array.from({ length: 50 }, () => as(patient, key).post('/patients/me/pain', body)),
      );
      const statuses = responses.map((response) => response.status);
      expect(statuses.filter((status) => status !== 201 && status !== 409)).toEqual([]);
      const created = responses.filter((response) => response.status === 201);
      expect(created.length).toBeGreaterThanOrEqual(1);
      expect(new Set(created.map((response) => response.body.id)).size).toBe(1);
      expect(await countRows('pain_entry', patient.patientId)).toBe(1);
    }, 60_000);
  });
});
