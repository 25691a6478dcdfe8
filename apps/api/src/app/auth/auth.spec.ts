import request from 'supertest';
import {
  TEST_PASSWORD,
  createTestClinic,
  login,
  signUpClinic,
  uniqueEmail,
} from '../testing/factories';
import { getTestApp } from '../testing/test-app';

describe('auth', () => {
  it('signs a clinic up, signs its admin in and answers me', async () => {
    const app = await getTestApp();
    const { clinicId, admin } = await signUpClinic(app, 'Physio Nord');
    expect(admin.auth.expiresIn).toBe(900);
    expect(admin.auth.user).toEqual(
      jasmine.objectContaining({ role: 'admin', clinicId, displayName: 'Ada Admin' }),
    );
    expect(admin.refreshCookie).toMatch(/^rehabit_refresh=[A-Za-z0-9_-]{43}$/);
    const me = await request(app.server)
      .get('/api/v1/auth/me')
      .set('Authorization', `Bearer ${admin.token}`)
      .expect(200);
    expect(me.body.id).toBe(admin.userId);
  });

  it('sets the refresh cookie httpOnly, SameSite=Strict and scoped to the auth paths', async () => {
    const app = await getTestApp();
    const { admin } = await signUpClinic(app);
    const response = await request(app.server)
      .post('/api/v1/auth/login')
      .send({ email: admin.email, password: TEST_PASSWORD })
      .expect(200);
    const cookie = (response.headers['set-cookie'] as unknown as string[]).find((value) =>
      value.startsWith('rehabit_refresh='),
    )!;
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Path=/api/v1/auth');
  });

  it('answers an unknown email and a wrong password identically', async () => {
    const app = await getTestApp();
    const { admin } = await signUpClinic(app);
    const unknown = await request(app.server)
      .post('/api/v1/auth/login')
      .send({ email: uniqueEmail('nobody'), password: 'whatever-password' });
    const wrong = await request(app.server)
      .post('/api/v1/auth/login')
      .send({ email: admin.email, password: 'whatever-password' });
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
  });

  it('refuses a malformed sign-in with 400 naming the field', async () => {
    const app = await getTestApp();
    const response = await request(app.server)
      .post('/api/v1/auth/login')
      .send({ email: 'not-an-email', password: 'x' })
      .expect(400);
    expect(response.body.errors).toContain(jasmine.objectContaining({ field: 'email' }));
  });

  it('rotates the refresh token, and a reused one revokes the whole family', async () => {
    const app = await getTestApp();
    const { admin } = await signUpClinic(app);
    const first = await request(app.server)
      .post('/api/v1/auth/refresh')
      .set('Cookie', admin.refreshCookie)
      .expect(200);
    const rotated = (first.headers['set-cookie'] as unknown as string[])
      .find((value) => value.startsWith('rehabit_refresh='))!
      .split(';')[0];
    expect(rotated).not.toBe(admin.refreshCookie);

    await request(app.server)
      .post('/api/v1/auth/refresh')
      .set('Cookie', admin.refreshCookie)
      .expect(401);
    // The family is gone: the rotated token and every access token of the sign-in stop working.
    await request(app.server).post('/api/v1/auth/refresh').set('Cookie', rotated).expect(401);
    await request(app.server)
      .get('/api/v1/auth/me')
      .set('Authorization', `Bearer ${first.body.accessToken}`)
      .expect(401);
  });

  it('logs out at once: the access token and the refresh cookie stop working', async () => {
    const app = await getTestApp();
    const { admin } = await signUpClinic(app);
    await request(app.server)
      .post('/api/v1/auth/logout')
      .set('Authorization', `Bearer ${admin.token}`)
      .expect(204);
    await request(app.server)
      .get('/api/v1/auth/me')
      .set('Authorization', `Bearer ${admin.token}`)
      .expect(401);
    await request(app.server)
      .post('/api/v1/auth/refresh')
      .set('Cookie', admin.refreshCookie)
      .expect(401);
  });

  it('lets an invited patient in once, with their patient id', async () => {
    const app = await getTestApp();
    const clinic = await createTestClinic(app);
    expect(clinic.patient.auth.user.role).toBe('patient');
    expect(clinic.patient.auth.user.patientId).toBe(clinic.patient.patientId);
    const again = await login(app, clinic.patient.email);
    expect(again.userId).toBe(clinic.patient.userId);
  });
});
