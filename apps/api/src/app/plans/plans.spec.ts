import type {
  Page,
  Plan,
  PlanItemInput,
  PlanRevision,
  PlanRevisionWithWarnings,
  PlanWithWarnings,
  TodayResponse,
} from '@rehabit/contracts';
import { addDays, localDateOf } from '@rehabit/domain';
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
import { countQueries } from '../testing/query-counter';
import { getTestApp, type TestApp } from '../testing/test-app';
import { requestsAs } from '../testing/requests';

type PatientActor = Actor & { patientId: string };

const strap: PlanItemInput = {
  exerciseId: 'supine-hamstring-strap',
  sets: 3,
  holdSeconds: 30,
  side: 'both',
  timesPerWeek: 5,
};
const bridge: PlanItemInput = {
  exerciseId: 'glute-bridge',
  sets: 2,
  reps: 10,
  daysOfWeek: [1, 3, 5],
};

describe('plans', () => {
  let app: TestApp;
  let clinic: TestClinic;
  let foreign: { admin: Actor; therapist: Actor; patient: PatientActor };

  const as = (actor: Actor) => requestsAs(app, actor);

  /** PATCH /plans/:id by `actor`, with the ETag the clinic's therapist reads just before. */
  async function setStatus(
    planId: string,
    status: string,
    expected: number,
    actor: Actor = clinic.therapist,
  ): Promise<request.Response> {
    const etag = await etagOf(app, clinic.therapist, `/plans/${planId}`);
    return as(actor).patch(`/plans/${planId}`, { status }, etag).expect(expected);
  }

  async function createPlan(
    patient: PatientActor,
    body: object = {},
    therapist: Actor = clinic.therapist,
  ): Promise<PlanWithWarnings> {
    const response = await as(therapist)
      .post(`/patients/${patient.patientId}/plans`, {
        title: 'Hamstrings',
        startDate: '2030-01-07',
        items: [strap, bridge],
        ...body,
      })
      .expect(201);
    return response.body as PlanWithWarnings;
  }

  async function today(actor: Actor, patientId: string, date: string): Promise<TodayResponse> {
    const response = await as(actor).get(`/patients/${patientId}/today?date=${date}`).expect(200);
    return response.body as TodayResponse;
  }

  const due = (response: TodayResponse) =>
    response.items.map((item) => `${item.exercise.id}×${item.timesDue}`).sort();

  beforeAll(async () => {
    app = await getTestApp();
    clinic = await createTestClinic(app, 'Plans clinic');
    const other = await signUpClinic(app, 'Foreign plans clinic');
    const therapist = await addTherapist(app, other.admin);
    foreign = { admin: other.admin, therapist, patient: await addPatient(app, therapist) };
  }, 60_000);

  describe('POST /patients/:id/plans', () => {
    it('creates an active plan from scratch with revision 1, and audits it', async () => {
      const plan = await createPlan(clinic.patient, {
        goal: 'Touch the toes',
        endDate: '2030-02-17',
      });
      expect(plan).toEqual(
        jasmine.objectContaining({
          patientId: clinic.patient.patientId,
          title: 'Hamstrings',
          goal: 'Touch the toes',
          startDate: '2030-01-07',
          endDate: '2030-02-17',
          status: 'active',
          templateId: null,
          warnings: [],
        }),
      );
      expect(plan.currentRevision).toEqual(
        jasmine.objectContaining({
          number: 1,
          effectiveFrom: '2030-01-07',
          note: null,
          authorId: clinic.therapist.userId,
        }),
      );
      expect(plan.currentRevision.items).toEqual([
        jasmine.objectContaining({
          position: 0,
          exerciseId: 'supine-hamstring-strap',
          exercise: {
            id: 'supine-hamstring-strap',
            name: jasmine.any(String),
            category: 'static_stretch',
          },
          sets: 3,
          reps: null,
          holdSeconds: 30,
          side: 'both',
          daysOfWeek: null,
          timesPerWeek: 5,
          timesPerDay: 1,
          notes: null,
        }),
        jasmine.objectContaining({
          position: 1,
          exerciseId: 'glute-bridge',
          daysOfWeek: [1, 3, 5],
        }),
      ]);
      const events: { action: string; patient_id: string }[] = await app.dataSource.query(
        `SELECT action, patient_id FROM audit_event WHERE entity_id = $1`,
        [plan.id],
      );
      expect(events).toEqual([{ action: 'plan.created', patient_id: clinic.patient.patientId }]);
    });

    it('instantiates a template: its title, goal, length and items, with `me`-free ids', async () => {
      const plan = await createPlan(clinic.patient, {
        title: undefined,
        items: undefined,
        templateId: 'lbp-tight-hamstrings-starter',
        startDate: '2030-03-04',
      });
      expect(plan.title).toBe('Low back pain with tight hamstrings — starter');
      expect(plan.templateId).toBe('lbp-tight-hamstrings-starter');
      expect(plan.endDate).toBe(addDays('2030-03-04', 6 * 7 - 1));
      expect(plan.goal).toContain('hamstrings');
      expect(plan.currentRevision.items.map((item) => item.exerciseId)).toEqual([
        'leg-swings',
        'supine-hamstring-strap',
        'standing-hamstring-step',
        'pelvic-tilt',
        'glute-bridge',
        'chin-tuck',
      ]);
      expect(plan.warnings).toEqual([]);
    });

    it("lets the therapist edit a template's items, title and end before saving", async () => {
      const plan = await createPlan(clinic.patient, {
        title: 'Core for Pat',
        templateId: 'core-stability',
        endDate: null,
        items: [{ exerciseId: 'plank', sets: 2, holdSeconds: 20, daysOfWeek: [2, 4] }],
      });
      expect(plan.title).toBe('Core for Pat');
      expect(plan.endDate).toBeNull();
      expect(plan.templateId).toBe('core-stability');
      expect(plan.currentRevision.items).toEqual([
        jasmine.objectContaining({ exerciseId: 'plank', sets: 2, holdSeconds: 20 }),
      ]);
    });

    it('warns about long plans and over-dosed static stretches, without refusing', async () => {
      const items = [
        'leg-swings',
        'pelvic-tilt',
        'glute-bridge',
        'bird-dog',
        'dead-bug',
        'plank',
      ].map((exerciseId) => ({ exerciseId, sets: 2, reps: 8, timesPerWeek: 3 }));
      const plan = await createPlan(clinic.patient, {
        items: [...items, { ...strap, holdSeconds: 60, timesPerDay: 2 }],
      });
      expect(plan.currentRevision.items.length).toBe(7);
      expect(plan.warnings.map((warning) => warning.field)).toEqual([
        'items',
        'items[6].holdSeconds',
        'items[6].timesPerDay',
      ]);
    });

    it('may use a clinic exercise of its own, not one of another clinic', async () => {
      const own = await as(clinic.admin)
        .post('/exercises', {
          name: 'Clinic stretch',
          category: 'static_stretch',
          regions: ['hamstrings'],
          instructions: ['Stretch.'],
        })
        .expect(201);
      const plan = await createPlan(clinic.patient, {
        items: [{ exerciseId: own.body.id, sets: 1, timesPerWeek: 3 }],
      });
      expect(plan.currentRevision.items[0].exercise.name).toBe('Clinic stretch');
      const response = await as(foreign.therapist)
        .post(`/patients/${foreign.patient.patientId}/plans`, {
          title: 'x',
          startDate: '2030-01-07',
          items: [strap, { exerciseId: own.body.id, sets: 1, timesPerWeek: 3 }],
        })
        .expect(422);
      expect(response.body.errors).toEqual([
        { field: 'items[1].exerciseId', message: jasmine.any(String) },
      ]);
    });

    it('refuses bad input naming the field (400 shape, 422 rules)', async () => {
      const cases: [object, number, string][] = [
        [{ items: [strap, { ...bridge, exerciseId: 'moonwalk' }] }, 422, 'items[1].exerciseId'],
        [{ items: [{ ...strap, sets: 11 }] }, 422, 'items[0].sets'],
        [{ items: [{ ...strap, sets: 0 }] }, 422, 'items[0].sets'],
        [{ items: [{ ...strap, reps: 101 }] }, 422, 'items[0].reps'],
        [{ items: [{ ...strap, holdSeconds: 601 }] }, 422, 'items[0].holdSeconds'],
        [{ items: [{ ...strap, side: 'up' }] }, 422, 'items[0].side'],
        [{ items: [{ ...bridge, daysOfWeek: [8] }] }, 422, 'items[0].daysOfWeek[0]'],
        [{ items: [{ ...bridge, daysOfWeek: [1, 1] }] }, 422, 'items[0].daysOfWeek[1]'],
        [{ items: [{ ...bridge, daysOfWeek: [] }] }, 422, 'items[0].daysOfWeek'],
        [{ items: [{ ...bridge, timesPerWeek: 3 }] }, 422, 'items[0].timesPerWeek'],
        [{ items: [{ exerciseId: 'plank', sets: 1 }] }, 422, 'items[0].daysOfWeek'],
        [{ items: [{ ...strap, timesPerWeek: 15 }] }, 422, 'items[0].timesPerWeek'],
        [{ items: [{ ...strap, timesPerDay: 5 }] }, 422, 'items[0].timesPerDay'],
        [{ items: [strap, strap] }, 422, 'items[1].exerciseId'],
        [{ items: [] }, 422, 'items'],
        [{ items: undefined }, 422, 'items'],
        [{ endDate: '2030-01-06' }, 422, 'endDate'],
        [{ title: '  ' }, 422, 'title'],
        [{ templateId: 'no-such-template' }, 422, 'templateId'],
        [{ startDate: '2030-02-30' }, 400, 'startDate'],
        [{ startDate: undefined }, 400, 'startDate'],
        [{ endDate: '17.02.2030' }, 400, 'endDate'],
        [{ title: 'x'.repeat(201) }, 400, 'title'],
        [{ items: [{ ...strap, sets: 2.5 }] }, 400, 'items[0].sets'],
        [
          { items: [{ ...bridge, daysOfWeek: [1, 2, 3, 4, 5, 6, 7, 1] }] },
          400,
          'items[0].daysOfWeek',
        ],
        [{ items: [{ ...strap, notes: 'x'.repeat(1001) }] }, 400, 'items[0].notes'],
        [{ items: Array(31).fill(strap) }, 400, 'items'],
        [{ status: 'paused' }, 400, 'status'],
      ];
      for (const [body, status, field] of cases) {
        const response = await as(clinic.therapist)
          .post(`/patients/${clinic.patient.patientId}/plans`, {
            title: 'Hamstrings',
            startDate: '2030-01-07',
            items: [strap],
            ...body,
          })
          .expect(status);
        expect(response.body.errors)
          .withContext(JSON.stringify(body).slice(0, 120))
          .toContain(jasmine.objectContaining({ field }));
      }
    });

    it('is for therapists of the patient’s clinic only', async () => {
      const body = { title: 'x', startDate: '2030-01-07', items: [strap] };
      const path = `/patients/${clinic.patient.patientId}/plans`;
      await as(clinic.admin).post(path, body).expect(403);
      await as(clinic.patient).post(path, body).expect(403);
      await as(clinic.patient).post('/patients/me/plans', body).expect(403);
      await as(foreign.therapist).post(path, body).expect(404);
      await as(clinic.therapist).post('/patients/not-a-uuid/plans', body).expect(404);
      await request(app.server).post(`/api/v1${path}`).send(body).expect(401);
    });
  });

  describe('reading plans', () => {
    let patient: PatientActor;
    let plans: PlanWithWarnings[];

    beforeAll(async () => {
      patient = await addPatient(app, clinic.therapist, 'Rita Reader');
      plans = [await createPlan(patient), await createPlan(patient, { title: 'Second' })];
    });

    it('lists the patient’s plans newest first with their current revision, to staff and the patient', async () => {
      for (const [actor, id] of [
        [clinic.therapist, patient.patientId],
        [clinic.admin, patient.patientId],
        [patient, 'me'],
        [patient, patient.patientId],
      ] as const) {
        const response = await as(actor).get(`/patients/${id}/plans`).expect(200);
        const page = response.body as Page<Plan>;
        expect(page.items.map((plan) => plan.id)).toEqual([plans[1].id, plans[0].id]);
        expect(page.items[0].currentRevision.items.length).toBe(2);
        expect(page.nextCursor).toBeNull();
      }
      const first = await as(patient).get('/patients/me/plans?limit=1').expect(200);
      expect(first.body.items.map((plan: Plan) => plan.id)).toEqual([plans[1].id]);
      const second = await as(patient)
        .get(`/patients/me/plans?limit=1&cursor=${first.body.nextCursor}`)
        .expect(200);
      expect(second.body.items.map((plan: Plan) => plan.id)).toEqual([plans[0].id]);
      expect(second.body.nextCursor).toBeNull();
    });

    it('answers one plan and its revisions to staff and the patient', async () => {
      const plan = await as(patient).get(`/plans/${plans[0].id}`).expect(200);
      expect(plan.body).toEqual(jasmine.objectContaining({ id: plans[0].id, title: 'Hamstrings' }));
      await as(clinic.admin).get(`/plans/${plans[0].id}`).expect(200);
      const revisions = await as(clinic.therapist)
        .get(`/plans/${plans[0].id}/revisions`)
        .expect(200);
      expect(revisions.body.items.map((revision: PlanRevision) => revision.number)).toEqual([1]);
    });

    it('hides plans from other patients and other clinics (404), and audits staff reads', async () => {
      const id = plans[0].id;
      for (const actor of [
        clinic.otherPatient,
        foreign.therapist,
        foreign.admin,
        foreign.patient,
      ]) {
        await as(actor).get(`/plans/${id}`).expect(404);
        await as(actor).get(`/plans/${id}/revisions`).expect(404);
      }
      await as(clinic.otherPatient).get(`/patients/${patient.patientId}/plans`).expect(404);
      await as(foreign.therapist).get(`/patients/${patient.patientId}/plans`).expect(404);
      await as(clinic.therapist).get('/plans/not-a-uuid').expect(404);
      await as(clinic.therapist).get('/plans/00000000-0000-4000-8000-000000000000').expect(404);
      await request(app.server).get(`/api/v1/plans/${id}`).expect(401);

      await as(clinic.therapist).get(`/patients/${patient.patientId}/plans`).expect(200);
      await as(clinic.therapist).get(`/plans/${id}`).expect(200);
      await as(clinic.admin).get(`/plans/${id}/revisions`).expect(200);

      const denied: { count: string }[] = await app.dataSource.query(
        `SELECT count(*) FROM audit_event WHERE action = 'access.denied' AND entity_id = $1`,
        [id],
      );
      expect(Number(denied[0].count)).toBeGreaterThanOrEqual(4);
      const reads: { action: string }[] = await app.dataSource.query(
        `SELECT DISTINCT action FROM audit_event WHERE patient_id = $1 AND actor_role <> 'patient' ORDER BY action`,
        [patient.patientId],
      );
      expect(reads.map((row) => row.action)).toEqual(
        jasmine.arrayContaining([
          'plan.created',
          'plan.listed',
          'plan.read',
          'plan.revisions_read',
        ]),
      );
    });
  });

  describe('revisions', () => {
    it('adds a revision with new items, author and note; every revision keeps its own', async () => {
      const plan = await createPlan(clinic.patient);
      const response = await as(clinic.therapist)
        .post(`/plans/${plan.id}/revisions`, {
          basedOnRevision: 1,
          note: 'Progressing the bridge',
          items: [strap, { ...bridge, reps: 15 }],
        })
        .expect(201);
      const revision = response.body as PlanRevisionWithWarnings;
      expect(revision).toEqual(
        jasmine.objectContaining({
          planId: plan.id,
          number: 2,
          note: 'Progressing the bridge',
          authorId: clinic.therapist.userId,
          // The plan has not started yet, so the change applies from its first day.
          effectiveFrom: '2030-01-07',
          warnings: [],
        }),
      );
      const oldIds = plan.currentRevision.items.map((item) => item.id);
      expect(revision.items.map((item) => item.id).some((id) => oldIds.includes(id))).toBeFalse();

      const current = await as(clinic.patient).get(`/plans/${plan.id}`).expect(200);
      expect(current.body.currentRevision.number).toBe(2);
      expect(current.body.currentRevision.items[1].reps).toBe(15);

      const history = await as(clinic.patient).get(`/plans/${plan.id}/revisions`).expect(200);
      const [second, first] = history.body.items as PlanRevision[];
      expect([second.number, first.number]).toEqual([2, 1]);
      expect(first.items.map((item) => item.id)).toEqual(oldIds);
      expect(first.items[1].reps).toBe(10);
      expect(first.note).toBeNull();
      expect(second.note).toBe('Progressing the bridge');

      const events: { action: string; detail: { revision: number } }[] = await app.dataSource.query(
        `SELECT action, detail FROM audit_event WHERE entity_id = $1 AND action = 'plan.revised'`,
        [plan.id],
      );
      expect(events.map((event) => event.detail.revision)).toEqual([2]);
    });

    it('answers 409 with the current number to a stale basedOnRevision', async () => {
      const plan = await createPlan(clinic.patient);
      const body = { basedOnRevision: 1, items: [strap] };
      await as(clinic.therapist).post(`/plans/${plan.id}/revisions`, body).expect(201);
      const stale = await as(clinic.therapist)
        .post(`/plans/${plan.id}/revisions`, body)
        .expect(409);
      expect(stale.body).toEqual(
        jasmine.objectContaining({ status: 409, currentRevision: 2, detail: jasmine.any(String) }),
      );
      const ahead = await as(clinic.therapist)
        .post(`/plans/${plan.id}/revisions`, { ...body, basedOnRevision: 7 })
        .expect(409);
      expect(ahead.body.currentRevision).toBe(2);
    });

    it('lets exactly one of two concurrent revisions of the same base win', async () => {
      const plan = await createPlan(clinic.patient);
      const send = (note: string) =>
        as(clinic.therapist)
          .post(`/plans/${plan.id}/revisions`, { basedOnRevision: 1, items: [strap], note })
          .then((response) => response);
      const responses = await Promise.all([send('A'), send('B')]);
      const statuses = responses.map((response) => response.status).sort();
      expect(statuses).toEqual([201, 409]);
      for (const loser of responses.filter((response) => response.status === 409))
        expect(loser.body.currentRevision).toBe(2);
      const rows: { number: number }[] = await app.dataSource.query(
        `SELECT number FROM plan_revision WHERE plan_id = $1 ORDER BY number`,
        [plan.id],
      );
      expect(rows.map((row) => row.number)).toEqual([1, 2]);
    });

    it('takes effect from the patient’s today by default, or a later day, never earlier', async () => {
      const started = localDateOf(new Date(), 'Europe/Berlin');
      const plan = await createPlan(clinic.patient, { startDate: addDays(started, -20) });
      const today = await as(clinic.therapist)
        .post(`/plans/${plan.id}/revisions`, { basedOnRevision: 1, items: [strap] })
        .expect(201);
      // The patient's zone is Europe/Berlin; allow for the test straddling midnight there.
      expect([started, addDays(started, 1)]).toContain(today.body.effectiveFrom);
      const later = await as(clinic.therapist)
        .post(`/plans/${plan.id}/revisions`, {
          basedOnRevision: 2,
          items: [bridge],
          effectiveFrom: addDays(started, 10),
        })
        .expect(201);
      expect(later.body.effectiveFrom).toBe(addDays(started, 10));
      const backdated = await as(clinic.therapist)
        .post(`/plans/${plan.id}/revisions`, {
          basedOnRevision: 3,
          items: [bridge],
          effectiveFrom: addDays(started, 5),
        })
        .expect(422);
      expect(backdated.body.errors).toEqual([
        { field: 'effectiveFrom', message: jasmine.stringContaining('before') },
      ]);
      const past = await as(clinic.therapist)
        .post(`/plans/${plan.id}/revisions`, {
          basedOnRevision: 3,
          items: [bridge],
          effectiveFrom: addDays(started, -2),
        })
        .expect(422);
      expect(past.body.errors[0].field).toBe('effectiveFrom');
    });

    it('refuses bad items naming the field, and a completed plan with 409', async () => {
      const plan = await createPlan(clinic.patient, { endDate: '2030-03-01' });
      const cases: [object, number, string][] = [
        [{ items: [{ ...strap, exerciseId: 'moonwalk' }] }, 422, 'items[0].exerciseId'],
        [{ items: [{ ...strap, sets: 11 }] }, 422, 'items[0].sets'],
        [{ items: [{ ...bridge, daysOfWeek: [0] }] }, 422, 'items[0].daysOfWeek[0]'],
        [{ items: [] }, 422, 'items'],
        [{ basedOnRevision: 0 }, 422, 'basedOnRevision'],
        [{ effectiveFrom: '2030-03-02' }, 422, 'effectiveFrom'],
        [{ basedOnRevision: '1' }, 400, 'basedOnRevision'],
        [{ items: undefined }, 400, 'items'],
        [{ note: 'x'.repeat(1001) }, 400, 'note'],
        [{ effectiveFrom: 'tomorrow' }, 400, 'effectiveFrom'],
      ];
      for (const [body, status, field] of cases) {
        const response = await as(clinic.therapist)
          .post(`/plans/${plan.id}/revisions`, { basedOnRevision: 1, items: [strap], ...body })
          .expect(status);
        expect(response.body.errors)
          .withContext(JSON.stringify(body).slice(0, 100))
          .toContain(jasmine.objectContaining({ field }));
      }
      await setStatus(plan.id, 'completed', 200);
      const closed = await as(clinic.therapist)
        .post(`/plans/${plan.id}/revisions`, { basedOnRevision: 1, items: [strap] })
        .expect(409);
      expect(closed.body.currentRevision).toBe(1);
    });

    it('is for therapists of the clinic only', async () => {
      const plan = await createPlan(clinic.patient);
      const body = { basedOnRevision: 1, items: [strap] };
      await as(clinic.admin).post(`/plans/${plan.id}/revisions`, body).expect(403);
      await as(clinic.patient).post(`/plans/${plan.id}/revisions`, body).expect(403);
      await as(foreign.therapist).post(`/plans/${plan.id}/revisions`, body).expect(404);
      const unchanged = await as(clinic.therapist).get(`/plans/${plan.id}`).expect(200);
      expect(unchanged.body.currentRevision.number).toBe(1);
    });
  });

  describe('PATCH /plans/:id (status)', () => {
    it('pauses, resumes and completes, keeping a history and an audit trail', async () => {
      const plan = await createPlan(clinic.patient);
      const paused = await setStatus(plan.id, 'paused', 200);
      expect(paused.body.status).toBe('paused');
      await setStatus(plan.id, 'active', 200);
      await setStatus(plan.id, 'completed', 200);
      const reopened = await setStatus(plan.id, 'active', 409);
      expect(reopened.body).toEqual(
        jasmine.objectContaining({ currentStatus: 'completed', detail: jasmine.any(String) }),
      );

      const history: { status: string; changed_by: string }[] = await app.dataSource.query(
        `SELECT status, changed_by FROM plan_status_change WHERE plan_id = $1 ORDER BY changed_at`,
        [plan.id],
      );
      expect(history.map((row) => row.status)).toEqual(['active', 'paused', 'active', 'completed']);
      expect(history.every((row) => row.changed_by === clinic.therapist.userId)).toBeTrue();
      const events: { detail: { from: string; to: string } }[] = await app.dataSource.query(
        `SELECT detail FROM audit_event WHERE entity_id = $1 AND action = 'plan.status_changed'
          ORDER BY id`,
        [plan.id],
      );
      expect(events.map((event) => `${event.detail.from}>${event.detail.to}`)).toEqual([
        'active>paused',
        'paused>active',
        'active>completed',
      ]);
    });

    it('refuses a no-op or unknown status, and callers other than the clinic’s therapists', async () => {
      const plan = await createPlan(clinic.patient);
      const same = await setStatus(plan.id, 'active', 409);
      expect(same.body.errors).toEqual([{ field: 'status', message: jasmine.any(String) }]);
      const unknown = await setStatus(plan.id, 'archived', 400);
      expect(unknown.body.errors).toContain(jasmine.objectContaining({ field: 'status' }));
      await as(clinic.therapist).patch(`/plans/${plan.id}`, { title: 'x' }).expect(400);
      await setStatus(plan.id, 'paused', 403, clinic.admin);
      await setStatus(plan.id, 'paused', 403, clinic.patient);
      await setStatus(plan.id, 'paused', 404, foreign.therapist);
      await as(foreign.therapist).patch(`/plans/${plan.id}`, { status: 'paused' }).expect(404);
    });
  });

  describe('ETag and If-Match on /plans/:id', () => {
    const statusOf = async (planId: string) =>
      (await as(clinic.therapist).get(`/plans/${planId}`).expect(200)).body.status;

    it('sends a strong ETag with the plan, in the header, the body and the lists', async () => {
      const plan = await createPlan(clinic.patient);
      const read = await as(clinic.patient).get(`/plans/${plan.id}`).expect(200);
      expect(read.headers['etag']).toMatch(/^"\d+"$/);
      expect(read.body.etag).toBe(read.headers['etag']);
      expect(plan.etag).toBe(read.headers['etag']);
      const listed = await as(clinic.therapist)
        .get(`/patients/${clinic.patient.patientId}/plans?limit=200`)
        .expect(200);
      const item = (listed.body.items as Plan[]).find((p) => p.id === plan.id);
      expect(item?.etag).toBe(read.headers['etag']);
    });

    it('answers 428 without If-Match or with *, and 412 to a stale tag, changing nothing', async () => {
      const plan = await createPlan(clinic.patient);
      const path = `/plans/${plan.id}`;
      for (const ifMatch of [undefined, '*']) {
        const response = await as(clinic.therapist)
          .patch(path, { status: 'paused' }, ifMatch)
          .expect(428);
        expect(response.headers['content-type']).toContain('application/problem+json');
        expect(response.body.detail).toContain('If-Match');
      }
      // A revision is a change of the plan too: the tag read before it is stale afterwards.
      await as(clinic.therapist)
        .post(`${path}/revisions`, { basedOnRevision: 1, items: [strap] })
        .expect(201);
      for (const ifMatch of [plan.etag, `W/${await etagOf(app, clinic.therapist, path)}`]) {
        const response = await as(clinic.therapist)
          .patch(path, { status: 'paused' }, ifMatch)
          .expect(412);
        expect(response.headers['content-type']).toContain('application/problem+json');
        expect(response.body.detail).toContain('If-Match');
      }
      expect(await statusOf(plan.id)).toBe('active');
      const changed = await setStatus(plan.id, 'paused', 200);
      expect(changed.headers['etag']).toBe(changed.body.etag);
      expect(changed.headers['etag']).not.toBe(plan.etag);
      // A stale tag is refused before the transition is judged: 412, not 409.
      await as(clinic.therapist).patch(path, { status: 'paused' }, plan.etag).expect(412);
    });

    it('lets exactly one of many concurrent status changes from the same version win', async () => {
      const plan = await createPlan(clinic.patient);
      const attempts = 6;
      const responses = await Promise.all(
        Array.from({ length: attempts }, (_, index) =>
          as(clinic.therapist).patch(
            `/plans/${plan.id}`,
            { status: index % 2 ? 'paused' : 'completed' },
            plan.etag,
          ),
        ),
      );
      const statuses = responses.map((response) => response.status).sort();
      expect(statuses).toEqual([200, ...Array(attempts - 1).fill(412)]);
      const winner = responses.find((response) => response.status === 200);
      expect(await statusOf(plan.id)).toBe(winner?.body.status);
      const history: { status: string }[] = await app.dataSource.query(
        `SELECT status FROM plan_status_change WHERE plan_id = $1 ORDER BY changed_at`,
        [plan.id],
      );
      expect(history.map((row) => row.status)).toEqual(['active', winner?.body.status]);
      const events: unknown[] = await app.dataSource.query(
        `SELECT id FROM audit_event WHERE entity_id = $1 AND action = 'plan.status_changed'`,
        [plan.id],
      );
      expect(events.length).toBe(1);
    });
  });

  describe('GET /patients/:id/today', () => {
    let patient: PatientActor;

    beforeEach(async () => {
      patient = await addPatient(app, clinic.therapist, 'Toby Today');
    });

    it('follows weekdays, weekly counts and the ISO week boundary', async () => {
      // 2030-01-07 is a Monday.
      await createPlan(patient, {
        items: [
          { ...bridge, timesPerDay: 2 },
          { exerciseId: 'plank', sets: 3, holdSeconds: 15, timesPerWeek: 14 },
          { exerciseId: 'chin-tuck', sets: 1, reps: 10, daysOfWeek: [7] },
        ],
      });
      expect(due(await today(patient, 'me', '2030-01-06'))).toEqual([]);
      expect(due(await today(patient, 'me', '2030-01-07'))).toEqual(['glute-bridge×2', 'plank×2']);
      expect(due(await today(patient, 'me', '2030-01-08'))).toEqual(['plank×2']);
      expect(due(await today(patient, 'me', '2030-01-13'))).toEqual(['chin-tuck×1', 'plank×2']);
      expect(due(await today(patient, 'me', '2030-01-14'))).toEqual(['glute-bridge×2', 'plank×2']);

      const monday = await today(clinic.therapist, patient.patientId, '2030-01-07');
      const item = monday.items.find((entry) => entry.exercise.id === 'glute-bridge')!;
      expect(monday.date).toBe('2030-01-07');
      expect(monday.timezone).toBe('Europe/Berlin');
      expect(item).toEqual(
        jasmine.objectContaining({
          planItemId: jasmine.any(String),
          planRevisionId: jasmine.any(String),
          dosage: { sets: 2, reps: 10, holdSeconds: null, side: null },
          schedule: { daysOfWeek: [1, 3, 5], timesPerWeek: null, timesPerDay: 2 },
          timesDue: 2,
          timesDone: 0,
        }),
      );
      expect(item.exercise.instructions.length).toBeGreaterThan(0);
    });

    it('respects the plan’s start and end dates (both included)', async () => {
      await createPlan(patient, { startDate: '2030-01-09', endDate: '2030-01-15', items: [strap] });
      expect(due(await today(patient, 'me', '2030-01-08'))).toEqual([]);
      expect(due(await today(patient, 'me', '2030-01-09'))).toEqual(['supine-hamstring-strap×1']);
      expect(due(await today(patient, 'me', '2030-01-15'))).toEqual(['supine-hamstring-strap×1']);
      expect(due(await today(patient, 'me', '2030-01-16'))).toEqual([]);
    });

    it('uses the revision in force on each day', async () => {
      const plan = await createPlan(patient, { items: [bridge] });
      const revision = await as(clinic.therapist)
        .post(`/plans/${plan.id}/revisions`, {
          basedOnRevision: 1,
          effectiveFrom: '2030-01-14',
          items: [{ ...bridge, daysOfWeek: [2] }],
        })
        .expect(201);
      const before = await today(patient, 'me', '2030-01-11');
      expect(due(before)).toEqual(['glute-bridge×1']);
      expect(before.items[0].planRevisionId).toBe(plan.currentRevision.id);
      expect(before.items[0].planItemId).toBe(plan.currentRevision.items[0].id);
      expect(due(await today(patient, 'me', '2030-01-14'))).toEqual([]);
      const after = await today(patient, 'me', '2030-01-15');
      expect(after.items[0].planRevisionId).toBe(revision.body.id);
      expect(after.items[0].planItemId).toBe(revision.body.items[0].id);
    });

    it('prescribes nothing on paused and completed days, from the day of the change', async () => {
      const localToday = localDateOf(new Date(), 'Europe/Berlin');
      const plan = await createPlan(patient, {
        startDate: addDays(localToday, -14),
        items: [{ ...strap, timesPerWeek: 7 }],
      });
      expect(due(await today(patient, 'me', localToday))).toEqual(['supine-hamstring-strap×1']);
      await setStatus(plan.id, 'paused', 200);
      // Read "today" as the server does, so the test holds across midnight in Berlin.
      const pausedOn = localDateOf(new Date(), 'Europe/Berlin');
      const paused = await as(patient).get('/patients/me/today').expect(200);
      expect(paused.body.date).toBe(pausedOn);
      expect(paused.body.items).toEqual([]);
      expect(due(await today(patient, 'me', addDays(pausedOn, 3)))).toEqual([]);
      expect(due(await today(patient, 'me', addDays(pausedOn, -1)))).toEqual([
        'supine-hamstring-strap×1',
      ]);
      await setStatus(plan.id, 'active', 200);
      expect(due(await today(patient, 'me', pausedOn))).toEqual(['supine-hamstring-strap×1']);
      await setStatus(plan.id, 'completed', 200);
      expect(due(await today(patient, 'me', pausedOn))).toEqual([]);
      expect(due(await today(patient, 'me', addDays(pausedOn, 30)))).toEqual([]);
    });

    it('places status changes on the patient’s local days across DST', async () => {
      // Europe/Berlin springs forward on Sunday 2030-03-31. A pause at 23:30 UTC on 03-30 is
      // 00:30 on 03-31 in Berlin (still UTC+1), so 03-30 is active and 03-31 paused. A resume at
      // 21:59 UTC on 04-01 is 23:59 in Berlin (now UTC+2): 04-01 is active again.
      const plan = await createPlan(patient, {
        startDate: '2030-03-25',
        items: [{ exerciseId: 'plank', sets: 3, holdSeconds: 15, daysOfWeek: [1, 6, 7] }],
      });
      await app.dataSource.query(
        `INSERT INTO plan_status_change (plan_id, status, changed_by, changed_at)
         VALUES ($1, 'paused', $2, '2030-03-30T23:30:00Z'), ($1, 'active', $2, '2030-04-01T21:59:00Z')`,
        [plan.id, clinic.therapist.userId],
      );
      expect(due(await today(patient, 'me', '2030-03-30'))).toEqual(['plank×1']);
      expect(due(await today(patient, 'me', '2030-03-31'))).toEqual([]);
      expect(due(await today(patient, 'me', '2030-04-01'))).toEqual(['plank×1']);
      // Autumn back (2030-10-27, a Sunday with 25 hours) is an ordinary due day.
      expect(due(await today(patient, 'me', '2030-10-27'))).toEqual(['plank×1']);
      expect(due(await today(patient, 'me', '2030-10-28'))).toEqual(['plank×1']);
    });

    it("defaults to today in the patient's own time zone", async () => {
      const path = `/patients/${patient.patientId}`;
      await as(clinic.therapist)
        .patch(path, { timezone: 'Pacific/Kiritimati' }, await etagOf(app, clinic.therapist, path))
        .expect(200);
      const before = localDateOf(new Date(), 'Pacific/Kiritimati');
      const response = await as(patient).get('/patients/me/today').expect(200);
      const after = localDateOf(new Date(), 'Pacific/Kiritimati');
      expect([before, after]).toContain(response.body.date);
      expect(response.body.timezone).toBe('Pacific/Kiritimati');
    });

    it('is for staff of the clinic and the patient; bad dates are 400', async () => {
      await createPlan(patient, { items: [strap] });
      await as(clinic.admin)
        .get(`/patients/${patient.patientId}/today?date=2030-01-07`)
        .expect(200);
      await as(clinic.otherPatient).get(`/patients/${patient.patientId}/today`).expect(404);
      await as(foreign.therapist).get(`/patients/${patient.patientId}/today`).expect(404);
      await request(app.server).get(`/api/v1/patients/${patient.patientId}/today`).expect(401);
      for (const date of ['2030-02-30', '07.01.2030', 'x'.repeat(11)]) {
        const response = await as(patient).get(`/patients/me/today?date=${date}`).expect(400);
        expect(response.body.errors).toContain(jasmine.objectContaining({ field: 'date' }));
      }
    });
  });

  describe('N+1 guard', () => {
    it('lists 1 and 50 plans with items, and answers today over them, in the same number of statements', async () => {
      const patient = await addPatient(app, clinic.therapist, 'Nina Many');
      const items = [
        strap,
        bridge,
        { exerciseId: 'plank', sets: 3, holdSeconds: 15, timesPerWeek: 3 },
      ];
      await createPlan(patient, { items });
      const list = () =>
        as(clinic.therapist).get(`/patients/${patient.patientId}/plans`).expect(200);
      const due = () => as(patient).get('/patients/me/today?date=2030-01-07').expect(200);

      const one = await countQueries(app.dataSource, list);
      const oneToday = await countQueries(app.dataSource, due);
      expect(one.result.body.items.length).toBe(1);
      expect(oneToday.result.body.items.length).toBe(3);

      for (let index = 1; index < 50; index += 1) await createPlan(patient, { items });
      const fifty = await countQueries(app.dataSource, list);
      const fiftyToday = await countQueries(app.dataSource, due);
      expect(fifty.result.body.items.length).toBe(50);
      expect(
        fifty.result.body.items.every((plan: Plan) => plan.currentRevision.items.length === 3),
      ).toBeTrue();
      expect(fiftyToday.result.body.items.length).toBe(150);

      expect(fifty.count).withContext(fifty.statements.join('\n---\n')).toBe(one.count);
      expect(fiftyToday.count).toBe(oneToday.count);
      // Sign-in check, patient access, audit event, plans, items: a small constant.
      expect(one.count).toBeLessThanOrEqual(8);
    });
  });
});
