import { HttpErrorResponse, HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { MatSnackBar } from '@angular/material/snack-bar';
import { catchError, throwError } from 'rxjs';
import { AuthStore } from '../auth/auth-store';
import { describeHttpError } from './problem';
import { SKIP_ERROR_NOTICE } from './request-context';

const NOTICE_MS = 8000;

export const errorInterceptor: HttpInterceptorFn = (req, next) => {
  const snackBar = inject(MatSnackBar);
  const auth = inject(AuthStore);

  return next(req).pipe(
    catchError((error: unknown) => {
      if (error instanceof HttpErrorResponse) {
        // A 401 on a call that carried our token means the token is no longer good; keeping it
        // would make every following call fail the same way. A 401 without one (wrong password)
        // says nothing about the session.
        if (error.status === 401 && req.headers.has('Authorization')) {
          auth.clear();
        }
        if (!req.context.get(SKIP_ERROR_NOTICE)) {
          snackBar.open(describeHttpError(error), 'Dismiss', {
            duration: NOTICE_MS,
            politeness: 'assertive',
          });
        }
      }
      // Callers still get the error: they decide what happens to their own state.
      return throwError(() => error);
    }),
  );
};
