import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';

/** Where the embedded database lives; `memory://` keeps it in memory for throwaway runs. */
export const IN_MEMORY_DATA_DIR = 'memory://';

export type NodeEnv = 'development' | 'production' | 'test';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface AppConfig {
  nodeEnv: NodeEnv;
  host: string;
  port: number;
  /** Absolute path, or IN_MEMORY_DATA_DIR. Used for the embedded database and the dev secret. */
  dataDir: string;
  /** Set: use this PostgreSQL server. Unset: the embedded database in dataDir. */
  databaseUrl: string | null;
  dbPoolSize: number;
  dbStatementTimeoutMs: number;
  /** Parameterised statements go as named prepared statements (database/prepared-statements.ts). */
  dbPreparedStatements: boolean;
  jwtSecret: string;
  corsOrigins: string[];
  /** Reverse-proxy hops to trust for the client address (rate limits, audit); 0 trusts none. */
  trustProxy: number;
  logLevel: LogLevel;
  seedDemo: boolean;
  allowClinicSignup: boolean;
  /** The built portal to serve at `/`; null when it is not built (API-only runs and tests). */
  portalDir: string | null;
  version: string;
}

/** A configuration the process cannot start with; its message is one line for the operator. */
export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

const NODE_ENVS: readonly NodeEnv[] = ['development', 'production', 'test'];
const LOG_LEVELS: readonly LogLevel[] = [
  'fatal',
  'error',
  'warn',
  'info',
  'debug',
  'trace',
  'silent',
];
const MIN_SECRET_LENGTH = 32;

/**
 * Reads and validates the whole configuration at once, so a bad value stops the process at
 * start-up with a message naming the variable, instead of failing later on first use.
 */
export function loadConfig(
  env: Env = process.env,
  defaults: { portalDir?: string | null } = {},
): AppConfig {
  const nodeEnv = oneOf('NODE_ENV', env['NODE_ENV'] ?? 'development', NODE_ENVS);
  const dataDirRaw = nonEmpty(env['DATA_DIR']) ?? '.data';
  const dataDir = dataDirRaw === IN_MEMORY_DATA_DIR ? dataDirRaw : resolve(dataDirRaw);
  const databaseUrl = databaseUrlFrom(env['DATABASE_URL']);

  const config: AppConfig = {
    nodeEnv,
    host: nonEmpty(env['HOST']) ?? (nodeEnv === 'production' ? '0.0.0.0' : '127.0.0.1'),
    port: integer('PORT', env['PORT'], 3000, 0, 65535),
    dataDir,
    databaseUrl,
    dbPoolSize: integer('DB_POOL_SIZE', env['DB_POOL_SIZE'], 10, 1, 100),
    dbStatementTimeoutMs: integer(
      'DB_STATEMENT_TIMEOUT_MS',
      env['DB_STATEMENT_TIMEOUT_MS'],
      15000,
      100,
      600000,
    ),
    dbPreparedStatements: boolean('DB_PREPARED_STATEMENTS', env['DB_PREPARED_STATEMENTS'], true),
    jwtSecret: '',
    corsOrigins: corsOrigins(env['CORS_ORIGINS']),
    trustProxy: integer('TRUST_PROXY', env['TRUST_PROXY'], 0, 0, 10),
    logLevel: oneOf(
      'LOG_LEVEL',
      env['LOG_LEVEL'] ?? (nodeEnv === 'test' ? 'silent' : 'info'),
      LOG_LEVELS,
    ),
    seedDemo: boolean('SEED_DEMO', env['SEED_DEMO'], true),
    allowClinicSignup: boolean('ALLOW_CLINIC_SIGNUP', env['ALLOW_CLINIC_SIGNUP'], true),
    portalDir: portalDirFrom(env['PORTAL_DIR'], defaults.portalDir ?? null),
    version: env['npm_package_version'] ?? readVersion(),
  };
  config.jwtSecret = jwtSecretFor(config, env['JWT_SECRET']);
  return config;
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new ConfigError(`${name} must be one of ${allowed.join(', ')} (got "${value}")`);
  }
  return value as T;
}

function integer(
  name: string,
  raw: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  const value = nonEmpty(raw);
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max} (got "${value}")`);
  }
  return Number(value);
}

function boolean(name: string, raw: string | undefined, fallback: boolean): boolean {
  const value = nonEmpty(raw)?.toLowerCase();
  if (value === undefined) return fallback;
  if (['true', '1', 'yes'].includes(value)) return true;
  if (['false', '0', 'no'].includes(value)) return false;
  throw new ConfigError(`${name} must be true or false (got "${raw}")`);
}

function databaseUrlFrom(raw: string | undefined): string | null {
  const value = nonEmpty(raw);
  if (value === undefined) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(
      'DATABASE_URL is not a valid URL (expected postgres://user:password@host:5432/database)',
    );
  }
  if (
    !['postgres:', 'postgresql:'].includes(url.protocol) ||
    !url.hostname ||
    url.pathname.length < 2
  ) {
    throw new ConfigError(
      'DATABASE_URL must look like postgres://user:password@host:5432/database',
    );
  }
  return value;
}

function corsOrigins(raw: string | undefined): string[] {
  const origins = (nonEmpty(raw) ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  for (const origin of origins) {
    let url: URL | undefined;
    try {
      url = new URL(origin);
    } catch {
      url = undefined;
    }
    // An origin is scheme://host[:port] and nothing else; a wildcard would defeat the allowlist.
    if (!url || url.origin !== origin) {
      throw new ConfigError(
        `CORS_ORIGINS entries must be origins like https://portal.example.org (got "${origin}")`,
      );
    }
  }
  return origins;
}

function portalDirFrom(raw: string | undefined, fallback: string | null): string | null {
  const value = nonEmpty(raw);
  const dir = value ? (isAbsolute(value) ? value : resolve(value)) : fallback;
  if (value && !existsSync(join(dir as string, 'index.html'))) {
    throw new ConfigError(`PORTAL_DIR has no index.html: ${dir}`);
  }
  return dir && existsSync(join(dir, 'index.html')) ? dir : null;
}

/**
 * Production must be given its signing secret. In development one is generated once and kept
 * in DATA_DIR, so sign-ins survive restarts without any setup.
 */
function jwtSecretFor(config: AppConfig, raw: string | undefined): string {
  const given = nonEmpty(raw);
  if (given !== undefined) {
    if (given.length < MIN_SECRET_LENGTH) {
      throw new ConfigError(`JWT_SECRET must be at least ${MIN_SECRET_LENGTH} characters`);
    }
    return given;
  }
  if (config.nodeEnv === 'production') {
    throw new ConfigError(
      'JWT_SECRET is required when NODE_ENV=production (at least 32 random characters)',
    );
  }
  if (config.dataDir === IN_MEMORY_DATA_DIR) return randomBytes(32).toString('base64url');
  const file = join(config.dataDir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(config.dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  chmodSync(file, 0o600);
  return secret;
}

function readVersion(): string {
  try {
    return JSON.parse(readFileSync(resolve('package.json'), 'utf8')).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
