import { HttpErrorResponse, HttpInterceptorFn } from '@angular/common/http';
import { EnvironmentInjector, inject } from '@angular/core';
import { catchError, throwError } from 'rxjs';
import { describeHttpError } from './problem';
import { SKIP_ERROR_NOTICE } from './request-context';

const NOTICE_MS = 8000;

type SnackBarModule = typeof import('@angular/material/snack-bar');

let snackBarModule: Promise<SnackBarModule> | null = null;

/**
 * The snack bar and the CDK overlay beneath it are about 60 kB that only an error needs: they
 * are not in the initial bundle a patient's phone downloads before the first paint. The first
 * request (the session restore, at start-up) starts loading them, so a notice that the server
 * cannot be reached later still has them; a failed load is tried again on the next request.
 */
function loadSnackBar(): Promise<SnackBarModule> {
  snackBarModule ??= import('@angular/material/snack-bar').catch((error: unknown) => {
    snackBarModule = null;
    throw error;
  });
  return snackBarModule;
}

export const errorInterceptor: HttpInterceptorFn = (req, next) => {
  const injector = inject(EnvironmentInjector);
  loadSnackBar().catch(() => undefined);

  return next(req).pipe(
    catchError((error: unknown) => {
      if (error instanceof HttpErrorResponse && !req.context.get(SKIP_ERROR_NOTICE)) {
        const notice = describeHttpError(error);
        loadSnackBar().then(
          ({ MatSnackBar }) =>
            injector.get(MatSnackBar).open(notice, 'Dismiss', {
              duration: NOTICE_MS,
              politeness: 'assertive',
            }),
          // Offline with nothing loaded yet: the caller still gets the error and shows its own.
          () => undefined,
        );
      }
      // Callers still get the error: they decide what happens to their own state.
      return throwError(() => error);
    }),
  );
};
