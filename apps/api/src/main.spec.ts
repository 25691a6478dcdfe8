import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { AuthResponse, Page, Patient } from '@rehabit/contracts';
import { DEMO_PASSWORD, DEMO_PATIENTS, DEMO_STAFF } from './app/seed/demo-clinic';

const WORKSPACE = resolve(__dirname, '../../..');

interface Started {
  exit: Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
  }>;
  url: Promise<string>;
  stop: (signal: NodeJS.Signals) => void;
}

/**
 * The real entry point, run as a new user would run it, from the sources. Generous timeouts:
 * each run compiles the app through ts-node, which takes long on a loaded 2-core machine.
 */
function runMain(env: Record<string, string>): Started {
  const child = spawn(
    process.execPath,
    ['-r', './tools/jasmine/register.cjs', 'apps/api/src/main.ts'],
    {
      cwd: WORKSPACE,
      env: {
        PATH: process.env['PATH'] ?? '',
        HOME: process.env['HOME'] ?? '',
        LOG_LEVEL: 'info',
        ...env,
      },
    },
  );
  let stdout = '';
  let stderr = '';
  let announce: (url: string) => void;
  const url = new Promise<string>((resolveUrl) => (announce = resolveUrl));
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    const match = /listening on (http:\/\/[^\s]+)/.exec(stdout);
    if (match) announce(match[1]);
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
  }>((done) => child.on('exit', (code, signal) => done({ code, signal, stdout, stderr })));
  return { exit, url, stop: (signal) => child.kill(signal) };
}

describe('main (the server process)', () => {
  let dataDir: string;
  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'rehabit-main-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('stops with exit code 1 and one clear line on a non-numeric PORT', async () => {
    const { code, stderr } = await runMain({ PORT: 'abc', DATA_DIR: dataDir }).exit;
    expect(code).toBe(1);
    expect(stderr.trim()).toBe(
      'Configuration error: PORT must be a whole number from 0 to 65535 (got "abc")',
    );
  }, 90_000);

  it('stops with exit code 1 on a malformed DATABASE_URL', async () => {
    const { code, stderr } = await runMain({ DATABASE_URL: 'postgres//nope', DATA_DIR: dataDir })
      .exit;
    expect(code).toBe(1);
    expect(stderr.trim().split('\n').length).toBe(1);
    expect(stderr).toContain('DATABASE_URL');
  }, 90_000);

  it('refuses to start in production without JWT_SECRET', async () => {
    const { code, stderr } = await runMain({ NODE_ENV: 'production', DATA_DIR: dataDir }).exit;
    expect(code).toBe(1);
    expect(stderr.trim()).toMatch(/^Configuration error: JWT_SECRET is required/);
  }, 90_000);

  it('seeds a demo clinic once, serves, shuts down cleanly on SIGTERM, refuses a second process on the same DATA_DIR, and starts again on the same data', async () => {
    const env = { PORT: '0', DATA_DIR: dataDir };
    const first = runMain(env);
    const url = await first.url;
    const health = await fetch(`${url}/api/v1/health`).then((response) => response.json());
    expect(health).toEqual(
      jasmine.objectContaining({ status: 'ok', database: 'up', databaseKind: 'embedded' }),
    );

    const signIn = await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: DEMO_STAFF[0].email, password: DEMO_PASSWORD }),
    }).then((response) => response.json() as Promise<AuthResponse>);
    expect(signIn.user.role).toBe('admin');
    const patients = await fetch(`${url}/api/v1/patients?limit=50`, {
      headers: { Authorization: `Bearer ${signIn.accessToken}` },
    }).then((response) => response.json() as Promise<Page<Patient>>);
    expect(patients.items.length).toBe(DEMO_PATIENTS.length);

    const second = await runMain(env).exit;
    expect(second.code).toBe(1);
    expect(second.stderr.trim()).toMatch(
      /^Cannot start: DATA_DIR .* is in use by another Rehabit process/,
    );

    first.stop('SIGTERM');
    const stopped = await first.exit;
    expect(stopped.stdout).toContain(`Sign in with password ${DEMO_PASSWORD}`);
    expect(stopped.stderr).not.toMatch(/error/i);
    expect(existsSync(join(dataDir, 'rehabit.lock'))).toBeFalse();

    const again = runMain(env);
    const againUrl = await again.url;
    const kept = await fetch(`${againUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: DEMO_STAFF[0].email, password: DEMO_PASSWORD }),
    });
    expect(kept.status).toBe(200);
    again.stop('SIGTERM');
    const restarted = await again.exit;
    expect(restarted.stdout).not.toContain('Demo clinic');
  }, 240_000);
});
