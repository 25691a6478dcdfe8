import type { LoadChildrenCallback, Routes } from '@angular/router';
import type { Role } from '@rehabit/contracts';
import { redirectHome, roleGuard } from './core/auth/role-guard';

/** Each role's own area (its landing page is `homeOf(role)`), loaded when first matched. */
const AREAS = {
  patient: () => import('./patient/patient.routes').then((m) => m.PATIENT_ROUTES),
  therapist: () => import('./therapist/therapist.routes').then((m) => m.THERAPIST_ROUTES),
  admin: () => import('./clinic/clinic.routes').then((m) => m.CLINIC_ROUTES),
} satisfies Record<Role, LoadChildrenCallback>;

/**
 * Starts fetching a role's area before the router asks for it (see last-role.ts). The router's
 * own load then takes the module the browser already has, or is fetching; if this fetch fails,
 * the router's fails the same way and shows it.
 */
export function fetchAreaOf(role: Role | null): void {
  if (role) AREAS[role]().catch(() => undefined);
}

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
    loadChildren: AREAS.patient,
  },
  {
    path: 'therapist',
    // Admins manage patients too (the API lets them); only therapists write plans.
    canMatch: [roleGuard('therapist', 'admin')],
    loadChildren: AREAS.therapist,
  },
  {
    path: 'clinic',
    canMatch: [roleGuard('admin')],
    loadChildren: AREAS.admin,
  },
  {
    path: '**',
    title: 'Page not found',
    loadComponent: () => import('./not-found/not-found-page').then((m) => m.NotFoundPage),
  },
];
