import { Routes } from '@angular/router';

export const PATIENT_ROUTES: Routes = [
  {
    path: '',
    title: "Today's exercises",
    loadComponent: () => import('./today-page').then((m) => m.TodayPage),
  },
  {
    path: 'log',
    title: 'Log a session',
    loadComponent: () => import('./log-session-page').then((m) => m.LogSessionPage),
  },
  {
    path: 'pain',
    title: 'Daily pain',
    loadComponent: () => import('./pain-page').then((m) => m.PainPage),
  },
  {
    path: 'questionnaire',
    title: 'Back pain questionnaire',
    loadComponent: () => import('./odi-page').then((m) => m.OdiPage),
  },
  {
    path: 'history',
    title: 'My history',
    loadComponent: () => import('./history-page').then((m) => m.HistoryPage),
  },
  {
    path: 'progress',
    title: 'My progress',
    loadComponent: () => import('./progress-page').then((m) => m.ProgressPage),
  },
];
