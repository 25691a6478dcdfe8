export interface NavLink {
  path: string;
  label: string;
}

export const NAV_LINKS: readonly NavLink[] = [
  { path: '/patient', label: 'Patient' },
  { path: '/therapist', label: 'Therapist' },
  { path: '/clinic', label: 'Clinic' },
  { path: '/about', label: 'About' },
  { path: '/auth', label: 'Sign in' },
];
