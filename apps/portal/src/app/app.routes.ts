import { Routes } from '@angular/router';

/**
 * `/` opens About for now: until sign-in exists it is the only page with something real on it
 * (the live API and database status). Once sign-in lands, `/` becomes a guard that sends each
 * person to their own area.
 */
export const routes: Routes = [
  { path: '', pathMatch: 'full', redirectTo: 'about' },
  {
    path: 'about',
    title: 'About',
    loadComponent: () => import('./about/about-page').then((m) => m.AboutPage),
  },
  { path: 'auth', loadChildren: () => import('./auth/auth.routes').then((m) => m.AUTH_ROUTES) },
  {
    path: 'patient',
    loadChildren: () => import('./patient/patient.routes').then((m) => m.PATIENT_ROUTES),
  },
  {
    path: 'therapist',
    loadChildren: () => import('./therapist/therapist.routes').then((m) => m.THERAPIST_ROUTES),
  },
  {
    path: 'clinic',
    loadChildren: () => import('./clinic/clinic.routes').then((m) => m.CLINIC_ROUTES),
  },
  {
    path: '**',
    title: 'Page not found',
    loadComponent: () => import('./not-found/not-found-page').then((m) => m.NotFoundPage),
  },
];
