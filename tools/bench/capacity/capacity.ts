/**
 * How many people one server carries: the API's production build on a database `seed:demo`
 * filled, visited the way the portal visits it, at a rising rate, until answers slow down.
 *
 *   npm run seed:demo -- --patients 10000 --days 365     (once, into DATABASE_URL)
 *   DATABASE_URL=postgres://… npm run bench:capacity [-- --rates 10,20,40 --seconds 30 --no-build]
 *                                                     [--instances 2] [--p95-ms 500] [--profile]
 *
 * 1. Vacuums the database, builds the API the production way (unless --no-build; the reports
 *    bench's build folder) and starts it on the seeded database: one process, or `--instances`
 *    of them with each phone talking to one, as behind a load balancer.
 * 2. Signs in 1,500 patients with an active plan, therapists and administrators, a fresh sample
 *    from every clinic of the network (each a Phone holding its refresh cookie, phone.ts).
 * 3. Per step, opens visits at the step's rate, arriving at random (Poisson) as people do, not
 *    one after another: a visit does not wait for the one before it, so a slow server meets the
 *    same arrivals and its queue shows in the latencies (an open loop). Each visit sends what
 *    the portal sends for that role (visits.ts): 94 patients logging the day, 5 therapists
 *    reviewing patients, 1 administrator's dashboard per 100 visits.
 * 4. Prints each step's latencies and CPU (the API's process, PostgreSQL's processes, this
 *    bench's own), the highest rate that kept every kind of request's p95 within the limit with
 *    nothing failed, and what that rate means in patients; writes JSON to tools/bench/results/.
 *
 * The visits add rows to the database (sessions, pain entries, rotated sign-ins), as real
 * visits would: a run to 80 visits a second adds some 8,000 sessions and 4,000 pain entries.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { mulberry32 } from '../../../apps/api/src/app/seed/seeded-random';
import { inParallel } from '../api/http';
import { RESULTS_DIR } from '../api/paths';
import { cpuSecondsOf } from '../api/processes';
import { summarise } from '../api/profile-summary';
import { fixed, nearestRank, table } from '../api/stats';
import { buildApi, seededDatabaseUrl, startApi, type ApiServer } from '../reports/api-server';
import { Phone, RequestFailed, type Sample } from './phone';
import { VISIT_SHARES, visit, type Role } from './visits';

const DEFAULT_RATES = [5, 10, 20, 30, 40, 50, 60, 80, 100, 120, 150, 180, 240];
/**
 * Each role's phones: more patients than a step can have in visits at once at any rate here,
 * and enough that a patient logs a few sessions in a run, not dozens.
 */
const PHONES: { [role in Role]: number } = { patient: 1500, therapist: 60, admin: 10 };
/** A step's p95 over this, for any kind of request, ends the run: later steps would only queue. */
const OVERLOADED_MS = 2_000;
/** Visits still open this long after a step's last arrival are left to fail on their own. */
const DRAIN_MS = 60_000;
const WARM_UP_SECONDS = 10;

interface Figures {
  count: number;
  failed: number;
  p50: number;
  p95: number;
  p99: number;
}

interface Step {
  rate: number;
  seconds: number;
  visitsStarted: number;
  visitsDone: number;
  /** Arrivals that found every phone of their role already in a visit (none expected). */
  visitsSkipped: number;
  requests: number;
  requestsPerSecond: number;
  all: Figures;
  byKind: { [kind: string]: Figures };
  visitMs: { [role in Role]?: Figures };
  /** Share of one core, over the step and its drain. */
  cpu: { api: number; postgres: number; bench: number };
  /** By kind and status, with the first one's message (the answer's start, or the socket error). */
  failures: { [reason: string]: { count: number; first: string } };
}

interface Settings {
  rates: number[];
  seconds: number;
  p95LimitMs: number;
  instances: number;
  build: boolean;
  profile: boolean;
}

function settingsFrom(args: string[]): Settings {
  const { values } = parseArgs({
    args,
    options: {
      rates: { type: 'string', default: DEFAULT_RATES.join(',') },
      seconds: { type: 'string', default: '30' },
      'p95-ms': { type: 'string', default: '500' },
      instances: { type: 'string', default: '1' },
      'no-build': { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
    },
  });
  const wholeNumber = (name: 'seconds' | 'p95-ms' | 'instances') => {
    const value = Number(values[name]);
    if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a whole number`);
    return value;
  };
  const rates = values.rates.split(',').map(Number);
  if (rates.some((rate) => !(rate > 0)))
    throw new Error('--rates takes visits a second, comma-separated: 10,20,40');
  return {
    rates,
    seconds: wholeNumber('seconds'),
    p95LimitMs: wholeNumber('p95-ms'),
    instances: wholeNumber('instances'),
    build: !values['no-build'],
    profile: values.profile,
  };
}

function figures(samples: readonly Sample[]): Figures {
  const sorted = samples.map((sample) => sample.ms).sort((a, b) => a - b);
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return {
    count: samples.length,
    failed: samples.filter((sample) => sample.failedWith !== undefined).length,
    p50: round(nearestRank(sorted, 50)),
    p95: round(nearestRank(sorted, 95)),
    p99: round(nearestRank(sorted, 99)),
  };
}

/** CPU seconds of every PostgreSQL process (the postmaster, backends, background workers). */
function postgresCpu(): Map<number, number> {
  const seconds = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== 'postgres') continue;
      seconds.set(Number(entry), cpuSecondsOf(Number(entry)));
    } catch {
      // The process ended between listing and reading.
    }
  }
  return seconds;
}

/** CPU used since `before`; a backend that ended in between takes its time with it (an undercount). */
function postgresCpuSince(before: Map<number, number>): number {
  let total = 0;
  for (const [pid, seconds] of postgresCpu()) total += seconds - (before.get(pid) ?? 0);
  return total;
}

/** Exponential gaps: arrivals at `rate` a second on average, each independent of the last. */
function nextGapMs(rate: number, random: () => number): number {
  return (-Math.log(1 - random()) / rate) * 1000;
}

function pickRole(random: () => number): Role {
  let point = random() * 100;
  for (const [role, share] of Object.entries(VISIT_SHARES) as [Role, number][]) {
    point -= share;
    if (point < 0) return role;
  }
  return 'patient';
}

/**
 * Each person's phone talks to one of the API's instances, in turn, as a load balancer would
 * spread them.
 */
async function signInPhones(
  db: Client,
  urls: readonly string[],
): Promise<{ [role in Role]: Phone[] }> {
  // A fresh sample every run, from every clinic: runs do not pile their sessions onto the same
  // patients' day (each refresh of a day rewrites its roll-up rows).
  const people = async (role: Role, sql: string) =>
    (await db.query<{ email: string }>(sql, [PHONES[role]])).rows.map((row) => row.email);
  const emails: { [role in Role]: string[] } = {
    patient: await people(
      'patient',
      `SELECT u.email FROM patient p JOIN app_user u ON u.id = p.user_id
        WHERE p.active AND u.active AND u.password_hash IS NOT NULL
          AND EXISTS (SELECT 1 FROM plan pl WHERE pl.patient_id = p.id AND pl.status = 'active')
        ORDER BY random() LIMIT $1`,
    ),
    therapist: await people(
      'therapist',
      `SELECT u.email FROM app_user u
        WHERE u.role = 'therapist' AND u.active AND u.password_hash IS NOT NULL
          AND EXISTS (SELECT 1 FROM patient p WHERE p.therapist_id = u.id AND p.active)
        ORDER BY random() LIMIT $1`,
    ),
    admin: await people(
      'admin',
      `SELECT u.email FROM app_user u
        WHERE u.role = 'admin' AND u.active AND u.password_hash IS NOT NULL
        ORDER BY random() LIMIT $1`,
    ),
  };
  const phones: { [role in Role]: Phone[] } = { patient: [], therapist: [], admin: [] };
  for (const role of Object.keys(emails) as Role[]) {
    if (emails[role].length === 0)
      throw new Error(`No ${role} to sign in: was the database filled by seed:demo?`);
    // Two at a time: each sign-in is an argon2id hash on the API's two libuv threads.
    await inParallel(emails[role], 2, async (email, index) => {
      phones[role].push(await Phone.signIn(urls[index % urls.length], email));
    });
  }
  return phones;
}

/** One step: visits arriving at `rate` a second for `seconds`, then every open visit awaited. */
async function runStep(
  rate: number,
  seconds: number,
  idle: { [role in Role]: Phone[] },
  random: () => number,
  apiPids: readonly number[],
): Promise<Step> {
  const samples: Sample[] = [];
  const record = (sample: Sample) => samples.push(sample);
  const visitMs: { [role in Role]: Sample[] } = { patient: [], therapist: [], admin: [] };
  const failures: Step['failures'] = {};
  const open = new Set<Promise<void>>();
  let started = 0;
  let done = 0;
  let skipped = 0;

  const apiCpuOf = () => apiPids.reduce((sum, pid) => sum + cpuSecondsOf(pid), 0);
  const apiCpu = apiCpuOf();
  const postgres = postgresCpu();
  const benchCpu = process.cpuUsage();
  const begin = performance.now();
  const end = begin + seconds * 1000;
  let due = begin;
  while ((due += nextGapMs(rate, random)) < end) {
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    const role = pickRole(random);
    const phone = idle[role].shift();
    if (!phone) {
      skipped++;
      continue;
    }
    started++;
    // The visit's own draws, taken now, so arrivals and choices do not depend on timing.
    const choices = Array.from({ length: 64 }, random);
    const choose = () => choices.shift() ?? 0.5;
    const scheduled = due;
    const running = visit(role, phone, record, choose)
      .then(
        () => {
          done++;
          // From when the visit was due, not when it began: a late start is the server's delay.
          visitMs[role].push({ kind: role, ms: performance.now() - scheduled });
        },
        (error: unknown) => {
          const reason =
            error instanceof RequestFailed
              ? `${error.kind}: ${error.status || 'no answer'}`
              : String(error);
          failures[reason] ??= { count: 0, first: String(error) };
          failures[reason].count++;
        },
      )
      .finally(() => {
        idle[role].push(phone);
        open.delete(running);
      });
    open.add(running);
  }
  await Promise.race([Promise.all(open), sleep(DRAIN_MS)]);
  const wallSeconds = (performance.now() - begin) / 1000;
  const bench = process.cpuUsage(benchCpu);

  const kinds = [...new Set(samples.map((sample) => sample.kind))];
  return {
    rate,
    seconds,
    visitsStarted: started,
    visitsDone: done,
    visitsSkipped: skipped,
    requests: samples.length,
    requestsPerSecond: Math.round(samples.length / seconds),
    all: figures(samples),
    byKind: Object.fromEntries(
      kinds.map((kind) => [kind, figures(samples.filter((sample) => sample.kind === kind))]),
    ),
    visitMs: Object.fromEntries(
      (Object.keys(visitMs) as Role[])
        .filter((role) => visitMs[role].length > 0)
        .map((role) => [role, figures(visitMs[role])]),
    ),
    cpu: {
      api: (apiCpuOf() - apiCpu) / wallSeconds,
      postgres: postgresCpuSince(postgres) / wallSeconds,
      bench: (bench.user + bench.system) / 1e6 / wallSeconds,
    },
    failures,
  };
}

/** Every kind's p95 within the limit, nothing failed, and the arrivals all served. */
function sustained(step: Step, p95LimitMs: number): boolean {
  // A failed request fails its visit, so `failures` holds every failed sample's visit.
  return (
    Object.keys(step.failures).length === 0 &&
    step.visitsSkipped === 0 &&
    step.visitsDone === step.visitsStarted &&
    Object.values(step.byKind).every((kind) => kind.p95 <= p95LimitMs)
  );
}

function printSteps(steps: readonly Step[]): void {
  const percent = (share: number) => `${Math.round(share * 100)} %`;
  console.log(
    table(
      [
        'visits/s',
        'done',
        'req/s',
        'failed',
        'p50 ms',
        'p95 ms',
        'p99 ms',
        'slowest kind, p95',
        'patient visit p95',
        'API CPU',
        'PostgreSQL CPU',
        'bench CPU',
      ],
      steps.map((step) => {
        const [slowest, worst] = Object.entries(step.byKind).sort(
          ([, a], [, b]) => b.p95 - a.p95,
        )[0] ?? ['–', { p95: NaN }];
        return [
          String(step.rate),
          `${step.visitsDone}/${step.visitsStarted}`,
          String(step.requestsPerSecond),
          String(step.all.failed),
          fixed(step.all.p50, 1),
          fixed(step.all.p95, 1),
          fixed(step.all.p99, 1),
          `${slowest} ${fixed(worst.p95, 0)}`,
          fixed(step.visitMs.patient?.p95 ?? NaN, 0),
          percent(step.cpu.api),
          percent(step.cpu.postgres),
          percent(step.cpu.bench),
        ];
      }),
    ),
  );
}

function printKinds(step: Step): void {
  console.log(
    table(
      ['request', 'count', 'p50 ms', 'p95 ms', 'p99 ms'],
      Object.entries(step.byKind).map(([kind, f]) => [
        kind,
        String(f.count),
        fixed(f.p50, 1),
        fixed(f.p95, 1),
        fixed(f.p99, 1),
      ]),
    ),
  );
}

async function main(): Promise<void> {
  const url = seededDatabaseUrl();
  const {
    rates: stepRates,
    seconds,
    p95LimitMs,
    instances,
    build,
    profile,
  } = settingsFrom(process.argv.slice(2));
  const db = new Client({ connectionString: url, application_name: 'rehabit-bench-capacity' });
  await db.connect();
  const {
    rows: [seeded],
  } = await db.query<{ patients: number; clinics: number }>(
    `SELECT (SELECT count(*) FROM patient)::int AS patients,
            (SELECT count(*) FROM clinic)::int AS clinics`,
  );
  if (seeded.patients === 0)
    throw new Error('The database has no patients: fill it with `npm run seed:demo` first.');

  // Every run starts from a vacuumed database: the visits of earlier runs leave dead rows in the
  // roll-ups they rewrite, which slowed the next run's writes until autovacuum came (a run's
  // sustained rate fell from 50 to under 40 visits a second after eight runs).
  const vacuumStarted = performance.now();
  await db.query('VACUUM (ANALYZE)');
  console.log(`Vacuumed in ${((performance.now() - vacuumStarted) / 1000).toFixed(0)} s.`);

  if (build) {
    console.log('Building the API (production)…');
    buildApi();
  }
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  mkdirSync(RESULTS_DIR, { recursive: true });
  const profileDir = join(RESULTS_DIR, `capacity-${stamp}-profile`);
  const execArgv = profile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const servers: ApiServer[] = [];
  for (let index = 0; index < instances; index++)
    servers.push(
      await startApi(url, join(RESULTS_DIR, `capacity-${stamp}-api${index || ''}.log`), execArgv),
    );
  const pids = servers.map((server) => server.pid);
  const load = loadavg()[0];
  const steps: Step[] = [];
  try {
    const people = Object.values(PHONES).reduce((a, b) => a + b);
    console.log(`Signing in ${people} people…`);
    const signInStarted = performance.now();
    const phones = await signInPhones(
      db,
      servers.map((server) => server.url),
    );
    console.log(
      `Signed in in ${((performance.now() - signInStarted) / 1000).toFixed(0)} s (argon2id, two at a time).`,
    );
    const random = mulberry32(2026);
    console.log(`Warming up: ${WARM_UP_SECONDS} s at ${stepRates[0]} visits a second…`);
    await runStep(stepRates[0], WARM_UP_SECONDS, phones, random, pids);
    for (const rate of stepRates) {
      const step = await runStep(rate, seconds, phones, random, pids);
      steps.push(step);
      printSteps([step]);
      if (Object.values(step.byKind).some((kind) => kind.p95 > OVERLOADED_MS)) {
        console.log(`Overloaded at ${rate} visits a second; higher rates would only queue.`);
        break;
      }
    }
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
    await db.end();
  }

  console.log(
    `\n${instances === 1 ? 'One API process' : `${instances} API processes`} on ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ` +
      `load average ${load.toFixed(1)} at the start; ${seeded.patients.toLocaleString('en')} patients in ` +
      `${seeded.clinics} clinics. Steps of ${seconds} s, arrivals at random; CPU as a share of one core.`,
  );
  printSteps(steps);
  for (const step of steps)
    if (Object.keys(step.failures).length > 0)
      console.log(`Failed at ${step.rate}/s: ${JSON.stringify(step.failures)}`);
  const best = [...steps].reverse().find((step) => sustained(step, p95LimitMs));
  if (best) {
    const patientVisits = (best.rate * VISIT_SHARES.patient) / 100;
    console.log(
      `\nSustained: ${best.rate} visits a second (${best.requestsPerSecond} requests a second), ` +
        `every kind of request within p95 ${p95LimitMs} ms, nothing failed. That is ` +
        `${Math.round(patientVisits * 3600).toLocaleString('en')} patients logging their day within ` +
        `one hour, beside their therapists. At that rate:`,
    );
    printKinds(best);
    if (best === steps.at(-1))
      console.log(
        `The highest rate asked for was sustained: this machine carries more. Pass --rates beyond ${best.rate} to find where it stops.`,
      );
  } else {
    console.log(`\nNo step kept every kind of request within p95 ${p95LimitMs} ms.`);
  }
  const file = join(RESULTS_DIR, `capacity-${stamp}.json`);
  writeFileSync(
    file,
    JSON.stringify(
      {
        at: new Date().toISOString(),
        node: process.version,
        cpu: cpus()[0]?.model,
        loadAverage1m: load,
        database: seeded,
        instances,
        apiReadyMs: servers.map((server) => server.readyMs),
        visitShares: VISIT_SHARES,
        phones: PHONES,
        p95LimitMs,
        sustainedRate: best?.rate ?? null,
        steps,
      },
      null,
      2,
    ),
  );
  console.log(`Written to ${file}`);
  // Written by each API process as it exits: the whole run, sign-ins and warm-up included.
  if (existsSync(profileDir))
    for (const profile of readdirSync(profileDir)) {
      console.log(`\n${join(profileDir, profile)}`);
      console.log(summarise(JSON.parse(readFileSync(join(profileDir, profile), 'utf8')), 30));
    }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
