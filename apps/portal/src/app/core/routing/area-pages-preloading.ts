import { ApplicationRef, DOCUMENT, inject, Injectable } from '@angular/core';
import type { PreloadingStrategy, Route } from '@angular/router';
import { catchError, EMPTY, from, type Observable, switchMap } from 'rxjs';

/** The Network Information API's Data Saver flag (Chromium's, so not in TypeScript's DOM). */
interface DataSaver {
  connection?: { saveData?: boolean };
}

/**
 * Once the page someone opened has what they came for, fetches the code of the other pages they
 * can reach from it, so that the next tap (the session form, a patient's record) waits for no
 * script on a phone: there each lazy page was one or two round trips of half a second
 * (docs/PERFORMANCE.md, the portal on a phone).
 *
 * - Only pages (`loadComponent`): an area (`loadChildren`) is fetched when its role guard lets
 *   someone in, never ahead, so a patient's phone never downloads the therapist's plan builder.
 *   The router offers an area's pages only once the area is loaded, so these are the pages of
 *   the area someone is in, and the two outside any area (about, not found).
 * - Not before the application is stable (no request or navigation pending): the page's own
 *   answers come first on a slow link.
 * - Not with Data Saver on: the phone's owner asked for no bytes they did not ask for.
 * - Not offline; and a page whose fetch fails is left for the tap to load (the router tries
 *   again then), rather than ending the router's preloading for the rest of the visit.
 */
@Injectable({ providedIn: 'root' })
export class AreaPagesPreloading implements PreloadingStrategy {
  private readonly app = inject(ApplicationRef);
  private readonly navigator = inject(DOCUMENT).defaultView?.navigator as
    (Navigator & DataSaver) | undefined;

  preload(route: Route, load: () => Observable<unknown>): Observable<unknown> {
    if (!route.loadComponent || route.loadChildren || this.offlineOrSavingData()) return EMPTY;
    return from(this.app.whenStable()).pipe(
      switchMap(() => (this.offlineOrSavingData() ? EMPTY : load())),
      catchError(() => EMPTY),
    );
  }

  private offlineOrSavingData(): boolean {
    return this.navigator?.onLine === false || !!this.navigator?.connection?.saveData;
  }
}
