import { HttpErrorResponse, HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { MatSnackBar } from '@angular/material/snack-bar';
import { catchError, throwError } from 'rxjs';
import { describeHttpError } from './problem';
import { SKIP_ERROR_NOTICE } from './request-context';

const NOTICE_MS = 8000;

export const errorInterceptor: HttpInterceptorFn = (req, next) => {
  const snackBar = inject(MatSnackBar);

  return next(req).pipe(
    catchError((error: unknown) => {
      if (error instanceof HttpErrorResponse) {
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
