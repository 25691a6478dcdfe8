import { HttpContext, HttpContextToken } from '@angular/common/http';

/** Set on calls whose 401 must not trigger a token refresh (the auth endpoints themselves). */
export const SKIP_REFRESH = new HttpContextToken<boolean>(() => false);

export function withoutRefresh(context: HttpContext = new HttpContext()): HttpContext {
  return context.set(SKIP_REFRESH, true);
}
