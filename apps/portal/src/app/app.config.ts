import { provideHttpClient, withFetch, withInterceptors } from '@angular/common/http';
import {
  ApplicationConfig,
  DOCUMENT,
  inject,
  provideAppInitializer,
  provideBrowserGlobalErrorListeners,
  provideZonelessChangeDetection,
} from '@angular/core';
import {
  provideRouter,
  TitleStrategy,
  withComponentInputBinding,
  withNavigationErrorHandler,
  withPreloading,
} from '@angular/router';
import { importAreaUnlessListed, routes } from './app.routes';
import { rememberedRole } from './core/auth/last-role';
import { authInterceptor } from './core/http/auth.interceptor';
import { Session } from './core/auth/session';
import { AreaPagesPreloading } from './core/routing/area-pages-preloading';
import { openFailedPageAfresh } from './core/routing/failed-page-load';
import { errorInterceptor } from './core/http/error.interceptor';
import { PageTitleStrategy } from './core/layout/page-title-strategy';

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideZonelessChangeDetection(),
    provideRouter(
      routes,
      withComponentInputBinding(),
      withPreloading(AreaPagesPreloading),
      withNavigationErrorHandler(openFailedPageAfresh),
    ),
    { provide: TitleStrategy, useClass: PageTitleStrategy },
    // The error interceptor is outermost: it sees only the final answer, after the auth
    // interceptor has refreshed an expired token and replayed the call.
    provideHttpClient(withFetch(), withInterceptors([errorInterceptor, authInterceptor])),
    // Restore the session from the refresh cookie (the early start's answer, core/boot) before
    // the first route is matched, so the role guards and `/` know who is here; meanwhile the
    // area of whoever was here last (sign-in's when no one was) is on its way.
    provideAppInitializer(() => {
      importAreaUnlessListed(rememberedRole(), inject(DOCUMENT));
      return inject(Session).restore();
    }),
  ],
};
