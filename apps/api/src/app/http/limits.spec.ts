import { API_PREFIX, PAGE_LIMIT_MAX } from '@rehabit/contracts';
import request from 'supertest';
import { RATE_LIMITS } from '../auth/rate-limits';
import { createTestClinic } from '../testing/factories';
import { getTestApp, type TestApp } from '../testing/test-app';
import { JSON_DEPTH_LIMIT } from './body-limits';

/** `[[…[1]…]]` nested `depth` levels deep. */
function nested(depth: number): string {
  return `${'['.repeat(depth - 1)}[1]${']'.repeat(depth - 1)}`;
}

describe('request limits', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await getTestApp();
  });

  it('bounds every database statement with statement_timeout', async () => {
    const options = app.dataSource.options as { extra?: { statement_timeout?: number } };
    expect(options.extra?.statement_timeout).toBe(app.config.dbStatementTimeoutMs);
    // PostgreSQL applies it to every connection the pool opens. Embedded PGlite takes the
    // setting but cannot enforce it (no timers in its WebAssembly build), so only the server
    // is asked.
    if (app.config.databaseUrl) {
      const [{ statement_timeout: timeout }] = await app.dataSource.query('SHOW statement_timeout');
      expect(timeout).toBe(`${app.config.dbStatementTimeoutMs / 1000}s`);
    }
  });

  it(`refuses JSON nested deeper than ${JSON_DEPTH_LIMIT} levels with a 400 problem`, async () => {
    const send = (body: string) =>
      request(app.server)
        .post(`${API_PREFIX}/auth/login`)
        .set('Content-Type', 'application/json')
        .send(body);
    const deepest = await send(`{"email": ${nested(JSON_DEPTH_LIMIT - 1)}}`).expect(400);
    expect(deepest.body.errors).toContain(jasmine.objectContaining({ field: 'email' }));

    for (const body of [
      `{"email": ${nested(JSON_DEPTH_LIMIT)}}`,
      nested(20_000),
      `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`,
    ]) {
      const response = await send(body).expect(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.body.detail).toContain(`deeper than ${JSON_DEPTH_LIMIT} levels`);
    }
    // Brackets inside strings are text, not nesting.
    const inText = await send(JSON.stringify({ email: '['.repeat(50), password: 'x' }));
    expect(inText.status).toBe(400);
    expect(inText.body.detail).not.toContain('deeper than');
  });

  it('refuses a NUL character, which PostgreSQL text cannot hold, naming where it is', async () => {
    const clinic = await createTestClinic(app);
    const logged = await request(app.server)
      .post(`${API_PREFIX}/patients/me/pain`)
      .set('Authorization', `Bearer ${clinic.patient.token}`)
      .send({ recordedAt: new Date().toISOString(), score: 3, context: 'after\u0000work' })
      .expect(400);
    expect(logged.body.errors).toEqual([
      { field: 'context', message: 'must not contain NUL characters' },
    ]);
    const nested = await request(app.server)
      .post(`${API_PREFIX}/exercises`)
      .set('Authorization', `Bearer ${clinic.therapist.token}`)
      .send({ name: 'Reach', category: 'static_stretch', instructions: ['Sit.', 'Re\u0000ach.'] })
      .expect(400);
    expect(nested.body.errors).toEqual([
      { field: 'instructions[1]', message: 'must not contain NUL characters' },
    ]);
    const searched = await request(app.server)
      .get(`${API_PREFIX}/patients?q=a%00b`)
      .set('Authorization', `Bearer ${clinic.therapist.token}`)
      .expect(400);
    expect(searched.body.detail).toContain('NUL');
  });

  it('refuses text with an unpaired surrogate, which is not Unicode, naming the field', async () => {
    // The JSON escape arrives as a lone UTF-16 half; the email validator threw on it (a 500).
    const response = await request(app.server)
      .post(`${API_PREFIX}/auth/login`)
      .set('Content-Type', 'application/json')
      .send('{"email": "pat\\ud800@rehabit.test", "password": "correct horse battery staple"}')
      .expect(400);
    expect(response.body.errors).toEqual([
      { field: 'email', message: jasmine.stringContaining('well-formed Unicode') },
    ]);
    // A pair is an ordinary character.
    await request(app.server)
      .post(`${API_PREFIX}/auth/login`)
      .set('Content-Type', 'application/json')
      .send('{"email": "pat@rehabit.test", "password": "thumbs up \\ud83d\\udc4d always"}')
      .expect(401);
  });

  it(`caps a page at ${PAGE_LIMIT_MAX} items`, async () => {
    const clinic = await createTestClinic(app);
    const list = (limit: number) =>
      request(app.server)
        .get(`${API_PREFIX}/patients?limit=${limit}`)
        .set('Authorization', `Bearer ${clinic.admin.token}`);
    await list(PAGE_LIMIT_MAX).expect(200);
    const over = await list(PAGE_LIMIT_MAX + 1).expect(400);
    expect(over.body.errors).toContain(jasmine.objectContaining({ field: 'limit' }));
  });

  it('answers 429 with Retry-After once one address passes the global rate limit', async () => {
    const throttlers = Array.isArray(RATE_LIMITS) ? RATE_LIMITS : RATE_LIMITS.throttlers;
    const limit = Number(throttlers.find((throttler) => throttler.name === 'default')?.limit);
    expect(limit).toBeGreaterThan(0);
    // Any route counts; an anonymous /auth/me is refused before touching the database.
    const ask = (address: string) =>
      request(app.server).get(`${API_PREFIX}/auth/me`).set('X-Forwarded-For', address);
    const address = '203.0.113.77';
    for (let sent = 0; sent < limit; sent += 50) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(50, limit - sent) }, () => ask(address)),
      );
      expect(batch.map((response) => response.status)).toEqual(batch.map(() => 401));
    }
    const refused = await ask(address).expect(429);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    await ask('203.0.113.78').expect(401);
  }, 60_000);
});
