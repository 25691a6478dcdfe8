import { Reflector } from '@nestjs/core';
import { API_PREFIX } from '@rehabit/contracts';
import request from 'supertest';
import type { QueryRunner } from 'typeorm';
import { RATE_LIMITS } from '../auth/rate-limits';
import { getTestApp } from '../testing/test-app';
import { HealthController } from './health.controller';

describe('GET /api/v1/health', () => {
  it('answers ok with the database up, on the kind of database the run uses', async () => {
    const { server } = await getTestApp();
    const response = await request(server).get('/api/v1/health').expect(200);
    expect(response.body.status).toBe('ok');
    expect(response.body.database).toBe('up');
    expect(response.body.databaseKind).toBe(
      process.env['TEST_DATABASE_URL'] ? 'postgres' : 'embedded',
    );
  });
});

describe('GET /api/v1/health while the database does not answer', () => {
  // Every pool connection held by an open transaction: the probe's `SELECT 1` queues for a
  // connection the pool gives up waiting for only after 10 s (30 s embedded), past this spec's
  // 8 s limit. Only the probe's own 2 s timeout can answer it in time. (The database actually stopped is
  // covered on the built server in apps/api-resilience.)
  it('answers 503 down within its ping timeout instead of waiting for a connection', async () => {
    const { dataSource, server } = await getTestApp();
    const poolSize = (dataSource.options.extra as { max: number }).max;
    const held: QueryRunner[] = [];
    try {
      for (let i = 0; i < poolSize; i++) {
        const runner = dataSource.createQueryRunner();
        held.push(runner);
        await runner.connect();
        await runner.startTransaction();
      }
      const [health, ready] = await Promise.all([
        request(server).get('/api/v1/health').expect(503),
        request(server).get('/api/v1/health/ready').expect(503),
      ]);
      expect(health.body).toEqual(jasmine.objectContaining({ status: 'error', database: 'down' }));
      expect(ready.body).toEqual({ status: 'database_down' });
    } finally {
      for (const runner of held) {
        if (runner.isTransactionActive) await runner.rollbackTransaction();
        await runner.release();
      }
    }
    await request(server).get('/api/v1/health').expect(200);
  }, 8000);
});

// Shutting down (503 `shutting_down`) is proven on the built server in apps/api-resilience and
// on the drain itself in graceful-shutdown.spec.ts; this app must keep serving the other specs.
describe('GET /api/v1/health/ready', () => {
  it('answers 200 ready while the app runs and its database answers', async () => {
    const { server } = await getTestApp();
    const response = await request(server).get('/api/v1/health/ready').expect(200);
    expect(response.body).toEqual({ status: 'ready' });
  });
});

describe('Health routes and rate limits', () => {
  it('are exempt from every throttler: load balancers probe them from a few addresses', () => {
    const reflector = new Reflector();
    const names = ('throttlers' in RATE_LIMITS ? RATE_LIMITS.throttlers : RATE_LIMITS).map(
      (throttler) => throttler.name ?? 'default',
    );
    expect(names.length).toBeGreaterThan(1);
    for (const name of names)
      expect(reflector.get<boolean>(`THROTTLER:SKIP${name}`, HealthController))
        .withContext(name)
        .toBeTrue();
  });

  it('still answer with the security headers, a request id and no-store', async () => {
    const { server } = await getTestApp();
    const response = await request(server).get(`${API_PREFIX}/health`).expect(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toBeDefined();
  });
});
