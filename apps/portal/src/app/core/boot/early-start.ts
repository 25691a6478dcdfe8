import type { Role } from '@rehabit/contracts';
import { homeOf } from '../auth/home';
import { apiUrl } from '../http/api-url';

// What the portal starts before Angular has arrived (src/boot.ts, built as the page's first,
// smallest script): on a phone's mobile connection the initial scripts take over a second, and
// the first screen needs two things that do not need them: the session from the refresh cookie,
// and the code of the area it lands in. Framework-free on purpose: nothing here may pull Angular
// into that script.

/** The lazy areas, each by the first segment of its path (`homeOf(role)` is in one). */
export type Area = 'auth' | 'patient' | 'therapist' | 'clinic';

export function areaOf(role: Role | null): Area {
  return homeOf(role).split('/')[1] as Area;
}

/**
 * Each area's scripts as the build listed them in index.html (tools/build/preload.mjs), as JSON
 * the page never executes; none under `ng serve`.
 */
export function areaScripts(document: Document): Partial<Record<Area, string[]>> {
  try {
    return JSON.parse(document.getElementById('area-scripts')?.textContent ?? '{}');
  } catch {
    return {};
  }
}

/**
 * Starts fetching every script of the area where `role` lands (no role: sign-in's), all at once.
 * The router's load later takes what the browser already has or is fetching. Where the build
 * listed none, the app imports the area module itself (importAreaUnlessListed, app.routes.ts).
 */
export function preloadArea(role: Role | null, document: Document): void {
  for (const script of areaScripts(document)[areaOf(role)] ?? []) {
    const link = document.createElement('link');
    link.rel = 'modulepreload';
    link.href = script;
    document.head.append(link);
  }
}

/** Where the early refresh waits for the app (a property of the page, shared by both scripts). */
const EARLY_REFRESH = Symbol.for('rehabit.earlyRefresh');
type EarlyRefreshHolder = { [EARLY_REFRESH]?: Promise<Response> };

/**
 * Asks the API for a session from the refresh cookie now, for the app to take on start instead
 * of asking itself. Exactly one of the two asks: a refresh token presented twice revokes its
 * whole family, as a stolen one would.
 */
export function startEarlyRefresh(page: object): void {
  const request = fetch(apiUrl('/auth/refresh'), {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: '{}',
  });
  // Whoever takes it handles a failure; until then it is no unhandled rejection.
  request.catch(() => undefined);
  (page as EarlyRefreshHolder)[EARLY_REFRESH] = request;
}

/** The early refresh's answer, once: later calls, and a page without one, get undefined. */
export function takeEarlyRefresh(page: object): Promise<Response> | undefined {
  const holder = page as EarlyRefreshHolder;
  const request = holder[EARLY_REFRESH];
  delete holder[EARLY_REFRESH];
  return request;
}
