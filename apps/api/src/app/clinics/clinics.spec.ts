import { API_PREFIX } from '@rehabit/contracts';
import { DEFAULT_THRESHOLDS } from '@rehabit/domain';
import request from 'supertest';
import { AuditService } from '../audit/audit.service';
import { PasswordHasher } from '../auth/passwords';
import {
  TEST_PASSWORD,
  createTestClinic,
  signUpClinic,
  uniqueEmail,
  type Actor,
  type TestClinic,
} from '../testing/factories';
import { getTestApp, type TestApp } from '../testing/test-app';
import { ClinicsService } from './clinics.service';
import { requestsAs } from '../testing/requests';

const api = (path: string) => `${API_PREFIX}${path}`;

describe('clinics', () => {
  let app: TestApp;
  let clinic: TestClinic;

  const as = (actor: Actor) => requestsAs(app, actor);

  function expectInvalid(response: request.Response, field: string, status = 400): void {
    expect(response.status).withContext(field).toBe(status);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.body.errors).withContext(field).toContain(jasmine.objectContaining({ field }));
  }

  const signUp = (body: object) => request(app.server).post(api('/clinics')).send(body);
  const newClinic = (admin: object = {}, extra: object = {}) => ({
    name: 'Physio Süd',
    timezone: 'Europe/Berlin',
    admin: {
      email: uniqueEmail('founder'),
      password: TEST_PASSWORD,
      displayName: 'Fay Founder',
      ...admin,
    },
    ...extra,
  });

  beforeAll(async () => {
    app = await getTestApp();
    clinic = await createTestClinic(app);
  });

  describe('POST /clinics', () => {
    it('creates the clinic and its first admin, without any password in the answer', async () => {
      const body = newClinic();
      const response = await signUp(body).expect(201);
      expect(response.body.clinic).toEqual(
        jasmine.objectContaining({ name: 'Physio Süd', timezone: 'Europe/Berlin' }),
      );
      expect(response.body.admin).toEqual(
        jasmine.objectContaining({ email: body.admin.email, role: 'admin', active: true }),
      );
      expect(response.text).not.toContain(TEST_PASSWORD);
      expect(response.text).not.toMatch(/argon2|passwordHash/);
    });

    it('refuses bad input naming the field, nested fields included', async () => {
      expectInvalid(await signUp(newClinic({}, { timezone: 'Europe/Atlantis' })), 'timezone');
      expectInvalid(await signUp(newClinic({}, { name: 'x'.repeat(201) })), 'name');
      expectInvalid(await signUp(newClinic({}, { name: '' })), 'name');
      expectInvalid(await signUp(newClinic({}, { plan: 'enterprise' })), 'plan');
      expectInvalid(await signUp(newClinic({ email: 'founder@' })), 'admin.email');
      expectInvalid(await signUp(newClinic({ displayName: 'x'.repeat(121) })), 'admin.displayName');
      expectInvalid(await signUp(newClinic({ role: 'therapist' })), 'admin.role');
      expectInvalid(await signUp(newClinic({ password: 'short' })), 'admin.password');
      expectInvalid(await signUp(newClinic({ password: 'qwertyuiop' })), 'admin.password');
      expectInvalid(await signUp({ name: 'No admin', timezone: 'Europe/Berlin' }), 'admin');
      // An array passes a nested check element by element, so an empty one checked nothing.
      for (const admin of [[], [newClinic().admin], 'founder@example.org'])
        expectInvalid(await signUp({ ...newClinic(), admin }), 'admin');
    });

    it("refuses a password containing the admin's email name", async () => {
      const email = uniqueEmail('fernando');
      expectInvalid(
        await signUp(newClinic({ email, password: `${email.split('@')[0]} secret` })),
        'admin.password',
      );
    });

    it('answers a taken admin email with 422 and creates no clinic', async () => {
      const [before] = await app.dataSource.query(`SELECT count(*)::int AS n FROM clinic`);
      expectInvalid(
        await signUp(newClinic({ email: clinic.admin.email.toUpperCase() })),
        'admin.email',
        422,
      );
      const [after] = await app.dataSource.query(`SELECT count(*)::int AS n FROM clinic`);
      expect(after.n).toBe(before.n);
    });

    it('is refused with 403 when sign-up is turned off (ALLOW_CLINIC_SIGNUP=false)', async () => {
      // The shared test app has sign-up on; the service decides, so it is built with the flag off.
      const service = new ClinicsService(
        app.dataSource,
        { ...app.config, allowClinicSignup: false },
        app.app.get(PasswordHasher),
        app.app.get(AuditService),
      );
      const [before] = await app.dataSource.query(`SELECT count(*)::int AS n FROM clinic`);
      await expectAsync(
        service.signUp(newClinic() as never, { ip: null, requestId: null }),
      ).toBeRejectedWith(jasmine.objectContaining({ status: 403 }));
      const [after] = await app.dataSource.query(`SELECT count(*)::int AS n FROM clinic`);
      expect(after.n).toBe(before.n);
    });
  });

  describe('GET and PATCH /clinic', () => {
    it('shows staff their own clinic', async () => {
      for (const actor of [clinic.admin, clinic.therapist]) {
        const response = await as(actor).get('/clinic').expect(200);
        expect(response.body).toEqual(
          jasmine.objectContaining({ id: clinic.clinicId, timezone: 'Europe/Berlin' }),
        );
      }
      await as(clinic.patient).get('/clinic').expect(403);
    });

    it('lets the admin rename the clinic and change its time zone', async () => {
      const local = await createTestClinic(app);
      const response = await as(local.admin)
        .patch('/clinic', { name: '  Physio West ', timezone: 'Europe/Lisbon' })
        .expect(200);
      expect(response.body).toEqual(
        jasmine.objectContaining({
          id: local.clinicId,
          name: 'Physio West',
          timezone: 'Europe/Lisbon',
        }),
      );
      const again = await as(local.therapist).get('/clinic').expect(200);
      expect(again.body.name).toBe('Physio West');
      await as(local.therapist).patch('/clinic', { name: 'Mine now' }).expect(403);
    });

    it('refuses bad or unknown fields naming them', async () => {
      expectInvalid(await as(clinic.admin).patch('/clinic', { timezone: 'CEST+2' }), 'timezone');
      expectInvalid(await as(clinic.admin).patch('/clinic', { name: '' }), 'name');
      expectInvalid(await as(clinic.admin).patch('/clinic', { name: 'x'.repeat(201) }), 'name');
      expectInvalid(await as(clinic.admin).patch('/clinic', { id: clinic.clinicId }), 'id');
      expectInvalid(await as(clinic.admin).patch('/clinic', { settings: {} }), 'settings');
      // null is no value for a field that cannot be empty (it once reached the database: a 500).
      for (const field of ['name', 'timezone', 'thresholds'])
        expectInvalid(await as(clinic.admin).patch('/clinic', { [field]: null }), field);
    });
  });
});

describe('clinic thresholds', () => {
  it('start at the clinical defaults and take a partial update from an admin', async () => {
    const app = await getTestApp();
    const { admin } = await signUpClinic(app);
    const auth = { Authorization: `Bearer ${admin.token}` };
    const before = await request(app.server).get('/api/v1/clinic').set(auth).expect(200);
    expect(before.body.settings.thresholds).toEqual(DEFAULT_THRESHOLDS);

    const after = await request(app.server)
      .patch('/api/v1/clinic')
      .set(auth)
      .send({ thresholds: { pain: { points: 1.5 }, odi: { maxSkipped: 2 } } })
      .expect(200);
    expect(after.body.settings.thresholds.pain).toEqual({ points: 1.5, percent: 30 });
    expect(after.body.settings.thresholds.odi).toEqual({ points: 10, percent: 30, maxSkipped: 2 });
    const reread = await request(app.server).get('/api/v1/clinic').set(auth).expect(200);
    expect(reread.body.settings.thresholds).toEqual(after.body.settings.thresholds);
  });

  it('refuse out-of-range and unknown thresholds naming the field, changing nothing', async () => {
    const app = await getTestApp();
    const { admin } = await signUpClinic(app);
    const auth = { Authorization: `Bearer ${admin.token}` };
    const outOfRange = await request(app.server)
      .patch('/api/v1/clinic')
      .set(auth)
      .send({ thresholds: { pain: { points: 0 } } })
      .expect(422);
    expect(outOfRange.body.errors[0].field).toBe('thresholds.pain.points');
    const unknown = await request(app.server)
      .patch('/api/v1/clinic')
      .set(auth)
      .send({ thresholds: { pain: { mood: 3 } } })
      .expect(422);
    expect(unknown.body.errors[0].field).toBe('thresholds.pain.mood');
    const reread = await request(app.server).get('/api/v1/clinic').set(auth).expect(200);
    expect(reread.body.settings.thresholds).toEqual(DEFAULT_THRESHOLDS);
  });
});
