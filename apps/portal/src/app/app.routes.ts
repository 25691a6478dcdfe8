import type { LoadChildrenCallback, Routes } from '@angular/router';
import type { Role } from '@rehabit/contracts';
import { homeOf } from './core/auth/auth-store';
import { redirectHome, roleGuard } from './core/auth/role-guard';

/** The lazy areas by their path: sign-in's, and each role's own (`homeOf(role)` is in it). */
const AREAS = {
  auth: () => import('./auth/auth.routes').then((m) => m.AUTH_ROUTES),
  patient: () => import('./patient/patient.routes').then((m) => m.PATIENT_ROUTES),
  therapist: () => import('./therapist/therapist.routes').then((m) => m.THERAPIST_ROUTES),
  clinic: () => import('./clinic/clinic.routes').then((m) => m.CLINIC_ROUTES),
} satisfies Record<string, LoadChildrenCallback>;
type Area = keyof typeof AREAS;

/**
 * Starts fetching the area where `role` lands before the router asks for it (see last-role.ts;
 * no role: sign-in's): every script of it at once, as listed by the build in index.html
 * (tools/build/preload.mjs), or where there is no list (`ng serve`) the area's own module, whose
 * imports the browser then finds. The router's load takes what the browser already has or is
 * fetching; a fetch that failed fails the router's load the same way, which shows it.
 */
export function fetchAreaOf(role: Role | null, document: Document): void {
  const area = homeOf(role).split('/')[1] as Area;
  const scripts = areaScripts(document)[area];
  if (!scripts) {
    AREAS[area]().catch(() => undefined);
    return;
  }
  for (const script of scripts) {
    const link = document.createElement('link');
    link.rel = 'modulepreload';
    link.href = script;
    document.head.append(link);
  }
}

function areaScripts(document: Document): Partial<Record<Area, string[]>> {
  try {
    return JSON.parse(document.getElementById('area-scripts')?.textContent ?? '{}');
  } catch {
    return {};
  }
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
