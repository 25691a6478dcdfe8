import { HttpErrorResponse, HttpInterceptorFn } from '@angular/common/http';
import { EnvironmentInjector, inject } from '@angular/core';
import { catchError, throwError } from 'rxjs';
import { loadNoticeCode, showNotice } from '../layout/notice';
import { describeHttpError } from './problem';
import { SKIP_ERROR_NOTICE } from './request-context';

export const errorInterceptor: HttpInterceptorFn = (req, next) => {
  const injector = inject(EnvironmentInjector);
  loadNoticeCode().catch(() => undefined);

  return next(req).pipe(
    catchError((error: unknown) => {
      if (error instanceof HttpErrorResponse && !req.context.get(SKIP_ERROR_NOTICE)) {
        showNotice(injector, describeHttpError(error));
      }
      // Callers still get the error: they decide what happens to their own state.
      return throwError(() => error);
    }),
  );
};
