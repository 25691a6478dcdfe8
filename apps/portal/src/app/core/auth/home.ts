import type { Role } from '@rehabit/contracts';

/** Where each role works: the landing page after sign-in and the target of `/`. */
export function homeOf(role: Role | null): string {
  switch (role) {
    case 'patient':
      return '/patient';
    case 'therapist':
      return '/therapist';
    case 'admin':
      return '/clinic';
    default:
      return '/auth/sign-in';
  }
}
