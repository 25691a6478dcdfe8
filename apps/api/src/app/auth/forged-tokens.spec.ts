import { API_PREFIX } from '@rehabit/contracts';
import { JwtService, type JwtSignOptions } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { createTestClinic, login, type TestClinic } from '../testing/factories';
import { getTestApp, type TestApp } from '../testing/test-app';
import { JWT_AUDIENCE, JWT_ISSUER } from './tokens';

// @nestjs/jwt (a direct dependency) over jsonwebtoken, to craft tokens the API did not issue.
const jwt = new JwtService();

const base64url = (value: object | string) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** The API's own claims (sub, sid, role, cid, typ) of a real access token. */
function claimsOf(token: string): Record<string, unknown> {
  const {
    iat: _iat,
    exp: _exp,
    iss: _iss,
    aud: _aud,
    ...claims
  } = jwt.decode(token) as Record<string, unknown>;
  return claims;
}

describe('forged and invalid access tokens', () => {
  let app: TestApp;
  let clinic: TestClinic;
  let secret: string;

  /** Signed with the API's own key and options, unless a case overrides them. */
  const sign = (claims: Record<string, unknown>, options: JwtSignOptions = {}, key = secret) =>
    jwt.sign(claims, {
      secret: key,
      algorithm: 'HS256',
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
      // An explicit exp in the claims replaces the usual 15 minutes.
      ...('exp' in claims ? {} : { expiresIn: 900 }),
      ...options,
    });

  const me = (token: string) =>
    request(app.server).get(`${API_PREFIX}/auth/me`).set('Authorization', `Bearer ${token}`);

  async function expectRefused(token: string): Promise<void> {
    const response = await me(token);
    expect(response.status).toBe(401);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.body).toEqual({
      type: 'about:blank',
      title: 'Unauthorized',
      status: 401,
      detail: 'Sign in to continue: the access token is missing, invalid or expired.',
    });
  }

  beforeAll(async () => {
    app = await getTestApp();
    secret = app.config.jwtSecret;
    clinic = await createTestClinic(app);
  });

  it('accepts a token crafted here with the real key and claims (the control case)', async () => {
    const response = await me(sign(claimsOf(clinic.therapist.token))).expect(200);
    expect(response.body.id).toBe(clinic.therapist.userId);
  });

  it('refuses a request without a token, and a malformed one', async () => {
    await request(app.server)
      .get(`${API_PREFIX}/auth/me`)
      .expect(401)
      .expect('content-type', /problem\+json/);
    await expectRefused('not-a-jwt');
    await expectRefused('a.b.c');
  });

  it('refuses alg "none", with and without a signature', async () => {
    const payload = {
      ...claimsOf(clinic.therapist.token),
      iss: JWT_ISSUER,
      aud: JWT_AUDIENCE,
      iat: Math.floor(Date.now() / 1000),
      exp: Math.floor(Date.now() / 1000) + 600,
    };
    for (const alg of ['none', 'None', 'NONE']) {
      const unsigned = `${base64url({ alg, typ: 'JWT' })}.${base64url(payload)}`;
      await expectRefused(`${unsigned}.`);
      await expectRefused(`${unsigned}.${base64url('signature')}`);
    }
  });

  it('refuses a token signed with another key', async () => {
    await expectRefused(sign(claimsOf(clinic.therapist.token), {}, `${secret}-but-not-quite`));
  });

  it('refuses HS384 and HS512 even with the right key: HS256 only', async () => {
    const claims = claimsOf(clinic.therapist.token);
    await expectRefused(sign(claims, { algorithm: 'HS384' }));
    await expectRefused(sign(claims, { algorithm: 'HS512' }));
  });

  it('refuses an expired token', async () => {
    const now = Math.floor(Date.now() / 1000);
    await expectRefused(
      sign({ ...claimsOf(clinic.therapist.token), iat: now - 20 * 60, exp: now - 60 }),
    );
  });

  it('refuses a token older than 16 minutes even when its exp lies further ahead', async () => {
    const now = Math.floor(Date.now() / 1000);
    await expectRefused(
      sign({ ...claimsOf(clinic.therapist.token), iat: now - 30 * 60, exp: now + 3600 }),
    );
  });

  it('refuses a token that is not yet valid', async () => {
    await expectRefused(sign(claimsOf(clinic.therapist.token), { notBefore: 600 }));
  });

  it('refuses a wrong audience and a wrong issuer', async () => {
    const claims = claimsOf(clinic.therapist.token);
    await expectRefused(sign(claims, { audience: 'rehabit-portal' }));
    await expectRefused(sign(claims, { issuer: 'someone-else' }));
  });

  it('refuses a wrong or missing token type', async () => {
    const { typ: _typ, ...untyped } = claimsOf(clinic.therapist.token);
    await expectRefused(sign({ ...untyped, typ: 'refresh' }));
    await expectRefused(sign({ ...untyped, typ: 'invitation' }));
    await expectRefused(sign(untyped));
  });

  it('refuses a refresh token presented as an access token', async () => {
    await expectRefused(clinic.therapist.refreshCookie.split('=')[1]);
  });

  it('refuses a tampered payload (a patient promoting itself to admin)', async () => {
    const [header, , signature] = clinic.patient.token.split('.');
    const promoted = { ...(jwt.decode(clinic.patient.token) as object), role: 'admin' };
    await expectRefused(`${header}.${base64url(promoted)}.${signature}`);
  });

  it('refuses well-signed tokens naming an unknown user, a session of someone else, or bad ids', async () => {
    const therapist = claimsOf(clinic.therapist.token);
    const admin = claimsOf(clinic.admin.token);
    await expectRefused(sign({ ...therapist, sub: randomUUID() }));
    await expectRefused(sign({ ...therapist, sid: randomUUID() }));
    // The admin's live session, claimed by the therapist's account.
    await expectRefused(sign({ ...therapist, sid: admin['sid'] }));
    await expectRefused(sign({ ...therapist, sub: "' OR 1=1 --" }));
  });

  it('takes role and clinic from the database, not from the token', async () => {
    const claims = claimsOf(clinic.therapist.token);
    const response = await me(sign({ ...claims, role: 'admin', cid: randomUUID() })).expect(200);
    expect(response.body).toEqual(
      jasmine.objectContaining({ role: 'therapist', clinicId: clinic.clinicId }),
    );
    await request(app.server)
      .get(`${API_PREFIX}/staff`)
      .set('Authorization', `Bearer ${sign({ ...claims, role: 'admin' })}`)
      .expect(403);
  });

  it('refuses the token of a deactivated staff member', async () => {
    const local = await createTestClinic(app);
    await request(app.server)
      .patch(`${API_PREFIX}/staff/${local.therapist.userId}`)
      .set('Authorization', `Bearer ${local.admin.token}`)
      .send({ active: false })
      .expect(200);
    await expectRefused(local.therapist.token);
    // Even a token freshly signed with the real key for that account and session.
    await expectRefused(sign(claimsOf(local.therapist.token)));
  });

  it('refuses a token after logout', async () => {
    const session = await login(app, clinic.admin.email);
    await request(app.server)
      .post(`${API_PREFIX}/auth/logout`)
      .set('Authorization', `Bearer ${session.token}`)
      .expect(204);
    await expectRefused(session.token);
    // The clinic's other sign-in of the same admin is untouched.
    await me(clinic.admin.token).expect(200);
  });
});
