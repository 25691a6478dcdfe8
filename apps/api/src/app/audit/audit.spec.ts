import { API_PREFIX, type AuditEventView } from '@rehabit/contracts';
import request from 'supertest';
import {
  TEST_PASSWORD,
  createTestClinic,
  signUpClinic,
  uniqueEmail,
  type TestClinic,
} from '../testing/factories';
import { etagOf } from '../testing/entity-tags';
import { getTestApp, type TestApp } from '../testing/test-app';

const api = (path: string) => `${API_PREFIX}${path}`;
const cursorOf = (keyset: object) => Buffer.from(JSON.stringify(keyset)).toString('base64url');

interface EventRow {
  action: string;
  outcome: string;
  actorUserId: string | null;
  actorRole: string | null;
  patientId: string | null;
  entityId: string | null;
}

describe('audit trail', () => {
  let app: TestApp;
  let clinic: TestClinic;

  /** The newest event id of a clinic, to see exactly what one request writes after it. */
  async function mark(clinicId: string): Promise<string> {
    const [row] = await app.dataSource.query(
      `SELECT coalesce(max(id), 0)::text AS id FROM audit_event WHERE clinic_id = $1`,
      [clinicId],
    );
    return row.id;
  }

  async function eventsSince(clinicId: string, after: string): Promise<EventRow[]> {
    return app.dataSource.query(
      `SELECT action, outcome, actor_user_id AS "actorUserId", actor_role AS "actorRole",
              patient_id AS "patientId", entity_id AS "entityId"
         FROM audit_event WHERE clinic_id = $1 AND id > $2 ORDER BY id`,
      [clinicId, after],
    );
  }

  /** Runs a request and returns the events it wrote in the clinic. */
  async function audited(clinicId: string, act: () => Promise<unknown>): Promise<EventRow[]> {
    const before = await mark(clinicId);
    await act();
    return eventsSince(clinicId, before);
  }

  const as = (token: string) => ({
    get: (path: string) =>
      request(app.server).get(api(path)).set('Authorization', `Bearer ${token}`),
    post: (path: string, body: object) =>
      request(app.server).post(api(path)).set('Authorization', `Bearer ${token}`).send(body),
    patch: (path: string, body: object, ifMatch = '') =>
      request(app.server)
        .patch(api(path))
        .set('Authorization', `Bearer ${token}`)
        .set(ifMatch ? { 'If-Match': ifMatch } : {})
        .send(body),
  });

  beforeAll(async () => {
    app = await getTestApp();
    clinic = await createTestClinic(app);
  });

  it('records a successful and a failed sign-in, without the password', async () => {
    const events = await audited(clinic.clinicId, async () => {
      await request(app.server)
        .post(api('/auth/login'))
        .send({ email: clinic.therapist.email, password: TEST_PASSWORD })
        .expect(200);
      await request(app.server)
        .post(api('/auth/login'))
        .send({ email: clinic.therapist.email, password: 'a wrong password here' })
        .expect(401);
    });
    const therapist = { actorUserId: clinic.therapist.userId, actorRole: 'therapist' };
    expect(events).toEqual([
      jasmine.objectContaining({ action: 'auth.login', outcome: 'success', ...therapist }),
      jasmine.objectContaining({ action: 'auth.login', outcome: 'failure', ...therapist }),
    ]);
    const [failure] = await app.dataSource.query(
      `SELECT detail::text AS detail FROM audit_event WHERE clinic_id = $1 AND outcome = 'failure'
        ORDER BY id DESC LIMIT 1`,
      [clinic.clinicId],
    );
    expect(failure.detail).toContain('wrong_password');
    expect(failure.detail).not.toContain('a wrong password here');
  });

  it('records a sign-in with an unknown email outside any clinic', async () => {
    const email = uniqueEmail('ghost');
    const [before] = await app.dataSource.query(
      `SELECT coalesce(max(id), 0)::text AS id FROM audit_event`,
    );
    await request(app.server)
      .post(api('/auth/login'))
      .send({ email, password: 'whatever password' })
      .expect(401);
    const rows = await app.dataSource.query(
      `SELECT clinic_id, action, outcome, detail->>'reason' AS reason FROM audit_event
        WHERE id > $1 AND action = 'auth.login' AND detail->>'reason' = 'unknown_email'`,
      [before.id],
    );
    expect(rows).toEqual([
      { clinic_id: null, action: 'auth.login', outcome: 'failure', reason: 'unknown_email' },
    ]);
  });

  it('records a role refusal (403) once', async () => {
    const events = await audited(clinic.clinicId, () =>
      as(clinic.patient.token).get('/staff').expect(403),
    );
    expect(events).toEqual([
      jasmine.objectContaining({
        action: 'access.denied',
        outcome: 'denied',
        actorUserId: clinic.patient.userId,
        actorRole: 'patient',
      }),
    ]);
  });

  it("records a patient reaching for another patient's record (404) once", async () => {
    const events = await audited(clinic.clinicId, () =>
      as(clinic.otherPatient.token).get(`/patients/${clinic.patient.patientId}`).expect(404),
    );
    expect(events).toEqual([
      jasmine.objectContaining({
        action: 'access.denied',
        outcome: 'denied',
        actorUserId: clinic.otherPatient.userId,
        entityId: clinic.patient.patientId,
      }),
    ]);
  });

  it("records staff of another clinic reaching for this clinic's records, in their own clinic", async () => {
    const foreign = await signUpClinic(app);
    const targetBefore = await mark(clinic.clinicId);
    const events = await audited(foreign.clinicId, async () => {
      await as(foreign.admin.token).get(`/patients/${clinic.patient.patientId}`).expect(404);
      await as(foreign.admin.token)
        .patch(`/patients/${clinic.patient.patientId}`, { condition: 'x' })
        .expect(404);
      await as(foreign.admin.token)
        .patch(`/staff/${clinic.therapist.userId}`, { displayName: 'Hijacked' })
        .expect(404);
    });
    const denied = jasmine.objectContaining({
      action: 'access.denied',
      outcome: 'denied',
      actorUserId: foreign.admin.userId,
    });
    expect(events).toEqual([denied, denied, denied]);
    // Nothing about the attempt lands in the target clinic's trail.
    expect(await eventsSince(clinic.clinicId, targetBefore)).toEqual([]);
  });

  it("records each staff read of a patient's record, and not the patient's own reads", async () => {
    const staffRead = await audited(clinic.clinicId, () =>
      as(clinic.therapist.token).get(`/patients/${clinic.patient.patientId}`).expect(200),
    );
    expect(staffRead).toEqual([
      jasmine.objectContaining({
        action: 'patient.read',
        actorUserId: clinic.therapist.userId,
        patientId: clinic.patient.patientId,
      }),
    ]);
    const ownRead = await audited(clinic.clinicId, () =>
      as(clinic.patient.token).get('/patients/me').expect(200),
    );
    expect(ownRead).toEqual([]);
  });

  it('records a staff look through the caseload as one list read', async () => {
    const listed = await audited(clinic.clinicId, () =>
      as(clinic.therapist.token).get('/patients?q=Pat').expect(200),
    );
    expect(listed).toEqual([
      jasmine.objectContaining({
        action: 'patient.list',
        actorUserId: clinic.therapist.userId,
        patientId: null,
      }),
    ]);
  });

  it('records each change to patients, staff and the clinic exactly once', async () => {
    const { admin, therapist } = clinic;
    let patientId = '';
    let etag = '';
    const created = await audited(clinic.clinicId, async () => {
      const response = await as(therapist.token)
        .post('/patients', { email: uniqueEmail('audited'), displayName: 'Audited Patient' })
        .expect(201);
      patientId = response.body.id;
      etag = response.body.etag;
    });
    expect(created).toEqual([
      jasmine.objectContaining({
        action: 'patient.created',
        actorUserId: therapist.userId,
        patientId,
        entityId: patientId,
      }),
    ]);

    const updated = await audited(clinic.clinicId, () =>
      as(admin.token).patch(`/patients/${patientId}`, { condition: 'Sciatica' }, etag).expect(200),
    );
    expect(updated).toEqual([
      jasmine.objectContaining({ action: 'patient.updated', actorUserId: admin.userId, patientId }),
    ]);

    let staffId = '';
    const invited = await audited(clinic.clinicId, async () => {
      const response = await as(admin.token)
        .post('/staff', {
          email: uniqueEmail('audited-staff'),
          displayName: 'S',
          role: 'therapist',
        })
        .expect(201);
      staffId = response.body.id;
    });
    expect(invited).toEqual([
      jasmine.objectContaining({
        action: 'staff.invited',
        actorUserId: admin.userId,
        entityId: staffId,
      }),
    ]);

    const staffUpdated = await audited(clinic.clinicId, () =>
      as(admin.token).patch(`/staff/${staffId}`, { active: false }).expect(200),
    );
    expect(staffUpdated).toEqual([
      jasmine.objectContaining({
        action: 'staff.updated',
        actorUserId: admin.userId,
        entityId: staffId,
      }),
    ]);

    const clinicUpdated = await audited(clinic.clinicId, () =>
      as(admin.token).patch('/clinic', { timezone: 'Europe/Vienna' }).expect(200),
    );
    expect(clinicUpdated).toEqual([
      jasmine.objectContaining({
        action: 'clinic.updated',
        actorUserId: admin.userId,
        entityId: clinic.clinicId,
      }),
    ]);
  });

  it('writes no event for a change that fails (the event shares its transaction)', async () => {
    const foreign = await createTestClinic(app);
    const etag = await etagOf(app, clinic.admin, `/patients/${clinic.patient.patientId}`);
    const events = await audited(clinic.clinicId, async () => {
      // A therapist of another clinic: refused inside the update's transaction.
      await as(clinic.admin.token)
        .patch(
          `/patients/${clinic.patient.patientId}`,
          { condition: 'must not be stored', therapistId: foreign.therapist.userId },
          etag,
        )
        .expect(422);
      // A taken email: the insert fails after the user row was written.
      await as(clinic.admin.token)
        .post('/staff', { email: clinic.therapist.email, displayName: 'Dup', role: 'therapist' })
        .expect(422);
    });
    expect(events.filter((event) => event.outcome === 'success')).toEqual([]);
    const patient = await as(clinic.admin.token)
      .get(`/patients/${clinic.patient.patientId}`)
      .expect(200);
    expect(patient.body.condition).not.toBe('must not be stored');
  });

  it('is append-only: the database refuses UPDATE, DELETE and TRUNCATE', async () => {
    const [row] = await app.dataSource.query(
      `SELECT id::text AS id FROM audit_event WHERE clinic_id = $1 ORDER BY id DESC LIMIT 1`,
      [clinic.clinicId],
    );
    const attempts = [
      `UPDATE audit_event SET action = 'rewritten' WHERE id = ${row.id}`,
      `DELETE FROM audit_event WHERE id = ${row.id}`,
      `TRUNCATE audit_event`,
    ];
    for (const sql of attempts) {
      await expectAsync(app.dataSource.query(sql))
        .withContext(sql)
        .toBeRejectedWithError(/append-only/);
    }
    const [still] = await app.dataSource.query(`SELECT action FROM audit_event WHERE id = $1`, [
      row.id,
    ]);
    expect(still.action).not.toBe('rewritten');
  });

  describe('GET /clinic/audit', () => {
    it('lists the clinic events newest first, paginated with a cursor', async () => {
      const local = await createTestClinic(app);
      const first = await as(local.admin.token).get('/clinic/audit?limit=2').expect(200);
      expect(first.body.items.length).toBe(2);
      expect(first.body.nextCursor).toEqual(jasmine.any(String));
      const second = await as(local.admin.token)
        .get(`/clinic/audit?limit=2&cursor=${first.body.nextCursor}`)
        .expect(200);
      const all = await as(local.admin.token).get('/clinic/audit?limit=200').expect(200);
      const ids = (page: { items: AuditEventView[] }) => page.items.map((event) => event.id);
      expect([...ids(first.body), ...ids(second.body)]).toEqual(ids(all.body).slice(0, 4));
      // Newest first: ids fall, and the oldest event is the clinic's creation.
      const numeric = ids(all.body).map(Number);
      expect(numeric).toEqual([...numeric].sort((a, b) => b - a));
      expect(all.body.items.at(-1).action).toBe('clinic.created');
      expect(all.body.nextCursor).toBeNull();
    });

    it('filters by patient and shows no other clinic', async () => {
      const local = await createTestClinic(app);
      await as(local.therapist.token).get(`/patients/${local.patient.patientId}`).expect(200);
      const response = await as(local.admin.token)
        .get(`/clinic/audit?patientId=${local.patient.patientId}`)
        .expect(200);
      const items = response.body.items as AuditEventView[];
      expect(items.map((event) => event.action)).toEqual(['patient.read', 'patient.created']);
      expect(items.every((event) => event.patientId === local.patient.patientId)).toBeTrue();
      // Another clinic's patient id finds nothing here.
      const foreign = await as(local.admin.token)
        .get(`/clinic/audit?patientId=${clinic.patient.patientId}`)
        .expect(200);
      expect(foreign.body).toEqual({ items: [], nextCursor: null });
    });

    it('refuses limits outside 1–200 and a foreign cursor, naming the field', async () => {
      for (const [query, field] of [
        ['limit=0', 'limit'],
        ['limit=201', 'limit'],
        ['limit=abc', 'limit'],
        ['cursor=bm90LWEtY3Vyc29y', 'cursor'],
        // Well-formed JSON, but an id of the wrong type: a 400, never a SQL error.
        [`cursor=${cursorOf({ at: '2020-01-01T00:00:00.000Z', id: 'abc' })}`, 'cursor'],
        [`cursor=${cursorOf({ at: '2020-01-01T00:00:00.000Z', id: '9'.repeat(30) })}`, 'cursor'],
        [`cursor=${cursorOf({ at: '99999-01-01', id: '1' })}`, 'cursor'],
        ['patientId=not-a-uuid', 'patientId'],
        ['sort=id', 'sort'],
      ]) {
        const response = await as(clinic.admin.token).get(`/clinic/audit?${query}`);
        expect(response.status).withContext(query).toBe(400);
        expect(response.body.errors)
          .withContext(query)
          .toContain(jasmine.objectContaining({ field }));
      }
    });

    it('is for admins only', async () => {
      await as(clinic.therapist.token).get('/clinic/audit').expect(403);
      await as(clinic.patient.token).get('/clinic/audit').expect(403);
      await request(app.server).get(api('/clinic/audit')).expect(401);
    });
  });
});
