import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, IN_MEMORY_DATA_DIR, loadConfig } from './app-config';

describe('loadConfig', () => {
  let dataDir: string;
  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'rehabit-config-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('has working defaults for a newcomer', () => {
    const config = loadConfig({ DATA_DIR: dataDir });
    expect(config.port).toBe(3000);
    expect(config.nodeEnv).toBe('development');
    expect(config.databaseUrl).toBeNull();
    expect(config.seedDemo).toBeTrue();
    expect(config.allowClinicSignup).toBeTrue();
    expect(config.corsOrigins).toEqual([]);
    expect(config.dbPreparedStatements).toBeTrue();
  });

  it('generates the development signing secret once and keeps it in DATA_DIR', () => {
    const first = loadConfig({ DATA_DIR: dataDir }).jwtSecret;
    const second = loadConfig({ DATA_DIR: dataDir }).jwtSecret;
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(second).toBe(first);
    expect(readFileSync(join(dataDir, 'jwt-secret'), 'utf8')).toBe(first);
    expect(statSync(join(dataDir, 'jwt-secret')).mode & 0o077).toBe(0);
  });

  it('keeps nothing on disk for an in-memory run', () => {
    const config = loadConfig({ DATA_DIR: IN_MEMORY_DATA_DIR });
    expect(config.dataDir).toBe(IN_MEMORY_DATA_DIR);
    expect(config.jwtSecret.length).toBeGreaterThanOrEqual(32);
  });

  const refusals: [string, Record<string, string>, RegExp][] = [
    ['a non-numeric PORT', { PORT: 'abc' }, /^PORT must be a whole number/],
    ['a PORT out of range', { PORT: '70000' }, /^PORT/],
    ['a malformed DATABASE_URL', { DATABASE_URL: 'not a url' }, /^DATABASE_URL/],
    [
      'a DATABASE_URL of another database kind',
      { DATABASE_URL: 'mysql://root@localhost/db' },
      /^DATABASE_URL must look like postgres/,
    ],
    [
      'production without JWT_SECRET',
      { NODE_ENV: 'production' },
      /^JWT_SECRET is required when NODE_ENV=production/,
    ],
    ['a short JWT_SECRET', { JWT_SECRET: 'short' }, /^JWT_SECRET must be at least 32/],
    ['an unknown NODE_ENV', { NODE_ENV: 'staging' }, /^NODE_ENV must be one of/],
    ['a wildcard CORS origin', { CORS_ORIGINS: '*' }, /^CORS_ORIGINS/],
    ['a CORS origin with a path', { CORS_ORIGINS: 'https://a.example/app' }, /^CORS_ORIGINS/],
    ['a non-boolean SEED_DEMO', { SEED_DEMO: 'maybe' }, /^SEED_DEMO must be true or false/],
    [
      'a non-boolean DB_PREPARED_STATEMENTS',
      { DB_PREPARED_STATEMENTS: 'sometimes' },
      /^DB_PREPARED_STATEMENTS must be true or false/,
    ],
  ];
  for (const [what, env, message] of refusals) {
    it(`refuses ${what} with one line naming the variable`, () => {
      expect(() => loadConfig({ DATA_DIR: dataDir, ...env })).toThrowMatching(
        (error) =>
          error instanceof ConfigError &&
          message.test(error.message) &&
          !error.message.includes('\n'),
      );
    });
  }

  it('accepts a PostgreSQL URL and an explicit origin list', () => {
    const config = loadConfig({
      DATA_DIR: dataDir,
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/rehabit',
      CORS_ORIGINS: 'https://a.example, http://localhost:4200',
      NODE_ENV: 'production',
      JWT_SECRET: 'x'.repeat(40),
    });
    expect(config.databaseUrl).toBe('postgres://postgres@127.0.0.1:5432/rehabit');
    expect(config.corsOrigins).toEqual(['https://a.example', 'http://localhost:4200']);
    expect(config.host).toBe('0.0.0.0');
  });
});
