import { Routes } from '@angular/router';
import { AreaPlaceholder } from '../shared/area-placeholder';

export const AUTH_ROUTES: Routes = [
  {
    path: '',
    title: 'Sign in',
    component: AreaPlaceholder,
    data: {
      heading: 'Sign in',
      intro:
        'Signing in is not available yet. Clinic staff will sign in with their email and ' +
        'password; patients will join through the one-time invitation link their therapist sends.',
      planned: [
        'Sign in for therapists, clinic administrators and patients',
        'Accepting an invitation and choosing a password',
        'Registering a new clinic',
      ],
    },
  },
];
