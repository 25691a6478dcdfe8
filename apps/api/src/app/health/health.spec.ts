import { Reflector } from '@nestjs/core';
import { API_PREFIX } from '@rehabit/contracts';
import request from 'supertest';
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
