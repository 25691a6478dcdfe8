import { LocationStrategy } from '@angular/common';
import { DOCUMENT, EnvironmentInjector, inject } from '@angular/core';
import type { NavigationError } from '@angular/router';
import { showNotice } from '../layout/notice';

/** What Chromium, Firefox and Safari say when `import()` did not get a script. */
const SCRIPT_NOT_FETCHED =
  /Failed to fetch dynamically imported module|error loading dynamically imported module|Importing a module script failed/;

/** Where the tab last opened a page afresh, and when (kept for the tab only). */
const OPENED_AFRESH = 'rehabit.openedAfresh';
const ONE_TRY_PER_MS = 60_000;

export const PAGE_NOT_LOADED =
  'This page could not be loaded. Check your connection and try again.';

/** Whether a navigation failed because its page's code did not arrive. */
export function isScriptNotFetched(error: unknown): boolean {
  return error instanceof TypeError && SCRIPT_NOT_FETCHED.test(error.message);
}

/**
 * Whether the tab may open `href` afresh now, noting that it does. Once a minute per page: a
 * server that really lacks a file, or a link that keeps failing, is not asked in a loop. Without
 * storage a second try cannot be told from a first, so there is none.
 */
export function mayOpenAfresh(window: Window, href: string, now = Date.now()): boolean {
  try {
    // Reading sessionStorage throws where the browser keeps none for the site.
    const storage = window.sessionStorage;
    const last = lastOpenedAfresh(storage);
    if (last?.href === href && now - last.at < ONE_TRY_PER_MS) return false;
    storage.setItem(OPENED_AFRESH, JSON.stringify({ href, at: now }));
    return true;
  } catch {
    return false;
  }
}

function lastOpenedAfresh(storage: Storage): { href: string; at: number } | null {
  try {
    return JSON.parse(storage.getItem(OPENED_AFRESH) ?? 'null');
  } catch {
    return null;
  }
}

/**
 * The router's handler for a page whose code could not be fetched. Scripts are named after their
 * content, so once the portal is updated the files of the release an open tab started with are
 * gone: each page that tab had not fetched yet fails on its tap, every time, and nothing shows
 * but the page the person was on. A network that dropped the fetch does the same, and a browser
 * that keeps a failed module fetch (WebKit: whatwg/html#10327) keeps failing that page. So the
 * page is opened afresh, as a new page load of where the person was going: the current
 * release's index.html and scripts, and a fresh module map. Offline, or when that page was
 * opened afresh a moment ago, a notice says it could not be loaded.
 */
export function openFailedPageAfresh({ url, error }: NavigationError): void {
  if (!isScriptNotFetched(error)) return;
  const window = inject(DOCUMENT).defaultView;
  const href = inject(LocationStrategy).prepareExternalUrl(url);
  if (window?.navigator.onLine && mayOpenAfresh(window, href)) {
    window.location.assign(href);
    return;
  }
  showNotice(inject(EnvironmentInjector), PAGE_NOT_LOADED);
}
