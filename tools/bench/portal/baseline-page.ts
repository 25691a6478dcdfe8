import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { API_PREFIX } from '@rehabit/contracts';

/** The baseline page's own list, which its visits wait for as the portal's wait for its pages'. */
export const BASELINE_CONTENT = '[data-testid="baseline-list"] li';
export const BASELINE_PAGE = '/bench-baseline.html';

/**
 * The least a page can do to show what the portal shows: no framework, no styles, one small
 * script that restores the session from the refresh cookie and then reads, all at once, the API
 * answers the portal's page read (passed in `?get=`), and lists their items. Written into the
 * bench's copy of the portal, so the API serves it from the same origin, with the same cookie,
 * headers and caching as index.html; the script is a file of its own because the API's
 * Content-Security-Policy forbids inline scripts.
 */
export function writeBaselinePage(portalDir: string): void {
  writeFileSync(
    join(portalDir, BASELINE_PAGE.slice(1)),
    `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Rehabit baseline</title>
    <script src="/bench-baseline.js" defer></script>
  </head>
  <body>
    <h1>Rehabit</h1>
    <ol data-testid="baseline-list"></ol>
  </body>
</html>
`,
  );
  writeFileSync(
    join(portalDir, 'bench-baseline.js'),
    `(async () => {
  const gets = JSON.parse(new URLSearchParams(location.search).get('get') || '[]');
  const refreshed = await fetch('${API_PREFIX}/auth/refresh', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  const { accessToken } = await refreshed.json();
  const answers = await Promise.all(
    gets.map((url) =>
      fetch(url, { headers: { authorization: 'Bearer ' + accessToken } }).then((answer) =>
        answer.json(),
      ),
    ),
  );
  const list = document.querySelector('[data-testid="baseline-list"]');
  for (const answer of answers) {
    for (const item of answer.items || []) {
      const entry = document.createElement('li');
      entry.textContent = (item.exercise && item.exercise.name) || item.displayName || item.name || item.id;
      list.append(entry);
    }
  }
})();
`,
  );
}
