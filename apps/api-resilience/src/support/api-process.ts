import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { API_PREFIX } from '@rehabit/contracts';
import { API_MAIN, WORKSPACE_ROOT } from './paths';
import { scratchDir } from './scratch';
import { sleep, waitFor } from './wait';

const START_TIMEOUT_MS = 60_000;
/** How much of the output failure messages show. */
const OUTPUT_SHOWN = 16 * 1024;
/** main.ts announces its address at start-up; PORT=0 lets the system pick a free port. */
const LISTENING = /listening on (http:\/\/\S+)/;
/** One info line per answered request: too many to keep, and never what explains a failure. */
const REQUEST_LINE = '"msg":"request completed"';

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Date.now() when the process was seen to exit. */
  at: number;
}

export interface ApiSettings {
  /** A PostgreSQL URL; without it the API runs on the embedded database in `dataDir`. */
  databaseUrl?: string;
  dataDir?: string;
  /** Processes that share a database share the signing secret, as a real deployment does. */
  jwtSecret: string;
}

/** A build of the API in a child process, started exactly as production starts it. */
export class ApiProcess {
  readonly exited: Promise<Exit>;
  private log = '';
  private partialLine = '';
  private url: string | null = null;

  private constructor(private readonly child: ChildProcess) {
    child.stdout?.on('data', (chunk: Buffer) => this.keep(chunk));
    child.stderr?.on('data', (chunk: Buffer) => this.keep(chunk));
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
    );
    // A crashed test run must not leave API processes (and their databases) behind.
    const killOnExit = () => child.kill('SIGKILL');
    process.once('exit', killOnExit);
    void this.exited.then(() => process.removeListener('exit', killOnExit));
  }

  /** Spawns the API without waiting for it; see `start` for a ready one. */
  static spawn(settings: ApiSettings): ApiProcess {
    if (!existsSync(API_MAIN))
      throw new Error(`${API_MAIN} is missing: build the API first (npx nx run api:build)`);
    const child = spawn(process.execPath, [API_MAIN], {
      cwd: WORKSPACE_ROOT,
      env: {
        PATH: process.env['PATH'] ?? '',
        // The embedded database's socket folder; removed with the scratch folder.
        TMPDIR: scratchDir('tmp'),
        NODE_ENV: 'production',
        HOST: '127.0.0.1',
        PORT: '0',
        JWT_SECRET: settings.jwtSecret,
        SEED_DEMO: 'false',
        // Clients send their own X-Forwarded-For, so a load from one machine does not run into
        // the per-address rate limits (see http.ts).
        TRUST_PROXY: '1',
        LOG_LEVEL: 'info',
        ...(settings.databaseUrl ? { DATABASE_URL: settings.databaseUrl } : {}),
        ...(settings.dataDir ? { DATA_DIR: settings.dataDir } : {}),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new ApiProcess(child);
  }

  /** Spawns the API and waits until its readiness route answers 200. */
  static async start(settings: ApiSettings): Promise<ApiProcess> {
    const api = ApiProcess.spawn(settings);
    try {
      await api.ready();
      return api;
    } catch (error) {
      await api.kill();
      throw error;
    }
  }

  get baseUrl(): string {
    if (!this.url) throw new Error('The API has not announced its address yet');
    return this.url;
  }

  get pid(): number {
    return this.child.pid as number;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The last lines the process printed (stdout and stderr), for failure messages. */
  output(): string {
    return this.log.slice(-OUTPUT_SHOWN);
  }

  /** Everything the process printed so far, but the one line per answered request. */
  printed(): string {
    return this.log;
  }

  /** `work`, failing with what the process printed and whether it still runs. */
  async explain<T>(work: Promise<T>): Promise<T> {
    try {
      return await work;
    } catch (error) {
      const state = this.running
        ? 'still running'
        : `exited (${this.child.exitCode ?? this.child.signalCode})`;
      throw new Error(
        `${error instanceof Error ? error.message : String(error)} (${String((error as Error).cause ?? '')}); the API (pid ${this.pid}) is ${state}:\n${this.output()}`,
      );
    }
  }

  signal(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  async ready(timeoutMs = START_TIMEOUT_MS): Promise<void> {
    let last = 'no address announced yet';
    await waitFor(
      'the API to be ready',
      async () => {
        if (!this.running) throw new Error(`The API exited before it was ready:\n${this.output()}`);
        if (!this.url) return false;
        try {
          const response = await fetch(`${this.url}${API_PREFIX}/health/ready`);
          last = `readiness answered ${response.status}`;
          return response.status === 200;
        } catch (error) {
          last = String((error as Error).cause ?? error);
          return false;
        }
      },
      { timeoutMs, describe: () => `${last}\n${this.output()}` },
    );
  }

  /** SIGTERM, then SIGKILL if it is still running after 15 s. */
  async stop(): Promise<Exit> {
    if (this.running) this.signal('SIGTERM');
    const exit = await Promise.race([this.exited, sleep(15_000).then(() => null)]);
    return exit ?? this.kill();
  }

  async kill(): Promise<Exit> {
    if (this.running) this.signal('SIGKILL');
    return this.exited;
  }

  private keep(chunk: Buffer): void {
    const lines = (this.partialLine + chunk.toString()).split('\n');
    this.partialLine = lines.pop() ?? '';
    for (const line of lines) {
      if (line.includes(REQUEST_LINE)) continue;
      this.url ??= LISTENING.exec(line)?.[1] ?? null;
      this.log += `${line}\n`;
    }
  }
}
