import type {
  AuthResponse,
  CreatePatientResponse,
  CreateStaffResponse,
  Page,
} from '@rehabit/contracts';
import { randomUUID } from 'node:crypto';
import { expectCall } from './http';

const PASSWORD = 'correct horse battery staple';

export interface Clinic {
  therapistToken: string;
  patientToken: string;
  patientId: string;
}

/** A new clinic with a therapist and a patient, both signed in, made through the API. */
export async function createClinic(baseUrl: string): Promise<Clinic> {
  const unique = randomUUID().slice(0, 8);
  const adminEmail = `admin-${unique}@rehabit.test`;
  await expectCall(201, baseUrl, 'POST', '/clinics', {
    body: {
      name: `Resilience clinic ${unique}`,
      timezone: 'Europe/Berlin',
      admin: { email: adminEmail, password: PASSWORD, displayName: 'Ada Admin' },
    },
  });
  const admin = await expectCall<AuthResponse>(200, baseUrl, 'POST', '/auth/login', {
    body: { email: adminEmail, password: PASSWORD },
  });
  const staff = await expectCall<CreateStaffResponse>(201, baseUrl, 'POST', '/staff', {
    token: admin.accessToken,
    body: { email: `therapist-${unique}@rehabit.test`, displayName: 'Theo', role: 'therapist' },
  });
  const therapist = await accept(baseUrl, staff.invitation.token);
  const patient = await expectCall<CreatePatientResponse>(201, baseUrl, 'POST', '/patients', {
    token: therapist.accessToken,
    body: {
      email: `patient-${unique}@rehabit.test`,
      displayName: 'Pat Patient',
      timezone: 'Europe/Berlin',
    },
  });
  return {
    therapistToken: therapist.accessToken,
    patientToken: (await accept(baseUrl, patient.invitation.token)).accessToken,
    patientId: patient.id,
  };
}

function accept(baseUrl: string, token: string): Promise<AuthResponse> {
  return expectCall<AuthResponse>(200, baseUrl, 'POST', '/auth/invitations/accept', {
    body: { token, password: PASSWORD },
  });
}

/** Every pain entry id of the patient, read back through the API page by page. */
export async function painEntryIds(baseUrl: string, clinic: Clinic): Promise<Set<string>> {
  const ids = new Set<string>();
  let cursor: string | null = null;
  do {
    const page: Page<{ id: string }> = await expectCall<Page<{ id: string }>>(
      200,
      baseUrl,
      'GET',
      `/patients/me/pain?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      { token: clinic.patientToken },
    );
    for (const entry of page.items) ids.add(entry.id);
    cursor = page.nextCursor;
  } while (cursor);
  return ids;
}
