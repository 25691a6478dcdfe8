import type {
  Page,
  PlanItemInput,
  PlanRevisionWithWarnings,
  PlanWithWarnings,
  SessionLog,
  SessionLogVersion,
  TodayResponse,
} from '@rehabit/contracts';
import { addDays, localDateOf } from '@rehabit/domain';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import {
  addPatient,
  addTherapist,
  createTestClinic,
  signUpClinic,
  type Actor,
  type TestClinic,
} from '../testing/factories';
import { etagOf } from '../testing/entity-tags';
import { keyState, keyStateAfter } from '../testing/idempotency-keys';
import { countQueries } from '../testing/query-counter';
import { getTestApp, type TestApp } from '../testing/test-app';

type PatientActor = Actor & { patientId: string };

const ZONE = 'Europe/Berlin';
// 3 × 30 s, and 2 × 10 every day: prescriptions the 2× cap is measured against.
const strap: PlanItemInput = {
  exerciseId: 'supine-hamstring-strap',
  sets: 3,
  holdSeconds: 30,
  timesPerWeek: 5,
};
const bridge: PlanItemInput = {
  exerciseId: 'glute-bridge',
  sets: 2,
  reps: 10,
  daysOfWeek: [1, 2, 3, 4, 5, 6, 7],
};

interface Fixture {
  patient: PatientActor;
  plan: PlanWithWarnings;
  strapId: string;
  bridgeId: string;
}

describe('session logs', () => {
  let app: TestApp;
  let clinic: TestClinic;
  let foreign: { therapist: Actor; patient: PatientActor };

  const as = (actor: Actor) => {
    const auth = (call: request.Test) => call.set('Authorization', `Bearer ${actor.token}`);
    return {
      get: (path: string) => auth(request(app.server).get(`/api/v1${path}`)),
      post: (path: string, body: object, key?: string) => {
        const call = auth(request(app.server).post(`/api/v1${path}`));
        return (key ? call.set('Idempotency-Key', key) : call).send(body);
      },
      patch: (path: string, body: object) =>
        auth(request(app.server).patch(`/api/v1${path}`)).send(body),
      delete: (path: string, body?: object) => {
        const call = auth(request(app.server).delete(`/api/v1${path}`));
        return body ? call.send(body) : call;
      },
    };
  };

  /** The server's "today" for a Berlin patient, read as the server does it. */
  const today = () => localDateOf(new Date(), ZONE);

  /** A patient of their own with a plan that started 30 days ago: strap and bridge. */
  async function fixture(name = 'Sam Sessions'): Promise<Fixture> {
    const patient = await addPatient(app, clinic.therapist, name);
    const plan = await createPlan(patient, [strap, bridge]);
    const [strapItem, bridgeItem] = plan.currentRevision.items;
    return { patient, plan, strapId: strapItem.id, bridgeId: bridgeItem.id };
  }

  async function createPlan(
    patient: PatientActor,
    items: PlanItemInput[],
    startDate = addDays(today(), -30),
  ): Promise<PlanWithWarnings> {
    const response = await as(clinic.therapist)
      .post(`/patients/${patient.patientId}/plans`, { title: 'Back care', startDate, items })
      .expect(201);
    return response.body as PlanWithWarnings;
  }

  function sessionBody(f: Fixture, extra: object = {}) {
    return {
      performedOn: today(),
      painBefore: 4,
      painAfter: 3,
      durationMinutes: 20,
      notes: 'Felt looser afterwards',
      items: [
        { planItemId: f.strapId, completed: true, setsDone: 3, holdSecondsDone: 30 },
        { planItemId: f.bridgeId, completed: false },
      ],
      ...extra,
    };
  }

  async function logSession(actor: Actor, f: Fixture, extra: object = {}): Promise<SessionLog> {
    const response = await as(actor)
      .post(`/patients/${f.patient.patientId}/sessions`, sessionBody(f, extra))
      .expect(201);
    return response.body as SessionLog;
  }

  async function sessionCount(patientId: string): Promise<number> {
    const [row]: { count: string }[] = await app.dataSource.query(
      `SELECT count(*) FROM session_log WHERE patient_id = $1`,
      [patientId],
    );
    return Number(row.count);
  }

  async function versionRows(sessionId: string): Promise<{ version: number; change: string }[]> {
    return app.dataSource.query(
      `SELECT version, change, changed_by, reason FROM session_log_version
        WHERE session_id = $1 ORDER BY version`,
      [sessionId],
    );
  }

  async function auditRows(
    sessionId: string,
  ): Promise<{ action: string; actor_user_id: string; detail: Record<string, unknown> }[]> {
    return app.dataSource.query(
      `SELECT action, actor_user_id, patient_id, detail FROM audit_event
        WHERE entity_id = $1 AND entity_type = 'session_log' AND outcome = 'success' ORDER BY id`,
      [sessionId],
    );
  }

  const fields = (response: request.Response) =>
    ((response.body.errors ?? []) as { field: string }[]).map((error) => error.field);

  /** A 4xx problem+json naming `field`, with nothing stored for the patient. */
  async function expectRefusal(
    response: request.Response,
    status: number,
    field: string,
    patientId: string,
    storedBefore = 0,
  ): Promise<void> {
    expect(response.status).withContext(response.text).toBe(status);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(fields(response)).withContext(response.text).toContain(field);
    expect(await sessionCount(patientId)).toBe(storedBefore);
  }

  beforeAll(async () => {
    app = await getTestApp();
    clinic = await createTestClinic(app, 'Sessions clinic');
    const other = await signUpClinic(app, 'Foreign sessions clinic');
    const therapist = await addTherapist(app, other.admin);
    foreign = { therapist, patient: await addPatient(app, therapist) };
  }, 60_000);

  describe('POST /patients/:id/sessions', () => {
    it('logs a session with its items against the revision in force, versioned and audited', async () => {
      const f = await fixture();
      const session = await logSession(f.patient, f);
      expect(session).toEqual(
        jasmine.objectContaining({
          patientId: f.patient.patientId,
          planId: f.plan.id,
          planRevisionId: f.plan.currentRevision.id,
          performedOn: today(),
          planStatus: 'active',
          painBefore: 4,
          painAfter: 3,
          durationMinutes: 20,
          notes: 'Felt looser afterwards',
          loggedBy: { userId: f.patient.userId, role: 'patient' },
          version: 1,
        }),
      );
      expect(session.items).toEqual([
        {
          planItemId: f.strapId,
          exerciseId: 'supine-hamstring-strap',
          completed: true,
          setsDone: 3,
          repsDone: null,
          holdSecondsDone: 30,
        },
        {
          planItemId: f.bridgeId,
          exerciseId: 'glute-bridge',
          completed: false,
          setsDone: null,
          repsDone: null,
          holdSecondsDone: null,
        },
      ]);
      expect(await versionRows(session.id)).toEqual([
        jasmine.objectContaining({ version: 1, change: 'created' }),
      ]);
      expect(await auditRows(session.id)).toEqual([
        jasmine.objectContaining({
          action: 'session.created',
          actor_user_id: f.patient.userId,
          detail: jasmine.objectContaining({ items: 2, performedOn: today() }),
        }),
      ]);
      const list = await as(f.patient).get('/patients/me/sessions').expect(200);
      expect((list.body as Page<SessionLog>).items.map((item) => item.id)).toEqual([session.id]);
    });

    it('stores a keyed session in one statement, answering what the list and its first version then show', async () => {
      const f = await fixture();
      const key = randomUUID();
      const {
        result: { result: response, statements },
        state: stateAfterStoring,
      } = await keyStateAfter(app.dataSource, key, /INSERT INTO session_log \(/, () =>
        countQueries(app.dataSource, () =>
          as(f.patient).post('/patients/me/sessions', sessionBody(f), key).expect(201),
        ),
      );
      const stored = statements.filter((sql) => /session_log|audit_event|COMMIT/i.test(sql));
      // The session, its items, first version and audit event, and the key's mark: one statement.
      expect(stored.length).withContext(stored.join('\n---\n')).toBe(1);
      expect(stored[0]).toMatch(/INSERT INTO session_log \(/);
      expect(stored[0]).toMatch(/UPDATE idempotency_key SET state = 'committed'/);
      // Before it: claim the key, read the token's principal, the plans in force; then, done.
      expect(statements.length).withContext(statements.join('\n---\n')).toBe(5);
      expect(stateAfterStoring).toBe('committed');
      expect(await keyState(app.dataSource, key)).toBe('done');

      const session = response.body as SessionLog;
      const list = await as(f.patient).get('/patients/me/sessions').expect(200);
      expect((list.body as Page<SessionLog>).items).toEqual([session]);
      const history = await as(clinic.therapist).get(`/sessions/${session.id}/history`).expect(200);
      const [created] = (history.body as Page<SessionLogVersion>).items;
      expect(created).toEqual(
        jasmine.objectContaining({
          version: 1,
          change: 'created',
          changedBy: { userId: f.patient.userId, role: 'patient' },
          snapshot: session,
        }),
      );
    });

    it("lets staff of the clinic log on the patient's behalf, and nobody else", async () => {
      const f = await fixture();
      const byTherapist = await logSession(clinic.therapist, f);
      const byAdmin = await logSession(clinic.admin, f);
      expect(byTherapist.loggedBy).toEqual({ userId: clinic.therapist.userId, role: 'therapist' });
      expect(byAdmin.loggedBy).toEqual({ userId: clinic.admin.userId, role: 'admin' });
      const url = `/patients/${f.patient.patientId}/sessions`;
      await as(clinic.otherPatient).post(url, sessionBody(f)).expect(404);
      await as(foreign.therapist).post(url, sessionBody(f)).expect(404);
      await request(app.server).post(`/api/v1${url}`).send(sessionBody(f)).expect(401);
      expect(await sessionCount(f.patient.patientId)).toBe(2);
    });

    it('takes the items of the revision in force on performedOn, and refuses others naming items[i].planItemId', async () => {
      const f = await fixture();
      // Revision 2 takes effect today: yesterday still belongs to revision 1.
      const revised = await as(clinic.therapist)
        .post(`/plans/${f.plan.id}/revisions`, { basedOnRevision: 1, items: [strap] })
        .expect(201);
      const revision2 = revised.body as PlanRevisionWithWarnings;
      expect(revision2.effectiveFrom).toBe(today());
      const newStrapId = revision2.items[0].id;

      const stale = await as(f.patient).post('/patients/me/sessions', {
        performedOn: today(),
        items: [
          { planItemId: newStrapId, completed: true },
          { planItemId: f.bridgeId, completed: true },
        ],
      });
      await expectRefusal(stale, 422, 'items[1].planItemId', f.patient.patientId);
      expect(fields(stale)).not.toContain('items[0].planItemId');

      const yesterday = await logSession(f.patient, f, { performedOn: addDays(today(), -1) });
      expect(yesterday.planRevisionId).toBe(f.plan.currentRevision.id);
      const now = await as(f.patient)
        .post('/patients/me/sessions', {
          performedOn: today(),
          items: [{ planItemId: newStrapId, completed: true }],
        })
        .expect(201);
      expect((now.body as SessionLog).planRevisionId).toBe(revision2.id);
    });

    it("refuses another patient's plan item or revision with a 422 naming the field, storing nothing", async () => {
      const f = await fixture();
      const other = await fixture('Olga Other');
      const items = [{ planItemId: other.strapId, completed: true }];
      const byItem = await as(f.patient).post('/patients/me/sessions', {
        performedOn: today(),
        items,
      });
      await expectRefusal(byItem, 422, 'items[0].planItemId', f.patient.patientId);
      const byRevision = await as(clinic.therapist).post(
        `/patients/${f.patient.patientId}/sessions`,
        {
          performedOn: today(),
          planRevisionId: other.plan.currentRevision.id,
          items: [{ planItemId: f.strapId, completed: true }],
        },
      );
      await expectRefusal(byRevision, 422, 'planRevisionId', f.patient.patientId);
      const foreignItem = await as(foreign.therapist).post(
        `/patients/${foreign.patient.patientId}/sessions`,
        { performedOn: today(), items: [{ planItemId: f.strapId, completed: true }] },
      );
      await expectRefusal(foreignItem, 422, 'items[0].planItemId', foreign.patient.patientId);
      expect(await sessionCount(other.patient.patientId)).toBe(0);
    });

    it('accepts a planRevisionId only when it is the one in force that day', async () => {
      const f = await fixture();
      const session = await logSession(f.patient, f, {
        planRevisionId: f.plan.currentRevision.id,
      });
      expect(session.planRevisionId).toBe(f.plan.currentRevision.id);
      const revised = await as(clinic.therapist)
        .post(`/plans/${f.plan.id}/revisions`, { basedOnRevision: 1, items: [strap, bridge] })
        .expect(201);
      // Revision 1 is no longer in force today (revision 2 is): naming it is refused.
      const stale = await as(f.patient).post(
        '/patients/me/sessions',
        sessionBody(f, { planRevisionId: f.plan.currentRevision.id }),
      );
      await expectRefusal(stale, 422, 'planRevisionId', f.patient.patientId, 1);
      expect((revised.body as PlanRevisionWithWarnings).number).toBe(2);
    });

    it("logs one plan per session: another running plan's item is refused with a clear message", async () => {
      const f = await fixture();
      const second = await createPlan(f.patient, [
        { exerciseId: 'chin-tuck', sets: 2, reps: 10, daysOfWeek: [1, 2, 3, 4, 5, 6, 7] },
      ]);
      const chinTuckId = second.currentRevision.items[0].id;
      const mixed = await as(f.patient).post('/patients/me/sessions', {
        performedOn: today(),
        items: [
          { planItemId: f.strapId, completed: true },
          { planItemId: chinTuckId, completed: true },
        ],
      });
      await expectRefusal(mixed, 422, 'items[1].planItemId', f.patient.patientId);
      expect(mixed.body.errors[0].message).toContain('another plan');
      const alone = await as(f.patient)
        .post('/patients/me/sessions', {
          performedOn: today(),
          items: [{ planItemId: chinTuckId, completed: true }],
        })
        .expect(201);
      expect((alone.body as SessionLog).planId).toBe(second.id);
    });

    it('refuses a future date (422) and a malformed one (400), naming performedOn', async () => {
      const f = await fixture();
      const future = await as(f.patient).post(
        '/patients/me/sessions',
        sessionBody(f, { performedOn: addDays(today(), 1) }),
      );
      await expectRefusal(future, 422, 'performedOn', f.patient.patientId);
      const staffFuture = await as(clinic.therapist).post(
        `/patients/${f.patient.patientId}/sessions`,
        sessionBody(f, { performedOn: addDays(today(), 2) }),
      );
      await expectRefusal(staffFuture, 422, 'performedOn', f.patient.patientId);
      for (const performedOn of ['2026-02-30', '25.11.2026', 'yesterday', 20261125]) {
        const malformed = await as(f.patient).post(
          '/patients/me/sessions',
          sessionBody(f, { performedOn }),
        );
        await expectRefusal(malformed, 400, 'performedOn', f.patient.patientId);
      }
    });

    it('lets a patient log today and the 7 days before it, and staff any past day', async () => {
      const f = await fixture();
      const eightDaysAgo = addDays(today(), -8);
      const late = await as(f.patient).post(
        '/patients/me/sessions',
        sessionBody(f, { performedOn: eightDaysAgo }),
      );
      await expectRefusal(late, 422, 'performedOn', f.patient.patientId);
      await logSession(f.patient, f, { performedOn: addDays(today(), -7) });
      const byStaff = await logSession(clinic.therapist, f, { performedOn: eightDaysAgo });
      expect(byStaff.performedOn).toBe(eightDaysAgo);
      const older = await logSession(clinic.therapist, f, { performedOn: addDays(today(), -29) });
      expect(older.planRevisionId).toBe(f.plan.currentRevision.id);
      // Before the plan started nothing was in force.
      const beforePlan = await as(clinic.therapist).post(
        `/patients/${f.patient.patientId}/sessions`,
        sessionBody(f, { performedOn: addDays(today(), -31) }),
      );
      await expectRefusal(beforePlan, 422, 'items[0].planItemId', f.patient.patientId, 3);
    });

    it('caps sets, reps and holds done at twice the prescription (422 naming the field)', async () => {
      const f = await fixture();
      const cases: [object, string][] = [
        [{ planItemId: f.strapId, completed: true, setsDone: 7 }, 'items[0].setsDone'],
        [
          { planItemId: f.strapId, completed: true, holdSecondsDone: 61 },
          'items[0].holdSecondsDone',
        ],
        [{ planItemId: f.bridgeId, completed: true, repsDone: 21 }, 'items[0].repsDone'],
        [{ planItemId: f.bridgeId, completed: true, setsDone: -1 }, 'items[0].setsDone'],
      ];
      for (const [item, field] of cases) {
        const response = await as(f.patient).post('/patients/me/sessions', {
          performedOn: today(),
          items: [item],
        });
        await expectRefusal(response, 422, field, f.patient.patientId);
      }
      const atCap = await logSession(f.patient, f, {
        items: [
          { planItemId: f.strapId, completed: true, setsDone: 6, holdSecondsDone: 60 },
          { planItemId: f.bridgeId, completed: true, setsDone: 4, repsDone: 20 },
        ],
      });
      expect(atCap.items.map((item) => item.setsDone)).toEqual([6, 4]);
    });

    it('refuses pain outside 0–10 (422) or not a whole number (400), naming the field', async () => {
      const f = await fixture();
      const tooHigh = await as(f.patient).post(
        '/patients/me/sessions',
        sessionBody(f, { painBefore: 11 }),
      );
      await expectRefusal(tooHigh, 422, 'painBefore', f.patient.patientId);
      const fraction = await as(f.patient).post(
        '/patients/me/sessions',
        sessionBody(f, { painBefore: 3.5 }),
      );
      await expectRefusal(fraction, 400, 'painBefore', f.patient.patientId);
      const negative = await as(f.patient).post(
        '/patients/me/sessions',
        sessionBody(f, { painAfter: -1 }),
      );
      await expectRefusal(negative, 422, 'painAfter', f.patient.patientId);
    });

    it('refuses bad shapes: no items, the same item twice, unknown fields, long notes', async () => {
      const f = await fixture();
      const url = '/patients/me/sessions';
      await expectRefusal(
        await as(f.patient).post(url, sessionBody(f, { items: [] })),
        422,
        'items',
        f.patient.patientId,
      );
      const twice = sessionBody(f, {
        items: [
          { planItemId: f.strapId, completed: true },
          { planItemId: f.strapId, completed: false },
        ],
      });
      await expectRefusal(
        await as(f.patient).post(url, twice),
        422,
        'items[1].planItemId',
        f.patient.patientId,
      );
      await expectRefusal(
        await as(f.patient).post(url, sessionBody(f, { mood: 'great' })),
        400,
        'mood',
        f.patient.patientId,
      );
      await expectRefusal(
        await as(f.patient).post(url, sessionBody(f, { notes: 'x'.repeat(2001) })),
        400,
        'notes',
        f.patient.patientId,
      );
      const noCompleted = sessionBody(f, { items: [{ planItemId: f.strapId }] });
      await expectRefusal(
        await as(f.patient).post(url, noCompleted),
        400,
        'items[0].completed',
        f.patient.patientId,
      );
    });

    it('allows logging on a paused plan and records the status of that day', async () => {
      const f = await fixture();
      await request(app.server)
        .patch(`/api/v1/plans/${f.plan.id}`)
        .set('Authorization', `Bearer ${clinic.therapist.token}`)
        .set('If-Match', await etagOf(app, clinic.therapist, `/plans/${f.plan.id}`))
        .send({ status: 'paused' })
        .expect(200);
      const paused = await logSession(f.patient, f);
      expect(paused.planStatus).toBe('paused');
      const before = await logSession(f.patient, f, { performedOn: addDays(today(), -1) });
      expect(before.planStatus).toBe('active');
    });
  });

  describe('GET /patients/:id/sessions', () => {
    it('lists latest day first, filters by from/to, pages, and audits staff reads', async () => {
      const f = await fixture();
      const days = [0, -1, -2, -3].map((offset) => addDays(today(), offset));
      for (const day of days) await logSession(f.patient, f, { performedOn: day });
      const all = await as(f.patient).get('/patients/me/sessions').expect(200);
      expect((all.body as Page<SessionLog>).items.map((item) => item.performedOn)).toEqual(days);

      const firstPage = await as(clinic.therapist)
        .get(`/patients/${f.patient.patientId}/sessions?limit=3`)
        .expect(200);
      expect(firstPage.body.items.length).toBe(3);
      expect(firstPage.body.nextCursor).toEqual(jasmine.any(String));
      const secondPage = await as(clinic.therapist)
        .get(
          `/patients/${f.patient.patientId}/sessions?limit=3&cursor=${firstPage.body.nextCursor}`,
        )
        .expect(200);
      expect(secondPage.body).toEqual({
        items: [jasmine.objectContaining({ performedOn: days[3] })],
        nextCursor: null,
      });

      const ranged = await as(f.patient)
        .get(`/patients/me/sessions?from=${days[2]}&to=${days[1]}`)
        .expect(200);
      expect(ranged.body.items.map((item: SessionLog) => item.performedOn)).toEqual([
        days[1],
        days[2],
      ]);

      const reads: { count: string }[] = await app.dataSource.query(
        `SELECT count(*) FROM audit_event WHERE action = 'session.listed' AND patient_id = $1
           AND actor_user_id = $2`,
        [f.patient.patientId, clinic.therapist.userId],
      );
      expect(Number(reads[0].count)).toBe(2);
    });

    it('refuses bad filters and other patients', async () => {
      const f = await fixture();
      const reversed = await as(f.patient)
        .get(`/patients/me/sessions?from=${today()}&to=${addDays(today(), -1)}`)
        .expect(422);
      expect(fields(reversed)).toContain('to');
      const malformed = await as(f.patient)
        .get('/patients/me/sessions?from=2026-13-01')
        .expect(400);
      expect(fields(malformed)).toContain('from');
      await as(f.patient).get('/patients/me/sessions?cursor=nonsense').expect(400);
      await as(clinic.otherPatient).get(`/patients/${f.patient.patientId}/sessions`).expect(404);
      await as(foreign.therapist).get(`/patients/${f.patient.patientId}/sessions`).expect(404);
    });
  });

  describe('PATCH /sessions/:id', () => {
    it('lets a patient correct their own session of the last 7 days, keeping the previous version', async () => {
      const f = await fixture();
      const session = await logSession(f.patient, f, { performedOn: addDays(today(), -7) });
      const response = await as(f.patient)
        .patch(`/sessions/${session.id}`, {
          version: 1,
          painAfter: 2,
          notes: null,
          items: [{ planItemId: f.bridgeId, completed: true, repsDone: 12 }],
        })
        .expect(200);
      const updated = response.body as SessionLog;
      expect(updated).toEqual(
        jasmine.objectContaining({
          version: 2,
          painBefore: 4,
          painAfter: 2,
          notes: null,
          durationMinutes: 20,
        }),
      );
      expect(updated.items).toEqual([
        jasmine.objectContaining({ planItemId: f.bridgeId, completed: true, repsDone: 12 }),
      ]);
      expect(await versionRows(session.id)).toEqual([
        jasmine.objectContaining({ version: 1, change: 'created' }),
        jasmine.objectContaining({ version: 2, change: 'updated', changed_by: f.patient.userId }),
      ]);
      expect((await auditRows(session.id)).map((row) => row.action)).toEqual([
        'session.created',
        'session.updated',
      ]);
      const history = await as(clinic.therapist).get(`/sessions/${session.id}/history`).expect(200);
      const versions = (history.body as Page<SessionLogVersion>).items;
      expect(versions.map((version) => [version.version, version.change])).toEqual([
        [1, 'created'],
        [2, 'updated'],
      ]);
      expect(versions[0].snapshot.notes).toBe('Felt looser afterwards');
      expect(versions[0].snapshot.items.length).toBe(2);
      expect(versions[1].snapshot).toEqual(updated);
    });

    it('refuses a patient after 7 days (403) and lets staff correct any time', async () => {
      const f = await fixture();
      const old = await logSession(clinic.therapist, f, { performedOn: addDays(today(), -8) });
      const refused = await as(f.patient)
        .patch(`/sessions/${old.id}`, { painAfter: 1 })
        .expect(403);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      await as(f.patient).delete(`/sessions/${old.id}`, { reason: 'Wrong day' }).expect(403);
      expect((await versionRows(old.id)).length).toBe(1);
      const byStaff = await as(clinic.therapist)
        .patch(`/sessions/${old.id}`, { painAfter: 1 })
        .expect(200);
      expect(byStaff.body.version).toBe(2);
      const byAdmin = await as(clinic.admin)
        .patch(`/sessions/${old.id}`, { performedOn: addDays(today(), -20) })
        .expect(200);
      expect(byAdmin.body).toEqual(
        jasmine.objectContaining({ version: 3, performedOn: addDays(today(), -20) }),
      );
      expect((await versionRows(old.id)).map((row) => row.change)).toEqual([
        'created',
        'updated',
        'updated',
      ]);
      expect((await auditRows(old.id)).map((row) => row.action)).toEqual([
        'session.created',
        'session.updated',
        'session.updated',
      ]);
    });

    it('answers 409 to a stale version and changes nothing', async () => {
      const f = await fixture();
      const session = await logSession(f.patient, f);
      await as(f.patient)
        .patch(`/sessions/${session.id}`, { version: 1, painAfter: 1 })
        .expect(200);
      const stale = await as(clinic.therapist)
        .patch(`/sessions/${session.id}`, { version: 1, painAfter: 9 })
        .expect(409);
      expect(stale.body.currentVersion).toBe(2);
      expect((await versionRows(session.id)).length).toBe(2);
      const list = await as(f.patient).get('/patients/me/sessions').expect(200);
      expect(list.body.items[0].painAfter).toBe(1);
    });

    it('stores no version for a correction that changes nothing (a retried PATCH)', async () => {
      const f = await fixture();
      const session = await logSession(f.patient, f);
      const same = await as(f.patient)
        .patch(`/sessions/${session.id}`, { painAfter: 3, notes: ' Felt looser afterwards ' })
        .expect(200);
      expect(same.body).toEqual(session);
      expect((await versionRows(session.id)).length).toBe(1);
      expect((await auditRows(session.id)).length).toBe(1);
    });

    it('checks corrections like new logs: window, future, caps and items of the day', async () => {
      const f = await fixture();
      const session = await logSession(f.patient, f);
      const url = `/sessions/${session.id}`;
      const expectNamed = async (actor: Actor, body: object, status: number, field: string) => {
        const response = await as(actor).patch(url, body);
        expect(response.status).withContext(response.text).toBe(status);
        expect(fields(response)).toContain(field);
      };
      await expectNamed(f.patient, { performedOn: addDays(today(), 1) }, 422, 'performedOn');
      await expectNamed(clinic.therapist, { performedOn: addDays(today(), 1) }, 422, 'performedOn');
      await expectNamed(f.patient, { performedOn: addDays(today(), -8) }, 422, 'performedOn');
      await expectNamed(
        clinic.therapist,
        { performedOn: addDays(today(), -31) },
        422,
        'performedOn',
      );
      await expectNamed(
        f.patient,
        { items: [{ planItemId: f.strapId, completed: true, setsDone: 7 }] },
        422,
        'items[0].setsDone',
      );
      await expectNamed(f.patient, { painBefore: 11 }, 422, 'painBefore');
      await expectNamed(f.patient, { painBefore: 2.5 }, 400, 'painBefore');
      await expectNamed(
        f.patient,
        { planRevisionId: f.plan.currentRevision.id },
        400,
        'planRevisionId',
      );
      const other = await fixture('Olga Other');
      await expectNamed(
        f.patient,
        { items: [{ planItemId: other.strapId, completed: true }] },
        422,
        'items[0].planItemId',
      );
      expect((await versionRows(session.id)).length).toBe(1);
    });

    it('is for the patient and staff of the clinic only', async () => {
      const f = await fixture();
      const session = await logSession(f.patient, f);
      await as(clinic.otherPatient).patch(`/sessions/${session.id}`, { painAfter: 0 }).expect(404);
      await as(foreign.therapist).patch(`/sessions/${session.id}`, { painAfter: 0 }).expect(404);
      await as(f.patient).patch(`/sessions/${randomUUID()}`, { painAfter: 0 }).expect(404);
      await as(f.patient).patch('/sessions/not-a-uuid', { painAfter: 0 }).expect(404);
      expect((await versionRows(session.id)).length).toBe(1);
    });
  });

  describe('DELETE /sessions/:id', () => {
    it('deletes softly with actor and reason: gone from lists, kept in history, audited', async () => {
      const f = await fixture();
      const kept = await logSession(f.patient, f);
      const session = await logSession(f.patient, f);
      await as(f.patient).delete(`/sessions/${session.id}`, { reason: 'Logged twice' }).expect(204);

      const list = await as(f.patient).get('/patients/me/sessions').expect(200);
      expect(list.body.items.map((item: SessionLog) => item.id)).toEqual([kept.id]);
      const [row]: { deleted_by: string; delete_reason: string; version: number }[] =
        await app.dataSource.query(
          `SELECT deleted_by, delete_reason, version FROM session_log WHERE id = $1 AND deleted_at IS NOT NULL`,
          [session.id],
        );
      expect(row).toEqual({
        deleted_by: f.patient.userId,
        delete_reason: 'Logged twice',
        version: 2,
      });
      expect(await versionRows(session.id)).toEqual([
        jasmine.objectContaining({ version: 1, change: 'created' }),
        jasmine.objectContaining({ version: 2, change: 'deleted', reason: 'Logged twice' }),
      ]);
      const audit = await auditRows(session.id);
      expect(audit.map((event) => event.action)).toEqual(['session.created', 'session.deleted']);
      expect(audit[1].detail).toEqual(jasmine.objectContaining({ reason: 'Logged twice' }));

      const history = await as(clinic.therapist).get(`/sessions/${session.id}/history`).expect(200);
      expect(history.body.items.map((version: SessionLogVersion) => version.change)).toEqual([
        'created',
        'deleted',
      ]);
      expect(history.body.items[1]).toEqual(
        jasmine.objectContaining({
          reason: 'Logged twice',
          changedBy: { userId: f.patient.userId, role: 'patient' },
        }),
      );

      // A retried delete answers the same and stores nothing; a deleted session cannot be changed.
      await as(clinic.therapist).delete(`/sessions/${session.id}`, { reason: 'Again' }).expect(204);
      expect((await versionRows(session.id)).length).toBe(2);
      await as(f.patient).patch(`/sessions/${session.id}`, { painAfter: 0 }).expect(409);
    });

    it('needs a reason in a JSON body', async () => {
      const f = await fixture();
      const session = await logSession(f.patient, f);
      const missing = await as(f.patient).delete(`/sessions/${session.id}`).expect(400);
      expect(fields(missing)).toContain('reason');
      const blank = await as(f.patient)
        .delete(`/sessions/${session.id}`, { reason: '   ' })
        .expect(422);
      expect(fields(blank)).toContain('reason');
      const long = await as(f.patient)
        .delete(`/sessions/${session.id}`, { reason: 'x'.repeat(501) })
        .expect(400);
      expect(fields(long)).toContain('reason');
      expect((await versionRows(session.id)).length).toBe(1);
    });

    it('lets staff delete any time, never another clinic; the row itself can never be removed', async () => {
      const f = await fixture();
      const old = await logSession(clinic.admin, f, { performedOn: addDays(today(), -20) });
      await as(foreign.therapist).delete(`/sessions/${old.id}`, { reason: 'x' }).expect(404);
      await as(clinic.otherPatient).delete(`/sessions/${old.id}`, { reason: 'x' }).expect(404);
      await as(clinic.therapist)
        .delete(`/sessions/${old.id}`, { reason: 'Entered for the wrong patient' })
        .expect(204);
      await expectAsync(
        app.dataSource.query(`DELETE FROM session_log WHERE id = $1`, [old.id]),
      ).toBeRejected();
      await expectAsync(
        app.dataSource.query(
          `UPDATE session_log_version SET reason = 'rewritten' WHERE session_id = $1`,
          [old.id],
        ),
      ).toBeRejected();
      expect(await sessionCount(f.patient.patientId)).toBe(1);
    });
  });

  describe('GET /sessions/:id/history', () => {
    it('is for staff of the clinic (patient 403, other clinics 404) and audited', async () => {
      const f = await fixture();
      const session = await logSession(f.patient, f);
      const url = `/sessions/${session.id}/history`;
      const refused = await as(f.patient).get(url).expect(403);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      await as(foreign.therapist).get(url).expect(404);
      const byAdmin = await as(clinic.admin).get(url).expect(200);
      expect(byAdmin.body).toEqual({
        items: [
          jasmine.objectContaining({
            sessionId: session.id,
            version: 1,
            change: 'created',
            changedBy: { userId: f.patient.userId, role: 'patient' },
            reason: null,
            snapshot: session,
          }),
        ],
        nextCursor: null,
      });
      const reads: { actor_user_id: string }[] = await app.dataSource.query(
        `SELECT actor_user_id FROM audit_event WHERE action = 'session.history_read' AND entity_id = $1`,
        [session.id],
      );
      expect(reads).toEqual([{ actor_user_id: clinic.admin.userId }]);
    });

    it('pages through many versions', async () => {
      const f = await fixture();
      const session = await logSession(f.patient, f);
      for (const pain of [0, 1, 2, 5])
        await as(f.patient).patch(`/sessions/${session.id}`, { painAfter: pain }).expect(200);
      const first = await as(clinic.therapist)
        .get(`/sessions/${session.id}/history?limit=3`)
        .expect(200);
      expect(first.body.items.map((version: SessionLogVersion) => version.version)).toEqual([
        1, 2, 3,
      ]);
      const second = await as(clinic.therapist)
        .get(`/sessions/${session.id}/history?limit=3&cursor=${first.body.nextCursor}`)
        .expect(200);
      expect(second.body.items.map((version: SessionLogVersion) => version.version)).toEqual([
        4, 5,
      ]);
      expect(second.body.nextCursor).toBeNull();
    });
  });

  describe('Idempotency-Key', () => {
    it('answers a repeat with the first response and stores nothing new', async () => {
      const f = await fixture();
      const key = randomUUID();
      const body = sessionBody(f);
      const first = await as(f.patient).post('/patients/me/sessions', body, key).expect(201);
      expect(first.headers['idempotent-replayed']).toBeUndefined();
      // The same body with its keys in another order is the same request.
      const reordered = Object.fromEntries(Object.entries(body).reverse());
      const again = await as(f.patient).post('/patients/me/sessions', reordered, key).expect(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);
      expect(await sessionCount(f.patient.patientId)).toBe(1);
      expect((await versionRows(first.body.id)).length).toBe(1);
      expect((await auditRows(first.body.id)).length).toBe(1);
    });

    it('refuses the same key with a different body (422), storing nothing', async () => {
      const f = await fixture();
      const key = randomUUID();
      await as(f.patient).post('/patients/me/sessions', sessionBody(f), key).expect(201);
      const changed = await as(f.patient).post(
        '/patients/me/sessions',
        sessionBody(f, { painAfter: 1 }),
        key,
      );
      expect(changed.status).toBe(422);
      expect(changed.headers['content-type']).toContain('application/problem+json');
      expect(await sessionCount(f.patient.patientId)).toBe(1);
    });

    it('answers 409 while the first request with the key is still in flight', async () => {
      const f = await fixture();
      const body = sessionBody(f);
      // The fingerprint of this exact request, as the interceptor stored it for a finished one.
      const done = randomUUID();
      await as(f.patient).post('/patients/me/sessions', body, done).expect(201);
      const [{ fingerprint }]: { fingerprint: string }[] = await app.dataSource.query(
        `SELECT fingerprint FROM idempotency_key WHERE user_id = $1 AND key = $2`,
        [f.patient.userId, done],
      );
      const inFlight = randomUUID();
      await app.dataSource.query(
        `INSERT INTO idempotency_key (user_id, key, fingerprint, state, expires_at)
         VALUES ($1, $2, $3, 'in_flight', now() + interval '1 day')`,
        [f.patient.userId, inFlight, fingerprint],
      );
      const response = await as(f.patient).post('/patients/me/sessions', body, inFlight);
      expect(response.status).toBe(409);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(await sessionCount(f.patient.patientId)).toBe(1);
    });

    it('stores exactly one session for 50 identical requests fired at once', async () => {
      const f = await fixture();
      const key = randomUUID();
      const body = sessionBody(f);
      const responses = await Promise.all(
        Array.from({ length: 50 }, () => as(f.patient).post('/patients/me/sessions', body, key)),
      );
      const statuses = responses.map((response) => response.status);
      expect(statuses.filter((status) => status !== 201 && status !== 409))
        .withContext(statuses.join(' '))
        .toEqual([]);
      const created = responses.filter((response) => response.status === 201);
      expect(created.length).toBeGreaterThanOrEqual(1);
      expect(new Set(created.map((response) => response.body.id)).size).toBe(1);
      expect(await sessionCount(f.patient.patientId)).toBe(1);
      // Once the first has finished, a retry replays it.
      const retry = await as(f.patient).post('/patients/me/sessions', body, key).expect(201);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(retry.body.id).toBe(created[0].body.id);
    }, 60_000);
  });

  describe('timesDone in GET /patients/:id/today', () => {
    it("counts the day's non-deleted sessions marking each item completed, in constant statements", async () => {
      const f = await fixture();
      const todayOf = () => as(f.patient).get(`/patients/me/today?date=${today()}`).expect(200);
      const before = await countQueries(app.dataSource, todayOf);
      const done = (response: request.Response) =>
        Object.fromEntries(
          (response.body as TodayResponse).items.map((item) => [item.exercise.id, item.timesDone]),
        );
      expect(done(before.result)).toEqual({ 'supine-hamstring-strap': 0, 'glute-bridge': 0 });

      const both = [
        { planItemId: f.strapId, completed: true },
        { planItemId: f.bridgeId, completed: true },
      ];
      await logSession(f.patient, f, { items: both });
      await logSession(clinic.therapist, f, { items: both });
      // Strap completed, bridge skipped.
      await logSession(f.patient, f);
      const deleted = await logSession(f.patient, f, { items: both });
      await as(f.patient).delete(`/sessions/${deleted.id}`, { reason: 'Duplicate' }).expect(204);
      // Another day counts on that day only.
      await logSession(f.patient, f, { items: both, performedOn: addDays(today(), -1) });

      const after = await countQueries(app.dataSource, todayOf);
      expect(done(after.result)).toEqual({ 'supine-hamstring-strap': 3, 'glute-bridge': 2 });
      expect(after.count).withContext(after.statements.join('\n---\n')).toBe(before.count);
      const yesterday = await as(clinic.therapist)
        .get(`/patients/${f.patient.patientId}/today?date=${addDays(today(), -1)}`)
        .expect(200);
      expect(done(yesterday)).toEqual({ 'supine-hamstring-strap': 1, 'glute-bridge': 1 });
    });
  });
});
