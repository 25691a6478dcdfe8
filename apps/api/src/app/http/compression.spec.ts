import { API_PREFIX } from '@rehabit/contracts';
import { brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { createTestClinic, type Actor, type TestClinic } from '../testing/factories';
import { getTestApp, type TestApp } from '../testing/test-app';

/** A clinic's own exercise whose answer is well over the 1 kB from which reads are compressed. */
const LONG_EXERCISE = {
  name: 'Wall angel, slowly',
  category: 'posture',
  regions: ['upper_back', 'shoulders'],
  instructions: Array.from({ length: 6 }, (_, step) =>
    `Step ${step + 1}: keep your back against the wall and breathe out. `.repeat(4),
  ),
  cautions: ['Stop if your shoulder pinches.'],
  defaultDosage: { sets: 2, reps: 10 },
};

describe('compressed answers', () => {
  let app: TestApp;
  let clinic: TestClinic;

  /** Fastify's inject: the answer's bytes as sent (supertest would decode them). */
  function send(
    actor: Actor | null,
    method: 'GET' | 'POST',
    path: string,
    acceptEncoding?: string,
    body?: object,
  ) {
    return app.app
      .getHttpAdapter()
      .getInstance()
      .inject({
        method,
        url: `${API_PREFIX}${path}`,
        headers: {
          ...(actor ? { authorization: `Bearer ${actor.token}` } : {}),
          ...(acceptEncoding ? { 'accept-encoding': acceptEncoding } : {}),
        },
        ...(body ? { payload: body } : {}),
      });
  }

  beforeAll(async () => {
    app = await getTestApp();
    clinic = await createTestClinic(app, 'Compression');
  });

  it('sends a large read compressed to a client that takes brotli or gzip, plain to one that does not', async () => {
    const plain = await send(clinic.therapist, 'GET', '/exercises');
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    const catalog: unknown = plain.json();
    expect(plain.rawPayload.length).toBeGreaterThan(4096);

    const brotli = await send(clinic.therapist, 'GET', '/exercises', 'gzip, deflate, br, zstd');
    expect(brotli.statusCode).toBe(200);
    expect(brotli.headers['content-encoding']).toBe('br');
    expect(brotli.headers['vary']).toMatch(/accept-encoding/i);
    expect(brotli.headers['content-type']).toMatch(/^application\/json/);
    expect(brotli.headers['cache-control']).toBe('no-store');
    expect(brotli.rawPayload.length).toBeLessThan(plain.rawPayload.length / 3);
    // Compressed in one call (syncThreshold), so the length is known: not a chunked stream.
    expect(Number(brotli.headers['content-length'])).toBe(brotli.rawPayload.length);
    expect(JSON.parse(brotliDecompressSync(brotli.rawPayload).toString())).toEqual(catalog);

    const gzip = await send(clinic.therapist, 'GET', '/exercises', 'gzip');
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(gzip.rawPayload).toString())).toEqual(catalog);

    const identity = await send(clinic.therapist, 'GET', '/exercises', 'identity');
    expect(identity.headers['content-encoding']).toBeUndefined();
    expect(identity.json()).toEqual(catalog);
  });

  it('streams the clinic’s CSV export compressed', async () => {
    const plain = await send(clinic.admin, 'GET', '/clinic/reports/progress.csv');
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    const gzip = await send(clinic.admin, 'GET', '/clinic/reports/progress.csv', 'gzip');
    expect(gzip.statusCode).toBe(200);
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gzip.headers['content-disposition']).toMatch(/^attachment; filename=".+\.csv"$/);
    expect(gzip.headers['transfer-encoding']).toBe('chunked');
    expect(gunzipSync(gzip.rawPayload).toString()).toBe(plain.payload);
  });

  it('leaves answers under 1 kB as they are', async () => {
    const health = await send(null, 'GET', '/health', 'br, gzip');
    expect(health.statusCode).toBe(200);
    expect(health.headers['content-encoding']).toBeUndefined();
    expect(health.json()).toEqual(jasmine.objectContaining({ status: 'ok' }));
  });

  it('never compresses the answer to a write, however large: credentials are only sent there', async () => {
    const created = await send(clinic.therapist, 'POST', '/exercises', 'br, gzip', LONG_EXERCISE);
    expect(created.statusCode).toBe(201);
    expect(created.rawPayload.length).toBeGreaterThan(1024);
    expect(created.headers['content-encoding']).toBeUndefined();
    expect(created.json()).toEqual(jasmine.objectContaining({ name: LONG_EXERCISE.name }));

    const signIn = await send(null, 'POST', '/auth/login', 'br, gzip', {
      email: clinic.patient.email,
      password: clinic.patient.password,
    });
    expect(signIn.statusCode).toBe(200);
    expect(signIn.headers['content-encoding']).toBeUndefined();
    expect(signIn.json()).toEqual(jasmine.objectContaining({ accessToken: jasmine.any(String) }));
  });

  it('does not read a compressed request body: the sign-in is refused, not decoded', async () => {
    const signIn = await app.app
      .getHttpAdapter()
      .getInstance()
      .inject({
        method: 'POST',
        url: `${API_PREFIX}/auth/login`,
        headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
        payload: gzipSync(
          JSON.stringify({ email: clinic.patient.email, password: clinic.patient.password }),
        ),
      });
    expect(signIn.statusCode).toBe(400);
    expect(signIn.json()).toEqual(
      jasmine.objectContaining({ detail: 'The request body is not valid JSON.' }),
    );
  });
});
