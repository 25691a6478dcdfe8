/**
 * `npm run bench:floor`: the trivial route's ceiling for any NestJS app, and where the API sits
 * under it. Bare node:http, NestJS with one controller and nothing else on Express and on
 * Fastify (floor-server.ts), and the API's production build, each answering
 * `GET /api/v1/health` with one `SELECT 1` on PostgreSQL, driven as `npm run bench` drives the
 * API (autocannon in its own process, 32 connections, a warm-up, then alternating rounds).
 * Prints rps, CPU per request and each server's ratios to node:http.
 *
 * `--rate N` sends N requests a second instead of as many as each server answers. Below
 * saturation the CPU each request costs hardly moves with the machine's other load, where the
 * rps ratio of saturated rounds swings by a tenth between runs: it is the figure for comparing
 * builds, the saturated run the one for the target.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { API_PREFIX } from '@rehabit/contracts';
import { apiEnv } from './api-env';
import { compileApi } from './compile';
import { FLOOR_SERVERS } from './floor-server';
import { LoadGenerator } from './load';
import { RESULTS_DIR, TS_REGISTER, WORK_DIR } from './paths';
import { withClient } from '../../../apps/api/src/app/testing/pg-client';
import { freePort, startServer, type Server } from './processes';
import { fixed, spread, table } from './stats';

const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const SERVERS = [...FLOOR_SERVERS, 'api'] as const;
type ServerKind = (typeof SERVERS)[number];

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rounds: { type: 'string', default: '5' },
      seconds: { type: 'string', default: '5' },
      connections: { type: 'string', default: '32' },
      rate: { type: 'string' },
    },
  });
  const rate = values.rate === undefined ? undefined : Number(values.rate);
  if (rate !== undefined && !(rate > 0)) throw new Error('--rate is requests per second, above 0');
  const rounds = Number(values.rounds);
  const seconds = Number(values.seconds);
  const connections = Number(values.connections);
  const databaseUrl = process.env['DATABASE_URL'] ?? DEFAULT_DATABASE_URL;
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const runDir = join(WORK_DIR, `floor-${stamp}`);
  mkdirSync(runDir, { recursive: true });
  mkdirSync(RESULTS_DIR, { recursive: true });

  const apiBuild = join(runDir, 'dist');
  compileApi(apiBuild);
  const apiDatabase = `rehabit_floor_${randomBytes(4).toString('hex')}`;
  const apiDatabaseUrl = new URL(databaseUrl);
  apiDatabaseUrl.pathname = `/${apiDatabase}`;
  await withClient(databaseUrl, (client) => client.query(`CREATE DATABASE ${apiDatabase}`));

  const servers = new Map<ServerKind, Server>();
  const load = new LoadGenerator();
  try {
    for (const kind of FLOOR_SERVERS) {
      const port = await freePort();
      servers.set(
        kind,
        await startServer({
          name: kind,
          args: [join(__dirname, 'floor-server.ts'), kind, String(port)],
          execArgv: ['-r', TS_REGISTER],
          env: { DATABASE_URL: databaseUrl, NODE_ENV: 'production' },
          port,
          readyPath: `${API_PREFIX}/health`,
          logFile: join(runDir, `${kind}.log`),
        }),
      );
    }
    const apiPort = await freePort();
    servers.set(
      'api',
      await startServer({
        name: 'api',
        args: [join(apiBuild, 'apps/api/src/main.js')],
        env: apiEnv(apiPort, '', { DATABASE_URL: apiDatabaseUrl.toString() }),
        port: apiPort,
        readyPath: `${API_PREFIX}/health`,
        logFile: join(runDir, 'api.log'),
      }),
    );
    const requests = [{ method: 'GET' as const, path: `${API_PREFIX}/health`, headers: {} }];
    const measured: Array<{
      kind: ServerKind;
      round: number;
      rps: number;
      cpuMs: number;
      p50: number;
    }> = [];
    const once = async (kind: ServerKind, round: number, duration: number) => {
      const server = servers.get(kind) as Server;
      const cpuBefore = server.cpuSeconds();
      const figures = await load.run(server.url, connections, { duration, rate }, requests);
      if (figures.non2xx > 0 || figures.errors > 0)
        throw new Error(`${kind}: ${figures.non2xx} non-2xx, ${figures.errors} errors`);
      const record = {
        kind,
        round,
        rps: figures.responses / figures.seconds,
        cpuMs: ((server.cpuSeconds() - cpuBefore) * 1000) / figures.responses,
        p50: figures.latency.p50,
      };
      if (round > 0) measured.push(record);
      return record;
    };
    for (const kind of SERVERS) await once(kind, 0, 2);
    for (let round = 1; round <= rounds; round++) {
      const shift = (round - 1) % SERVERS.length;
      const order = [...SERVERS.slice(shift), ...SERVERS.slice(0, shift)];
      const line: string[] = [];
      for (const kind of order) {
        const record = await once(kind, round, seconds);
        line.push(`${kind} ${fixed(record.rps, 0)} rps cpu ${fixed(record.cpuMs, 3)} ms`);
      }
      console.log(`  round ${round}: ${line.join(' | ')}`);
    }
    const of = (kind: ServerKind) => measured.filter((record) => record.kind === kind);
    const toNode = (kind: ServerKind, figure: 'rps' | 'cpuMs') => {
      const ratios = spread(
        of(kind).map(
          (record) =>
            record[figure] /
            (of('node').find((base) => base.round === record.round)?.[figure] ?? NaN),
        ),
      );
      return `${fixed(ratios.median)} (${fixed(ratios.min)}–${fixed(ratios.max)})`;
    };
    const rows = SERVERS.map((kind) => [
      kind,
      fixed(spread(of(kind).map((record) => record.rps)).median, 0),
      fixed(spread(of(kind).map((record) => record.p50)).median, 1),
      fixed(spread(of(kind).map((record) => record.cpuMs)).median, 3),
      toNode(kind, 'rps'),
      toNode(kind, 'cpuMs'),
    ]);
    const pace = rate === undefined ? 'as fast as answered' : `${rate} requests/s`;
    console.log(
      `\nGET ${API_PREFIX}/health, one SELECT 1 on PostgreSQL; ${connections} connections, pipelining 1, ${pace}, ${rounds} rounds of ${seconds} s, alternating.\n`,
    );
    console.log(
      table(
        [
          'server',
          'rps',
          'p50 ms',
          'CPU ms/req',
          'rps / node:http (spread)',
          'CPU ms/req / node:http (spread)',
        ],
        rows,
      ),
    );
    const file = join(RESULTS_DIR, `floor-${stamp}.json`);
    writeFileSync(
      file,
      JSON.stringify({ connections, rate: rate ?? null, rounds, seconds, measured }, null, 2),
    );
    console.log(`\nRaw results: ${file}`);
  } finally {
    load.close();
    for (const server of servers.values()) await server.stop();
    await withClient(databaseUrl, (client) =>
      client.query(`DROP DATABASE IF EXISTS ${apiDatabase} WITH (FORCE)`),
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
