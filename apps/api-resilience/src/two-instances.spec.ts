import type { CreatePainEntryResponse, Patient, Plan } from '@rehabit/contracts';
import { randomBytes, randomUUID } from 'node:crypto';
import { ApiProcess } from './support/api-process';
import { createClinic, type Clinic } from './support/clinic';
import { call, expectCall, type Answer } from './support/http';
import { sharedCluster, type PostgresCluster } from './support/postgres-cluster';

/** Requests sent at once in each race, spread over both processes. */
const RACERS = 12;

describe('two API processes on one PostgreSQL', () => {
  let cluster: PostgresCluster;
  let databaseUrl: string;
  let processes: ApiProcess[] = [];
  let clinic: Clinic;

  /** The base URL of the process that the racer with this index talks to. */
  const urlFor = (index: number) => processes[index % processes.length].baseUrl;

  beforeAll(async () => {
    cluster = await sharedCluster();
    databaseUrl = await cluster.createDatabase();
    const jwtSecret = randomBytes(32).toString('hex');
    // Started together on an empty database: both find every migration pending.
    const started = await Promise.allSettled([
      ApiProcess.start({ databaseUrl, jwtSecret }),
      ApiProcess.start({ databaseUrl, jwtSecret }),
    ]);
    processes = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    const failed = started.find((result) => result.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
    clinic = await createClinic(processes[0].baseUrl);
  });

  afterAll(async () => {
    await Promise.all(processes.map((api) => api.stop()));
  });

  it('started at once on an empty database, migrate it once between them, without a failed attempt', async () => {
    for (const api of processes) {
      expect(api.printed()).withContext(api.output()).not.toContain('Unable to connect');
      expect(api.running).toBeTrue();
    }
    const [{ count }] = await cluster.query<{ count: string }>(
      databaseUrl,
      'SELECT count(*) FROM migrations',
    );
    const [{ distinct }] = await cluster.query<{ distinct: string }>(
      databaseUrl,
      'SELECT count(DISTINCT name) AS distinct FROM migrations',
    );
    expect(Number(count)).toBe(Number(distinct));
  });

  it('store one entry for identical POSTs sent at once with one Idempotency-Key', async () => {
    for (let round = 0; round < 5; round++) {
      const key = randomUUID();
      const body = { recordedAt: new Date().toISOString(), score: 4, context: `race ${key}` };
      const answers = await Promise.all(
        Array.from({ length: RACERS }, (_, index) =>
          call<CreatePainEntryResponse>(urlFor(index), 'POST', '/patients/me/pain', {
            token: clinic.patientToken,
            headers: { 'Idempotency-Key': key },
            body,
          }),
        ),
      );
      // 201 for the first and for replays of its answer; 409 for a repeat that arrived while
      // the first was still running (the client retries it and then gets the replay).
      const statuses = answers.map((answer) => answer.status);
      expect(statuses.every((status) => status === 201 || status === 409))
        .withContext(JSON.stringify(answers.map((answer) => answer.body)))
        .toBeTrue();
      const ids = new Set(
        answers.filter((answer) => answer.status === 201).map((answer) => answer.body.id),
      );
      expect(ids.size).toBe(1);
      const replay = await expectCall<CreatePainEntryResponse>(
        201,
        urlFor(round),
        'POST',
        '/patients/me/pain',
        { token: clinic.patientToken, headers: { 'Idempotency-Key': key }, body },
      );
      expect(ids.has(replay.id)).toBeTrue();

      const rows = await cluster.query(
        databaseUrl,
        'SELECT id FROM pain_entry WHERE context = $1',
        [body.context],
      );
      expect(rows.length).toBe(1);
    }
  });

  it('let exactly one of several revisions based on the same revision win; the others are 409', async () => {
    const item = { exerciseId: 'seated-forward-bend', sets: 3, holdSeconds: 30, timesPerWeek: 5 };
    const plan = await expectCall<Plan>(
      201,
      urlFor(0),
      'POST',
      `/patients/${clinic.patientId}/plans`,
      {
        token: clinic.therapistToken,
        body: {
          title: 'Race plan',
          startDate: new Date().toISOString().slice(0, 10),
          items: [item],
        },
      },
    );
    for (let basedOn = 1; basedOn <= 5; basedOn++) {
      const answers = await Promise.all(
        Array.from({ length: RACERS }, (_, index) =>
          call(urlFor(index), 'POST', `/plans/${plan.id}/revisions`, {
            token: clinic.therapistToken,
            body: {
              basedOnRevision: basedOn,
              items: [{ ...item, sets: 1 + (index % 5) }],
              note: `racer ${index}`,
            },
          }),
        ),
      );
      const statuses = answers.map((answer) => answer.status).sort();
      expect(statuses)
        .withContext(JSON.stringify(answers.map((answer) => answer.body)))
        .toEqual([201, ...Array(RACERS - 1).fill(409)]);
    }
    const revisions = await cluster.query<{ number: number }>(
      databaseUrl,
      'SELECT number FROM plan_revision WHERE plan_id = $1 ORDER BY number',
      [plan.id],
    );
    expect(revisions.map((revision) => revision.number)).toEqual([1, 2, 3, 4, 5, 6]);
    const current = await expectCall<Plan>(200, urlFor(1), 'GET', `/plans/${plan.id}`, {
      token: clinic.therapistToken,
    });
    expect(current.currentRevision.number).toBe(6);
  });

  it('let exactly one of several changes with the same If-Match through; the others are 412', async () => {
    const auth = { token: clinic.therapistToken };
    const patientUrl = `/patients/${clinic.patientId}`;
    const before = await call<Patient>(urlFor(0), 'GET', patientUrl, auth);
    const etag = before.headers.get('etag') as string;
    expect(etag).toMatch(/^"\d+"$/);
    const answers = await Promise.all(
      Array.from({ length: RACERS }, (_, index) =>
        call<Patient>(urlFor(index), 'PATCH', patientUrl, {
          ...auth,
          headers: { 'If-Match': etag },
          body: { condition: `Edited by racer ${index}` },
        }),
      ),
    );
    expect(answers.map((answer) => answer.status).sort())
      .withContext(JSON.stringify(answers.map((answer) => answer.body)))
      .toEqual([200, ...Array(RACERS - 1).fill(412)]);
    const winner = answers.find((answer) => answer.status === 200) as Answer<Patient>;
    const after = await call<Patient>(urlFor(1), 'GET', patientUrl, auth);
    expect(after.body.condition).toBe(winner.body.condition);
    expect(after.headers.get('etag')).toBe(winner.headers.get('etag'));
    expect(after.headers.get('etag')).not.toBe(etag);

    const plan = await expectCall<Plan>(201, urlFor(0), 'POST', `${patientUrl}/plans`, {
      ...auth,
      body: {
        title: 'Status race',
        startDate: new Date().toISOString().slice(0, 10),
        items: [{ exerciseId: 'seated-forward-bend', sets: 2, timesPerWeek: 3 }],
      },
    });
    const planTag = (await call(urlFor(0), 'GET', `/plans/${plan.id}`, auth)).headers.get('etag');
    const statusAnswers = await Promise.all(
      Array.from({ length: RACERS }, (_, index) =>
        call<Plan>(urlFor(index), 'PATCH', `/plans/${plan.id}`, {
          ...auth,
          headers: { 'If-Match': planTag as string },
          body: { status: index % 2 === 0 ? 'paused' : 'completed' },
        }),
      ),
    );
    expect(statusAnswers.map((answer) => answer.status).sort())
      .withContext(JSON.stringify(statusAnswers.map((answer) => answer.body)))
      .toEqual([200, ...Array(RACERS - 1).fill(412)]);
    const winning = statusAnswers.find((answer) => answer.status === 200) as Answer<Plan>;
    const changes = await cluster.query<{ status: string }>(
      databaseUrl,
      'SELECT status FROM plan_status_change WHERE plan_id = $1 ORDER BY changed_at',
      [plan.id],
    );
    expect(changes.map((change) => change.status)).toEqual(['active', winning.body.status]);
  });
});
