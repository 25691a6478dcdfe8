import { Routes } from '@angular/router';
import { CaseloadPage } from './caseload-page';

export const THERAPIST_ROUTES: Routes = [
  // The caseload comes with the area's own chunk, as the patient's today page does with theirs.
  { path: '', title: 'Patients', component: CaseloadPage },
  {
    path: 'patients/new',
    title: 'Add patient',
    loadComponent: () => import('./add-patient-page').then((m) => m.AddPatientPage),
  },
  {
    path: 'patients/:id',
    title: 'Patient',
    loadComponent: () => import('./patient-page').then((m) => m.PatientPage),
  },
  {
    path: 'patients/:id/plans/new',
    title: 'New plan',
    loadComponent: () => import('./plan-builder-page').then((m) => m.PlanBuilderPage),
  },
  {
    path: 'plans/:planId/revise',
    title: 'Revise plan',
    loadComponent: () => import('./plan-builder-page').then((m) => m.PlanBuilderPage),
  },
];
