import type { Role } from '@rehabit/contracts';

/** Shown at start-up and in the README: a local demo, never seeded in production. */
export const DEMO_PASSWORD = 'rehabit-demo-2026';
export const DEMO_CLINIC_NAME = 'Rehabit Demo Clinic';
export const DEMO_TIMEZONE = 'Europe/Berlin';

export interface DemoAccount {
  email: string;
  displayName: string;
  role: Role;
}

export const DEMO_STAFF: DemoAccount[] = [
  { email: 'admin@demo.rehabit.test', displayName: 'Alex Admin', role: 'admin' },
  { email: 'therapist@demo.rehabit.test', displayName: 'Dr. Maya Chen, PT', role: 'therapist' },
  { email: 'therapist2@demo.rehabit.test', displayName: 'Jonas Weber, PT', role: 'therapist' },
];

const PATIENT_NAMES = [
  'Anna Schmidt',
  'Ben Okafor',
  'Carla Rossi',
  'David Kim',
  'Elif Yilmaz',
  'Frank Müller',
  'Grace Lee',
  'Hugo Martin',
  'Ines Costa',
  'Jakob Novak',
  'Karin Berg',
  'Liam Walsh',
  'Mona Haddad',
  'Nils Larsen',
  'Olivia Brown',
  'Pedro Alves',
  'Quinn Taylor',
  'Rosa Fernández',
  'Sven Johansson',
  'Tara Singh',
];

const CONDITIONS = [
  'Low back pain with tight hamstrings',
  'Chronic non-specific low back pain',
  'Desk-related neck and upper back stiffness',
  'Hamstring tightness after running',
];

const TIMEZONES = [
  DEMO_TIMEZONE,
  DEMO_TIMEZONE,
  DEMO_TIMEZONE,
  'Europe/London',
  'America/New_York',
];

export interface DemoPatient extends DemoAccount {
  timezone: string;
  condition: string;
  dateOfBirth: string;
  therapistEmail: string;
}

export const DEMO_PATIENTS: DemoPatient[] = PATIENT_NAMES.map((displayName, index) => ({
  email: `patient${index + 1}@demo.rehabit.test`,
  displayName,
  role: 'patient',
  timezone: TIMEZONES[index % TIMEZONES.length],
  condition: CONDITIONS[index % CONDITIONS.length],
  dateOfBirth: `${1948 + ((index * 7) % 50)}-${String((index % 12) + 1).padStart(2, '0')}-${String((index % 27) + 1).padStart(2, '0')}`,
  therapistEmail: DEMO_STAFF[1 + (index % 2)].email,
}));
