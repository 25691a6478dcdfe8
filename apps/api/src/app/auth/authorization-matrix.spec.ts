import { API_PREFIX } from '@rehabit/contracts';
import { localDateOf } from '@rehabit/domain';
import { randomBytes, randomUUID } from 'node:crypto';
import request from 'supertest';
import {
  TEST_PASSWORD,
  addPatient,
  addTherapist,
  createTestClinic,
  login,
  signUpClinic,
  uniqueEmail,
  type Actor,
} from '../testing/factories';
import { etagOf } from '../testing/entity-tags';
import { registeredApiRoutes, type RouteKey } from '../testing/routes';
import { getTestApp, type TestApp } from '../testing/test-app';

/**
 * Who may call what. One line per route registered in the Nest app: the test reads the routes
 * from the router at run time, so a new route without a line here (or a line without a route)
 * fails. `expect` lists the status each caller gets, in this column order:
 *
 *   anonymous patient otherPatient therapist admin | foreignPatient foreignTherapist foreignAdmin
 *
 * The first five belong to the target clinic A ("otherPatient" is a second patient of A); the
 * last three belong to clinic B and aim at A's records. `-` means "not probed here" (public
 * routes are exercised with a signed-in caller in their own specs). `{name}` in a url is replaced
 * by the id of clinic A's fixture of that name (see `targetsOf`).
 */
// prettier-ignore
const MATRIX: Record<RouteKey, Entry> = {
  // Public (@Public()): anyone may call them; their behaviour is proven in auth.spec,
  // invitations.spec, throttling.spec and clinics.spec.
  'GET /health': { public: true, expect: '200 200 200 200 200 | 200 200 200' },
  'GET /health/ready': { public: true, expect: '200 200 200 200 200 | 200 200 200' },
  'POST /clinics': { public: true, body: newClinic, expect: '201 - - - - | - - -' },
  'POST /auth/login': { public: true, body: wrongLogin, expect: '401 - - - - | - - -' },
  'POST /auth/refresh': { public: true, expect: '401 - - - - | - - -' },
  'POST /auth/invitations/accept': { public: true, body: unknownInvitation, expect: '410 - - - - | - - -' },
  // Signed in, any role.
  'GET /auth/me': { expect: '401 200 200 200 200 | 200 200 200' },
  'POST /auth/logout': { freshSession: true, expect: '401 204 204 204 204 | 204 204 204' },
  // Clinic and staff.
  'GET /clinic': { expect: '401 403 403 200 200 | 403 200 200' },
  'PATCH /clinic': { body: () => ({ timezone: 'Europe/Berlin' }), expect: '401 403 403 403 200 | 403 403 200' },
  'GET /staff': { expect: '401 403 403 403 200 | 403 403 200' },
  'POST /staff': { body: newStaff, expect: '401 403 403 403 201 | 403 403 201' },
  'PATCH /staff/:id': { url: '/staff/{therapist}', body: () => ({ active: true }), expect: '401 403 403 403 200 | 403 403 404' },
  // Patients.
  'POST /patients': { body: newPatient, expect: '401 403 403 201 201 | 403 201 201' },
  'GET /patients': { expect: '401 403 403 200 200 | 403 200 200' },
  'GET /patients/:id': { url: '/patients/{patient}', expect: '401 200 404 200 200 | 404 404 404' },
  'PATCH /patients/:id': { url: '/patients/{patient}', body: () => ({ condition: 'Low back pain' }), ifMatch: true, expect: '401 403 403 200 200 | 403 404 404' },
  // Audit trail.
  'GET /clinic/audit': { expect: '401 403 403 403 200 | 403 403 200' },
  // Clinic reports: staff of the caller's own clinic (foreign staff see their own clinic's figures).
  'GET /clinic/dashboard': { expect: '401 403 403 200 200 | 403 200 200' },
  'GET /clinic/reports/progress.csv': { expect: '401 403 403 403 200 | 403 403 200' },
  'GET /clinic/reports/rtm': { url: '/clinic/reports/rtm?month=2026-01', expect: '401 403 403 200 200 | 403 200 200' },
  // Exercise library: built-ins for everyone signed in, a clinic's own only within the clinic.
  'GET /exercises': { expect: '401 200 200 200 200 | 200 200 200' },
  'GET /exercises/:id': { url: '/exercises/{exercise}', expect: '401 200 200 200 200 | 404 404 404' },
  'POST /exercises': { body: newExercise, expect: '401 403 403 201 201 | 403 201 201' },
  'PATCH /exercises/:id': { url: '/exercises/{exercise}', body: () => ({ cautions: ['Stop if it hurts'] }), expect: '401 403 403 200 200 | 403 404 404' },
  'GET /plan-templates': { expect: '401 403 403 200 200 | 403 200 200' },
  'POST /plan-templates': { body: newTemplate, expect: '401 403 403 201 201 | 403 201 201' },
  // Plans: prescribed by therapists, read by the clinic's staff and the patient concerned.
  'POST /patients/:id/plans': { url: '/patients/{patient}/plans', body: newPlan, expect: '401 403 403 201 403 | 403 404 403' },
  'GET /patients/:id/plans': { url: '/patients/{patient}/plans', expect: '401 200 404 200 200 | 404 404 404' },
  'GET /patients/:id/today': { url: '/patients/{patient}/today', expect: '401 200 404 200 200 | 404 404 404' },
  'GET /plans/:id': { url: '/plans/{plan}', expect: '401 200 404 200 200 | 404 404 404' },
  'GET /plans/:id/revisions': { url: '/plans/{plan}/revisions', expect: '401 200 404 200 200 | 404 404 404' },
  'POST /plans/:id/revisions': { url: '/plans/{plan}/revisions', body: () => ({ basedOnRevision: 1, items: [planItem()] }), expect: '401 403 403 201 403 | 403 404 403' },
  'PATCH /plans/:id': { url: '/plans/{statusPlan}', body: () => ({ status: 'paused' }), ifMatch: true, expect: '401 403 403 200 403 | 403 404 403' },
  // Pain and measures: the patient, or staff of the clinic on their behalf. Deleting an entry
  // already deleted answers 204 again, so each allowed caller in turn gets 204.
  'POST /patients/:id/pain': { url: '/patients/{patient}/pain', body: newPain, expect: '401 201 404 201 201 | 404 404 404' },
  'GET /patients/:id/pain': { url: '/patients/{patient}/pain', expect: '401 200 404 200 200 | 404 404 404' },
  'DELETE /pain/:id': { url: '/pain/{painEntry}', body: deleteReason, expect: '401 204 404 204 204 | 404 404 404' },
  'POST /patients/:id/measures': { url: '/patients/{patient}/measures', body: newMeasure, expect: '401 201 404 201 201 | 404 404 404' },
  'GET /patients/:id/measures': { url: '/patients/{patient}/measures', expect: '401 200 404 200 200 | 404 404 404' },
  // Progress: the patient, or staff of the clinic (staff reads audited).
  'GET /patients/:id/progress': { url: '/patients/{patient}/progress', expect: '401 200 404 200 200 | 404 404 404' },
  'DELETE /measures/:id': { url: '/measures/{measure}', body: deleteReason, expect: '401 204 404 204 204 | 404 404 404' },
  // Alerts: the clinic's staff. Acknowledging twice answers 200 with the first acknowledgement.
  'GET /alerts': { expect: '401 403 403 200 200 | 403 200 200' },
  'POST /alerts/:id/acknowledge': { url: '/alerts/{alert}/acknowledge', expect: '401 403 403 200 200 | 403 404 404' },
  // Session logs: the patient or the clinic's staff; history is for staff. DELETE repeats answer 204 (idempotent).
  'POST /patients/:id/sessions': { url: '/patients/{patient}/sessions', body: newSession, expect: '401 201 404 201 201 | 404 404 404' },
  'GET /patients/:id/sessions': { url: '/patients/{patient}/sessions', expect: '401 200 404 200 200 | 404 404 404' },
  'PATCH /sessions/:id': { url: '/sessions/{session}', body: () => ({ painAfter: 2 }), expect: '401 200 404 200 200 | 404 404 404' },
  'DELETE /sessions/:id': { url: '/sessions/{deletableSession}', body: () => ({ reason: 'Matrix' }), expect: '401 204 404 204 204 | 404 404 404' },
  'GET /sessions/:id/history': { url: '/sessions/{session}/history', expect: '401 403 403 200 200 | 403 404 404' },
};

const ACTORS = [
  'anonymous',
  'patient',
  'otherPatient',
  'therapist',
  'admin',
  'foreignPatient',
  'foreignTherapist',
  'foreignAdmin',
] as const;
type ActorName = (typeof ACTORS)[number];

interface Entry {
  /** Marked @Public(): reachable without an access token. */
  public?: boolean;
  /** The path after /api/v1; defaults to the route's own path. */
  url?: string;
  /** A valid body, so an allowed caller succeeds and a refusal is about authorization. */
  body?: () => object;
  /** Sign each caller in afresh first (the route ends the session it is called with). */
  freshSession?: boolean;
  /** Send the record's current ETag, as clinic A's therapist reads it, as If-Match. */
  ifMatch?: boolean;
  expect: string;
}

function newClinic() {
  return {
    name: 'Matrix signup',
    timezone: 'Europe/Berlin',
    admin: { email: uniqueEmail('matrix-admin'), password: TEST_PASSWORD, displayName: 'M' },
  };
}
function wrongLogin() {
  return { email: uniqueEmail('matrix-nobody'), password: 'not the password at all' };
}
function unknownInvitation() {
  return { token: randomBytes(32).toString('base64url'), password: TEST_PASSWORD };
}
function newStaff() {
  return { email: uniqueEmail('matrix-staff'), displayName: 'Matrix Staff', role: 'therapist' };
}
function newExercise() {
  return {
    name: `Matrix stretch ${randomUUID().slice(0, 6)}`,
    category: 'static_stretch',
    regions: ['hamstrings'],
    instructions: ['Sit tall.', 'Reach forward.', 'Hold and breathe.'],
  };
}
function planItem() {
  return { exerciseId: 'seated-forward-bend', sets: 3, holdSeconds: 30, timesPerWeek: 5 };
}
function newTemplate() {
  return { name: `Matrix template ${randomUUID().slice(0, 6)}`, items: [planItem()] };
}
function newPlan() {
  return { title: 'Matrix plan', startDate: '2026-01-05', items: [planItem()] };
}
function newPain() {
  return { recordedAt: new Date(Date.now() - 3600_000).toISOString(), score: 4 };
}
function newMeasure() {
  return { type: 'sit_and_reach', recordedOn: '2026-01-05', value: 2 };
}
function deleteReason() {
  return { reason: 'Logged by mistake' };
}
function newPatient() {
  return { email: uniqueEmail('matrix-patient'), displayName: 'Matrix Patient' };
}
/** The plan item sessions are logged against (set by sessionFixturesOf). */
let sessionPlanItemId = '';
function newSession() {
  const performedOn = localDateOf(new Date(), 'Europe/Berlin');
  return { performedOn, items: [{ planItemId: sessionPlanItemId, completed: true }] };
}
/** A plan of its own and two sessions on it: one to correct and read, one to delete. */
async function sessionFixturesOf(app: TestApp, therapist: Actor, patientId: string) {
  const post = async (url: string, body: object) =>
    (
      await request(app.server)
        .post(`${API_PREFIX}${url}`)
        .set('Authorization', `Bearer ${therapist.token}`)
        .send(body)
        .expect(201)
    ).body;
  const plan = await post(`/patients/${patientId}/plans`, newPlan());
  sessionPlanItemId = plan.currentRevision.items[0].id;
  return {
    session: (await post(`/patients/${patientId}/sessions`, newSession())).id as string,
    deletableSession: (await post(`/patients/${patientId}/sessions`, newSession())).id as string,
  };
}

function expectations(entry: Entry): Map<ActorName, number | null> {
  const cells = entry.expect.replace('|', ' ').trim().split(/\s+/);
  if (cells.length !== ACTORS.length) throw new Error(`expect needs ${ACTORS.length} columns`);
  return new Map(
    ACTORS.map((actor, index) => [actor, cells[index] === '-' ? null : +cells[index]]),
  );
}

interface World {
  app: TestApp;
  actors: Record<Exclude<ActorName, 'anonymous'>, Actor>;
  targets: Record<string, string>;
  /** What no refusal, and no answer to clinic B's callers, may reveal about clinic A. */
  secrets: string[];
}

/** Clinic A's own exercise, template and plans, made by its therapist, for the urls above. */
async function fixturesOf(
  app: TestApp,
  therapist: Actor,
  patientId: string,
): Promise<Record<string, string>> {
  const post = async (url: string, body: object) =>
    (
      await request(app.server)
        .post(`${API_PREFIX}${url}`)
        .set('Authorization', `Bearer ${therapist.token}`)
        .send(body)
        .expect(201)
    ).body.id as string;
  return {
    exercise: await post('/exercises', newExercise()),
    template: await post('/plan-templates', newTemplate()),
    plan: await post(`/patients/${patientId}/plans`, newPlan()),
    // Its own plan, so pausing it does not depend on the order the revision test runs in.
    statusPlan: await post(`/patients/${patientId}/plans`, newPlan()),
    ...(await sessionFixturesOf(app, therapist, patientId)),
  };
}

/** Clinic A's patient's own pain entry and measure (so the patient may delete them), and an open alert. */
async function loggingFixturesOf(
  app: TestApp,
  patient: Actor,
  therapist: Actor,
): Promise<Record<string, string>> {
  const post = async (url: string, body: object) =>
    (
      await request(app.server)
        .post(`${API_PREFIX}${url}`)
        .set('Authorization', `Bearer ${patient.token}`)
        .send(body)
        .expect(201)
    ).body.id as string;
  const painEntry = await post('/patients/me/pain', newPain());
  const measure = await post('/patients/me/measures', newMeasure());
  await post('/patients/me/pain', { ...newPain(), redFlags: ['night_pain'] });
  const alerts = await request(app.server)
    .get(`${API_PREFIX}/alerts?status=open&patientId=${patient.auth.user.patientId}`)
    .set('Authorization', `Bearer ${therapist.token}`)
    .expect(200);
  return { painEntry, measure, alert: alerts.body.items[0].id as string };
}

describe('authorization matrix', () => {
  let world: World;

  beforeAll(async () => {
    const app = await getTestApp();
    const tag = randomUUID().slice(0, 8);
    // Clinic A gets names of its own, so a leak of them is recognisable in any answer.
    const clinicName = `Matrix clinic ${tag}`;
    const { clinicId, admin } = await signUpClinic(app, clinicName);
    const therapist = await addTherapist(app, admin, `Therapist ${tag}`);
    const patient = await addPatient(app, therapist, `Patient ${tag}`);
    const otherPatient = await addPatient(app, therapist, `Other ${tag}`);
    const foreign = await createTestClinic(app, 'Matrix clinic B');
    world = {
      app,
      actors: {
        patient,
        otherPatient,
        therapist,
        admin,
        foreignPatient: foreign.patient,
        foreignTherapist: foreign.therapist,
        foreignAdmin: foreign.admin,
      },
      targets: {
        patient: patient.patientId,
        therapist: therapist.userId,
        ...(await fixturesOf(app, therapist, patient.patientId)),
        ...(await loggingFixturesOf(app, patient, therapist)),
      },
      // Ids that appear in the probed urls are the caller's own input, so they are not secret.
      secrets: [
        clinicId,
        clinicName,
        admin.userId,
        admin.email,
        therapist.email,
        `Therapist ${tag}`,
        patient.userId,
        patient.email,
        `Patient ${tag}`,
      ],
    };
  }, 30_000);

  it('has exactly one entry for every route the app registers', async () => {
    const registered = registeredApiRoutes(await getTestApp());
    const listed = Object.keys(MATRIX);
    // Named lists, so a failure says which route lacks an entry, or which entry lacks a route.
    expect({ routesWithoutEntry: registered.filter((route) => !listed.includes(route)) }).toEqual({
      routesWithoutEntry: [],
    });
    expect({
      entriesWithoutRoute: listed.filter((route) => !registered.includes(route as RouteKey)),
    }).toEqual({ entriesWithoutRoute: [] });
  });

  for (const [route, entry] of Object.entries(MATRIX) as Array<[RouteKey, Entry]>) {
    it(`${route} answers each caller as listed and leaks nothing in a refusal`, async () => {
      const [method, routePath] = route.split(' ');
      const url = (entry.url ?? routePath).replace(/\{(\w+)\}/g, (_match, name: string) => {
        const id = world.targets[name];
        if (!id) throw new Error(`no fixture named ${name}`);
        return id;
      });
      const answers: Partial<Record<ActorName, number>> = {};
      const expected: Partial<Record<ActorName, number>> = {};
      for (const [actor, status] of expectations(entry)) {
        if (status === null) continue;
        expected[actor] = status;
        let token: string | null = null;
        if (actor !== 'anonymous') {
          const who = world.actors[actor];
          token = entry.freshSession ? (await login(world.app, who.email)).token : who.token;
        }
        let call = request(world.app.server)[method.toLowerCase() as 'get'](`${API_PREFIX}${url}`);
        if (token) call = call.set('Authorization', `Bearer ${token}`);
        if (entry.ifMatch)
          call = call.set('If-Match', await etagOf(world.app, world.actors.therapist, url));
        const response = await (entry.body ? call.send(entry.body()) : call);
        answers[actor] = response.status;

        const refused = response.status >= 400;
        if (refused) {
          expect(response.headers['content-type'])
            .withContext(`${actor}: content type`)
            .toContain('application/problem+json');
          expect(response.body.status)
            .withContext(`${actor}: problem status`)
            .toBe(response.status);
        }
        if (refused || actor.startsWith('foreign')) {
          for (const secret of world.secrets) {
            expect(response.text.includes(secret))
              .withContext(`${actor} (${response.status}) sees ${secret}`)
              .toBeFalse();
          }
        }
        if (actor === 'anonymous' && refused) {
          // A public route refuses for its own reason, never with the access-token guard's.
          const guarded = String(response.body.detail).startsWith('Sign in to continue');
          expect(guarded).withContext('refused by the access-token guard').toBe(!entry.public);
        }
      }
      // One comparison for the whole row, so a failure shows every caller's status at once.
      expect(answers).toEqual(expected);
    });
  }
});
