import type { Injector } from '@angular/core';

const NOTICE_MS = 8000;

type SnackBarModule = typeof import('@angular/material/snack-bar');

let snackBarModule: Promise<SnackBarModule> | null = null;

/**
 * The snack bar and the CDK overlay beneath it are about 60 kB that only a notice needs: they
 * are not in the initial bundle a patient's phone downloads before the first paint. The first
 * request (the session restore, at start-up) starts loading them, so a notice that the server
 * cannot be reached later still has them; a failed load is tried again on the next request or
 * notice.
 */
export function loadNoticeCode(): Promise<SnackBarModule> {
  snackBarModule ??= import('@angular/material/snack-bar').catch((error: unknown) => {
    snackBarModule = null;
    throw error;
  });
  return snackBarModule;
}

/** Tells the person something went wrong, in a notice screen readers announce at once. */
export function showNotice(injector: Injector, message: string): void {
  loadNoticeCode().then(
    ({ MatSnackBar }) =>
      injector.get(MatSnackBar).open(message, 'Dismiss', {
        duration: NOTICE_MS,
        politeness: 'assertive',
      }),
    // Offline with nothing loaded yet: whoever asked still shows the failure in its own way.
    () => undefined,
  );
}
