import { Routes } from '@angular/router';

export const PATIENT_ROUTES: Routes = [
  {
    path: '',
    title: "Today's exercises",
    loadComponent: () => import('./today-page').then((m) => m.TodayPage),
  },
];
