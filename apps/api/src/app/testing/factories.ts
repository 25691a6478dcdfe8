import type { AuthResponse, CreatePatientResponse, CreateStaffResponse } from '@rehabit/contracts';
import { randomInt, randomUUID } from 'node:crypto';
import request from 'supertest';
import type { TestApp } from './test-app';

export const TEST_PASSWORD = 'correct horse battery staple';

export interface Actor {
  token: string;
  userId: string;
  email: string;
  password: string;
  /** The refresh cookie as sent back by the API (`rehabit_refresh=…`). */
  refreshCookie: string;
  auth: AuthResponse;
}

export interface TestClinic {
  clinicId: string;
  admin: Actor;
  therapist: Actor;
  patient: Actor & { patientId: string };
  otherPatient: Actor & { patientId: string };
}

/** An address no other test uses: tests keep apart by tenancy, not by resetting the database. */
export function uniqueEmail(label: string): string {
  return `${label}-${randomUUID().slice(0, 8)}@rehabit.test`;
}

function refreshCookieOf(headers: Record<string, unknown>): string {
  const cookies = (headers['set-cookie'] as string[] | undefined) ?? [];
  return cookies.find((cookie) => cookie.startsWith('rehabit_refresh='))?.split(';')[0] ?? '';
}

function actorFrom(response: request.Response, email: string, password: string): Actor {
  const auth = response.body as AuthResponse;
  return {
    token: auth.accessToken,
    userId: auth.user.id,
    email,
    password,
    refreshCookie: refreshCookieOf(response.headers),
    auth,
  };
}

/**
 * Set-up sign-ins come from an address of their own (the test app trusts one proxy hop), so
 * fixtures never spend the per-address sign-in budget that the specs themselves exercise —
 * not even in a beforeAll, which runs before the per-spec reset of the rate limits.
 */
function fromFixtureAddress(call: request.Test): request.Test {
  return call.set('X-Forwarded-For', `198.18.${randomInt(256)}.${randomInt(1, 255)}`);
}

export async function login(app: TestApp, email: string, password = TEST_PASSWORD): Promise<Actor> {
  const response = await fromFixtureAddress(request(app.server).post('/api/v1/auth/login'))
    .send({ email, password })
    .expect(200);
  return actorFrom(response, email, password);
}

export async function acceptInvitation(
  app: TestApp,
  token: string,
  email: string,
  password = TEST_PASSWORD,
): Promise<Actor> {
  const response = await fromFixtureAddress(
    request(app.server).post('/api/v1/auth/invitations/accept'),
  )
    .send({ token, password })
    .expect(200);
  return actorFrom(response, email, password);
}

/** A clinic with its admin signed in. */
export async function signUpClinic(
  app: TestApp,
  name = 'Test clinic',
): Promise<{ clinicId: string; admin: Actor }> {
  const email = uniqueEmail('admin');
  const response = await fromFixtureAddress(request(app.server).post('/api/v1/clinics'))
    .send({
      name,
      timezone: 'Europe/Berlin',
      admin: { email, password: TEST_PASSWORD, displayName: 'Ada Admin' },
    })
    .expect(201);
  return { clinicId: response.body.clinic.id, admin: await login(app, email) };
}

export async function addTherapist(
  app: TestApp,
  admin: Actor,
  displayName = 'Theo Therapist',
): Promise<Actor> {
  const email = uniqueEmail('therapist');
  const response = await request(app.server)
    .post('/api/v1/staff')
    .set('Authorization', `Bearer ${admin.token}`)
    .send({ email, displayName, role: 'therapist' })
    .expect(201);
  return acceptInvitation(app, (response.body as CreateStaffResponse).invitation.token, email);
}

export async function addPatient(
  app: TestApp,
  staff: Actor,
  displayName = 'Pat Patient',
): Promise<Actor & { patientId: string }> {
  const email = uniqueEmail('patient');
  const response = await request(app.server)
    .post('/api/v1/patients')
    .set('Authorization', `Bearer ${staff.token}`)
    .send({ email, displayName, timezone: 'Europe/Berlin' })
    .expect(201);
  const created = response.body as CreatePatientResponse;
  return {
    ...(await acceptInvitation(app, created.invitation.token, email)),
    patientId: created.id,
  };
}

/** A clinic with an admin, a therapist and two patients, all signed in. */
export async function createTestClinic(app: TestApp, name?: string): Promise<TestClinic> {
  const { clinicId, admin } = await signUpClinic(app, name);
  const therapist = await addTherapist(app, admin);
  const patient = await addPatient(app, therapist, 'Pat Patient');
  const otherPatient = await addPatient(app, therapist, 'Olga Other');
  return { clinicId, admin, therapist, patient, otherPatient };
}
