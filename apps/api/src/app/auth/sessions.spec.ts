import { API_PREFIX } from '@rehabit/contracts';
import { JwtService } from '@nestjs/jwt';
import { createHash } from 'node:crypto';
import request from 'supertest';
import {
  TEST_PASSWORD,
  addPatient,
  addTherapist,
  createTestClinic,
  login,
  signUpClinic,
  uniqueEmail,
  type Actor,
} from '../testing/factories';
import { etagOf } from '../testing/entity-tags';
import { getTestApp, type TestApp } from '../testing/test-app';

const api = (path: string) => `${API_PREFIX}${path}`;
const jwt = new JwtService();

function refreshCookieOf(response: request.Response): string | undefined {
  return ((response.headers['set-cookie'] as unknown as string[] | undefined) ?? []).find(
    (cookie) => cookie.startsWith('rehabit_refresh='),
  );
}

describe('sessions', () => {
  let app: TestApp;

  const me = (token: string) =>
    request(app.server).get(api('/auth/me')).set('Authorization', `Bearer ${token}`);
  const refresh = (cookie: string) =>
    request(app.server).post(api('/auth/refresh')).set('Cookie', cookie);

  /** Access token, refresh cookie and password sign-in all refused. */
  async function expectLockedOut(actor: Actor): Promise<void> {
    await me(actor.token).expect(401);
    await refresh(actor.refreshCookie).expect(401);
    const signIn = await request(app.server)
      .post(api('/auth/login'))
      .send({ email: actor.email, password: actor.password })
      .expect(401);
    expect(signIn.body.detail).toBe('The email or password is incorrect.');
  }

  beforeAll(async () => {
    app = await getTestApp();
  });

  it('issues HS256 access tokens for 15 minutes with issuer, audience, type and session', async () => {
    const { admin, clinicId } = await signUpClinic(app);
    const header = JSON.parse(Buffer.from(admin.token.split('.')[0], 'base64url').toString());
    expect(header).toEqual({ alg: 'HS256', typ: 'JWT' });
    const claims = jwt.decode(admin.token) as Record<string, unknown>;
    expect(claims).toEqual(
      jasmine.objectContaining({
        sub: admin.userId,
        role: 'admin',
        cid: clinicId,
        typ: 'access',
        iss: 'rehabit',
        aud: 'rehabit-api',
      }),
    );
    expect((claims['exp'] as number) - (claims['iat'] as number)).toBe(900);
    expect(claims['sid']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('stores argon2id hashes (m=19456, t=2, p=1) and only hashes of refresh tokens', async () => {
    const { admin } = await signUpClinic(app);
    const [user] = await app.dataSource.query(`SELECT password_hash FROM app_user WHERE id = $1`, [
      admin.userId,
    ]);
    const [, variant, , parameters] = (user.password_hash as string).split('$');
    expect(variant).toBe('argon2id');
    expect(Object.fromEntries(parameters.split(',').map((pair) => pair.split('=')))).toEqual({
      m: '19456',
      t: '2',
      p: '1',
    });
    const token = admin.refreshCookie.split('=')[1];
    // 32 random bytes: 256 bits, well above the 128 required.
    expect(Buffer.from(token, 'base64url').length).toBe(32);
    const stored = await app.dataSource.query(
      `SELECT r.token_hash FROM refresh_token r JOIN auth_session s ON s.id = r.session_id
        WHERE s.user_id = $1`,
      [admin.userId],
    );
    expect(stored.map((row: { token_hash: string }) => row.token_hash)).toEqual([
      createHash('sha256').update(token).digest('hex'),
    ]);
  });

  it('rotates the refresh token on every use, keeping the session and its cookie attributes', async () => {
    const { admin } = await signUpClinic(app);
    const first = await refresh(admin.refreshCookie).expect(200);
    const rotated = refreshCookieOf(first)!;
    expect(rotated).toContain('HttpOnly');
    expect(rotated).toContain('SameSite=Strict');
    expect(first.headers['cache-control']).toBe('no-store');
    expect(first.body.user.id).toBe(admin.userId);
    await me(first.body.accessToken).expect(200);
    // The older access token of the same sign-in still works until the session ends.
    await me(admin.token).expect(200);

    const second = await refresh(rotated.split(';')[0]).expect(200);
    expect(refreshCookieOf(second)!.split(';')[0]).not.toBe(rotated.split(';')[0]);
    await me(second.body.accessToken).expect(200);
  });

  it('revokes the whole family when a refresh token is reused, and audits it', async () => {
    const { admin } = await signUpClinic(app);
    const otherSignIn = await login(app, admin.email);
    const first = await refresh(admin.refreshCookie).expect(200);
    const second = await refresh(refreshCookieOf(first)!.split(';')[0]).expect(200);

    // The first cookie again: someone kept a copy.
    const reused = await refresh(admin.refreshCookie).expect(401);
    expect(reused.headers['content-type']).toContain('application/problem+json');
    expect(refreshCookieOf(reused)).toMatch(/^rehabit_refresh=;/);
    await refresh(refreshCookieOf(second)!.split(';')[0]).expect(401);
    await me(admin.token).expect(401);
    await me(second.body.accessToken).expect(401);
    // Another sign-in of the same person is another family and keeps working.
    await me(otherSignIn.token).expect(200);
    await refresh(otherSignIn.refreshCookie).expect(200);

    const events = await app.dataSource.query(
      `SELECT action, outcome, detail->>'reason' AS reason FROM audit_event
        WHERE actor_user_id = $1 AND action LIKE 'auth.refresh%' ORDER BY id`,
      [admin.userId],
    );
    expect(events).toEqual([
      { action: 'auth.refresh_reuse', outcome: 'failure', reason: 'reused' },
      { action: 'auth.refresh', outcome: 'failure', reason: 'revoked' },
    ]);
  });

  it('refuses a missing, unknown or expired refresh token', async () => {
    const { admin } = await signUpClinic(app);
    await request(app.server).post(api('/auth/refresh')).expect(401);
    await refresh('rehabit_refresh=not-a-token-we-issued').expect(401);
    await app.dataSource.query(
      `UPDATE refresh_token SET expires_at = now() - interval '1 minute'
        WHERE token_hash = $1`,
      [createHash('sha256').update(admin.refreshCookie.split('=')[1]).digest('hex')],
    );
    await refresh(admin.refreshCookie).expect(401);
  });

  it('ends a sign-in at its maximum age however often it was refreshed', async () => {
    const { admin } = await signUpClinic(app);
    await app.dataSource.query(
      `UPDATE auth_session SET expires_at = now() - interval '1 minute' WHERE user_id = $1`,
      [admin.userId],
    );
    await me(admin.token).expect(401);
    await refresh(admin.refreshCookie).expect(401);
  });

  it('logs out only the sign-in it is called with', async () => {
    const { admin } = await signUpClinic(app);
    const phone = await login(app, admin.email);
    const response = await request(app.server)
      .post(api('/auth/logout'))
      .set('Authorization', `Bearer ${phone.token}`)
      .expect(204);
    expect(refreshCookieOf(response)).toMatch(/^rehabit_refresh=;/);
    await me(phone.token).expect(401);
    await refresh(phone.refreshCookie).expect(401);
    await me(admin.token).expect(200);
  });

  it('cuts a deactivated staff member off at once, and reactivation revives no old sign-in', async () => {
    const { admin } = await signUpClinic(app);
    const therapist = await addTherapist(app, admin);
    const secondDevice = await login(app, therapist.email);
    await request(app.server)
      .patch(api(`/staff/${therapist.userId}`))
      .set('Authorization', `Bearer ${admin.token}`)
      .send({ active: false })
      .expect(200);
    await expectLockedOut(therapist);
    await me(secondDevice.token).expect(401);

    await request(app.server)
      .patch(api(`/staff/${therapist.userId}`))
      .set('Authorization', `Bearer ${admin.token}`)
      .send({ active: true })
      .expect(200);
    await me(therapist.token).expect(401);
    await refresh(secondDevice.refreshCookie).expect(401);
    await login(app, therapist.email);
  });

  it('cuts a deactivated patient off at once', async () => {
    const clinic = await createTestClinic(app);
    const path = `/patients/${clinic.patient.patientId}`;
    await request(app.server)
      .patch(api(path))
      .set('Authorization', `Bearer ${clinic.therapist.token}`)
      .set('If-Match', await etagOf(app, clinic.therapist, path))
      .send({ active: false })
      .expect(200);
    await expectLockedOut(clinic.patient);
    // The clinic's other patient is untouched.
    await me(clinic.otherPatient.token).expect(200);
  });

  it('ends every sign-in of a person whose role changes', async () => {
    const { admin } = await signUpClinic(app);
    const therapist = await addTherapist(app, admin);
    await request(app.server)
      .patch(api(`/staff/${therapist.userId}`))
      .set('Authorization', `Bearer ${admin.token}`)
      .send({ role: 'admin' })
      .expect(200);
    await me(therapist.token).expect(401);
    await refresh(therapist.refreshCookie).expect(401);
    const again = await login(app, therapist.email);
    expect(again.auth.user.role).toBe('admin');
    // A rename alone changes nothing about the sign-in.
    await request(app.server)
      .patch(api(`/staff/${therapist.userId}`))
      .set('Authorization', `Bearer ${admin.token}`)
      .send({ displayName: 'Renamed' })
      .expect(200);
    await me(again.token).expect(200);
  });

  it('keeps at least one active administrator (409), and allows it with a second one', async () => {
    const { admin } = await signUpClinic(app);
    const demote = (id: string, body: object, token = admin.token) =>
      request(app.server)
        .patch(api(`/staff/${id}`))
        .set('Authorization', `Bearer ${token}`)
        .send(body);
    const refused = await demote(admin.userId, { role: 'therapist' }).expect(409);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.body.detail).toContain('at least one active administrator');
    await demote(admin.userId, { active: false }).expect(409);
    await me(admin.token).expect(200);

    const created = await request(app.server)
      .post(api('/staff'))
      .set('Authorization', `Bearer ${admin.token}`)
      .send({ email: uniqueEmail('second-admin'), displayName: 'Second Admin', role: 'admin' })
      .expect(201);
    // An invited admin who has not signed in yet still counts as active.
    await demote(admin.userId, { role: 'therapist' }).expect(200);
    await me(admin.token).expect(401);
    expect(created.body.role).toBe('admin');
  });

  it('signs in an invited patient, and never a patient account without a password', async () => {
    const clinic = await createTestClinic(app);
    const created = await request(app.server)
      .post(api('/patients'))
      .set('Authorization', `Bearer ${clinic.therapist.token}`)
      .send({ email: uniqueEmail('pending'), displayName: 'Pending Patient' })
      .expect(201);
    const refused = await request(app.server)
      .post(api('/auth/login'))
      .send({ email: created.body.email, password: TEST_PASSWORD })
      .expect(401);
    expect(refused.body.detail).toBe('The email or password is incorrect.');
    const patient = await addPatient(app, clinic.therapist);
    await me(patient.token).expect(200);
  });
});
