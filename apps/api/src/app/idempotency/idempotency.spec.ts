import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { createTestClinic, type Actor, type TestClinic } from '../testing/factories';
import { countQueries } from '../testing/query-counter';
import { getTestApp, type TestApp } from '../testing/test-app';
import { IdempotencyInterceptor, requestFingerprint } from './idempotency.interceptor';

/**
 * The key's life across failures: what a retry meets after the server died at each point of a
 * keyed POST. (The replay, 422 and 50-concurrent cases live in the logging specs.)
 */
describe('Idempotency-Key across failures', () => {
  let app: TestApp;
  let clinic: TestClinic;

  beforeAll(async () => {
    app = await getTestApp();
    clinic = await createTestClinic(app);
  });

  const painBody = () => ({ recordedAt: new Date(Date.now() - 3_600_000).toISOString(), score: 3 });
  const post = (actor: Actor, key: string, path: string, body: object) =>
    request(app.server)
      .post(`/api/v1${path}`)
      .set('Authorization', `Bearer ${actor.token}`)
      .set('Idempotency-Key', key)
      .send(body);
  const keyRow = async (key: string) => {
    const rows: { state: string }[] = await app.dataSource.query(
      `SELECT state FROM idempotency_key WHERE user_id = $1 AND key = $2`,
      [clinic.patient.userId, key],
    );
    return rows[0]?.state ?? null;
  };
  const entries = async (score: number) => {
    const [row]: { n: number }[] = await app.dataSource.query(
      `SELECT count(*)::int AS n FROM pain_entry WHERE patient_id = $1 AND score = $2`,
      [clinic.patient.patientId, score],
    );
    return row.n;
  };
  /** As if the request had started before the abandonment window. */
  const age = (key: string) =>
    app.dataSource.query(
      `UPDATE idempotency_key SET created_at = now() - interval '10 minutes' WHERE key = $1`,
      [key],
    );

  it('keeps the key of a request that stored its record but died before answering: no second row', async () => {
    const key = randomUUID();
    const body = { ...painBody(), score: 7 };
    const before = await entries(7);
    const died = spyOn(
      IdempotencyInterceptor.prototype as unknown as { complete: () => Promise<void> },
      'complete',
    ).and.rejectWith(new Error('process stopped before recording the answer'));
    await post(clinic.patient, key, '/patients/me/pain', body).expect(500);
    died.and.callThrough();
    expect(await entries(7)).toBe(before + 1);
    expect(await keyRow(key)).toBe('committed');

    const soon = await post(clinic.patient, key, '/patients/me/pain', body).expect(409);
    expect(soon.body.detail).toContain('still being processed');
    await age(key);
    const later = await post(clinic.patient, key, '/patients/me/pain', body).expect(409);
    expect(later.body.detail).toContain('was stored');
    expect(await entries(7)).toBe(before + 1);
  });

  it('frees the key of a request that died before storing anything, once abandoned', async () => {
    const key = randomUUID();
    const body = painBody();
    await app.dataSource.query(
      `INSERT INTO idempotency_key (user_id, key, fingerprint, state, expires_at)
       VALUES ($1, $2, $3, 'in_flight', now() + interval '1 day')`,
      [clinic.patient.userId, key, requestFingerprint('POST', '/api/v1/patients/me/pain', body)],
    );
    await post(clinic.patient, key, '/patients/me/pain', body).expect(409);
    await age(key);
    await post(clinic.patient, key, '/patients/me/pain', body).expect(201);
    expect(await keyRow(key)).toBe('done');
  });

  it('costs a keyed POST three statements on its key: claim, committed with the record, done', async () => {
    const key = randomUUID();
    const { statements } = await countQueries(app.dataSource, () =>
      post(clinic.patient, key, '/patients/me/pain', painBody()).expect(201),
    );
    const onKey = statements.filter((sql) => /idempotency_key/i.test(sql));
    expect(onKey.length).withContext(onKey.join('\n')).toBe(3);
    expect(onKey[0]).toMatch(/^\s*INSERT INTO idempotency_key/);
    expect(await keyRow(key)).toBe('done');
  });

  it('takes an expired key over for a new request, whose answer a retry then gets', async () => {
    const key = randomUUID();
    const first = await post(clinic.patient, key, '/patients/me/pain', {
      ...painBody(),
      score: 1,
    }).expect(201);
    await app.dataSource.query(
      `UPDATE idempotency_key SET expires_at = now() - interval '1 second' WHERE key = $1`,
      [key],
    );
    // Another body under the same key: a day later the key is free, not a 422 mismatch.
    const secondBody = { ...painBody(), score: 2 };
    const second = await post(clinic.patient, key, '/patients/me/pain', secondBody).expect(201);
    expect(second.headers['idempotent-replayed']).toBeUndefined();
    expect(second.body.id).not.toBe(first.body.id);
    const retry = await post(clinic.patient, key, '/patients/me/pain', secondBody);
    expect(retry.status).withContext(retry.text).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toEqual(second.body);
    expect(await keyRow(key)).toBe('done');
  });

  it('frees the key of a refused request, even one whose refusal was audited', async () => {
    const key = randomUUID();
    const foreign = await createTestClinic(app);
    // Another clinic's patient: 404, and the refusal is written to the audit log.
    await post(
      clinic.patient,
      key,
      `/patients/${foreign.patient.patientId}/pain`,
      painBody(),
    ).expect(404);
    expect(await keyRow(key)).toBeNull();
    const invalid = await post(clinic.patient, key, '/patients/me/pain', {
      ...painBody(),
      score: 11,
    }).expect(422);
    expect(invalid.body.errors.map((e: { field: string }) => e.field)).toContain('score');
    expect(await keyRow(key)).toBeNull();
    await post(clinic.patient, key, '/patients/me/pain', painBody()).expect(201);
  });
});
