import request from 'supertest';
import {
  TEST_PASSWORD,
  createTestClinic,
  uniqueEmail,
  type Actor,
  type TestClinic,
} from '../testing/factories';
import { etagOf } from '../testing/entity-tags';
import { getTestApp, type TestApp } from '../testing/test-app';
import { requestsAs } from '../testing/requests';

/** Values that pass `@MinLength(1)` but are nothing once the service trims them. */
const BLANKS = ['   ', ' \t\n '];

describe('blank names and titles', () => {
  let app: TestApp;
  let clinic: TestClinic;

  const as = (actor: Actor) => requestsAs(app, actor);

  function expectBlankRefused(response: request.Response, field: string, status = 400): void {
    expect(response.status).withContext(field).toBe(status);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.body.errors).withContext(field).toContain(jasmine.objectContaining({ field }));
  }

  /** The 400 names the field and says what is wrong with it, not only that something is. */
  function expectNotBlankError(response: request.Response, field: string): void {
    expectBlankRefused(response, field);
    const property = field.split('.').pop();
    expect(response.body.errors)
      .withContext(field)
      .toContain({ field, message: `${property} must not be blank` });
  }

  async function countWhere(table: string, column: string, value: string): Promise<number> {
    const [row]: { count: number }[] = await app.dataSource.query(
      `SELECT count(*)::int AS count FROM ${table} WHERE ${column} = $1`,
      [value],
    );
    return row.count;
  }

  async function clinicCount(): Promise<number> {
    const [row]: { count: number }[] = await app.dataSource.query(
      `SELECT count(*)::int AS count FROM clinic`,
    );
    return row.count;
  }

  async function displayNameOf(userId: string): Promise<string> {
    const [row]: { display_name: string }[] = await app.dataSource.query(
      `SELECT display_name FROM app_user WHERE id = $1`,
      [userId],
    );
    return row.display_name;
  }

  const signUp = (body: object) => requestsAs(app, null).post('/clinics', body);
  const signUpBody = (name: string, displayName: string, email = uniqueEmail('admin')) => ({
    name,
    timezone: 'Europe/Berlin',
    admin: { email, password: TEST_PASSWORD, displayName },
  });

  beforeAll(async () => {
    app = await getTestApp();
    clinic = await createTestClinic(app, 'Blank names clinic');
  });

  describe('clinic sign-up (POST /clinics)', () => {
    it('refuses a blank clinic name or admin displayName and creates neither clinic nor admin', async () => {
      const clinicsBefore = await clinicCount();
      for (const blank of BLANKS) {
        const [nameless, faceless] = [uniqueEmail('admin'), uniqueEmail('admin')];
        const cases: [object, string, string][] = [
          [signUpBody(blank, 'Ada Admin', nameless), 'name', nameless],
          [signUpBody('Blank test', blank, faceless), 'admin.displayName', faceless],
        ];
        for (const [body, field, email] of cases) {
          expectNotBlankError(await signUp(body), field);
          expect(await countWhere('app_user', 'email', email)).toBe(0);
        }
      }
      expect(await clinicCount()).toBe(clinicsBefore);
    });

    it('still accepts names with surrounding spaces and stores them trimmed', async () => {
      const email = uniqueEmail('admin');
      const response = await signUp(signUpBody('  Physio North  ', '  Ada Admin  ', email)).expect(
        201,
      );
      expect(response.body.clinic.name).toBe('Physio North');
      expect(response.body.admin.displayName).toBe('Ada Admin');
      const [stored]: { name: string; display_name: string }[] = await app.dataSource.query(
        `SELECT c.name, u.display_name FROM app_user u JOIN clinic c ON c.id = u.clinic_id
          WHERE u.email = $1`,
        [email],
      );
      expect(stored).toEqual({ name: 'Physio North', display_name: 'Ada Admin' });
    });
  });

  describe('PATCH /clinic', () => {
    it('refuses a blank name and leaves the clinic as it was', async () => {
      for (const blank of BLANKS) {
        expectNotBlankError(await as(clinic.admin).patch('/clinic', { name: blank }), 'name');
      }
      const after = await as(clinic.admin).get('/clinic').expect(200);
      expect(after.body.name).toBe('Blank names clinic');
    });

    it('accepts a name with surrounding spaces and stores it trimmed', async () => {
      const own = await createTestClinic(app, 'Rename me');
      const response = await as(own.admin).patch('/clinic', { name: '  Renamed  ' }).expect(200);
      expect(response.body.name).toBe('Renamed');
      expect((await as(own.admin).get('/clinic').expect(200)).body.name).toBe('Renamed');
    });
  });

  describe('staff (POST /staff, PATCH /staff/:id)', () => {
    it('refuses a blank displayName on create and writes no user', async () => {
      for (const blank of BLANKS) {
        const email = uniqueEmail('therapist');
        const response = await as(clinic.admin).post('/staff', {
          email,
          displayName: blank,
          role: 'therapist',
        });
        expectNotBlankError(response, 'displayName');
        expect(await countWhere('app_user', 'email', email)).toBe(0);
      }
    });

    it('refuses a blank displayName on update and leaves the name as it was', async () => {
      for (const blank of BLANKS) {
        const response = await as(clinic.admin).patch(`/staff/${clinic.therapist.userId}`, {
          displayName: blank,
        });
        expectNotBlankError(response, 'displayName');
      }
      expect(await displayNameOf(clinic.therapist.userId)).toBe('Theo Therapist');
    });

    it('accepts a displayName with surrounding spaces on create and update, stored trimmed', async () => {
      const email = uniqueEmail('therapist');
      const created = await as(clinic.admin)
        .post('/staff', { email, displayName: '  Tess Therapist  ', role: 'therapist' })
        .expect(201);
      expect(created.body.displayName).toBe('Tess Therapist');
      const id = created.body.id as string;
      expect(await displayNameOf(id)).toBe('Tess Therapist');

      const updated = await as(clinic.admin)
        .patch(`/staff/${id}`, { displayName: '\tTess T. Therapist ' })
        .expect(200);
      expect(updated.body.displayName).toBe('Tess T. Therapist');
      expect(await displayNameOf(id)).toBe('Tess T. Therapist');
    });
  });

  describe('patients (POST /patients, PATCH /patients/:id)', () => {
    it('refuses a blank displayName on create and writes neither patient nor user', async () => {
      for (const blank of BLANKS) {
        const email = uniqueEmail('patient');
        const response = await as(clinic.therapist).post('/patients', {
          email,
          displayName: blank,
        });
        expectNotBlankError(response, 'displayName');
        expect(await countWhere('app_user', 'email', email)).toBe(0);
      }
    });

    it('refuses a blank displayName on update and leaves the patient as it was', async () => {
      const id = clinic.otherPatient.patientId;
      const etag = await etagOf(app, clinic.therapist, `/patients/${id}`);
      for (const blank of BLANKS) {
        const response = await as(clinic.therapist).patch(
          `/patients/${id}`,
          { displayName: blank },
          etag,
        );
        expectNotBlankError(response, 'displayName');
      }
      const after = await as(clinic.therapist).get(`/patients/${id}`).expect(200);
      expect(after.body.displayName).toBe('Olga Other');
      expect(after.headers['etag']).toBe(etag);
    });

    it('accepts a displayName with surrounding spaces on create and update, stored trimmed', async () => {
      const created = await as(clinic.therapist)
        .post('/patients', { email: uniqueEmail('patient'), displayName: '  Paula Patient  ' })
        .expect(201);
      expect(created.body.displayName).toBe('Paula Patient');
      const id = created.body.id as string;

      const updated = await as(clinic.therapist)
        .patch(
          `/patients/${id}`,
          { displayName: ' Paula P. Patient\n' },
          await etagOf(app, clinic.therapist, `/patients/${id}`),
        )
        .expect(200);
      expect(updated.body.displayName).toBe('Paula P. Patient');
      const after = await as(clinic.therapist).get(`/patients/${id}`).expect(200);
      expect(after.body.displayName).toBe('Paula P. Patient');
    });

    it('still lets an optional condition be cleared with a blank or null', async () => {
      const created = await as(clinic.therapist)
        .post('/patients', {
          email: uniqueEmail('patient'),
          displayName: 'Clara Clear',
          condition: 'Neck pain',
        })
        .expect(201);
      const id = created.body.id as string;
      const patch = async (body: object) =>
        as(clinic.therapist)
          .patch(`/patients/${id}`, body, await etagOf(app, clinic.therapist, `/patients/${id}`))
          .expect(200);
      const blanked = await patch({ condition: '   ' });
      expect(blanked.body.condition).toBeNull();
      await patch({ condition: 'Neck pain' });
      const nulled = await patch({ condition: null });
      expect(nulled.body.condition).toBeNull();
    });
  });

  // Exercise names, template names and plan titles are checked by @rehabit/domain's validators,
  // which the portal shares: a blank one is a 422 naming the field (see the DTO comments).
  describe('names checked by the domain rules (422)', () => {
    const exercise = {
      name: 'Blank-test wall angel',
      category: 'posture',
      regions: ['upper_back'],
      instructions: ['Stand with your back to a wall.'],
    };
    const items = [
      { exerciseId: 'supine-hamstring-strap', sets: 3, holdSeconds: 30, timesPerWeek: 5 },
    ];

    it('refuses a blank exercise name on create and update and writes nothing', async () => {
      const before = await countWhere('exercise', 'clinic_id', clinic.clinicId);
      for (const blank of BLANKS) {
        const response = await as(clinic.therapist).post('/exercises', {
          ...exercise,
          name: blank,
        });
        expectBlankRefused(response, 'name', 422);
      }
      expect(await countWhere('exercise', 'clinic_id', clinic.clinicId)).toBe(before);

      const created = await as(clinic.therapist)
        .post('/exercises', { ...exercise, name: '  Blank-test wall angel  ' })
        .expect(201);
      expect(created.body.name).toBe('Blank-test wall angel');
      const id = created.body.id as string;
      for (const blank of BLANKS) {
        const response = await as(clinic.therapist).patch(`/exercises/${id}`, { name: blank });
        expectBlankRefused(response, 'name', 422);
      }
      const after = await as(clinic.therapist).get(`/exercises/${id}`).expect(200);
      expect(after.body.name).toBe('Blank-test wall angel');
    });

    it('refuses a blank plan-template name and writes nothing', async () => {
      const before = await countWhere('plan_template', 'clinic_id', clinic.clinicId);
      for (const blank of BLANKS) {
        const response = await as(clinic.therapist).post('/plan-templates', {
          name: blank,
          items,
        });
        expectBlankRefused(response, 'name', 422);
      }
      expect(await countWhere('plan_template', 'clinic_id', clinic.clinicId)).toBe(before);
    });

    it('refuses a blank plan title and writes nothing', async () => {
      const patientId = clinic.patient.patientId;
      const before = await countWhere('plan', 'patient_id', patientId);
      for (const blank of BLANKS) {
        const response = await as(clinic.therapist).post(`/patients/${patientId}/plans`, {
          title: blank,
          startDate: '2030-01-07',
          items,
        });
        expectBlankRefused(response, 'title', 422);
      }
      expect(await countWhere('plan', 'patient_id', patientId)).toBe(before);
    });
  });
});
