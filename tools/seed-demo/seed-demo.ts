/**
 * Fills an empty PostgreSQL database with a clinic network's realistic year, fast:
 *
 *   DATABASE_URL=postgres://… npm run seed:demo -- --patients 10000 --days 365 [--clinics 10]
 *
 * PostgreSQL only: the embedded database (PGlite) is a single session and not meant for
 * millions of rows. Runs the app's migrations and its built-in catalog sync, then writes
 * clinics of different sizes (one per 1,000 patients unless --clinics says otherwise) with
 * admins, therapists carrying about 60 patients each, and patients whose plans (from the
 * built-in templates, progressed, paused, completed on discharge) and daily logs follow a course
 * — most improving, some flat, some dropping off, a few with flare-ups or a red flag. Everything
 * the API's services write for those actions is there: session items and versions (with some
 * corrections and soft deletes), pain entries, ODI and straight-leg-raise measures, the alerts
 * the domain's rules raise (and therapists acknowledge), the audit trail, and the reports'
 * roll-ups.
 *
 * Speed: rows are generated day by day (the order a live database receives them, so tables and
 * indexes are laid out like one) and stream through COPY while Node makes the next ones, frozen
 * where the table was emptied in the same transaction; indexes whose keys would arrive in random
 * order are dropped first and built afterwards; roll-up triggers are off during the load and
 * the roll-ups are filled in one statement each by the functions the triggers use; the session
 * versions go in over a second connection while the first fills the roll-ups; the millions of
 * per-entry audit events are derived in SQL from the rows loaded.
 *
 * Safety: two transactions, committed one after the other at the very end (the second holds only
 * the session versions). Indexes are dropped and created again inside the first one, so a seed
 * that dies rolls back to the schema the migrations left — never to tables without indexes.
 */
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { PasswordHasher } from '../../apps/api/src/app/auth/passwords';
import { typeOrmOptions } from '../../apps/api/src/app/database/typeorm-options';
import { BuiltInCatalog } from '../../apps/api/src/app/exercises/built-in-catalog';
import { DEMO_PASSWORD } from '../../apps/api/src/app/seed/demo-clinic';
import { AlertSimulation } from './alerts';
import { Laps } from './laps';
import { ROLLUPS, createIndexes, dropIndexes, fillRollups } from './bulk-load';
import { RowBuffer, RowStream, chunked, copyRows } from './copy';
import { history, type Visitor } from './history';
import { buildNetwork, PATIENTS_PER_CLINIC, type Network } from './network';
import {
  AUDIT_INSERT_SQL,
  AUDIT_STAGING_COLUMNS,
  AUDIT_STAGING_SQL,
  COLUMNS,
  addressLines,
  auditLines,
  type CorrectionEvent,
  SessionRows,
  alertLine,
  clinicLines,
  invitationLines,
  itemLines,
  measureLine,
  painLine,
  patientLines,
  planLines,
  revisionLines,
  statusChangeLines,
  userLines,
} from './rows';

/** The tables the history fills through the first connection (the second loads the versions). */
const MAIN_TABLES = [
  'session_log',
  'session_log_item',
  'pain_entry',
  'measure',
  'alert',
  'audit_event',
];
/**
 * Emptied in the first transaction so COPY may write their rows frozen (no hint bits to set or
 * rows to freeze later). `session_log` cannot be: its versions, emptied in the second
 * transaction, point at it, and TRUNCATE takes the tables that point at one with it.
 */
const FROZEN = ['session_log_item', 'pain_entry', 'measure', 'alert'];

/** People and plans: written without FREEZE, the catalog's foreign keys keep them from being emptied. */
const SMALL_TABLES = [
  'clinic',
  'app_user',
  'invitation',
  'patient',
  'plan',
  'plan_revision',
  'plan_item',
  'plan_status_change',
];

/**
 * Vacuumed after the load: the tables written without FREEZE (the small ones, the sessions, the
 * audit trail, the roll-ups), and the versions, whose statistics the first connection could not
 * gather while the second one held them.
 */
const VACUUMED = [
  ...SMALL_TABLES,
  'session_log',
  'session_log_version',
  'audit_event',
  ...ROLLUPS.map((rollup) => rollup.table),
];

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  if (index < 0) return fallback;
  const value = Number(process.argv[index + 1]);
  if (!Number.isInteger(value) || value < 1) {
    console.error(`--${name} must be a whole number of at least 1`);
    process.exit(2);
  }
  return value;
}

async function main(): Promise<void> {
  const url = process.env['DATABASE_URL'];
  if (!url) {
    console.error(
      'DATABASE_URL (PostgreSQL) is required: the embedded database is not for this scale.',
    );
    process.exit(2);
  }
  const patients = option('patients', 1000);
  const days = option('days', 365);
  const clinics = option('clinics', Math.ceil(patients / PATIENTS_PER_CLINIC));
  const laps = new Laps();
  const lap = (label: string) => laps.lap(label);

  const dataSource = new DataSource({
    ...typeOrmOptions(
      { databaseUrl: url, dbPoolSize: 2, dbStatementTimeoutMs: 0, dbPreparedStatements: true },
      null,
    ),
    logging: ['error'],
  });
  await dataSource.initialize();
  try {
    await new BuiltInCatalog(dataSource).sync();
  } finally {
    await dataSource.destroy();
  }
  lap('migrations and catalog');

  const network = buildNetwork({ patients, days, clinics, now: Date.now() });
  const passwordHash = await new PasswordHasher().hash(DEMO_PASSWORD);
  lap('network');

  const connect = async () => {
    const client = new Client({ connectionString: url, application_name: 'rehabit-seed-demo' });
    await client.connect();
    await client.query(`SET statement_timeout = 0`);
    laps.watch((await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid);
    return client;
  };
  const [main, side] = [await connect(), await connect()];
  let counts: Record<string, number>;
  try {
    await main.query('BEGIN');
    await side.query('BEGIN');
    counts = await load(main, side, network, passwordHash, lap);
    await main.query('COMMIT');
    await side.query('COMMIT');
    lap('commit');
  } catch (error) {
    await Promise.all([main, side].map((client) => client.query('ROLLBACK').catch(() => null)));
    throw error;
  }
  // COPY FREEZE left most of the history all-visible; the other tables get their visibility map
  // (the reports read the roll-ups by index-only scans) and statistics here.
  await main.query(`VACUUM (ANALYZE) ${VACUUMED.join(', ')}`);
  lap('vacuum');
  const totals = laps.totals();
  await Promise.all([main.end(), side.end()]);

  const rows = Object.values(counts).reduce((sum, n) => sum + n, 0);
  console.log(
    JSON.stringify({
      patients,
      days,
      clinics,
      tables: counts,
      rows,
      ...totals,
      rowsPerSecond: Math.round(rows / totals.seconds),
    }),
  );
  const [largest] = network.clinics;
  console.log(
    [
      `Sign in with password "${DEMO_PASSWORD}" (largest clinic, ${largest.patients.length} patients):`,
      `  admin     ${largest.admins[0].email}`,
      `  therapist ${largest.therapists[0].email}`,
      `  patient   ${largest.patients[0].user.email}`,
    ].join('\n'),
  );
}

async function load(
  main: Client,
  side: Client,
  network: Network,
  passwordHash: string,
  lap: (label: string) => void,
): Promise<Record<string, number>> {
  // Triggers off: the roll-ups are filled at the end, and foreign keys are not re-checked
  // row by row for rows built consistent.
  for (const client of [main, side])
    await client.query(`SET LOCAL session_replication_role = replica`);
  // No JIT: compiling the load's few huge statements costs seconds and saves little.
  for (const client of [main, side]) await client.query(`SET LOCAL jit = off`);
  await main.query(`SET LOCAL maintenance_work_mem = '1GB'`);
  await main.query(`SET LOCAL work_mem = '256MB'`);
  // Each connection checks and empties its own tables: a table the other one merely read would
  // stay locked against TRUNCATE until that transaction ends.
  const empty = async (client: Client, tables: readonly string[]) => {
    const { rows } = await client.query<{ used: boolean }>(
      `SELECT ${tables.map((table) => `EXISTS (SELECT 1 FROM ${table})`).join(' OR ')} AS used`,
    );
    if (rows[0].used)
      throw new Error(
        'The database already has data: seed:demo fills an empty (migrated or new) database.',
      );
  };
  await empty(side, ['session_log_version']);
  await side.query(`TRUNCATE session_log_version`);
  await empty(main, ['clinic', ...MAIN_TABLES]);
  await main.query(`TRUNCATE ${FROZEN.join(', ')}`);
  const dropped = await dropIndexes(main, MAIN_TABLES, false);

  const counts: Record<string, number> = {};
  const copyLines = async (table: keyof typeof COLUMNS, lines: string[]) => {
    await copyRows(main, table, COLUMNS[table], chunked(lines), FROZEN.includes(table));
    counts[table] = (counts[table] ?? 0) + lines.length;
  };
  await copyLines('clinic', clinicLines(network));
  await copyLines('app_user', userLines(network, passwordHash));
  await copyLines('invitation', invitationLines(network));
  await copyLines('patient', patientLines(network));
  await copyLines('plan', planLines(network));
  await copyLines('plan_revision', revisionLines(network));
  await copyLines('plan_item', itemLines(network));
  await copyLines('plan_status_change', statusChangeLines(network));
  lap('people and plans');

  /** One pass over the history, streaming the rows `visitor` adds to `stream` into `table`. */
  const pass = async (
    client: Client,
    table: 'session_log' | 'session_log_item' | 'session_log_version',
    stream: RowStream,
    visitor: Visitor,
  ) => {
    async function* chunks(): AsyncGenerator<string> {
      for (const _ of history(network, visitor)) if (stream.full) yield stream.take();
      yield stream.take();
    }
    await copyRows(client, table, COLUMNS[table], chunks(), table !== 'session_log');
    counts[table] = stream.rows;
    lap(table);
  };

  const sessions = new SessionRows(network);
  const simulation = new AlertSimulation(network.patients, network.now, (n) =>
    network.ids.pain.uuid(n),
  );
  // Gathered on the first pass and written after it, rather than walking the history again.
  const pain = new RowBuffer();
  const measures = new RowBuffer();
  const corrections: CorrectionEvent[] = [];
  const sessionRows = new RowStream();
  await pass(main, 'session_log', sessionRows, {
    dayStart: (day) => simulation.dayStart(day),
    pain: (p, e) => {
      simulation.pain(p, e);
      pain.add(painLine(network, p, e));
    },
    session: (p, s) => {
      sessionRows.add(sessions.session(p, s));
      simulation.session(p, s);
      if (s.correction) corrections.push({ patient: p, session: s });
    },
    measure: (p, m) => measures.add(measureLine(network, p, m)),
  });
  for (const [table, rows] of [
    ['pain_entry', pain],
    ['measure', measures],
  ] as const) {
    await copyRows(main, table, COLUMNS[table], rows.take(), true);
    counts[table] = rows.rows;
  }
  lap('pain_entry and measure');
  const itemRows = new RowStream();
  await pass(main, 'session_log_item', itemRows, {
    session: (_, s) => itemRows.add(sessions.items(s), s.items.length),
  });
  await copyLines(
    'alert',
    simulation.alerts.map((alert) => alertLine(network, alert)),
  );
  lap('alert');
  for (const sql of AUDIT_STAGING_SQL) await main.query(sql);
  await copyRows(main, 'seed_address', ['user_id', 'ip'], chunked(addressLines(network)));
  await copyRows(
    main,
    'seed_audit',
    AUDIT_STAGING_COLUMNS,
    chunked(auditLines(network, simulation.events, corrections)),
  );
  // A sort of millions of rows: in memory, not in temporary files.
  await main.query(`SET LOCAL work_mem = '1GB'`);
  counts['audit_event'] = (await main.query(AUDIT_INSERT_SQL)).rowCount ?? 0;
  await main.query(`SET LOCAL work_mem = '256MB'`);
  lap('audit_event');

  await createIndexes(main, dropped);
  lap('indexes');
  // Statistics for the planner: the roll-ups' big joins come next, and the API after.
  await main.query(`ANALYZE ${[...SMALL_TABLES, ...MAIN_TABLES].join(', ')}`);
  lap('analyze');
  // The versions stream in over the second connection while this one fills the roll-ups.
  const versionRows = new RowStream();
  const [rollups] = await Promise.all([
    fillRollups(main, lap),
    pass(side, 'session_log_version', versionRows, {
      session: (p, s) => versionRows.add(sessions.versions(p, s), s.correction ? 2 : 1),
    }),
  ]);
  return Object.assign(counts, rollups);
}

main().catch((error: unknown) => {
  // The README's first step, and the one a new user skips: say so rather than print a stack.
  if ((error as { code?: string }).code === '3D000') {
    console.error(
      `${(error as Error).message}: create it first, e.g. createdb -h 127.0.0.1 -U postgres <name>`,
    );
    process.exit(2);
  }
  console.error(error);
  process.exit(1);
});
