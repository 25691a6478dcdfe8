import { API_PREFIX } from '@rehabit/contracts';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { openPage, type OpenedPage, type StorageState } from './support/browser';
import { environment } from './support/environment';
import { WORKSPACE_ROOT } from './support/paths';

/** esbuild's metafile, which the portal's production build writes (statsJson). */
interface BuildStats {
  outputs: Record<
    string,
    {
      bytes: number;
      entryPoint?: string;
      imports: Array<{ path: string; kind: string }>;
      inputs: Record<string, unknown>;
    }
  >;
}

const STATS = join(WORKSPACE_ROOT, 'dist/apps/portal/stats.json');
const BROWSER_DIR = join(WORKSPACE_ROOT, 'dist/apps/portal/browser');
const INITIAL_BUDGET_BYTES = 500 * 1000;
/** Chart.js, its Angular binding and colour helper, and the portal's own chart components. */
const CHART_CODE = /node_modules\/(chart\.js|ng2-charts|@kurkle\/color)\/|\/shared\/charts\//;
/** The error notice's snack bar and the CDK overlay under it: loaded beside the first request. */
const NOTICE_CODE =
  /node_modules\/@angular\/(material\/fesm2022\/snack-bar|cdk\/fesm2022\/_overlay)/;

/**
 * What a first visit downloads: main.js, everything it imports statically, the early start
 * (polyfills.js, src/boot.ts) and the global styles. Lazy route chunks (dynamic imports) are
 * left out.
 */
function initialFiles(stats: BuildStats): string[] {
  const main = Object.keys(stats.outputs).find(
    (file) => stats.outputs[file].entryPoint === 'apps/portal/src/main.ts',
  );
  if (!main) throw new Error(`no main entry in ${STATS}`);
  const initial = new Set<string>([main, ...staticImports(stats, main)]);
  for (const file of Object.keys(stats.outputs))
    if (/^(styles-.*\.css|polyfills-.*\.js)$/.test(file)) initial.add(file);
  return [...initial];
}

/** What `file` imports statically, directly or through others. */
function staticImports(stats: BuildStats, file: string): Set<string> {
  const found = new Set<string>();
  const pending = [file];
  for (let next = pending.pop(); next; next = pending.pop()) {
    for (const imported of stats.outputs[next].imports) {
      if (imported.kind !== 'import-statement' || found.has(imported.path)) continue;
      found.add(imported.path);
      pending.push(imported.path);
    }
  }
  return found;
}

/**
 * A new patient's phone after their first visit: a clinic, the patient invited by its admin and
 * signed in on the phone, which has opened today's page once. The phone's cookie and storage.
 */
async function patientPhone(label: string): Promise<StorageState> {
  const { api, browser } = environment();
  const password = 'a long enough password for Rehabit';
  const call = async <T>(path: string, body: unknown, token?: string): Promise<T> => {
    const response = await fetch(`${api.baseUrl}${API_PREFIX}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify(body),
    });
    expect(response.status).withContext(path).toBeLessThan(300);
    return (await response.json()) as T;
  };
  const suffix = randomUUID().slice(0, 8);
  const adminEmail = `admin-${suffix}@${label}.rehabit.test`;
  await call('/clinics', {
    name: `${label} clinic`,
    timezone: 'Europe/Berlin',
    admin: { email: adminEmail, password, displayName: 'Ada Admin' },
  });
  const admin = await call<{ accessToken: string }>('/auth/login', {
    email: adminEmail,
    password,
  });
  const patient = await call<{ invitation: { token: string } }>(
    '/patients',
    { email: `patient-${suffix}@${label}.rehabit.test`, displayName: 'Pat', timezone: 'UTC' },
    admin.accessToken,
  );
  const opened = await openPage(browser, api.baseUrl);
  try {
    const accepted = await opened.page
      .context()
      .request.post(`${API_PREFIX}/auth/invitations/accept`, {
        data: { token: patient.invitation.token, password },
      });
    expect(accepted.status()).toBe(200);
    await opened.page.goto('/');
    await opened.page.getByRole('heading', { level: 1, name: "Today's exercises" }).waitFor();
    return await opened.page.context().storageState();
  } finally {
    await opened.close();
  }
}

/**
 * Every request the page sends, and when each path was first requested and first answered, on
 * Chromium's clock (seconds).
 */
async function requestTimes(page: Page) {
  const network = await page.context().newCDPSession(page);
  await network.send('Network.enable');
  const paths = new Map<string, string>();
  const sentAt = new Map<string, number>();
  const sent: string[] = [];
  const answeredAt = new Map<string, number>();
  network.on('Network.requestWillBeSent', ({ requestId, request, timestamp }) => {
    const path = new URL(request.url).pathname;
    paths.set(requestId, path);
    sent.push(`${request.method} ${path}`);
    if (!sentAt.has(path)) sentAt.set(path, timestamp);
  });
  network.on('Network.responseReceived', ({ requestId, timestamp }) => {
    const path = paths.get(requestId);
    if (path && !answeredAt.has(path)) answeredAt.set(path, timestamp);
  });
  return { network, sent, sentAt, answeredAt };
}

describe('portal production bundle (from the build stats)', () => {
  const stats = JSON.parse(readFileSync(STATS, 'utf8')) as BuildStats;
  const initial = initialFiles(stats);

  it(`keeps the initial download under ${INITIAL_BUDGET_BYTES / 1000} kB raw`, () => {
    const bytes = initial.reduce((sum, file) => sum + stats.outputs[file].bytes, 0);
    console.log(`Initial bundle: ${(bytes / 1000).toFixed(1)} kB raw in ${initial.length} files`);
    expect(bytes).toBeLessThanOrEqual(INITIAL_BUDGET_BYTES);
  });

  it('lets the browser fetch every initial script at once (a modulepreload for each)', () => {
    const index = readFileSync(join(BROWSER_DIR, 'index.html'), 'utf8');
    const preloaded = [...index.matchAll(/<link rel="modulepreload" href="([^"]+)"/g)].map(
      (match) => match[1],
    );
    // main.js and polyfills.js have script tags of their own.
    const imported = initial.filter((file) => /^chunk-.*\.js$/.test(file));
    // More than Angular's own ten, or this would pass without tools/build/preload.mjs.
    expect(imported.length).toBeGreaterThan(10);
    expect([...preloaded].sort()).toEqual([...imported].sort());
  });

  it('loads chart code only with the pages that draw charts', () => {
    const chartFiles = Object.keys(stats.outputs).filter((file) =>
      Object.keys(stats.outputs[file].inputs).some((input) => CHART_CODE.test(input)),
    );
    // Charts are in the build at all, or this check would pass for the wrong reason.
    expect(chartFiles.length).toBeGreaterThan(0);
    expect(chartFiles.filter((file) => initial.includes(file))).toEqual([]);
  });

  it('loads the error notice (snack bar, overlay) after the first paint', () => {
    const noticeFiles = Object.keys(stats.outputs).filter((file) =>
      Object.keys(stats.outputs[file].inputs).some((input) => NOTICE_CODE.test(input)),
    );
    expect(noticeFiles.length).toBeGreaterThan(0);
    expect(noticeFiles.filter((file) => initial.includes(file))).toEqual([]);
  });
});

describe('portal production bundle (as the API serves it)', () => {
  const stats = JSON.parse(readFileSync(STATS, 'utf8')) as BuildStats;
  const initial = initialFiles(stats);
  /** The paths of the chunks built from the entry points `pattern` matches. */
  const chunkOf = (pattern: RegExp) =>
    Object.keys(stats.outputs)
      .filter((file) => pattern.test(stats.outputs[file].entryPoint ?? ''))
      .map((file) => `/${file}`);
  /** A chunk's path and the paths of what it imports statically. */
  const withImports = (chunk: string) => [
    chunk,
    ...[...staticImports(stats, chunk.slice(1))].map((file) => `/${file}`),
  ];

  it('sends every initial file the build compressed as its brotli copy', async () => {
    const { api } = environment();
    let raw = 0;
    let sent = 0;
    for (const file of initial) {
      const compressed = existsSync(join(BROWSER_DIR, `${file}.br`));
      // fetch decodes the answer; the header and the length say what went over the wire.
      const response = await fetch(`${api.baseUrl}/${file}`, {
        headers: { 'accept-encoding': 'br' },
      });
      expect(response.status).withContext(file).toBe(200);
      expect(response.headers.get('content-encoding'))
        .withContext(file)
        .toBe(compressed ? 'br' : null);
      expect(Number(response.headers.get('content-length')))
        .withContext(file)
        .toBe(statSync(join(BROWSER_DIR, compressed ? `${file}.br` : file)).size);
      expect(await response.text())
        .withContext(file)
        .toBe(readFileSync(join(BROWSER_DIR, file), 'utf8'));
      raw += statSync(join(BROWSER_DIR, file)).size;
      sent += Number(response.headers.get('content-length'));
    }
    console.log(
      `Initial bundle: ${(raw / 1000).toFixed(1)} kB raw, ${(sent / 1000).toFixed(1)} kB sent with brotli`,
    );
    // The build skips only files compression would not shrink; most of the bytes must shrink.
    expect(sent).toBeLessThan(raw / 3);
  });

  describe('in the browser', () => {
    let opened: OpenedPage;

    afterEach(async () => {
      await opened?.close();
    });

    it('asks for a returning patient’s session and fetches their area while the scripts download', async () => {
      const { api, browser } = environment();
      const phone = await patientPhone('preload');

      // Today, after an update: the same cookie and storage, none of the new scripts cached, and
      // every request a tenth of a second away.
      opened = await openPage(browser, api.baseUrl, { storageState: phone });
      const { page } = opened;
      const { network, sent, sentAt, answeredAt } = await requestTimes(page);
      await network.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: 100,
        // 1.6 Mbit/s, a phone's: Angular's core takes its time, the early start does not.
        downloadThroughput: 200_000,
        uploadThroughput: -1,
      });
      await page.goto('/');
      await page.getByRole('heading', { level: 1, name: "Today's exercises" }).waitFor();

      // The session is asked for once, by the early start (src/boot.ts), while the scripts
      // download: a second ask would present the same refresh token and end the sign-in.
      const refreshes = sent.filter((request) => request === `POST ${API_PREFIX}/auth/refresh`);
      expect(refreshes.length).toBe(1);
      const largestInitial = initial
        .filter((file) => file.endsWith('.js'))
        .sort((a, b) => stats.outputs[b].bytes - stats.outputs[a].bytes)[0];
      expect(sentAt.get(`${API_PREFIX}/auth/refresh`))
        .withContext(`the refresh leaves before ${largestInitial} (Angular's core) has arrived`)
        .toBeLessThan(answeredAt.get(`/${largestInitial}`) ?? -Infinity);

      // The patient area's own chunk and every chunk it imports that the start did not load.
      const areaEntry = Object.keys(stats.outputs).find(
        (file) =>
          stats.outputs[file].entryPoint === 'apps/portal/src/app/patient/patient.routes.ts',
      ) as string;
      const areaScripts = [areaEntry, ...staticImports(stats, areaEntry)].filter(
        (file) => !initial.includes(file),
      );
      expect(areaScripts.length).toBeGreaterThan(1);
      // All requested at once, before the session is restored: none waits for the refresh
      // answer, and none for the area's own chunk to arrive and name its imports.
      const refreshed = answeredAt.get(`${API_PREFIX}/auth/refresh`) ?? -Infinity;
      const areaArrived = answeredAt.get(`/${areaEntry}`) ?? -Infinity;
      for (const script of areaScripts) {
        expect(sentAt.get(`/${script}`))
          .withContext(script)
          .toBeLessThan(refreshed);
        expect(sentAt.get(`/${script}`))
          .withContext(script)
          .toBeLessThan(areaArrived);
      }
      expect(opened.errors).toEqual([]);
    });

    it('fetches a patient’s other pages once today’s page has its answers, and no other area', async () => {
      const { api, browser } = environment();
      const phone = await patientPhone('pages');
      opened = await openPage(browser, api.baseUrl, { storageState: phone });
      const { page } = opened;
      const { sentAt, answeredAt } = await requestTimes(page);
      await page.goto('/');
      await page.getByRole('heading', { level: 1, name: "Today's exercises" }).waitFor();

      // The patient's lazy pages (today's is part of the area's chunk).
      const pages = chunkOf(/^apps\/portal\/src\/app\/patient\/.*-page\.ts$/);
      expect(pages.length).toBeGreaterThanOrEqual(5);
      // Each page's chunk and what it imports, which the browser asks for once the chunk is in.
      const pageScripts = pages.flatMap(withImports);
      const deadline = Date.now() + 15_000;
      while (pageScripts.some((script) => !answeredAt.has(script)) && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 100));
      const todayAnswered = answeredAt.get(`${API_PREFIX}/patients/me/today`) ?? Infinity;
      for (const chunk of pages) {
        expect(answeredAt.has(chunk)).withContext(`${chunk} fetched`).toBeTrue();
        expect(sentAt.get(chunk))
          .withContext(`${chunk} after today's answer`)
          .toBeGreaterThan(todayAnswered);
      }
      const otherAreas = chunkOf(/^apps\/portal\/src\/app\/(therapist|clinic|auth)\//);
      expect(otherAreas.length).toBeGreaterThan(5);
      expect([...sentAt.keys()].filter((path) => otherAreas.includes(path))).toEqual([]);

      // The next tap waits for none of its page's scripts.
      const [painPage] = chunkOf(/\/patient\/pain-page\.ts$/);
      const painScripts = withImports(painPage);
      const sentBefore = new Set(sentAt.keys());
      await page.getByRole('link', { name: "Record today's pain" }).click();
      await page.getByRole('heading', { level: 1, name: 'How is your pain today?' }).waitFor();
      expect(painScripts.filter((script) => !sentBefore.has(script))).toEqual([]);
      expect(opened.errors).toEqual([]);
    });

    /**
     * A patient's phone open on today's page since before an update: the server no longer has
     * the pain page's script of the release the page started with (answered as it answers any
     * file it lacks) for as many page loads as `goneForLoads`. Taps "Record today's pain".
     */
    async function tapPainAfterUpdate(goneForLoads: number) {
      const { api, browser } = environment();
      const phone = await patientPhone('update');
      opened = await openPage(browser, api.baseUrl, { storageState: phone });
      const { page } = opened;
      const [painPage] = chunkOf(/\/patient\/pain-page\.ts$/);
      const loads: string[] = [];
      page.on('request', (request) => {
        if (request.resourceType() === 'document') loads.push(new URL(request.url()).pathname);
      });
      await page.route(`**${painPage}`, (route) =>
        loads.length <= goneForLoads
          ? route.continue({ url: `${api.baseUrl}/chunk-EARLIER1.js` })
          : route.continue(),
      );
      await page.goto('/');
      await page.getByRole('heading', { level: 1, name: "Today's exercises" }).waitFor();
      // The pages fetched ahead, the pain page's failing quietly.
      await page.waitForLoadState('networkidle');
      await page.getByRole('link', { name: "Record today's pain" }).click();
      // Chromium logs the refused script, and the router the failed navigation.
      const forgetScriptNotFetched = () => {
        opened.forgetErrors('status of 404');
        opened.forgetErrors(
          `Failed to fetch dynamically imported module: ${api.baseUrl}${painPage}`,
        );
      };
      return { page, loads, forgetScriptNotFetched };
    }

    it('opens a page whose script is gone after an update afresh, from the new release', async () => {
      const { page, loads, forgetScriptNotFetched } = await tapPainAfterUpdate(1);
      await page.getByRole('heading', { level: 1, name: 'How is your pain today?' }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/patient/pain');
      expect(loads).toEqual(['/', '/patient/pain']);
      forgetScriptNotFetched();
      expect(opened.errors).toEqual([]);
    });

    it('opens it afresh once, then says it could not be loaded', async () => {
      const { page, loads, forgetScriptNotFetched } = await tapPainAfterUpdate(Infinity);
      await page.getByText('This page could not be loaded').waitFor();
      // Long enough for a third page load to have started, were there one.
      await page.waitForLoadState('networkidle');
      expect(loads).toEqual(['/', '/patient/pain']);
      await expectAsync(page.getByRole('link', { name: 'Today' }).isVisible()).toBeResolvedTo(true);
      forgetScriptNotFetched();
      expect(opened.errors).toEqual([]);
    });

    it('arrives compressed, and a second visit loads the scripts from the browser’s cache', async () => {
      const { api, browser } = environment();
      opened = await openPage(browser, api.baseUrl);
      const { page } = opened;
      // Chromium's own account of where each answer came from: the server or its cache.
      const network = await page.context().newCDPSession(page);
      await network.send('Network.enable');
      const servedFromCache = new Set<string>();
      const fromServer = new Map<string, Record<string, string>>();
      network.on('Network.requestServedFromCache', ({ requestId }) =>
        servedFromCache.add(requestId),
      );
      network.on('Network.responseReceived', ({ requestId, response }) => {
        if (response.fromDiskCache || servedFromCache.has(requestId)) return;
        const headers = Object.fromEntries(
          Object.entries(response.headers).map(([name, value]) => [name.toLowerCase(), value]),
        );
        fromServer.set(new URL(response.url).pathname, headers);
      });

      await page.goto('/');
      await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
      // And the pages fetched ahead once sign-in is there (sign-up, an invitation's page).
      await page.waitForLoadState('networkidle');
      const scripts = [...fromServer.keys()].filter((path) => path.endsWith('.js'));
      expect(scripts).toContain(jasmine.stringMatching(/^\/main-[A-Z0-9]{8}\.js$/));
      for (const path of scripts) {
        const headers = fromServer.get(path) as Record<string, string>;
        // Chromium offers brotli only over https; from this plain-http server it takes gzip.
        if (existsSync(join(BROWSER_DIR, `${path}.gz`)))
          expect(['br', 'gzip']).withContext(path).toContain(headers['content-encoding']);
        else expect(headers['content-encoding']).withContext(path).toBeUndefined();
        expect(headers['cache-control'])
          .withContext(path)
          .toBe('public, max-age=31536000, immutable');
      }

      // Opening the portal again (a new page load, as from the home screen) fetches no script
      // from the server: each is still fresh in the browser's cache.
      fromServer.clear();
      await page.goto('/auth/sign-in');
      await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
      expect(fromServer.has('/auth/sign-in')).toBeTrue();
      expect([...fromServer.keys()].filter((path) => path.endsWith('.js'))).toEqual([]);
      expect(opened.errors).toEqual([]);
    });
  });
});
