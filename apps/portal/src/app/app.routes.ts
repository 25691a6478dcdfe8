import type { LoadChildrenCallback, Routes } from '@angular/router';
import type { Role } from '@rehabit/contracts';
import { redirectHome, roleGuard } from './core/auth/role-guard';
import { type Area, areaOf, areaScripts } from './core/boot/early-start';

/** The lazy areas by their path: sign-in's, and each role's own (`homeOf(role)` is in it). */
const AREAS = {
  auth: () => import('./auth/auth.routes').then((m) => m.AUTH_ROUTES),
  patient: () => import('./patient/patient.routes').then((m) => m.PATIENT_ROUTES),
  therapist: () => import('./therapist/therapist.routes').then((m) => m.THERAPIST_ROUTES),
  clinic: () => import('./clinic/clinic.routes').then((m) => m.CLINIC_ROUTES),
} satisfies Record<Area, LoadChildrenCallback>;

/**
 * Where the build listed no scripts for the early start to preload (`ng serve`; see
 * core/boot/early-start.ts), imports the area where `role` lands while the session is being
 * restored: the browser then finds its imports. Returns that import (never failing: a fetch that
 * failed fails the router's load the same way, which shows it), or null where the build listed
 * the area.
 */
export function importAreaUnlessListed(
  role: Role | null,
  document: Document,
): Promise<unknown> | null {
  const area = areaOf(role);
  if (areaScripts(document)[area]) return null;
  return AREAS[area]().catch(() => undefined);
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
  { path: 'auth', loadChildren: AREAS.auth },
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
    loadChildren: AREAS.clinic,
  },
  {
    path: '**',
    title: 'Page not found',
    loadComponent: () => import('./not-found/not-found-page').then((m) => m.NotFoundPage),
  },
];
