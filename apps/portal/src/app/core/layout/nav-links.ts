import type { Role } from '@rehabit/contracts';

export interface NavLink {
  path: string;
  label: string;
}

const ABOUT: NavLink = { path: '/about', label: 'About' };

/** The toolbar links each person sees: only the places they may go. */
export function navLinksFor(role: Role | null): readonly NavLink[] {
  switch (role) {
    case 'patient':
      return [
        { path: '/patient', label: 'Today' },
        { path: '/patient/pain', label: 'Pain' },
        { path: '/patient/progress', label: 'Progress' },
        { path: '/patient/history', label: 'History' },
        ABOUT,
      ];
    case 'therapist':
      return [{ path: '/therapist', label: 'Patients' }, ABOUT];
    case 'admin':
      return [
        { path: '/clinic/dashboard', label: 'Dashboard' },
        { path: '/therapist', label: 'Patients' },
        { path: '/clinic/staff', label: 'Staff' },
        { path: '/clinic/audit', label: 'Audit trail' },
        { path: '/clinic/settings', label: 'Clinic settings' },
        ABOUT,
      ];
    default:
      return [ABOUT, { path: '/auth/sign-in', label: 'Sign in' }];
  }
}
