import { HttpContext, HttpContextToken } from '@angular/common/http';

/**
 * Set by callers that show the failure themselves (a form beside its fields, the About page's
 * status panel), so the person does not read the same error twice.
 */
export const SKIP_ERROR_NOTICE = new HttpContextToken<boolean>(() => false);

export function withoutErrorNotice(context: HttpContext = new HttpContext()): HttpContext {
  return context.set(SKIP_ERROR_NOTICE, true);
}
