/**
 * `npm run bench`: the API against a bare node:http + pg baseline doing the same SQL, on the
 * embedded database and on PostgreSQL. See tools/bench/README.md and docs/PERFORMANCE.md.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench [-- options]
 *
 *   --quick            short rounds and a small data set, to try the bench out
 *   --db pglite|postgres|both   (both by default; PostgreSQL needs DATABASE_URL, whose
 *                      server gets a throwaway database named BENCH_DB_PREFIX_…)
 *   --ops a,b,c        some of: health login session-log today patients progress dashboard
 *   --rounds N         measured rounds per target, alternating (5)
 *   --seconds N        length of a measured round (4)
 *   --connections N    autocannon connections (32)
 *   --accept-encoding E  send `Accept-Encoding: E` with every GET, as browsers do (e.g. 'br, gzip'):
 *                      the API compresses its answers of 1 kB and more, the baseline never does,
 *                      so the ratios then include what compressing costs the API
 *   --no-build         reuse the last build in tmp/bench/api/dist
 *   --memory           instead: 5 minutes of the mixed load, API RSS sampled (bench:memory)
 *   --profile          CPU-profile the API (node --cpu-prof) and print where its time went
 *   --keep             keep the run's folder and its seeded databases (PGlite folders, and the
 *                      PostgreSQL databases) to query by hand afterwards
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { cpus, freemem, loadavg, totalmem, uptime } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { API_PREFIX } from '@rehabit/contracts';
import { apiEnv, DB_SETTINGS, JWT_SECRET } from './api-env';
import { captureOperations, type CapturedOperation } from './capture';
import { LoadGenerator, type RoundFigures } from './load';
import { MIX, OPERATIONS, OPERATION_NAMES, RequestFactory, type OperationName } from './operations';
import {
  API_MAIN,
  BUILD_DIR,
  CAPTURE_HOOK,
  PORTAL_BUILD,
  RESULTS_DIR,
  TS_REGISTER,
  WORKSPACE_ROOT,
  WORK_DIR,
} from './paths';
import { freePort, startServer, type Server } from './processes';
import { summarise as summariseProfile } from './profile-summary';
import { compileApi } from './compile';
import { withClient } from '../../../apps/api/src/app/testing/pg-client';
import { compilePlan } from './replay';
import { FULL_SEED, QUICK_SEED, seed, type SeedSize } from './seed';
import { fixed, spread, table, type Spread } from './stats';

type DatabaseKind = 'pglite' | 'postgres';
type TargetName = 'api' | 'baseline';

interface Settings {
  quick: boolean;
  databases: DatabaseKind[];
  operations: OperationName[];
  rounds: number;
  seconds: number;
  warmupSeconds: number;
  connections: number;
  acceptEncoding: string | null;
  build: boolean;
  memory: boolean;
  soakSeconds: number;
  profile: boolean;
  keep: boolean;
  seed: SeedSize;
}

interface Round extends RoundFigures {
  database: DatabaseKind;
  operation: OperationName | 'mix';
  target: TargetName;
  round: number;
  warmup: boolean;
  rps: number;
  /**
   * CPU the server process spent per answer (PGlite included, a PostgreSQL server's not):
   * steadier than throughput on a machine shared with other work.
   */
  cpuMsPerRequest?: number;
}

interface Stand {
  kind: DatabaseKind;
  api: Server;
  baseline: Server | null;
  factory: RequestFactory;
  captured: CapturedOperation[];
  seedSeconds: number;
  firstStartSeconds: number;
  idleRssKb: number;
  dispose(): Promise<void>;
}

/** Each request of an operation comes from another client address; this many per round. */
const REQUESTS_PER_ROUND = 1000;
const MIX_REPEATS = 100;
const MAX_ROUND_SECONDS = 8;
const SETTLE_TIMEOUT_MS = 180_000;
const SETTLED_HEALTH_MS = 100;

function settingsFrom(argv: string[]): Settings {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      db: { type: 'string', default: 'both' },
      ops: { type: 'string' },
      rounds: { type: 'string' },
      seconds: { type: 'string' },
      connections: { type: 'string', default: '32' },
      'accept-encoding': { type: 'string' },
      'no-build': { type: 'boolean', default: false },
      memory: { type: 'boolean', default: false },
      'soak-seconds': { type: 'string', default: '300' },
      profile: { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
    },
  });
  const quick = values.quick;
  const databases: DatabaseKind[] =
    values.db === 'both' ? ['pglite', 'postgres'] : [values.db as DatabaseKind];
  if (!databases.every((kind) => kind === 'pglite' || kind === 'postgres'))
    throw new Error('--db is pglite, postgres or both');
  if (databases.includes('postgres') && !process.env['DATABASE_URL'])
    throw new Error(
      'PostgreSQL needs DATABASE_URL (a server the bench may create a database on), or use --db pglite',
    );
  const operations = (values.ops?.split(',') ?? [...OPERATION_NAMES]) as OperationName[];
  const unknown = operations.filter((name) => !OPERATION_NAMES.includes(name));
  if (unknown.length > 0) throw new Error(`unknown operation(s): ${unknown.join(', ')}`);
  const connections = Number(values.connections);
  if (connections < 32 || connections > 64) throw new Error('--connections is 32 to 64');
  return {
    quick,
    databases,
    operations,
    rounds: Number(values.rounds ?? (quick ? 2 : 5)),
    seconds: Number(values.seconds ?? (quick ? 1.5 : 4)),
    warmupSeconds: quick ? 1 : 2,
    connections,
    acceptEncoding: values['accept-encoding'] ?? null,
    build: !values['no-build'],
    memory: values.memory,
    soakSeconds: Number(values['soak-seconds']),
    profile: values.profile,
    keep: values.keep,
    seed: quick ? QUICK_SEED : FULL_SEED,
  };
}

function sh(command: string, args: string[]): void {
  const result = spawnSync(command, args, { cwd: WORKSPACE_ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed`);
}

/**
 * The production build of the API (its own tsconfig, compiled by tsc) into a folder of the
 * bench's own; and the built portal it serves.
 */
function build(settings: Settings): string {
  if (settings.build) {
    console.log('Building the API (production build)…');
    compileApi(BUILD_DIR);
  }
  if (!existsSync(API_MAIN)) throw new Error(`no build at ${API_MAIN}; run without --no-build`);
  if (!existsSync(join(PORTAL_BUILD, 'index.html'))) {
    console.log('Building the portal (the API serves it in production)…');
    sh('npx', ['nx', 'run', 'portal:build']);
  }
  const portal = join(WORK_DIR, 'portal');
  rmSync(portal, { recursive: true, force: true });
  cpSync(PORTAL_BUILD, portal, { recursive: true });
  return portal;
}

/**
 * A database of the run's own: a fresh PGlite folder, or a new database on the server. Once
 * seeded, each other target gets an identical copy, so no target's writes (session logs,
 * sign-in counters) land in another's data.
 */
interface BenchDatabase {
  env: Record<string, string>;
  /**
   * What the seeded weeks would have had from autovacuum (PostgreSQL) or the embedded
   * maintenance: fresh planner statistics, before any target starts.
   */
  vacuumAnalyze(): Promise<void>;
  copyFor(target: Exclude<TargetName, 'api'>): Promise<Record<string, string>>;
  drop(): Promise<void>;
}

async function createDatabase(kind: DatabaseKind, runDir: string): Promise<BenchDatabase> {
  if (kind === 'pglite') {
    const dataDir = join(runDir, 'pglite-api');
    const copies: string[] = [];
    return {
      env: { DATA_DIR: dataDir },
      vacuumAnalyze: async () => {
        const db = await PGlite.create(join(dataDir, 'pgdata'));
        try {
          await db.exec('VACUUM (ANALYZE)');
        } finally {
          await db.close();
        }
      },
      copyFor: async (target) => {
        const copy = join(runDir, `pglite-${target}`);
        cpSync(dataDir, copy, { recursive: true });
        copies.push(copy);
        return { DATA_DIR: copy };
      },
      drop: async () => {
        for (const dir of [dataDir, ...copies]) rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const adminUrl = process.env['DATABASE_URL'] as string;
  const prefix = process.env['BENCH_DB_PREFIX'] ?? 'rehabit_bench';
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name ${name}`);
  const urlOf = (database: string) => {
    const url = new URL(adminUrl);
    url.pathname = `/${database}`;
    return url.toString();
  };
  const names = [name];
  await withClient(adminUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  return {
    env: { DATABASE_URL: urlOf(name) },
    vacuumAnalyze: () =>
      withClient(urlOf(name), (client) => client.query('VACUUM (ANALYZE)')).then(() => undefined),
    copyFor: async (target) => {
      const copy = `${name}_${target}`;
      // A template copy needs the original idle: it is made before the API starts.
      await withClient(adminUrl, (client) =>
        client.query(`CREATE DATABASE ${copy} TEMPLATE ${name}`),
      );
      names.push(copy);
      return { DATABASE_URL: urlOf(copy) };
    },
    drop: () =>
      withClient(adminUrl, async (client) => {
        for (const database of names)
          await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      }),
  };
}

async function prepare(
  kind: DatabaseKind,
  settings: Settings,
  runDir: string,
  portalDir: string,
  withComparisons: boolean,
): Promise<Stand> {
  const database = await createDatabase(kind, runDir);
  const servers: Server[] = [];
  const dispose = async () => {
    for (const server of servers.reverse()) await server.stop();
    if (!settings.keep) await database.drop();
  };
  try {
    const captureFile = join(runDir, `${kind}-capture.jsonl`);
    console.log(`\n[${kind}] Seeding through the API…`);
    const seederPort = await freePort();
    const seeder = await startServer({
      name: `api-seed-${kind}`,
      args: [API_MAIN],
      env: apiEnv(seederPort, portalDir, database.env),
      port: seederPort,
      readyPath: '/api/v1/health',
      logFile: join(runDir, `${kind}-api-seed.log`),
    });
    const firstStartSeconds = seeder.startupSeconds;
    const seeded = Date.now();
    const fixture = await seed(seeder.url, settings.seed).finally(() => seeder.stop());
    const seedSeconds = (Date.now() - seeded) / 1000;
    await database.vacuumAnalyze();

    // The statements each operation sends, from the API with the capture hook, on the data
    // every target starts from.
    const capturerPort = await freePort();
    const capturer = await startServer({
      name: `api-capture-${kind}`,
      args: [API_MAIN],
      execArgv: ['-r', CAPTURE_HOOK],
      env: { ...apiEnv(capturerPort, portalDir, database.env), BENCH_CAPTURE_FILE: captureFile },
      port: capturerPort,
      readyPath: '/api/v1/health',
      logFile: join(runDir, `${kind}-api-capture.log`),
    });
    const factory = new RequestFactory(capturer.url, fixture, settings.acceptEncoding);
    // Health is captured even when not measured: the runner waits on it between rounds.
    const captured = await captureOperations(capturer.url, captureFile, factory, [
      ...new Set<OperationName>(['health', ...settings.operations]),
    ]).finally(() => capturer.stop());
    const capturedFile = join(runDir, `${kind}-captured.json`);
    writeFileSync(capturedFile, JSON.stringify(captured, null, 1));
    console.log(`[${kind}] Seeded in ${fixed(seedSeconds, 0)} s; SQL of each operation captured.`);
    const baselineDatabase = withComparisons ? await database.copyFor('baseline') : null;

    const apiPort = await freePort();
    const api = await startServer({
      name: `api-${kind}`,
      args: [API_MAIN],
      execArgv: settings.profile
        ? ['--cpu-prof', `--cpu-prof-dir=${join(runDir, `profile-${kind}`)}`]
        : [],
      env: apiEnv(apiPort, portalDir, database.env),
      port: apiPort,
      readyPath: '/api/v1/health',
      logFile: join(runDir, `${kind}-api.log`),
    });
    servers.push(api);
    factory.useApi(api.url);
    let baseline: Server | null = null;
    if (baselineDatabase) {
      const baselinePort = await freePort();
      baseline = await startServer({
        name: `baseline-${kind}`,
        args: [join(__dirname, 'baseline-server.ts')],
        execArgv: ['-r', TS_REGISTER],
        env: {
          BASELINE_PORT: String(baselinePort),
          BASELINE_CAPTURE: capturedFile,
          JWT_SECRET,
          ...DB_SETTINGS,
          ...baselineDatabase,
        },
        port: baselinePort,
        readyPath: '/ready',
        logFile: join(runDir, `${kind}-baseline.log`),
      });
      servers.push(baseline);
    }
    return {
      kind,
      api,
      baseline,
      factory,
      captured,
      seedSeconds,
      firstStartSeconds,
      idleRssKb: api.rssKb(),
      dispose,
    };
  } catch (error) {
    await dispose();
    throw error;
  }
}

function targetsOf(stand: Stand): Array<[TargetName, Server]> {
  const targets: Array<[TargetName, Server]> = [['api', stand.api]];
  if (stand.baseline) targets.push(['baseline', stand.baseline]);
  return targets;
}

async function measureOperation(
  stand: Stand,
  operation: OperationName,
  settings: Settings,
  load: LoadGenerator,
  rounds: Round[],
): Promise<void> {
  const targets = targetsOf(stand);
  let seconds = settings.seconds;
  const once = async (target: TargetName, server: Server, round: number, warmup: boolean) => {
    const count =
      operation === 'login' ? stand.factory.fixture.loginEmails.length : REQUESTS_PER_ROUND;
    const requests = await stand.factory.requests(operation, count);
    const length = { duration: warmup ? settings.warmupSeconds : seconds };
    const cpuBefore = server.cpuSeconds();
    const figures = await load.run(server.url, settings.connections, length, requests);
    const cpuMsPerRequest = ((server.cpuSeconds() - cpuBefore) * 1000) / figures.responses;
    if (operation === 'login' && target !== 'baseline')
      stand.factory.advanceLogins(figures.responses);
    const record: Round = {
      ...figures,
      database: stand.kind,
      operation,
      target,
      round,
      warmup,
      rps: figures.responses / figures.seconds,
      cpuMsPerRequest,
    };
    rounds.push(record);
    if (figures.non2xx > 0 || figures.errors > 0)
      console.warn(
        `  ! ${stand.kind} ${operation} ${target}: ${figures.non2xx} non-2xx ${JSON.stringify(figures.statusCodes)}, ${figures.errors} errors`,
      );
    await settle(server);
    return record;
  };
  const warmups = [];
  for (const [target, server] of targets) warmups.push(await once(target, server, 0, true));
  seconds = roundSeconds(Math.min(...warmups.map((round) => round.rps)), settings);
  for (let round = 1; round <= settings.rounds; round++) {
    // Alternating, and each target first in turn, so drift on a shared machine hits all alike.
    const shift = (round - 1) % targets.length;
    const order = [...targets.slice(shift), ...targets.slice(0, shift)];
    const line: string[] = [];
    for (const [target, server] of order) {
      const record = await once(target, server, round, false);
      line.push(
        `${target} ${fixed(record.rps, 0)} rps p50 ${fixed(record.latency.p50, 1)} ms cpu ${fixed(record.cpuMsPerRequest ?? NaN, 2)} ms`,
      );
    }
    console.log(`  ${stand.kind} ${operation} round ${round}: ${line.join(' | ')}`);
  }
}

/**
 * Waits until the server has worked off what the last round left queued: autocannon drops its
 * connections when a round ends, but the server still runs the requests it had accepted (on
 * the embedded database, one after the other). Ready when a health check answers quickly twice.
 */
async function settle(server: Server): Promise<void> {
  const deadline = Date.now() + SETTLE_TIMEOUT_MS;
  let quick = 0;
  while (quick < 2 && Date.now() < deadline) {
    const started = Date.now();
    const ok = await fetch(`${server.url}${API_PREFIX}/health`)
      .then((response) => response.ok)
      .catch(() => false);
    quick = ok && Date.now() - started < SETTLED_HEALTH_MS ? quick + 1 : 0;
    await sleep(200);
  }
}

/**
 * A measured round lasts at least twice the time a request waits at the slowest target's pace
 * (connections ÷ throughput, by Little's law), so that most latencies are of a full queue and
 * not of the first requests; at most MAX_ROUND_SECONDS.
 */
function roundSeconds(slowestRps: number, settings: Settings): number {
  const wait = settings.connections / Math.max(slowestRps, 0.1);
  return Math.min(MAX_ROUND_SECONDS, Math.max(settings.seconds, Math.ceil(2 * wait)));
}

async function measureMix(
  stands: Stand[],
  settings: Settings,
  load: LoadGenerator,
  rounds: Round[],
): Promise<void> {
  console.log('\nThe same mix on both databases, alternating:');
  let seconds = settings.seconds;
  for (let round = 0; round <= settings.rounds; round++) {
    const order = round % 2 ? [...stands].reverse() : stands;
    const warmupRps: number[] = [];
    for (const stand of order) {
      const requests = await stand.factory.mix(MIX_REPEATS);
      const length = { duration: round === 0 ? settings.warmupSeconds : seconds };
      const figures = await load.run(stand.api.url, settings.connections, length, requests);
      warmupRps.push(figures.responses / figures.seconds);
      rounds.push({
        ...figures,
        database: stand.kind,
        operation: 'mix',
        target: 'api',
        round,
        warmup: round === 0,
        rps: figures.responses / figures.seconds,
      });
      if (round > 0)
        console.log(
          `  mix ${stand.kind} round ${round}: ${fixed(figures.responses / figures.seconds, 0)} rps`,
        );
      await settle(stand.api);
    }
    if (round === 0) seconds = roundSeconds(Math.min(...warmupRps), settings);
  }
}

interface Comparison {
  rps: Spread;
  p50: Spread;
  p99: Spread;
  cpuMsPerRequest: Spread;
}

interface OperationSummary {
  database: DatabaseKind;
  operation: OperationName;
  targets: Partial<
    Record<TargetName, { rps: number; p50: number; p99: number; cpuMsPerRequest: number }>
  >;
  /** API ÷ baseline, round by round. */
  api?: Comparison;
  failures: number;
}

function measured(rounds: Round[], database: DatabaseKind, operation: string, target: TargetName) {
  return rounds
    .filter(
      (round) =>
        !round.warmup &&
        round.database === database &&
        round.operation === operation &&
        round.target === target,
    )
    .sort((a, b) => a.round - b.round);
}

function compare(mine: Round[], theirs: Round[]): Comparison | undefined {
  if (mine.length === 0 || mine.length !== theirs.length) return undefined;
  const ratio = (pick: (round: Round) => number) =>
    spread(mine.map((round, index) => pick(round) / pick(theirs[index])));
  return {
    rps: ratio((round) => round.rps),
    p50: ratio((round) => round.latency.p50),
    p99: ratio((round) => round.latency.p99),
    cpuMsPerRequest: ratio((round) => round.cpuMsPerRequest ?? NaN),
  };
}

function summarise(rounds: Round[], stands: Stand[], settings: Settings): OperationSummary[] {
  const summaries: OperationSummary[] = [];
  for (const stand of stands) {
    for (const operation of settings.operations) {
      const api = measured(rounds, stand.kind, operation, 'api');
      const baseline = measured(rounds, stand.kind, operation, 'baseline');
      const targets: OperationSummary['targets'] = {};
      for (const [name, list] of [
        ['api', api],
        ['baseline', baseline],
      ] as const) {
        if (list.length === 0) continue;
        targets[name] = {
          rps: spread(list.map((round) => round.rps)).median,
          p50: spread(list.map((round) => round.latency.p50)).median,
          p99: spread(list.map((round) => round.latency.p99)).median,
          cpuMsPerRequest: spread(list.map((round) => round.cpuMsPerRequest ?? NaN)).median,
        };
      }
      summaries.push({
        database: stand.kind,
        operation,
        targets,
        api: compare(api, baseline),
        failures: [...api, ...baseline].reduce(
          (sum, round) => sum + round.non2xx + round.errors,
          0,
        ),
      });
    }
  }
  return summaries;
}

const spreadText = (value: Spread | undefined, digits = 2) =>
  value
    ? `${fixed(value.median, digits)} (${fixed(value.min, digits)}–${fixed(value.max, digits)})`
    : '–';

interface Target {
  name: string;
  met: boolean | null;
  detail: string;
}

function targets(summaries: OperationSummary[], mix: { ratio: Spread } | null): Target[] {
  const list: Target[] = [];
  const find = (database: DatabaseKind, operation: OperationName) =>
    summaries.find((summary) => summary.database === database && summary.operation === operation);
  for (const database of ['pglite', 'postgres'] as const) {
    const check = (
      operation: OperationName,
      label: string,
      value: (summary: OperationSummary) => Spread | undefined,
      pass: (median: number) => boolean,
    ) => {
      const summary = find(database, operation);
      const measuredValue = summary ? value(summary) : undefined;
      if (!measuredValue) return;
      list.push({
        name: `${database}: ${label}`,
        met: pass(measuredValue.median),
        detail: spreadText(measuredValue),
      });
    };
    check(
      'health',
      'trivial route throughput ≥ 0.85× baseline',
      (s) => s.api?.rps,
      (m) => m >= 0.85,
    );
    check(
      'session-log',
      'POST session log throughput ≥ 0.5× baseline',
      (s) => s.api?.rps,
      (m) => m >= 0.5,
    );
    check(
      'patients',
      'patients list p50 latency ≤ 1.5× baseline',
      (s) => s.api?.p50,
      (m) => m <= 1.5,
    );
    check(
      'progress',
      'progress p50 latency ≤ 1.5× baseline',
      (s) => s.api?.p50,
      (m) => m <= 1.5,
    );
  }
  if (mix)
    list.push({
      name: 'PGlite throughput ≥ 40 % of PostgreSQL on the mix',
      met: mix.ratio.median >= 0.4,
      detail: spreadText(mix.ratio),
    });
  return list;
}

function machine() {
  const cpu = cpus();
  return {
    cpu: `${cpu[0]?.model ?? 'unknown'} × ${cpu.length}`,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    freeMemoryGb: Math.round(freemem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    loadAverage: loadavg().map((value) => Number(value.toFixed(2))),
    uptimeMinutes: Math.round(uptime() / 60),
  };
}

async function postgresVersion(): Promise<string | null> {
  const url = process.env['DATABASE_URL'];
  if (!url) return null;
  return withClient(url, async (client) => {
    const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
    return rows[0].server_version;
  });
}

function captureSummary(stands: Stand[]) {
  return stands.flatMap((stand) =>
    stand.captured.map((operation) => {
      const plan = compilePlan(operation);
      return {
        database: stand.kind,
        operation: operation.name,
        statements: plan.steps.length,
        sqlMs: operation.runs[1].statements.reduce((sum, statement) => sum + statement.ms, 0),
        transactions: plan.steps.filter((step) => step.beginsTransaction).length,
        concurrentStatements: plan.concurrentStatements,
        unclassified: plan.unclassified,
      };
    }),
  );
}

function report(
  settings: Settings,
  stands: Stand[],
  rounds: Round[],
  info: Record<string, unknown>,
): { markdown: string; json: Record<string, unknown>; failures: number } {
  const summaries = summarise(rounds, stands, settings);
  const mixRounds = stands.map((stand) => measured(rounds, stand.kind, 'mix', 'api'));
  const mix =
    stands.length === 2 && mixRounds[0].length > 0 && mixRounds[0].length === mixRounds[1].length
      ? {
          pgliteRps: spread(mixRounds[0].map((round) => round.rps)).median,
          postgresRps: spread(mixRounds[1].map((round) => round.rps)).median,
          ratio: spread(mixRounds[0].map((round, index) => round.rps / mixRounds[1][index].rps)),
        }
      : null;
  const rows = summaries.map((summary) => {
    const { api, baseline } = summary.targets;
    return [
      summary.database,
      `${summary.operation} — ${OPERATIONS[summary.operation].title}`,
      api ? fixed(api.rps, 0) : '–',
      api ? `${fixed(api.p50, 1)} / ${fixed(api.p99, 1)}` : '–',
      baseline ? fixed(baseline.rps, 0) : '–',
      baseline ? `${fixed(baseline.p50, 1)} / ${fixed(baseline.p99, 1)}` : '–',
      spreadText(summary.api?.rps),
      spreadText(summary.api?.p50),
      api && baseline
        ? `${fixed(api.cpuMsPerRequest, 2)} / ${fixed(baseline.cpuMsPerRequest, 2)}`
        : '–',
      String(summary.failures),
    ];
  });
  const checked = targets(summaries, mix);
  const captures = captureSummary(stands);
  const lines = [
    `# API benchmark ${info['startedAt']}`,
    '',
    `Machine: ${JSON.stringify(info['machine'])}; PostgreSQL ${info['postgres'] ?? '–'}.`,
    `Load average at start ${JSON.stringify(info['loadAtStart'])}, at end ${JSON.stringify(info['loadAtEnd'])}.`,
    `autocannon: ${settings.connections} connections, pipelining 1; per operation and target a ${settings.warmupSeconds} s warm-up, then ${settings.rounds} measured rounds of ${settings.seconds}–${MAX_ROUND_SECONDS} s (longer for slow operations, see roundSeconds), targets alternating.`,
    settings.acceptEncoding
      ? `Every GET sent Accept-Encoding: ${settings.acceptEncoding} (the API compresses, the baseline does not).`
      : 'No request asked for compression.',
    '',
    table(
      [
        'db',
        'operation',
        'API rps',
        'API p50/p99 ms',
        'base rps',
        'base p50/p99 ms',
        'API/base rps (spread)',
        'API/base p50',
        'CPU ms/req API / base',
        'non-2xx',
      ],
      rows,
    ),
    '',
    mix
      ? `Mix (${MIX.join(', ')}, in turn): PGlite ${fixed(mix.pgliteRps, 0)} rps, PostgreSQL ${fixed(mix.postgresRps, 0)} rps, ratio ${spreadText(mix.ratio)}.`
      : 'Mix: needs both databases.',
    '',
    table(
      ['target', 'met', 'median (spread)'],
      checked.map((target) => [target.name, target.met ? 'met' : 'MISSED', target.detail]),
    ),
    '',
    table(
      [
        'db',
        'operation',
        'statements',
        'SQL ms, one request alone',
        'transactions',
        'concurrent',
        'unclassified values',
      ],
      captures.map((capture) => [
        capture.database,
        capture.operation,
        String(capture.statements),
        fixed(capture.sqlMs, 1),
        String(capture.transactions),
        String(capture.concurrentStatements),
        capture.unclassified.join(' ') || '–',
      ]),
    ),
    '',
    table(
      ['db', 'first start s', 'restart s', 'seed s', 'API RSS idle MB', 'API RSS at end MB'],
      stands.map((stand) => [
        stand.kind,
        fixed(stand.firstStartSeconds, 1),
        fixed(stand.api.startupSeconds, 1),
        fixed(stand.seedSeconds, 0),
        fixed(stand.idleRssKb / 1024, 0),
        fixed((info[`rssAtEnd_${stand.kind}`] as number) / 1024, 0),
      ]),
    ),
  ];
  const failures = summaries.reduce((sum, summary) => sum + summary.failures, 0);
  return {
    markdown: lines.join('\n'),
    json: { settings, ...info, summaries, mix, targets: checked, captures, rounds },
    failures,
  };
}

async function soak(stand: Stand, settings: Settings, load: LoadGenerator) {
  console.log(`\n[${stand.kind}] ${settings.soakSeconds} s of the mixed load; RSS every 5 s…`);
  const samples: Array<{ second: number; rssKb: number }> = [];
  const started = Date.now();
  const sampler = setInterval(() => {
    samples.push({ second: Math.round((Date.now() - started) / 1000), rssKb: stand.api.rssKb() });
  }, 5000);
  const requests = await stand.factory.mix(MIX_REPEATS);
  const figures = await load.run(
    stand.api.url,
    settings.connections,
    { duration: settings.soakSeconds },
    requests,
  );
  clearInterval(sampler);
  const at = (second: number) =>
    samples.reduce((best, sample) =>
      Math.abs(sample.second - second) < Math.abs(best.second - second) ? sample : best,
    );
  const firstMinute = at(60);
  const end = samples[samples.length - 1];
  const ratio = end.rssKb / firstMinute.rssKb;
  console.log(
    `[${stand.kind}] RSS idle ${fixed(stand.idleRssKb / 1024, 0)} MB, after 1 min ${fixed(firstMinute.rssKb / 1024, 0)} MB, after ${end.second} s ${fixed(end.rssKb / 1024, 0)} MB (×${fixed(ratio, 3)}, target ≤ 1.2: ${ratio <= 1.2 ? 'met' : 'MISSED'}); peak ${fixed(Math.max(...samples.map((sample) => sample.rssKb)) / 1024, 0)} MB; ${fixed(figures.responses / figures.seconds, 0)} rps, p99 ${fixed(figures.latency.p99, 1)} ms, ${figures.non2xx} non-2xx`,
  );
  return { database: stand.kind, idleRssKb: stand.idleRssKb, samples, figures, ratio };
}

/** The API's CPU profiles (written when it exits), summarised. */
function printProfiles(runDir: string, settings: Settings): void {
  for (const kind of settings.databases) {
    const dir = join(runDir, `profile-${kind}`);
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir)) {
      console.log(`\n[${kind}] ${join(dir, file)}`);
      console.log(summariseProfile(JSON.parse(readFileSync(join(dir, file), 'utf8')), 30));
    }
  }
}

async function main(): Promise<void> {
  const settings = settingsFrom(process.argv.slice(2));
  const startedAt = new Date().toISOString();
  const runDir = join(WORK_DIR, `run-${startedAt.replace(/[:.]/g, '-')}`);
  mkdirSync(runDir, { recursive: true });
  mkdirSync(RESULTS_DIR, { recursive: true });
  const portalDir = build(settings);
  const info: Record<string, unknown> = {
    startedAt,
    machine: machine(),
    loadAtStart: loadavg().map((value) => Number(value.toFixed(2))),
    postgres: settings.databases.includes('postgres') ? await postgresVersion() : null,
  };
  const load = new LoadGenerator();
  const stands: Stand[] = [];
  try {
    if (settings.memory) {
      const soaks = [];
      for (const kind of settings.databases) {
        const stand = await prepare(kind, settings, runDir, portalDir, false);
        stands.push(stand);
        soaks.push(await soak(stand, settings, load));
        await stand.dispose();
        stands.pop();
      }
      const file = join(RESULTS_DIR, `api-memory-${startedAt.replace(/[:.]/g, '-')}.json`);
      writeFileSync(
        file,
        JSON.stringify({ settings, ...info, loadAtEnd: loadavg(), soaks }, null, 1),
      );
      console.log(`\nRaw samples: ${file}`);
      return;
    }
    const rounds: Round[] = [];
    // Both databases are seeded at once (the seeding is most of the waiting), then measured
    // one after the other.
    const prepared = await Promise.allSettled(
      settings.databases.map((kind) => prepare(kind, settings, runDir, portalDir, true)),
    );
    for (const result of prepared) if (result.status === 'fulfilled') stands.push(result.value);
    const failed = prepared.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
    for (const stand of stands) {
      const kind = stand.kind;
      console.log(
        `[${kind}] Measuring ${settings.operations.length} operations: ${targetsOf(stand)
          .map(([name]) => name)
          .join(', ')}`,
      );
      for (const operation of settings.operations)
        await measureOperation(stand, operation, settings, load, rounds);
    }
    if (stands.length === 2) await measureMix(stands, settings, load, rounds);
    for (const stand of stands) info[`rssAtEnd_${stand.kind}`] = stand.api.rssKb();
    info['loadAtEnd'] = loadavg().map((value) => Number(value.toFixed(2)));
    const { markdown, json, failures } = report(settings, stands, rounds, info);
    const stamp = startedAt.replace(/[:.]/g, '-');
    writeFileSync(join(RESULTS_DIR, `api-${stamp}.json`), JSON.stringify(json, null, 1));
    writeFileSync(join(RESULTS_DIR, `api-${stamp}.md`), markdown + '\n');
    console.log(`\n${markdown}\n\nRaw results: tools/bench/results/api-${stamp}.json`);
    if (failures > 0) {
      console.error(
        `${failures} requests failed during measured rounds: the figures are not valid.`,
      );
      process.exitCode = 1;
    }
    // The servers' logs (a JSON line per request) are kept only when something failed.
    if (!process.exitCode && !settings.profile && !settings.keep)
      rmSync(runDir, { recursive: true, force: true });
  } finally {
    load.close();
    for (const stand of stands) await stand.dispose();
  }
  if (settings.profile) printProfiles(runDir, settings);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
