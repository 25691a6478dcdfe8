import type { Measure, Page } from '@rehabit/contracts';
import { addDays, localDateOf } from '@rehabit/domain';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { addPatient, createTestClinic, type Actor, type TestClinic } from '../testing/factories';
import { getTestApp, type TestApp } from '../testing/test-app';
import { requestsAs } from '../testing/requests';

type PatientActor = Actor & { patientId: string };

describe('measures', () => {
  let app: TestApp;
  let clinic: TestClinic;
  let foreign: TestClinic;

  const as = (actor: Actor | null, idempotencyKey?: string) =>
    requestsAs(app, actor, idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {});

  const yesterday = () => addDays(localDateOf(new Date(), 'Europe/Berlin'), -1);
  const fields = (response: request.Response) =>
    (response.body.errors as { field: string }[]).map((error) => error.field);
  const countRows = async (patientId: string) => {
    const [row]: { n: number }[] = await app.dataSource.query(
      `SELECT count(*)::int AS n FROM measure WHERE patient_id = $1`,
      [patientId],
    );
    return row.n;
  };

  async function record(actor: Actor, patientId: string, body: object): Promise<Measure> {
    const response = await as(actor)
      .post(`/patients/${patientId}/measures`, { recordedOn: yesterday(), ...body })
      .expect(201);
    return response.body as Measure;
  }

  const freshPatient = (): Promise<PatientActor> =>
    addPatient(app, clinic.therapist, 'Measured Patient');

  beforeAll(async () => {
    app = await getTestApp();
    clinic = await createTestClinic(app, 'Measures clinic');
    foreign = await createTestClinic(app, 'Foreign measures clinic');
  }, 60_000);

  describe('POST /patients/:id/measures', () => {
    it('records a therapist SLR per side with its unit, told apart from patient-answered, audited', async () => {
      const patient = await freshPatient();
      const slr = await record(clinic.therapist, patient.patientId, {
        type: 'slr',
        side: 'left',
        value: 62.5,
      });
      expect(slr).toEqual({
        id: jasmine.any(String),
        patientId: patient.patientId,
        type: 'slr',
        recordedOn: yesterday(),
        side: 'left',
        value: 62.5,
        unit: 'degrees',
        answers: null,
        score: null,
        band: null,
        recordedBy: clinic.therapist.userId,
        recordedByRole: 'therapist',
        createdAt: jasmine.any(String),
      });
      const reach = await record(patient, 'me', { type: 'sit_and_reach', value: -4 });
      expect([reach.unit, reach.side, reach.value, reach.recordedByRole]).toEqual([
        'cm',
        null,
        -4,
        'patient',
      ]);
      const events: { action: string; detail: object }[] = await app.dataSource.query(
        `SELECT action, detail FROM audit_event WHERE entity_id IN ($1, $2) ORDER BY id`,
        [slr.id, reach.id],
      );
      expect(events).toEqual([
        { action: 'measure.recorded', detail: { type: 'slr' } },
        { action: 'measure.recorded', detail: { type: 'sit_and_reach' } },
      ]);
    });

    it('scores ODI with every section answered: sum 16 → 32.0 %, moderate', async () => {
      const odi = await record(clinic.patient, 'me', {
        type: 'odi',
        answers: [2, 2, 2, 2, 2, 2, 1, 1, 1, 1],
      });
      expect([odi.score, odi.band, odi.unit, odi.value]).toEqual([32, 'moderate', 'percent', null]);
      expect(odi.answers).toEqual([2, 2, 2, 2, 2, 2, 1, 1, 1, 1]);
    });

    it('scores ODI with one section skipped: sum 16 over 9 → 35.6 %', async () => {
      const odi = await record(clinic.patient, 'me', {
        type: 'odi',
        answers: [2, 2, 2, 2, 2, 2, 2, 1, 1, null],
      });
      expect(odi.score).toBe(35.6);
      expect(odi.answers?.[9]).toBeNull();
    });

    it('refuses ODI with two sections skipped: 422 with the reason, naming answers, nothing stored', async () => {
      const patient = await freshPatient();
      const response = await as(patient)
        .post('/patients/me/measures', {
          type: 'odi',
          recordedOn: yesterday(),
          answers: [2, 2, 2, 2, 2, 2, 2, 2, null, null],
        })
        .expect(422);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.body.reason).toBe('too_many_skipped');
      expect(response.body.detail).toContain('2 sections were skipped; at most 1');
      expect(fields(response)).toEqual(['answers']);
      expect(await countRows(patient.patientId)).toBe(0);
    });

    it("allows more skipped sections where the clinic's settings say so", async () => {
      const own = await createTestClinic(app, 'Lenient ODI clinic');
      await app.dataSource.query(
        `UPDATE clinic SET settings = '{"thresholds": {"odi": {"maxSkipped": 2}}}'::jsonb WHERE id = $1`,
        [own.clinicId],
      );
      const odi = await record(own.patient, 'me', {
        type: 'odi',
        answers: [2, 2, 2, 2, 2, 2, 2, 2, null, null],
      });
      expect(odi.score).toBe(40);
    });

    it('refuses answers of the wrong length or out of range, naming them, nothing stored', async () => {
      const patient = await freshPatient();
      const post = (body: object) =>
        as(patient).post('/patients/me/measures', {
          type: 'odi',
          recordedOn: yesterday(),
          ...body,
        });
      expect(fields(await post({ answers: [1, 2, 3] }).expect(422))).toEqual(['answers']);
      expect(fields(await post({ answers: Array(11).fill(1) }).expect(400))).toEqual(['answers']);
      expect(fields(await post({ answers: [1, 2, 3, 4, 5, 6, 0, 1, 2, 3.5] }).expect(422))).toEqual(
        ['answers[5]', 'answers[9]'],
      );
      expect(fields(await post({}).expect(422))).toEqual(['answers']);
      expect(fields(await post({ answers: Array(10).fill(1), value: 3 }).expect(422))).toEqual([
        'value',
      ]);
      expect(await countRows(patient.patientId)).toBe(0);
    });

    it('requires a side for slr and ake (422 naming side) and refuses one for the others', async () => {
      const patient = await freshPatient();
      const post = (body: object) =>
        as(clinic.therapist).post(`/patients/${patient.patientId}/measures`, {
          recordedOn: yesterday(),
          ...body,
        });
      expect(fields(await post({ type: 'slr', value: 70 }).expect(422))).toEqual(['side']);
      expect(fields(await post({ type: 'ake', value: 20 }).expect(422))).toEqual(['side']);
      expect(
        fields(await post({ type: 'sit_and_reach', side: 'left', value: 3 }).expect(422)),
      ).toEqual(['side']);
      expect(fields(await post({ type: 'slr', side: 'up', value: 70 }).expect(400))).toEqual([
        'side',
      ]);
      expect(fields(await post({ type: 'slr', side: 'left', value: 181 }).expect(422))).toEqual([
        'value',
      ]);
      expect(
        fields(await post({ type: 'slr', side: 'left', answers: Array(10).fill(0) }).expect(422)),
      ).toEqual(['value', 'answers']);
      expect(await countRows(patient.patientId)).toBe(0);
    });

    it('refuses an unknown type (400 naming type), a future or malformed date', async () => {
      const patient = await freshPatient();
      const post = (body: object) =>
        as(patient).post('/patients/me/measures', { recordedOn: yesterday(), value: 3, ...body });
      expect(fields(await post({ type: 'grip_strength' }).expect(400))).toEqual(['type']);
      const tomorrow = addDays(yesterday(), 2);
      expect(
        fields(await post({ type: 'sit_and_reach', recordedOn: tomorrow }).expect(422)),
      ).toEqual(['recordedOn']);
      expect(
        fields(await post({ type: 'sit_and_reach', recordedOn: '2026-02-30' }).expect(400)),
      ).toEqual(['recordedOn']);
      expect(
        fields(await post({ type: 'sit_and_reach', recordedOn: 'today' }).expect(400)),
      ).toEqual(['recordedOn']);
      expect(await countRows(patient.patientId)).toBe(0);
    });

    it("refuses a date before the patient's date of birth (422 naming recordedOn), and takes that day", async () => {
      const created = await as(clinic.therapist)
        .post('/patients', {
          email: `born-${randomUUID()}@example.test`,
          displayName: 'Born Patient',
          timezone: 'Europe/Berlin',
          dateOfBirth: '1958-04-12',
        })
        .expect(201);
      const patientId: string = created.body.id;
      const measure = (recordedOn: string) => ({ type: 'sit_and_reach', recordedOn, value: 2 });
      const typo = await as(clinic.therapist)
        .post(`/patients/${patientId}/measures`, measure('1926-04-11'))
        .expect(422);
      expect(typo.body.errors).toEqual([
        {
          field: 'recordedOn',
          message: "Date measured cannot be before the patient's date of birth (1958-04-12)",
        },
      ]);
      expect(await countRows(patientId)).toBe(0);
      await as(clinic.therapist)
        .post(`/patients/${patientId}/measures`, measure('1958-04-12'))
        .expect(201);
      expect(await countRows(patientId)).toBe(1);
    });

    it('refuses another patient, other clinics and anonymous callers, storing nothing', async () => {
      const patient = await freshPatient();
      const body = { type: 'sit_and_reach', recordedOn: yesterday(), value: 2 };
      const url = `/patients/${patient.patientId}/measures`;
      await as(clinic.otherPatient).post(url, body).expect(404);
      await as(foreign.therapist).post(url, body).expect(404);
      await as(foreign.patient).post(url, body).expect(404);
      await as(null).post(url, body).expect(401);
      expect(await countRows(patient.patientId)).toBe(0);
    });

    it('honours an Idempotency-Key: same body replays, another body is 422', async () => {
      const patient = await freshPatient();
      const key = randomUUID();
      const body = { type: 'odi', recordedOn: yesterday(), answers: Array(10).fill(3) };
      const first = await as(patient, key).post('/patients/me/measures', body).expect(201);
      const retry = await as(patient, key).post('/patients/me/measures', body).expect(201);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(retry.body.id).toBe(first.body.id);
      await as(patient, key)
        .post('/patients/me/measures', { ...body, answers: Array(10).fill(2) })
        .expect(422);
      expect(await countRows(patient.patientId)).toBe(1);
    });
  });

  describe('GET /patients/:id/measures', () => {
    let patient: PatientActor;
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      patient = await addPatient(app, clinic.therapist, 'Listed Measures');
      for (const [name, body] of [
        ['slr1', { type: 'slr', side: 'left', value: 60, recordedOn: '2026-01-05' }],
        ['odi1', { type: 'odi', answers: Array(10).fill(2), recordedOn: '2026-01-05' }],
        ['slr2', { type: 'slr', side: 'left', value: 65, recordedOn: '2026-01-12' }],
        ['ake', { type: 'ake', side: 'right', value: 25, recordedOn: '2026-01-19' }],
        ['odi2', { type: 'odi', answers: Array(10).fill(1), recordedOn: '2026-01-26' }],
      ] as const)
        ids[name] = (await record(clinic.therapist, patient.patientId, body)).id;
    }, 30_000);

    const list = async (actor: Actor, query = '') =>
      (await as(actor).get(`/patients/${patient.patientId}/measures${query}`).expect(200))
        .body as Page<Measure>;

    it('lists the latest date first, filtered by type and dates', async () => {
      const all = await list(patient);
      expect(all.items.map((item) => item.recordedOn)).toEqual([
        '2026-01-26',
        '2026-01-19',
        '2026-01-12',
        '2026-01-05',
        '2026-01-05',
      ]);
      expect((await list(patient, '?type=slr')).items.map((item) => item.id)).toEqual([
        ids['slr2'],
        ids['slr1'],
      ]);
      expect((await list(patient, '?type=odi')).items.map((item) => item.score)).toEqual([20, 40]);
      expect(
        (await list(clinic.admin, '?from=2026-01-06&to=2026-01-20')).items.map((item) => item.id),
      ).toEqual([ids['ake'], ids['slr2']]);
    });

    it('pages with limit and cursor across rows of the same date', async () => {
      const seen: string[] = [];
      let cursor: string | null = '';
      let pages = 0;
      while (cursor !== null) {
        const page = await list(patient, `?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        seen.push(...page.items.map((item) => item.id));
        cursor = page.nextCursor;
        pages += 1;
      }
      expect(pages).toBe(3);
      expect([...seen].sort()).toEqual(Object.values(ids).sort());
    });

    it('refuses an unknown type filter, from after to, and other callers', async () => {
      const url = `/patients/${patient.patientId}/measures`;
      expect(fields(await as(patient).get(`${url}?type=grip`).expect(400))).toEqual(['type']);
      expect(
        fields(await as(patient).get(`${url}?from=2026-02-01&to=2026-01-01`).expect(400)),
      ).toEqual(['from']);
      await as(clinic.otherPatient).get(url).expect(404);
      await as(foreign.admin).get(url).expect(404);
      await as(null).get(url).expect(401);
    });

    it("audits staff reads, not the patient's own", async () => {
      const count = async () =>
        (
          (await app.dataSource.query(
            `SELECT count(*)::int AS n FROM audit_event WHERE patient_id = $1 AND action = 'measure.listed'`,
            [patient.patientId],
          )) as { n: number }[]
        )[0].n;
      const before = await count();
      await list(patient);
      expect(await count()).toBe(before);
      await list(clinic.therapist, '?type=ake');
      expect(await count()).toBe(before + 1);
    });
  });

  describe('DELETE /measures/:id', () => {
    it('soft-deletes with a reason: hidden, kept, audited; patients only their own within 7 days', async () => {
      const patient = await freshPatient();
      const reason = { reason: 'Measured the wrong leg' };
      const answered = await record(patient, 'me', { type: 'odi', answers: Array(10).fill(1) });
      const byTherapist = await record(clinic.therapist, patient.patientId, {
        type: 'slr',
        side: 'right',
        value: 70,
      });
      await as(patient).delete(`/measures/${byTherapist.id}`, reason).expect(403);
      await as(clinic.otherPatient).delete(`/measures/${answered.id}`, reason).expect(404);
      await as(foreign.therapist).delete(`/measures/${answered.id}`, reason).expect(404);
      await app.dataSource.query(
        `UPDATE measure SET created_at = now() - interval '8 days' WHERE id = $1`,
        [answered.id],
      );
      await as(patient).delete(`/measures/${answered.id}`, reason).expect(403);
      await app.dataSource.query(
        `UPDATE measure SET created_at = now() - interval '6 days' WHERE id = $1`,
        [answered.id],
      );
      await as(patient).delete(`/measures/${answered.id}`, reason).expect(204);
      await as(clinic.therapist).delete(`/measures/${byTherapist.id}`, reason).expect(204);

      expect((await as(patient).get('/patients/me/measures').expect(200)).body.items).toEqual([]);
      const rows: { deleted_by: string; delete_reason: string }[] = await app.dataSource.query(
        `SELECT deleted_by, delete_reason FROM measure WHERE patient_id = $1 ORDER BY created_at`,
        [patient.patientId],
      );
      expect(rows).toEqual([
        { deleted_by: patient.userId, delete_reason: 'Measured the wrong leg' },
        { deleted_by: clinic.therapist.userId, delete_reason: 'Measured the wrong leg' },
      ]);
      const events: { action: string; actor_user_id: string }[] = await app.dataSource.query(
        `SELECT action, actor_user_id FROM audit_event
          WHERE patient_id = $1 AND action = 'measure.deleted' ORDER BY id`,
        [patient.patientId],
      );
      expect(events).toEqual([
        { action: 'measure.deleted', actor_user_id: patient.userId },
        { action: 'measure.deleted', actor_user_id: clinic.therapist.userId },
      ]);
    });
  });
});
