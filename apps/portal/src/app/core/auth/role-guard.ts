import { inject } from '@angular/core';
import { CanMatchFn, RedirectFunction, Router } from '@angular/router';
import type { Role } from '@rehabit/contracts';
import { AuthStore } from './auth-store';
import { homeOf } from './home';

/**
 * Lets only the given roles into a lazy area (its code is not even downloaded otherwise).
 * Signed out → sign-in, remembering where the person was going; another role → their own area.
 */
export function roleGuard(...roles: Role[]): CanMatchFn {
  return (_route, segments) => {
    const store = inject(AuthStore);
    const router = inject(Router);
    const role = store.role();
    if (role && roles.includes(role)) return true;
    if (!role) {
      const returnUrl = '/' + segments.map((segment) => segment.path).join('/');
      return router.createUrlTree(['/auth/sign-in'], { queryParams: { returnUrl } });
    }
    return router.parseUrl(homeOf(role));
  };
}

/** `/` sends each person to their own area, and signed-out visitors to sign-in. */
export const redirectHome: RedirectFunction = () =>
  inject(Router).parseUrl(homeOf(inject(AuthStore).role()));
