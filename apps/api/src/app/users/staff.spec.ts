import { type StaffMember } from '@rehabit/contracts';
import request from 'supertest';
import { createTestClinic, uniqueEmail, type Actor, type TestClinic } from '../testing/factories';
import { getTestApp, type TestApp } from '../testing/test-app';
import { requestsAs } from '../testing/requests';

describe('staff', () => {
  let app: TestApp;
  let clinic: TestClinic;
  let foreign: TestClinic;

  const as = (actor: Actor) => requestsAs(app, actor);

  function expectInvalid(response: request.Response, field: string, status = 400): void {
    expect(response.status).withContext(field).toBe(status);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.body.errors).withContext(field).toContain(jasmine.objectContaining({ field }));
  }

  const newStaff = (extra: object = {}) => ({
    email: uniqueEmail('staff'),
    displayName: 'Sam Staff',
    role: 'therapist',
    ...extra,
  });

  beforeAll(async () => {
    app = await getTestApp();
    clinic = await createTestClinic(app);
    foreign = await createTestClinic(app);
  });

  it('lists the clinic staff (never patients, never another clinic), page by page', async () => {
    // A clinic of its own: other specs here add staff to the shared one.
    const local = await createTestClinic(app);
    const all = await as(local.admin).get('/staff').expect(200);
    const items = all.body.items as StaffMember[];
    expect(items.map((member) => member.id).sort()).toEqual(
      [local.admin.userId, local.therapist.userId].sort(),
    );
    expect(items.find((member) => member.id === local.therapist.userId)).toEqual(
      jasmine.objectContaining({ role: 'therapist', active: true, activated: true }),
    );
    expect(all.text).not.toMatch(/argon2|password/i);
    const first = await as(local.admin).get('/staff?limit=1').expect(200);
    const second = await as(local.admin)
      .get(`/staff?limit=1&cursor=${first.body.nextCursor}`)
      .expect(200);
    expect([...first.body.items, ...second.body.items].map((member) => member.id)).toEqual(
      items.map((member) => member.id),
    );
    expect(second.body.nextCursor).toBeNull();
  });

  it('invites a therapist or an admin with a one-time token', async () => {
    for (const role of ['therapist', 'admin']) {
      const response = await as(clinic.admin).post('/staff', newStaff({ role })).expect(201);
      expect(response.body).toEqual(
        jasmine.objectContaining({
          role,
          active: true,
          activated: false,
          invitation: jasmine.objectContaining({ token: jasmine.any(String) }),
        }),
      );
    }
  });

  it('refuses a patient role, role-restricted and unknown fields, naming them', async () => {
    expectInvalid(await as(clinic.admin).post('/staff', newStaff({ role: 'patient' })), 'role');
    expectInvalid(await as(clinic.admin).post('/staff', newStaff({ role: 'owner' })), 'role');
    for (const field of ['clinicId', 'active', 'password', 'passwordHash']) {
      const response = await as(clinic.admin).post('/staff', newStaff({ [field]: 'x' }));
      expectInvalid(response, field);
    }
  });

  it('refuses bad input naming the field, and a taken email with 422', async () => {
    expectInvalid(await as(clinic.admin).post('/staff', newStaff({ email: 'a@' })), 'email');
    expectInvalid(
      await as(clinic.admin).post('/staff', newStaff({ displayName: 'x'.repeat(121) })),
      'displayName',
    );
    expectInvalid(await as(clinic.admin).post('/staff', { displayName: 'No Email' }), 'email');
    expectInvalid(
      await as(clinic.admin).post('/staff', newStaff({ email: clinic.patient.email })),
      'email',
      422,
    );
  });

  it('renames, changes role and deactivates a staff member', async () => {
    const created = await as(clinic.admin).post('/staff', newStaff()).expect(201);
    const path = `/staff/${created.body.id}`;
    const renamed = await as(clinic.admin).patch(path, { displayName: ' Sam S. ' }).expect(200);
    expect(renamed.body.displayName).toBe('Sam S.');
    const promoted = await as(clinic.admin).patch(path, { role: 'admin' }).expect(200);
    expect(promoted.body.role).toBe('admin');
    const deactivated = await as(clinic.admin).patch(path, { active: false }).expect(200);
    expect(deactivated.body).toEqual(
      jasmine.objectContaining({ id: created.body.id, active: false, activated: false }),
    );
  });

  it('answers 404 for a patient, another clinic member, an unknown or a malformed id', async () => {
    for (const id of [
      clinic.patient.userId,
      foreign.therapist.userId,
      foreign.admin.userId,
      '00000000-0000-4000-8000-000000000000',
      'not-a-uuid',
    ]) {
      const response = await as(clinic.admin).patch(`/staff/${id}`, { displayName: 'X' });
      expect(response.status).withContext(id).toBe(404);
      expect(response.text).not.toContain(foreign.therapist.email);
    }
    // Nothing changed in the other clinic.
    const theirs = await as(foreign.admin).get('/staff').expect(200);
    expect(theirs.text).not.toContain('"displayName":"X"');
  });

  it('refuses a hand-made cursor with 400 naming it', async () => {
    const cursor = Buffer.from(JSON.stringify({ at: '2020-01-01T00:00:00.000Z', id: "1' OR '1" }));
    expectInvalid(
      await as(clinic.admin).get(`/staff?cursor=${cursor.toString('base64url')}`),
      'cursor',
    );
  });

  it('refuses fields outside the staff update, naming them', async () => {
    const path = `/staff/${clinic.therapist.userId}`;
    for (const field of ['email', 'clinicId', 'password']) {
      expectInvalid(await as(clinic.admin).patch(path, { [field]: 'x@y.de' }), field);
    }
    expectInvalid(await as(clinic.admin).patch(path, { role: 'patient' }), 'role');
    expectInvalid(await as(clinic.admin).patch(path, { active: 'false' }), 'active');
    for (const field of ['displayName', 'role', 'active'])
      expectInvalid(await as(clinic.admin).patch(path, { [field]: null }), field);
  });

  it('is for admins only', async () => {
    await as(clinic.therapist).get('/staff').expect(403);
    await as(clinic.therapist).post('/staff', newStaff()).expect(403);
    // A therapist cannot promote themself.
    await as(clinic.therapist)
      .patch(`/staff/${clinic.therapist.userId}`, { role: 'admin' })
      .expect(403);
    await as(clinic.patient).get('/staff').expect(403);
  });
});
