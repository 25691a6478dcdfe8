import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { WORKSPACE_ROOT } from './paths';

export interface Server {
  name: string;
  pid: number;
  url: string;
  /** From spawning the process to its first successful answer. */
  startupSeconds: number;
  /** Resident set size in kB, from /proc. */
  rssKb(): number;
  /** CPU time the process has used so far (user + system), from /proc. */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 180_000;
const STOP_GRACE_MS = 20_000;
const running = new Set<ChildProcess>();

// A failed or interrupted run must not leave API processes (and their databases) behind.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    for (const child of running) child.kill('SIGKILL');
    process.exit(130);
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address
          ? resolvePort(address.port)
          : reject(new Error('no free port')),
      );
    });
  });
}

export interface StartOptions {
  name: string;
  /** Node script and its arguments. */
  args: string[];
  /** Node options such as `-r hook.cjs`. */
  execArgv?: string[];
  env: Record<string, string>;
  port: number;
  /** A GET answered 200 once the server is ready. */
  readyPath: string;
  /** Where the process's stdout and stderr go (the API logs a JSON line per request). */
  logFile: string;
}

/** Starts a Node server as its own process and waits until it answers. */
export async function startServer(options: StartOptions): Promise<Server> {
  const log = openSync(options.logFile, 'a');
  const child = spawn(process.execPath, [...(options.execArgv ?? []), ...options.args], {
    cwd: WORKSPACE_ROOT,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...options.env },
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  running.add(child);
  child.once('exit', () => running.delete(child));
  const url = `http://127.0.0.1:${options.port}`;
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`${options.name} exited during start-up; see ${options.logFile}`);
    if (Date.now() - started > READY_TIMEOUT_MS)
      throw new Error(`${options.name} did not answer within ${READY_TIMEOUT_MS / 1000} s`);
    const ready = await fetch(url + options.readyPath)
      .then((response) => response.ok)
      .catch(() => false);
    if (ready) break;
    await sleep(250);
  }
  const pid = child.pid as number;
  return {
    name: options.name,
    pid,
    url,
    startupSeconds: (Date.now() - started) / 1000,
    rssKb: () => rssKbOf(pid),
    cpuSeconds: () => cpuSecondsOf(pid),
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
      child.kill('SIGTERM');
      const stopped = await Promise.race([
        exited.then(() => true),
        sleep(STOP_GRACE_MS).then(() => false),
      ]);
      if (!stopped) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
}

export function rssKbOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+) kB/m.exec(status);
  if (!match) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(match[1]);
}

/** Clock ticks per second of /proc/PID/stat times: 100 on Linux everywhere we run. */
const CLOCK_TICKS = 100;

export function cpuSecondsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name may hold spaces; the fields after its closing parenthesis do not.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}
