/**
 * The baseline: bare node:http and pg, no framework, no validation, no logging. For each
 * measured operation it replays the SQL the API was captured sending (see replay.ts), with the
 * work no server can skip: the access token's HMAC check, argon2id on sign-in, a signed token
 * and a refresh cookie in the answer. The API's speed is reported as a ratio to this.
 *
 * Env: BASELINE_PORT, BASELINE_CAPTURE (captured operations, JSON), JWT_SECRET, and either
 * DATABASE_URL or DATA_DIR (a copy of the API's embedded database); the API's DB_* settings.
 */
import * as argon2 from 'argon2';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { Pool, type PoolClient, type PoolConfig, type QueryResult } from 'pg';
import { prepareValue } from 'pg/lib/utils';
import { loadConfig } from '../../../apps/api/src/app/config/app-config';
import { EmbeddedDatabase } from '../../../apps/api/src/app/database/embedded-database';
import { typeOrmOptions } from '../../../apps/api/src/app/database/typeorm-options';
import {
  ACCESS_TOKEN_TTL_SECONDS,
  ACCESS_TOKEN_TYPE,
  JWT_AUDIENCE,
  JWT_ISSUER,
  REFRESH_COOKIE,
  REFRESH_COOKIE_PATH,
} from '../../../apps/api/src/app/auth/tokens';
import type { CapturedOperation, Wire } from './capture';
import {
  Substitutions,
  compilePlan,
  liveParams,
  type ReplayPlan,
  type RequestInputs,
} from './replay';

const env = process.env;
const secret = required('JWT_SECRET');
const plans = new Map<string, ReplayPlan>();
for (const operation of JSON.parse(
  readFileSync(required('BASELINE_CAPTURE'), 'utf8'),
) as CapturedOperation[]) {
  const plan = compilePlan(operation);
  plans.set(`${plan.method} ${plan.path}`, plan);
}

function required(name: string): string {
  const value = env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

const formatTime = (date: Date) => prepareValue(date) as string;

class HttpError extends Error {
  constructor(readonly status: number) {
    super(String(status));
  }
}

async function main(): Promise<void> {
  const embedded = env['DATABASE_URL'] ? null : await EmbeddedDatabase.start(required('DATA_DIR'));
  const config = loadConfig({ ...env, NODE_ENV: 'production' });
  // The API's own pool settings (size, statement timeout, JIT off, …), so both sides of the
  // comparison talk to the database alike.
  const { extra } = typeOrmOptions(config, embedded?.connection ?? null) as { extra: PoolConfig };
  const pool = new Pool({
    ...(embedded
      ? {
          host: embedded.connection.host,
          port: embedded.connection.port,
          user: embedded.connection.username,
          database: embedded.connection.database,
        }
      : { connectionString: config.databaseUrl ?? undefined }),
    ...extra,
    application_name: 'rehabit-baseline',
  });

  const server = createServer((request, response) => {
    handle(pool, request, response).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : 500;
      if (status === 500) console.error(error);
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ status }));
    });
  });
  server.keepAliveTimeout = 65_000;
  server.listen(Number(required('BASELINE_PORT')), '127.0.0.1');
  const stop = () => {
    server.close();
    server.closeAllConnections();
    void pool
      .end()
      .then(() => embedded?.stop())
      .then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

async function handle(
  pool: Pool,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const plan = plans.get(`${request.method} ${request.url}`);
  if (!plan) {
    // The runner's readiness probe; anything else is a mistake in the bench.
    if (request.url === '/ready') return void response.end('ok');
    throw new HttpError(404);
  }
  const body = request.method === 'POST' ? JSON.parse(await readBody(request)) : null;
  const authorization = request.headers['authorization'];
  const inputs: RequestInputs = {
    address: (request.headers['x-forwarded-for'] as string | undefined) ?? null,
    claims: authorization ? verifyAccessToken(authorization) : null,
    body,
  };
  const live = new Substitutions();
  live.addInputs(plan.inputs, inputs);
  const results = await replay(pool, plan, live, body);
  const headers: Record<string, string | string[]> = { 'content-type': 'application/json' };
  let payload: unknown = results;
  if (plan.name === 'login') {
    const user = results[results.length - 1]?.[0] ?? {};
    payload = { accessToken: signAccessToken(user), expiresIn: ACCESS_TOKEN_TTL_SECONDS, user };
    headers['set-cookie'] =
      `${REFRESH_COOKIE}=${randomBytes(32).toString('base64url')}; Path=${REFRESH_COOKIE_PATH}; HttpOnly; SameSite=Strict`;
    headers['cache-control'] = 'no-store';
  }
  response.writeHead(plan.status, headers);
  response.end(JSON.stringify(payload));
}

async function replay(
  pool: Pool,
  plan: ReplayPlan,
  live: Substitutions,
  body: { password?: string } | null,
): Promise<Array<Array<Record<string, unknown>>>> {
  const results: Array<Array<Record<string, unknown>>> = [];
  let transaction: PoolClient | null = null;
  try {
    for (const step of plan.steps) {
      const params = liveParams(step, live, plan.sentAt, formatTime).map(toDriver);
      if (step.beginsTransaction) transaction = await pool.connect();
      const result: QueryResult = transaction
        ? await transaction.query(step.sql, params)
        : await pool.query(step.sql, params);
      if (step.endsTransaction && transaction) {
        transaction.release();
        transaction = null;
      }
      for (const [row, column, captured] of step.feeds) {
        const value = result.rows[row]?.[column];
        if (value !== undefined) live.set(captured, prepareValue(value) as string);
      }
      if (step.passwordHashColumn) {
        const hash = result.rows[0]?.[step.passwordHashColumn];
        if (!hash || !(await argon2.verify(hash, body?.password ?? '').catch(() => false)))
          throw new HttpError(401);
      }
      if (result.rows.length > 0) results.push(result.rows);
    }
    return results;
  } catch (error) {
    if (transaction) {
      await transaction.query('ROLLBACK').catch(() => undefined);
      transaction.release();
    }
    throw error;
  }
}

function toDriver(value: Wire): string | Buffer | null {
  return value !== null && typeof value === 'object' ? Buffer.from(value.base64, 'base64') : value;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolveBody(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function verifyAccessToken(authorization: string): { sub: string; sid: string } {
  const [header, payload, signature] = authorization.slice('Bearer '.length).split('.');
  if (!header || !payload || !signature) throw new HttpError(401);
  const expected = createHmac('sha256', secret).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    throw new HttpError(401);
  if (JSON.parse(Buffer.from(header, 'base64url').toString('utf8')).alg !== 'HS256')
    throw new HttpError(401);
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  if (
    claims.iss !== JWT_ISSUER ||
    claims.aud !== JWT_AUDIENCE ||
    claims.typ !== ACCESS_TOKEN_TYPE ||
    typeof claims.exp !== 'number' ||
    claims.exp * 1000 < Date.now()
  )
    throw new HttpError(401);
  return { sub: claims.sub, sid: claims.sid };
}

function signAccessToken(user: Record<string, unknown>): string {
  const now = Math.floor(Date.now() / 1000);
  const header = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
  const payload = Buffer.from(
    JSON.stringify({
      sub: user['id'],
      role: user['role'],
      cid: user['clinic_id'],
      typ: ACCESS_TOKEN_TYPE,
      iat: now,
      exp: now + ACCESS_TOKEN_TTL_SECONDS,
      iss: JWT_ISSUER,
      aud: JWT_AUDIENCE,
    }),
  ).toString('base64url');
  const signature = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${signature}`;
}

main().catch((error: unknown) => {
  console.error('baseline failed to start:', error);
  process.exit(1);
});
