import { API_PREFIX } from '@rehabit/contracts';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { compileApi } from '../api/compile';
import { WORKSPACE_ROOT } from '../api/paths';
import { freePort } from '../api/processes';

const READY_TIMEOUT_MS = 300_000;
/** This bench's own build folder: `npm run bench` may be rebuilding its own at the same time. */
const BUILD_DIR = join(WORKSPACE_ROOT, 'tmp', 'bench', 'reports', 'dist');
const API_MAIN = join(BUILD_DIR, 'apps', 'api', 'src', 'main.js');

/** DATABASE_URL, which must name a database `seed:demo` filled; without it the bench exits. */
export function seededDatabaseUrl(): string {
  const url = process.env['DATABASE_URL'];
  if (!url) {
    console.error(
      'DATABASE_URL must name a PostgreSQL database filled by `npm run seed:demo` (e.g. -- --patients 10000 --days 365).',
    );
    process.exit(2);
  }
  return url;
}

/** Builds the API into this bench's own folder (see compileApi). */
export function buildApi(): void {
  compileApi(BUILD_DIR);
}

/**
 * The environment of an API in production: NODE_ENV=production and its logging (a JSON line per
 * request), behind one proxy hop (TRUST_PROXY=1) so each bench request can come from its own
 * address (X-Forwarded-For) and no per-address rate limit stops a long run.
 */
export function productionEnv(databaseUrl: string, port: number): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    HOST: '127.0.0.1',
    PORT: String(port),
    JWT_SECRET: randomBytes(32).toString('hex'),
    TRUST_PROXY: '1',
    SEED_DEMO: 'false',
    ALLOW_CLINIC_SIGNUP: 'false',
  };
}

export interface ApiServer {
  url: string;
  pid: number;
  /** From spawning the process to its first good /health answer. */
  readyMs: number;
  stop(): Promise<void>;
}

/**
 * Starts the production build (see buildApi) as its own process, logging to `logFile`, and
 * waits for /health. `execArgv` goes to Node (`--cpu-prof`, which NODE_OPTIONS refuses).
 */
export async function startApi(
  databaseUrl: string,
  logFile: string,
  execArgv: readonly string[] = [],
): Promise<ApiServer> {
  if (!existsSync(API_MAIN)) throw new Error(`No build at ${API_MAIN}: run without --no-build`);
  const port = await freePort();
  // The log file itself, not a pipe: the API writes its log lines synchronously, and through a
  // pipe it would wait whenever this process, busy generating load (bench:capacity), fell
  // behind reading them.
  const log = openSync(logFile, 'w');
  const started = performance.now();
  const child = spawn(process.execPath, [...execArgv, API_MAIN], {
    cwd: WORKSPACE_ROOT,
    env: productionEnv(databaseUrl, port),
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  const kill = () => child.kill('SIGKILL');
  process.once('exit', kill);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The API exited while starting; see ${logFile}`);
    const ok = await fetch(`${url}${API_PREFIX}/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) {
      kill();
      throw new Error(`The API did not answer /health within ${READY_TIMEOUT_MS / 1000} s`);
    }
    // Often enough that the start-up time reported is not mostly this wait.
    await sleep(50);
  }
  const readyMs = Math.round(performance.now() - started);
  return {
    url,
    pid: child.pid as number,
    readyMs,
    stop: async () => {
      process.removeListener('exit', kill);
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(20_000).then(kill)]);
    },
  };
}
