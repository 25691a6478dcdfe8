/**
 * `npm run bench:floor`: the trivial route's ceiling for any NestJS app. Bare node:http, and
 * NestJS with one controller and nothing else on Express and on Fastify (floor-server.ts),
 * each answering `GET /api/v1/health` with one `SELECT 1` on PostgreSQL, driven as `npm run
 * bench` drives the API (autocannon in its own process, 32 connections, a warm-up, then
 * alternating rounds). Prints rps, CPU per request and each Nest server's ratio to node:http.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { API_PREFIX } from '@rehabit/contracts';
import { FLOOR_SERVERS, type FloorServer } from './floor-server';
import { LoadGenerator } from './load';
import { RESULTS_DIR, TS_REGISTER, WORK_DIR } from './paths';
import { freePort, startServer, type Server } from './processes';
import { fixed, spread, table } from './stats';

const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rounds: { type: 'string', default: '5' },
      seconds: { type: 'string', default: '5' },
      connections: { type: 'string', default: '32' },
    },
  });
  const rounds = Number(values.rounds);
  const seconds = Number(values.seconds);
  const connections = Number(values.connections);
  const databaseUrl = process.env['DATABASE_URL'] ?? DEFAULT_DATABASE_URL;
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const runDir = join(WORK_DIR, `floor-${stamp}`);
  mkdirSync(runDir, { recursive: true });
  mkdirSync(RESULTS_DIR, { recursive: true });

  const servers = new Map<FloorServer, Server>();
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
    const requests = [{ method: 'GET' as const, path: `${API_PREFIX}/health`, headers: {} }];
    const measured: Array<{
      kind: FloorServer;
      round: number;
      rps: number;
      cpuMs: number;
      p50: number;
    }> = [];
    const once = async (kind: FloorServer, round: number, duration: number) => {
      const server = servers.get(kind) as Server;
      const cpuBefore = server.cpuSeconds();
      const figures = await load.run(server.url, connections, { duration }, requests);
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
    for (const kind of FLOOR_SERVERS) await once(kind, 0, 2);
    for (let round = 1; round <= rounds; round++) {
      const shift = (round - 1) % FLOOR_SERVERS.length;
      const order = [...FLOOR_SERVERS.slice(shift), ...FLOOR_SERVERS.slice(0, shift)];
      const line: string[] = [];
      for (const kind of order) {
        const record = await once(kind, round, seconds);
        line.push(`${kind} ${fixed(record.rps, 0)} rps cpu ${fixed(record.cpuMs, 3)} ms`);
      }
      console.log(`  round ${round}: ${line.join(' | ')}`);
    }
    const of = (kind: FloorServer) => measured.filter((record) => record.kind === kind);
    const rows = FLOOR_SERVERS.map((kind) => {
      const ratios = of(kind).map(
        (record) =>
          record.rps / (of('node').find((base) => base.round === record.round)?.rps ?? NaN),
      );
      const ratio = spread(ratios);
      return [
        kind,
        fixed(spread(of(kind).map((record) => record.rps)).median, 0),
        fixed(spread(of(kind).map((record) => record.p50)).median, 1),
        fixed(spread(of(kind).map((record) => record.cpuMs)).median, 3),
        `${fixed(ratio.median)} (${fixed(ratio.min)}–${fixed(ratio.max)})`,
      ];
    });
    console.log(
      `\nGET ${API_PREFIX}/health, one SELECT 1 on PostgreSQL; ${connections} connections, pipelining 1, ${rounds} rounds of ${seconds} s, alternating.\n`,
    );
    console.log(table(['server', 'rps', 'p50 ms', 'CPU ms/req', 'rps / node:http (spread)'], rows));
    const file = join(RESULTS_DIR, `floor-${stamp}.json`);
    writeFileSync(file, JSON.stringify({ connections, rounds, seconds, measured }, null, 2));
    console.log(`\nRaw results: ${file}`);
  } finally {
    load.close();
    for (const server of servers.values()) await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
