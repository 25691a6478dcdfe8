import { API_PREFIX, type CreateStaffResponse } from '@rehabit/contracts';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { TEST_PASSWORD, signUpClinic, uniqueEmail, type Actor } from '../testing/factories';
import { getTestApp, type TestApp } from '../testing/test-app';

const api = (path: string) => `${API_PREFIX}${path}`;
const GONE =
  'This invitation link is invalid, was already used, or has expired. Ask for a new one.';

describe('invitations', () => {
  let app: TestApp;
  let admin: Actor;

  const accept = (token: string, password = TEST_PASSWORD) =>
    request(app.server).post(api('/auth/invitations/accept')).send({ token, password });

  async function invite(role: 'therapist' | 'admin' = 'therapist'): Promise<CreateStaffResponse> {
    const response = await request(app.server)
      .post(api('/staff'))
      .set('Authorization', `Bearer ${admin.token}`)
      .send({ email: uniqueEmail('invitee'), displayName: 'Ivy Invitee', role })
      .expect(201);
    return response.body as CreateStaffResponse;
  }

  function expectFieldError(response: request.Response, field: string, message: RegExp): void {
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.body.errors).toContain(
      jasmine.objectContaining({ field, message: jasmine.stringMatching(message) }),
    );
  }

  beforeAll(async () => {
    app = await getTestApp();
    ({ admin } = await signUpClinic(app));
  });

  it('hands out a 256-bit token that expires in 7 days, and stores only its hash', async () => {
    const created = await invite();
    expect(created.invitation.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const days = (Date.parse(created.invitation.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.99);
    expect(days).toBeLessThanOrEqual(7);
    const rows = await app.dataSource.query(
      `SELECT token_hash FROM invitation WHERE user_id = $1`,
      [created.id],
    );
    expect(rows.length).toBe(1);
    expect(rows[0].token_hash).not.toContain(created.invitation.token);
  });

  it('signs the invitee in once; a second use answers 410', async () => {
    const created = await invite();
    const first = await accept(created.invitation.token).expect(200);
    expect(first.body.user).toEqual(
      jasmine.objectContaining({ id: created.id, role: 'therapist' }),
    );
    expect(first.body.accessToken).toEqual(jasmine.any(String));
    const again = await accept(created.invitation.token, 'another long passphrase').expect(410);
    expect(again.headers['content-type']).toContain('application/problem+json');
    expect(again.body.detail).toBe(GONE);
    // The first password stands; the second attempt changed nothing.
    await request(app.server)
      .post(api('/auth/login'))
      .send({ email: created.email, password: 'another long passphrase' })
      .expect(401);
    await request(app.server)
      .post(api('/auth/login'))
      .send({ email: created.email, password: TEST_PASSWORD })
      .expect(200);
  });

  it('refuses an expired invitation with 410', async () => {
    const created = await invite();
    await app.dataSource.query(
      `UPDATE invitation SET expires_at = now() - interval '1 second' WHERE user_id = $1`,
      [created.id],
    );
    const response = await accept(created.invitation.token).expect(410);
    expect(response.body.detail).toBe(GONE);
  });

  it('answers an unknown token exactly like a used one, and a malformed one with 400', async () => {
    const unknown = await accept(randomBytes(32).toString('base64url')).expect(410);
    expect(unknown.body.detail).toBe(GONE);
    expectFieldError(await accept('too-short'), 'token', /not a valid invitation token/);
  });

  it('refuses the invitation of a deactivated person', async () => {
    const created = await invite();
    await request(app.server)
      .patch(api(`/staff/${created.id}`))
      .set('Authorization', `Bearer ${admin.token}`)
      .send({ active: false })
      .expect(200);
    await accept(created.invitation.token).expect(410);
  });

  it('refuses common passwords, naming the field, and keeps the invitation usable', async () => {
    const created = await invite();
    for (const common of ['password123', 'qwertyuiop', 'Password123', '1234567890']) {
      expectFieldError(await accept(created.invitation.token, common), 'password', /common/);
    }
    await accept(created.invitation.token).expect(200);
  });

  it('takes 10 to 128 characters with no composition rules', async () => {
    const created = await invite();
    expectFieldError(
      await accept(created.invitation.token, 'nine char'),
      'password',
      /at least 10/,
    );
    expectFieldError(
      await accept(created.invitation.token, 'x'.repeat(64) + 'y'.repeat(65)),
      'password',
      /at most 128/,
    );
    expectFieldError(
      await accept(created.invitation.token, 'aaaaaaaaaaaa'),
      'password',
      /repeated/,
    );
    // Exactly 10 lower-case letters, no digit or symbol: accepted.
    await accept(created.invitation.token, 'plumtrivia').expect(200);
  });

  it('accepts 128 characters', async () => {
    const created = await invite();
    await accept(created.invitation.token, 'long passphrase '.repeat(8)).expect(200);
  });

  it("refuses a password containing the person's email name or display name", async () => {
    const created = await invite();
    const local = created.email.split('@')[0];
    expectFieldError(
      await accept(created.invitation.token, `my ${local} password`),
      'password',
      /name or email/,
    );
    expectFieldError(
      await accept(created.invitation.token, 'ivy invitee rocks'),
      'password',
      /name or email/,
    );
    await accept(created.invitation.token).expect(200);
  });

  it('refuses unknown fields in the acceptance', async () => {
    const created = await invite();
    const response = await request(app.server)
      .post(api('/auth/invitations/accept'))
      .send({ token: created.invitation.token, password: TEST_PASSWORD, role: 'admin' });
    expectFieldError(response, 'role', /not an accepted field/);
  });
});
