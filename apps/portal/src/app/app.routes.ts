import { Routes } from '@angular/router';
import { redirectHome, roleGuard } from './core/auth/role-guard';

/**
 * `/` sends each person to their own area (signed out: sign-in). The role areas are lazy and
 * guarded with `canMatch`, so a patient's phone never downloads the therapist's plan builder.
 */
export const routes: Routes = [
  { path: '', pathMatch: 'full', redirectTo: redirectHome },
  {
    path: 'about',
    title: 'About',
    loadComponent: () => import('./about/about-page').then((m) => m.AboutPage),
  },
  { path: 'auth', loadChildren: () => import('./auth/auth.routes').then((m) => m.AUTH_ROUTES) },
  {
    path: 'patient',
    canMatch: [roleGuard('patient')],
    loadChildren: () => import('./patient/patient.routes').then((m) => m.PATIENT_ROUTES),
  },
  {
    path: 'therapist',
    // Admins manage patients too (the API lets them); only therapists write plans.
    canMatch: [roleGuard('therapist', 'admin')],
    loadChildren: () => import('./therapist/therapist.routes').then((m) => m.THERAPIST_ROUTES),
  },
  {
    path: 'clinic',
    canMatch: [roleGuard('admin')],
    loadChildren: () => import('./clinic/clinic.routes').then((m) => m.CLINIC_ROUTES),
  },
  {
    path: '**',
    title: 'Page not found',
    loadComponent: () => import('./not-found/not-found-page').then((m) => m.NotFoundPage),
  },
];
