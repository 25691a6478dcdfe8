import { HttpErrorResponse, HttpInterceptorFn, HttpRequest } from '@angular/common/http';
import { inject } from '@angular/core';
import { Router } from '@angular/router';
import { catchError, switchMap, throwError } from 'rxjs';
import { AuthStore } from '../auth/auth-store';
import { SKIP_REFRESH } from '../auth/refresh-context';
import { Session } from '../auth/session';
import { isApiUrl } from './api-url';

function withToken<T>(req: HttpRequest<T>, token: string | null): HttpRequest<T> {
  return token ? req.clone({ setHeaders: { Authorization: `Bearer ${token}` } }) : req;
}

/**
 * Sends the access token to our API (never elsewhere). When the API answers 401 to a call that
 * carried one, the token has expired or been revoked: the interceptor refreshes it once from the
 * httpOnly cookie and replays the call; if that fails, the session is over and sign-in opens.
 */
export const authInterceptor: HttpInterceptorFn = (req, next) => {
  const store = inject(AuthStore);
  const token = store.accessToken();
  if (!token || !isApiUrl(req.url) || req.headers.has('Authorization')) {
    return next(req);
  }
  const session = inject(Session);
  const router = inject(Router);
  return next(withToken(req, token)).pipe(
    catchError((error: unknown) => {
      if (
        !(error instanceof HttpErrorResponse) ||
        error.status !== 401 ||
        req.context.get(SKIP_REFRESH)
      ) {
        return throwError(() => error);
      }
      return session.refresh().pipe(
        switchMap((renewed) => {
          if (!renewed) {
            void router.navigate(['/auth/sign-in'], {
              queryParams: { returnUrl: router.url },
            });
            return throwError(() => error);
          }
          return next(withToken(req, renewed.accessToken));
        }),
      );
    }),
  );
};
