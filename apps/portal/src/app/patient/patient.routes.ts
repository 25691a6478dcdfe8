import { Routes } from '@angular/router';
import { TodayPage } from './today-page';

export const PATIENT_ROUTES: Routes = [
  // The page a patient opens the portal for comes with the area's own chunk: loaded on its own,
  // it was one more round trip before today's exercises showed (docs/PERFORMANCE.md, the portal
  // on a phone).
  { path: '', title: "Today's exercises", component: TodayPage },
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
