/**
 * The clinic reports' latency on a seeded database, each endpoint beside the same SQL run raw:
 *
 *   npm run seed:demo -- --patients 10000 --days 365     (once, into DATABASE_URL)
 *   DATABASE_URL=postgres://… npm run bench:reports [-- --iterations 100] [--no-build]
 *
 * 1. Learns the statements each request sends (with their parameters), from the API run in
 *    this process with a TypeORM subscriber (capture.ts) — so the raw figure can never drift
 *    from what the API really issues.
 * 2. Builds the API the production way (unless --no-build) and starts that build as its own
 *    process (NODE_ENV=production, production logging), signs in as the largest clinic's admin
 *    with the seed's password, warms up, and then, one request at a time, alternates: the
 *    endpoint over HTTP, then the statements it sent replayed through one `pg` connection.
 *    Alternating spreads the noise of a shared machine over both figures alike.
 * 3. Times the writes that keep the roll-ups (writes.ts): a patient logging a session and a
 *    therapist saving a plan revision, the API's latency alone.
 * 4. Prints p50/p95 of both and their ratio, checks the targets, and writes the figures as
 *    JSON to tools/bench/results/, with what a clinic sizing its server asks next: the
 *    database's size on disk per patient-year, and how long the API takes to answer after a
 *    (re)start on a database this large.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { loadConfig } from '../../../apps/api/src/app/config/app-config';
import { typeOrmOptions } from '../../../apps/api/src/app/database/typeorm-options';
import { RESULTS_DIR } from '../api/paths';
import { nearestRank } from '../api/stats';
import { buildApi, productionEnv, seededDatabaseUrl, startApi } from './api-server';
import { Api } from './client';
import { writeOperations } from './writes';
import { StatementCapture, type Statement } from './capture';

const WARM_UP = 10;
/** Patients whose progress is read in turn: their statements are captured one by one. */
const PROGRESS_PATIENTS = 20;
/** Sessions logged and plan revisions saved, after the warm-up (each adds a row). */
const WRITES = 30;

interface Operation {
  name: string;
  /** Request paths, used in turn; each one's statements are captured. */
  paths: string[];
  iterations: number;
  target: { p95Ms: number } | { ratio: number } | null;
}

interface Figures {
  p50: number;
  p95: number;
  mean: number;
  max: number;
}

interface Footprint {
  bytes: number;
  patientDays: number;
  bytesPerPatientYear: number;
  largest: { table: string; bytes: number; indexBytes: number; rows: number }[];
}

interface Result {
  name: string;
  paths: number;
  iterations: number;
  /** Statements per request; null for writes, which have no raw figure. */
  statements: number | null;
  responseBytes: number | null;
  api: Figures;
  raw: Figures | null;
  ratio: { p50: number; p95: number } | null;
  target: Operation['target'];
  met: boolean | null;
}

function option(name: string): number | undefined {
  const index = process.argv.indexOf(`--${name}`);
  if (index < 0) return undefined;
  const value = Number(process.argv[index + 1]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a whole number`);
  return value;
}

/** Nearest-rank percentile of durations in ms. */
function figures(samples: number[]): Figures {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (percent: number) => nearestRank(sorted, percent);
  const round = (ms: number) => Math.round(ms * 100) / 100;
  return {
    p50: round(at(50)),
    p95: round(at(95)),
    mean: round(sorted.reduce((sum, ms) => sum + ms, 0) / sorted.length),
    max: round(sorted[sorted.length - 1]),
  };
}

async function replay(client: Client, statements: readonly Statement[]): Promise<void> {
  for (const statement of statements) await client.query(statement.sql, statement.params);
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

async function main(): Promise<void> {
  const url = seededDatabaseUrl();
  const iterations = option('iterations');
  // The raw connection gets the API's own connection settings (JIT off, statement timeout…)
  // and its client class, so both sides prepare their statements alike.
  const {
    max: _pool,
    onConnect: _clearsTheSession,
    Client: ApiClient = Client,
    ...settings
  } = typeOrmOptions(loadConfig(productionEnv(url, 0)), null).extra as Record<string, unknown> & {
    Client?: typeof Client;
  };
  const db = new ApiClient({
    ...settings,
    connectionString: url,
    application_name: 'rehabit-bench-raw',
  });
  await db.connect();
  const seeded = await db
    .query<{ patients: number; days: number }>(
      `SELECT (SELECT count(*) FROM patient)::int AS patients,
              (SELECT count(*) FROM patient_day)::int AS days`,
    )
    .then(
      (result) => result.rows[0],
      () => ({ patients: 0, days: 0 }),
    );
  if (seeded.patients === 0 || seeded.days === 0) {
    console.error(
      `${url.replace(/\/\/[^@]*@/, '//')} is not seeded (no patients or no roll-up rows): run \`DATABASE_URL=… npm run seed:demo -- --patients 10000 --days 365\` first.`,
    );
    process.exit(2);
  }
  const footprint = await diskFootprint(db, seeded.days);
  // The largest clinic is the hardest case for clinic-wide reports; its first admin signs in.
  const {
    rows: [clinic],
  } = await db.query<{ id: string; name: string; patients: number; email: string }>(
    `SELECT c.id, c.name, count(p.id)::int AS patients,
            (SELECT u.email FROM app_user u WHERE u.clinic_id = c.id AND u.role = 'admin' AND u.active
              ORDER BY u.created_at, u.id LIMIT 1) AS email
       FROM clinic c JOIN patient p ON p.clinic_id = c.id
      GROUP BY c.id ORDER BY count(p.id) DESC, c.id LIMIT 1`,
  );
  const { rows: sample } = await db.query<{ id: string }>(
    `SELECT id FROM patient WHERE clinic_id = $1 ORDER BY md5(id::text) LIMIT $2`,
    [clinic.id, PROGRESS_PATIENTS],
  );
  const operations: Operation[] = [
    {
      name: 'progress (12 weeks)',
      paths: sample.map((patient) => `/patients/${patient.id}/progress`),
      iterations: iterations ?? 200,
      target: { p95Ms: 30 },
    },
    {
      name: 'patients list (50 rows)',
      paths: ['/patients?limit=50'],
      iterations: iterations ?? 200,
      target: { ratio: 1.5 },
    },
    {
      name: 'dashboard (30 days)',
      paths: ['/clinic/dashboard'],
      iterations: iterations ?? 100,
      target: { p95Ms: 150 },
    },
    {
      name: 'progress CSV (30 days)',
      paths: ['/clinic/reports/progress.csv'],
      // Each export takes most of a second: 30 of them give a p95 without a long wait.
      iterations: Math.min(iterations ?? 30, 30),
      target: null,
    },
  ];
  const load = [loadavg()[0]];
  printFootprint(footprint);
  console.log(
    `Clinic "${clinic.name}": ${clinic.patients} of ${seeded.patients} patients; signing in as ${clinic.email}. Load average ${loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')}.`,
  );

  if (!process.argv.includes('--no-build')) buildApi();
  const capture = await StatementCapture.start(url);
  const captured = new Map<Operation, Statement[][]>();
  const capturing = new Api(capture.url, clinic.email);
  try {
    await capturing.ready();
    for (const operation of operations) {
      const lists: Statement[][] = [];
      for (const path of operation.paths)
        lists.push(await capture.record(() => capturing.get(path)));
      captured.set(operation, lists);
    }
  } finally {
    capturing.close();
    await capture.close();
  }

  mkdirSync(RESULTS_DIR, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const server = await startApi(url, join(RESULTS_DIR, `reports-${stamp}-api.log`));
  console.log(
    `The API answered /health ${(server.readyMs / 1000).toFixed(1)} s after its process started (migrations checked, pool opened).`,
  );
  const api = await new Api(server.url, clinic.email).ready();
  const results: Result[] = [];
  const writes = await writeOperations(db, server.url, clinic.id);
  try {
    for (const operation of operations) {
      const statements = captured.get(operation) as Statement[][];
      const apiMs: number[] = [];
      const rawMs: number[] = [];
      let bytes = 0;
      for (let i = 0; i < WARM_UP + operation.iterations; i++) {
        const k = i % operation.paths.length;
        const http = await timed(async () => (bytes = await api.get(operation.paths[k])));
        const raw = await timed(() => replay(db, statements[k]));
        if (i < WARM_UP) continue;
        apiMs.push(http);
        rawMs.push(raw);
      }
      load.push(loadavg()[0]);
      const a = figures(apiMs);
      const r = figures(rawMs);
      const ratio = { p50: round2(a.p50 / r.p50), p95: round2(a.p95 / r.p95) };
      const target = operation.target;
      const met =
        target === null
          ? null
          : 'p95Ms' in target
            ? a.p95 <= target.p95Ms
            : ratio.p50 <= target.ratio && ratio.p95 <= target.ratio;
      results.push({
        name: operation.name,
        paths: operation.paths.length,
        iterations: operation.iterations,
        statements: statements[0].length,
        responseBytes: bytes,
        api: a,
        raw: r,
        ratio,
        target,
        met,
      });
    }
    // Writes have no raw figure: replaying an INSERT whose ids the first run generated would
    // only hit its unique keys. Their latency is reported as the API's alone.
    for (const operation of writes.operations) {
      const write = await operation.prepare();
      const n = Math.min(iterations ?? WRITES, WRITES);
      const apiMs: number[] = [];
      for (let i = 0; i < WARM_UP + n; i++) {
        const ms = await timed(write);
        if (i >= WARM_UP) apiMs.push(ms);
      }
      load.push(loadavg()[0]);
      results.push({
        name: operation.name,
        paths: 1,
        iterations: n,
        statements: null,
        responseBytes: null,
        api: figures(apiMs),
        raw: null,
        ratio: null,
        target: null,
        met: null,
      });
    }
  } finally {
    writes.close();
    api.close();
    await server.stop();
    await db.end();
  }

  const header = [
    'endpoint',
    'n',
    'API p50',
    'API p95',
    'raw p50',
    'raw p95',
    'ratio p50',
    'ratio p95',
    'SQL',
    'target',
  ];
  const rows = results.map((result) => [
    result.name,
    String(result.iterations),
    `${result.api.p50} ms`,
    `${result.api.p95} ms`,
    result.raw ? `${result.raw.p50} ms` : '—',
    result.raw ? `${result.raw.p95} ms` : '—',
    result.ratio ? `${result.ratio.p50}×` : '—',
    result.ratio ? `${result.ratio.p95}×` : '—',
    result.statements === null ? '—' : String(result.statements),
    result.target === null
      ? '—'
      : `${'p95Ms' in result.target ? `p95 ≤ ${result.target.p95Ms} ms` : `≤ ${result.target.ratio}× raw`}: ${result.met ? 'met' : 'MISSED'}`,
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column].length)),
  );
  for (const row of [header, ...rows])
    console.log(row.map((cell, column) => cell.padEnd(widths[column])).join('  '));
  console.log(
    'SQL = statements per request (auth, access checks, audit and the report itself), replayed in order on one connection for "raw".',
  );
  const file = join(RESULTS_DIR, `reports-${stamp}.json`);
  writeFileSync(
    file,
    JSON.stringify(
      {
        at: new Date().toISOString(),
        node: process.version,
        loadAverage1m: load,
        clinic: { patients: clinic.patients, of: seeded.patients },
        database: footprint,
        apiReadyMs: server.readyMs,
        warmUp: WARM_UP,
        results,
      },
      null,
      2,
    ),
  );
  console.log(`Written to ${file}`);
  if (results.some((result) => result.met === false)) process.exitCode = 1;
}

/**
 * The whole database's size and its largest tables (with their indexes and TOAST), against the
 * days of roll-up held (`patient_day`, one row per patient and day of their plan).
 */
async function diskFootprint(db: Client, patientDays: number): Promise<Footprint> {
  const {
    rows: [totals],
  } = await db.query<{ bytes: string }>(`SELECT pg_database_size(current_database()) AS bytes`);
  const { rows: tables } = await db.query<{
    table: string;
    bytes: string;
    index_bytes: string;
    rows: string;
  }>(
    `SELECT c.relname AS table, pg_total_relation_size(c.oid) AS bytes,
            pg_indexes_size(c.oid) AS index_bytes, greatest(c.reltuples, 0)::bigint AS rows
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'm', 'p') AND n.nspname = current_schema()
      ORDER BY pg_total_relation_size(c.oid) DESC
      LIMIT 6`,
  );
  const bytes = Number(totals.bytes);
  return {
    bytes,
    patientDays,
    bytesPerPatientYear: Math.round((bytes / patientDays) * 365),
    largest: tables.map((table) => ({
      table: table.table,
      bytes: Number(table.bytes),
      indexBytes: Number(table.index_bytes),
      rows: Number(table.rows),
    })),
  };
}

function printFootprint(footprint: Footprint): void {
  const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
  console.log(
    `Database ${mb(footprint.bytes)} for ${footprint.patientDays.toLocaleString('en')} patient-days: ` +
      `${(footprint.bytesPerPatientYear / 2 ** 10).toFixed(0)} kB per patient-year. Largest tables (with indexes): ` +
      footprint.largest
        .map(
          (table) =>
            `${table.table} ${mb(table.bytes)} (${mb(table.indexBytes)} indexes, ~${table.rows.toLocaleString('en')} rows)`,
        )
        .join('; ') +
      '.',
  );
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
