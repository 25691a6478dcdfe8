import { Routes } from '@angular/router';

export const AUTH_ROUTES: Routes = [
  { path: '', pathMatch: 'full', redirectTo: 'sign-in' },
  {
    path: 'sign-in',
    title: 'Sign in',
    loadComponent: () => import('./sign-in-page').then((m) => m.SignInPage),
  },
  {
    path: 'sign-up',
    title: 'Sign up your clinic',
    loadComponent: () => import('./clinic-sign-up-page').then((m) => m.ClinicSignUpPage),
  },
  {
    path: 'invitation',
    title: 'Accept invitation',
    loadComponent: () => import('./invitation-page').then((m) => m.InvitationPage),
  },
];
