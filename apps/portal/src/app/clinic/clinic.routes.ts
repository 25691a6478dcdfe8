import { Routes } from '@angular/router';

export const CLINIC_ROUTES: Routes = [
  { path: '', pathMatch: 'full', redirectTo: 'staff' },
  {
    path: 'dashboard',
    title: 'Clinic dashboard',
    loadComponent: () => import('./dashboard-page').then((m) => m.DashboardPage),
  },
  {
    path: 'staff',
    title: 'Staff',
    loadComponent: () => import('./staff-page').then((m) => m.StaffPage),
  },
  {
    path: 'audit',
    title: 'Audit trail',
    loadComponent: () => import('./audit-page').then((m) => m.AuditPage),
  },
  {
    path: 'settings',
    title: 'Clinic settings',
    loadComponent: () => import('./clinic-settings-page').then((m) => m.ClinicSettingsPage),
  },
];
