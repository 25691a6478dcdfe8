import { API_PREFIX } from '@rehabit/contracts';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { TEST_PASSWORD, signUpClinic, uniqueEmail } from '../testing/factories';
import { resetRateLimits } from '../testing/rate-limits';
import { SharedRateLimitStorage } from './shared-rate-limit.storage';
import { getTestApp, type TestApp } from '../testing/test-app';

const api = (path: string) => `${API_PREFIX}${path}`;

// Every supertest request comes from one address. The jasmine helper resets the counters before
// each spec, so what one spec spends here never throttles another's sign-ins.
describe('sign-in throttling and enumeration', () => {
  let app: TestApp;

  const signIn = (email: string, password = 'not the right password') =>
    request(app.server).post(api('/auth/login')).send({ email, password });

  function expectThrottled(response: request.Response): void {
    expect(response.status).toBe(429);
    expect(response.headers['content-type']).toContain('application/problem+json');
    const retryAfter = response.headers['retry-after'];
    expect(retryAfter).toMatch(/^\d+$/);
    expect(+retryAfter).toBeGreaterThan(0);
    expect(+retryAfter).toBeLessThanOrEqual(15 * 60);
    expect(response.body).toEqual(
      jasmine.objectContaining({ status: 429, title: 'Too Many Requests' }),
    );
    expect(response.body.detail).toContain(`${retryAfter} seconds`);
  }

  beforeAll(async () => {
    app = await getTestApp();
  });

  it('allows 10 attempts per account in 15 minutes, then answers 429 with Retry-After', async () => {
    const { admin } = await signUpClinic(app);
    const other = await signUpClinic(app);
    await resetRateLimits(app); // the sign-ins above count too
    for (let attempt = 0; attempt < 10; attempt++) {
      // Another spelling of the address is not another account to guess at.
      await signIn(attempt % 2 ? admin.email.toUpperCase() : admin.email).expect(401);
    }
    expectThrottled(await signIn(admin.email));
    // Now even the right password waits: the guesser cannot tell when they hit it.
    expectThrottled(await signIn(admin.email, TEST_PASSWORD));
    // Another account from the same address is not affected.
    await signIn(other.admin.email, TEST_PASSWORD).expect(200);
  });

  it('keeps sign-in counters in the database: another API process sees the same block', async () => {
    const { admin } = await signUpClinic(app);
    await resetRateLimits(app);
    for (let attempt = 0; attempt < 10; attempt++) await signIn(admin.email).expect(401);
    expectThrottled(await signIn(admin.email));
    // A second process (or this one after a restart) has only the database in common.
    const elsewhere = new SharedRateLimitStorage(app.dataSource);
    const seen = await elsewhere.increment(
      `sign-in-account:account:${admin.email}`,
      15 * 60_000,
      10,
      15 * 60_000,
      'sign-in-account',
    );
    expect(seen.totalHits).toBe(12);
    expect(seen.isBlocked).toBeTrue();
    expect(seen.timeToBlockExpire).toBeGreaterThan(14 * 60);
  });

  it('throttles an unknown email exactly like a known one', async () => {
    const nobody = uniqueEmail('nobody');
    for (let attempt = 0; attempt < 10; attempt++) await signIn(nobody).expect(401);
    expectThrottled(await signIn(nobody));
  });

  it('allows 30 sign-in attempts per address in 15 minutes, invitations included', async () => {
    for (let attempt = 0; attempt < 30; attempt++) await signIn(uniqueEmail('spray')).expect(401);
    expectThrottled(await signIn(uniqueEmail('spray')));
    // Guessing invitation tokens from the same address shares that budget.
    expectThrottled(
      await request(app.server)
        .post(api('/auth/invitations/accept'))
        .send({ token: randomBytes(32).toString('base64url'), password: TEST_PASSWORD }),
    );
    // So does clinic sign-up, which hashes a password and tells whether an email is taken.
    expectThrottled(
      await request(app.server)
        .post(api('/clinics'))
        .send({ name: 'Enumerator', timezone: 'UTC', admin: {} }),
    );
    // Other routes are not part of the sign-in budget.
    await request(app.server).get(api('/health')).expect(200);
  });

  it('does not throttle invitations by a shared account key', async () => {
    // Invitations carry no email: were they counted per account, eleven acceptances anywhere
    // would lock every new user out.
    for (let attempt = 0; attempt < 12; attempt++) {
      await request(app.server)
        .post(api('/auth/invitations/accept'))
        .send({ token: randomBytes(32).toString('base64url'), password: TEST_PASSWORD })
        .expect(410);
    }
  });

  it('answers an unknown email and a wrong password with the same status, body and similar time', async () => {
    const { admin } = await signUpClinic(app);
    await resetRateLimits(app);
    const time = async (email: string) => {
      const started = process.hrtime.bigint();
      const response = await signIn(email);
      return { response, ms: Number(process.hrtime.bigint() - started) / 1e6 };
    };
    const unknown: number[] = [];
    const wrong: number[] = [];
    let unknownBody: unknown;
    let wrongBody: unknown;
    for (let round = 0; round < 4; round++) {
      const a = await time(uniqueEmail('nobody'));
      const b = await time(admin.email);
      expect([a.response.status, b.response.status]).toEqual([401, 401]);
      unknown.push(a.ms);
      wrong.push(b.ms);
      unknownBody = a.response.body;
      wrongBody = b.response.body;
      expect(a.response.headers['content-type']).toBe(b.response.headers['content-type']);
    }
    expect(unknownBody).toEqual(wrongBody);
    expect(unknownBody).toEqual({
      type: 'about:blank',
      title: 'Unauthorized',
      status: 401,
      detail: 'The email or password is incorrect.',
    });
    // Both run one argon2id verification; without the dummy hash an unknown email would answer
    // many times faster. The bound is loose so a busy machine does not make the test flaky.
    const median = (values: number[]) => [...values].sort((x, y) => x - y)[values.length >> 1];
    expect(median(unknown)).toBeGreaterThan(median(wrong) * 0.5);
    expect(median(unknown)).toBeLessThan(median(wrong) * 2);
  });
});
