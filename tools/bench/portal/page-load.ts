/**
 * `npm run bench:portal`: how long a patient's phone waits for today's exercises, and a
 * therapist's for their caseload, when they open the portal. The API's production build serves
 * the production portal on a database seeded through the API; Chromium (playwright-core, the
 * system browser) opens it as a mid-range Android phone on Lighthouse's mobile network (below),
 * already signed in (the refresh cookie and local storage of an earlier visit), each page with
 * an empty cache (first visit of the day after an update) and again with the cache the first
 * left (every other day). Beside each visit, the same person opens a framework-free baseline page
 * that reads the same API answers as early as a page can (baseline-page.ts): the ratio is what
 * the portal's code and waterfall cost on top of the round trips no page avoids.
 *
 *   --rounds N     measured visits of each page per cache state (default 5), alternating
 *   --no-build     use the API and portal builds already there
 *   --no-https     the browser talks to the API itself, over plain http (HTTP/1.1, gzip), as
 *                  on a clinic's own network; by default through a TLS proxy speaking HTTP/2
 *                  (tls-proxy.ts), as docs/SECURITY.md has production run
 *   --proxy caddy  that proxy is Caddy (on PATH), as docker-compose.yml runs it; default node
 *   --waterfall    print every request of each person's first measured visits
 *   --cpu N        CPU slowdown (default 4, Lighthouse's mobile); --latency MS, --down KBPS
 *   --read MS      how long a person reads the landing page before the next tap (default 4000)
 *
 * Prints per page first contentful paint, largest contentful paint, when the content showed,
 * requests and bytes; then how long each next tap on the portal takes to show what it was for
 * (a patient opening the session form and saving a session, a therapist opening a patient);
 * writes the raw visits to tools/bench/results/portal-*.json.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { API_PREFIX } from '@rehabit/contracts';
import { devices, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { launchBrowser, type StorageState } from '../../../apps/portal-e2e/src/support/browser';
import { apiEnv } from '../api/api-env';
import { compileApi } from '../api/compile';
import { nextAddress } from '../api/http';
import { PORTAL_BUILD, RESULTS_DIR, WORKSPACE_ROOT } from '../api/paths';
import { freePort, startServer, type Server } from '../api/processes';
import { BENCH_PASSWORD, seed, type SeedSize } from '../api/seed';
import { fixed, spread, table } from '../api/stats';
import { BASELINE_CONTENT, BASELINE_PAGE, writeBaselinePage } from './baseline-page';
import { type ProxyKind, startTlsProxy, type TlsProxy } from './tls-proxy';

const WORK_DIR = join(WORKSPACE_ROOT, 'tmp/bench/portal');
const PHONE = devices['Galaxy A55'];

/** A caseload's first page full, and a patient with a plan due today and weeks of history. */
const SEED: SeedSize = { historyPatients: 50, readerDays: 28, otherDays: 7, loginAccounts: 0 };

/**
 * A tap a person makes once the landing page is there, and what on the next screen says it has
 * what they tapped for; `first` is clicked before it, untimed (ticking an exercise).
 */
interface Step {
  name: string;
  first?: string;
  tap: string;
  shows: string;
}

/**
 * Each person's landing page, what on it says the page has what they came for, and what they do
 * next on the portal: a patient logs the day's session, a therapist opens a patient.
 */
const PEOPLE: readonly { role: 'patient' | 'therapist'; content: string; steps: Step[] }[] = [
  {
    role: 'patient',
    content: '[data-testid="today-list"] li',
    steps: [
      {
        name: 'session form',
        tap: '[data-testid="log-session-link"]',
        shows: '[data-testid="log-item"]',
      },
      {
        name: 'session saved',
        first: '[data-testid="log-item"] input[type="checkbox"]',
        tap: '[data-testid="save-session"]',
        shows: '[data-testid="session-saved"]',
      },
    ],
  },
  {
    role: 'therapist',
    content: '[data-testid="adherence"]',
    steps: [
      {
        name: 'patient and plan',
        tap: '[data-testid="caseload"] tbody a',
        shows: '[data-testid="plan"]',
      },
    ],
  },
];
type Role = (typeof PEOPLE)[number]['role'];
type PageKind = 'portal' | 'baseline';
type CacheState = 'cold' | 'warm';
/** Where a page is opened, what on it says it has what the person came for, and what next. */
interface Target {
  url: string;
  selector: string;
  steps: Step[];
}

interface Network {
  /** Added to every request by DevTools' throttling. */
  latencyMs: number;
  downKbps: number;
  upKbps: number;
}

interface Visit {
  role: Role;
  page: PageKind;
  cache: CacheState;
  round: number;
  /** Milliseconds from the start of navigation. */
  fcp: number | null;
  lcp: number | null;
  content: number;
  requests: number;
  fromCache: number;
  transferredBytes: number;
  /** Every request of the visit, in the order it was sent. */
  waterfall: WaterfallEntry[];
  /** What the person did next on the page, after reading it. */
  steps: StepTiming[];
}

interface StepTiming {
  name: string;
  /** From the tap's event to the first frame with the next screen's content. */
  ms: number;
  /** The visit's requests sent from the tap until that frame. */
  requests: string[];
}

/** What pageMarksScript records, in milliseconds from the start of navigation. */
interface PageMarks {
  fcp: number | null;
  lcp: number | null;
  content: number | null;
}

/** What benchArm records for a step, on the page's clock. */
interface StepMarks {
  tap: number | null;
  shown: number | null;
}

interface WaterfallEntry {
  method: string;
  path: string;
  /** Milliseconds from the navigation's first request. */
  startMs: number;
  endMs: number;
  /** As transferred: compressed, with headers; 0 when served from the cache. */
  bytes: number;
  fromCache: boolean;
}

/**
 * What the page reports about itself (run before any of its own scripts): paint and LCP entries,
 * and the first animation frame after the content selector matched (on screen from then on).
 * Page code, so a string: the tools are compiled without the DOM's types.
 */
function pageMarksScript(selector: string): string {
  return `(() => {
  const marks = (window.benchMarks = { fcp: null, lcp: null, content: null });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries())
      if (entry.name === 'first-contentful-paint') marks.fcp = entry.startTime;
  }).observe({ type: 'paint', buffered: true });
  new PerformanceObserver((list) => {
    const entries = list.getEntries();
    marks.lcp = entries[entries.length - 1].startTime;
  }).observe({ type: 'largest-contentful-paint', buffered: true });
  // Calls done with the time of the first animation frame after selector matched while ready()
  // held (on screen from then on).
  const firstFrameWith = (selector, done, ready = () => true) => {
    const watch = new MutationObserver(() => {
      if (!ready() || !document.querySelector(selector)) return;
      watch.disconnect();
      requestAnimationFrame(done);
    });
    watch.observe(document, { childList: true, subtree: true });
  };
  firstFrameWith(${JSON.stringify(selector)}, (frameTime) => (marks.content = frameTime));
  // A step: the next click's event time, and the first frame after its selector matched.
  window.benchArm = (shows) => {
    marks.tap = null;
    marks.shown = null;
    document.addEventListener('click', (event) => (marks.tap = event.timeStamp), {
      capture: true,
      once: true,
    });
    firstFrameWith(shows, (frameTime) => (marks.shown = frameTime), () => marks.tap !== null);
  };
})();`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rounds: { type: 'string', default: '5' },
      build: { type: 'boolean', default: true },
      cpu: { type: 'string', default: '4' },
      // Lighthouse's mobile profile (150 ms, 1.6 Mbit/s down, 750 kbit/s up) as DevTools
      // throttling applies it: latency × 3.75 and throughput × 0.9 per request, Lighthouse's own
      // adjustment for throttling requests rather than packets.
      latency: { type: 'string', default: '562.5' },
      down: { type: 'string', default: '1474.56' },
      up: { type: 'string', default: '675' },
      waterfall: { type: 'boolean', default: false },
      https: { type: 'boolean', default: true },
      proxy: { type: 'string', default: 'node' },
      // How long a person looks at the landing page before the next tap.
      read: { type: 'string', default: '4000' },
    },
    allowNegative: true,
  });
  const rounds = Number(values.rounds);
  if (values.proxy !== 'node' && values.proxy !== 'caddy')
    throw new Error(`--proxy: node or caddy, not ${values.proxy}`);
  if (values.proxy === 'caddy' && !values.https)
    throw new Error('--proxy caddy is the https proxy: it cannot go with --no-https');
  const proxyKind: ProxyKind = values.proxy;
  const cpuSlowdown = Number(values.cpu);
  const network: Network = {
    latencyMs: Number(values.latency),
    downKbps: Number(values.down),
    upKbps: Number(values.up),
  };
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const runDir = join(WORK_DIR, `run-${stamp}`);
  mkdirSync(runDir, { recursive: true });
  mkdirSync(RESULTS_DIR, { recursive: true });

  const apiBuild = join(WORK_DIR, 'dist');
  if (values.build) {
    console.log('Building the API and the portal (production builds)…');
    compileApi(apiBuild);
    const portal = spawnSync('npx', ['nx', 'run', 'portal:build'], {
      cwd: WORKSPACE_ROOT,
      stdio: 'inherit',
    });
    if (portal.status !== 0) throw new Error('nx run portal:build failed');
  }
  const apiMain = join(apiBuild, 'apps/api/src/main.js');
  if (!existsSync(apiMain) || !existsSync(join(PORTAL_BUILD, 'index.html')))
    throw new Error('no API or portal build; run without --no-build');
  const portalDir = join(runDir, 'portal');
  cpSync(PORTAL_BUILD, portalDir, { recursive: true });
  writeBaselinePage(portalDir);

  const port = await freePort();
  let api: Server | undefined;
  let proxy: TlsProxy | undefined;
  let browser: Browser | undefined;
  try {
    api = await startServer({
      name: 'api',
      args: [apiMain],
      env: apiEnv(port, portalDir, { DATA_DIR: join(runDir, 'pglite') }),
      port,
      readyPath: `${API_PREFIX}/health`,
      logFile: join(runDir, 'api.log'),
    });
    console.log('Seeding through the API…');
    const fixture = await seed(api.url, SEED);
    if (values.https) proxy = await startTlsProxy(port, runDir, proxyKind);
    const siteUrl = proxy?.url ?? api.url;
    const emails: Record<Role, string> = {
      patient: fixture.reader.email,
      therapist: fixture.therapist.email,
    };
    // The proxy's certificate is made for the run.
    browser = await launchBrowser(
      proxy ? [`--ignore-certificate-errors-spki-list=${proxy.spkiHash}`] : [],
    );
    const visits: Visit[] = [];
    for (const { role, content, steps } of PEOPLE) {
      const person = new Person(browser, siteUrl, network, cpuSlowdown, Number(values.read));
      await person.signIn(emails[role]);
      const portal: Target = { url: '/', selector: content, steps };
      // A first pair, not counted: warms the API and Chromium, and finds the API reads the
      // portal's page makes, which the baseline then makes too.
      const [first] = await person.visitTwice(role, 'portal', portal, 0);
      const apiReads = first.waterfall
        .filter((entry) => entry.method === 'GET' && entry.path.startsWith(`${API_PREFIX}/`))
        .map((entry) => entry.path);
      const targets: Record<PageKind, Target> = {
        portal,
        baseline: {
          url: `${BASELINE_PAGE}?get=${encodeURIComponent(JSON.stringify(apiReads))}`,
          selector: BASELINE_CONTENT,
          steps: [],
        },
      };
      await person.visitTwice(role, 'baseline', targets.baseline, 0);
      console.log(`  ${role}: the portal's page reads ${apiReads.join(', ')}`);
      for (let round = 1; round <= rounds; round++) {
        const order: PageKind[] = round % 2 ? ['portal', 'baseline'] : ['baseline', 'portal'];
        for (const page of order) {
          const pair = await person.visitTwice(role, page, targets[page], round);
          visits.push(...pair);
          console.log(
            `  ${role} round ${round} ${page}: ` +
              pair.map((visit) => `${visit.cache} ${fixed(visit.content, 0)} ms`).join(', '),
          );
        }
      }
    }
    const protocol = proxy
      ? `https, HTTP/2${proxyKind === 'caddy' ? ', Caddy' : ''}`
      : 'http, HTTP/1.1';
    if (values.waterfall) printWaterfalls(visits);
    report(visits, network, cpuSlowdown, rounds, protocol, Number(values.read));
    const file = join(RESULTS_DIR, `portal-${stamp}.json`);
    writeFileSync(
      file,
      JSON.stringify(
        {
          phone: 'Galaxy A55',
          protocol,
          network,
          cpuSlowdown,
          rounds,
          cpus: cpus()[0]?.model,
          visits,
        },
        null,
        2,
      ),
    );
    console.log(`\nRaw results: ${file}`);
  } finally {
    await browser?.close();
    await proxy?.close();
    await api?.stop();
  }
  rmSync(runDir, { recursive: true, force: true });
}

/**
 * One person's phone. Every visit pair runs in a fresh browser context (an empty cache) that
 * carries what the phone keeps between visits: the newest refresh cookie (the API rotates it on
 * each use and revokes the whole family when an old one comes back, as a stolen one would) and
 * the portal's local storage.
 */
class Person {
  private phone: StorageState = { cookies: [], origins: [] };

  constructor(
    private readonly browser: Browser,
    private readonly baseUrl: string,
    private readonly network: Network,
    private readonly cpuSlowdown: number,
    private readonly readMs: number,
  ) {}

  async signIn(email: string): Promise<void> {
    // Node's client, not the browser's: it does not share the browser's trust of the proxy.
    const context = await this.browser.newContext({
      baseURL: this.baseUrl,
      ignoreHTTPSErrors: true,
    });
    const answer = await context.request.post(`${API_PREFIX}/auth/login`, {
      data: { email, password: BENCH_PASSWORD },
      headers: { 'x-forwarded-for': nextAddress() },
    });
    if (!answer.ok()) throw new Error(`sign-in as ${email}: ${answer.status()}`);
    this.phone = await context.storageState();
    await context.close();
  }

  /** Opens the page with an empty cache, then again in the same context with what it cached. */
  async visitTwice(role: Role, page: PageKind, target: Target, round: number): Promise<Visit[]> {
    const context = await this.browser.newContext({
      ...PHONE,
      baseURL: this.baseUrl,
      storageState: this.phone,
    });
    try {
      await context.addInitScript({ content: pageMarksScript(target.selector) });
      const cold = await this.visit(context, target);
      const warm = await this.visit(context, target);
      this.phone = await context.storageState();
      return [
        { role, page, cache: 'cold', round, ...cold },
        { role, page, cache: 'warm', round, ...warm },
      ];
    } finally {
      await context.close();
    }
  }

  private async visit(
    context: BrowserContext,
    { url, steps }: Target,
  ): Promise<Omit<Visit, 'role' | 'page' | 'cache' | 'round'>> {
    const page: Page = await context.newPage();
    try {
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: this.network.latencyMs,
        downloadThroughput: (this.network.downKbps * 1024) / 8,
        uploadThroughput: (this.network.upKbps * 1024) / 8,
      });
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: this.cpuSlowdown });
      const waterfall = new Map<string, WaterfallEntry>();
      let navigationStart: number | undefined;
      cdp.on('Network.requestWillBeSent', (event) => {
        navigationStart ??= event.timestamp;
        const { pathname, search } = new URL(event.request.url);
        waterfall.set(event.requestId, {
          method: event.request.method,
          path: pathname + search,
          startMs: (event.timestamp - navigationStart) * 1000,
          endMs: NaN,
          bytes: 0,
          fromCache: false,
        });
      });
      cdp.on('Network.responseReceived', (event) => {
        const entry = waterfall.get(event.requestId);
        if (entry && (event.response.fromDiskCache || event.response.fromPrefetchCache))
          entry.fromCache = true;
      });
      cdp.on('Network.requestServedFromCache', (event) => {
        const entry = waterfall.get(event.requestId);
        if (entry) entry.fromCache = true;
      });
      cdp.on('Network.loadingFinished', (event) => {
        const entry = waterfall.get(event.requestId);
        if (!entry || navigationStart === undefined) return;
        entry.endMs = (event.timestamp - navigationStart) * 1000;
        entry.bytes = event.encodedDataLength;
      });
      await page.goto(url);
      // A function, not a string: the API's Content-Security-Policy forbids evaluating strings.
      const marks = await page.waitForFunction(
        () => {
          const { benchMarks } = globalThis as unknown as { benchMarks: PageMarks };
          return benchMarks.content !== null && benchMarks;
        },
        undefined,
        { timeout: 60_000 },
      );
      // Requests still in flight when the content showed (a late chunk, an icon) count too.
      await page.waitForLoadState('networkidle');
      const { fcp, lcp, content } = (await marks.jsonValue()) as PageMarks & { content: number };
      const entries = [...waterfall.values()];
      const stepTimings: StepTiming[] = [];
      if (steps.length) await page.waitForTimeout(this.readMs);
      for (const step of steps) {
        if (step.first) await page.click(step.first);
        const sentBefore = waterfall.size;
        await page.evaluate(
          (shows) => (globalThis as unknown as { benchArm(shows: string): void }).benchArm(shows),
          step.shows,
        );
        await page.click(step.tap);
        const shown = await page.waitForFunction(
          () => {
            const { benchMarks } = globalThis as unknown as { benchMarks: StepMarks };
            return benchMarks.shown !== null && benchMarks.tap !== null && benchMarks;
          },
          undefined,
          { timeout: 60_000 },
        );
        const { tap, shown: shownAt } = (await shown.jsonValue()) as StepMarks;
        stepTimings.push({
          name: step.name,
          ms: (shownAt ?? NaN) - (tap ?? NaN),
          requests: [...waterfall.values()].slice(sentBefore).map((entry) => entry.path),
        });
      }
      return {
        fcp,
        lcp,
        content,
        requests: entries.length,
        fromCache: entries.filter((entry) => entry.fromCache).length,
        transferredBytes: entries.reduce((sum, entry) => sum + entry.bytes, 0),
        waterfall: entries,
        steps: stepTimings,
      };
    } finally {
      await page.close();
    }
  }
}

function printWaterfalls(visits: Visit[]): void {
  for (const visit of visits.filter((entry) => entry.round === 1)) {
    console.log(
      `\n${visit.role}, ${visit.page}, ${visit.cache} cache: content at ${fixed(visit.content, 0)} ms`,
    );
    for (const entry of visit.waterfall)
      console.log(
        `  ${fixed(entry.startMs, 0).padStart(5)}–${fixed(entry.endMs, 0).padStart(5)} ms ` +
          `${(entry.fromCache ? 'cache' : `${fixed(entry.bytes / 1024, 1)} kB`).padStart(8)}  ${entry.path}`,
      );
  }
}

function report(
  visits: Visit[],
  network: Network,
  cpuSlowdown: number,
  rounds: number,
  protocol: string,
  readMs: number,
): void {
  const median = (values: number[]) => spread(values).median;
  const rows: string[][] = [];
  for (const { role } of PEOPLE) {
    for (const cache of ['cold', 'warm'] as const) {
      const of = (page: PageKind) =>
        visits.filter(
          (visit) => visit.role === role && visit.cache === cache && visit.page === page,
        );
      const ratios = spread(
        of('portal').map(
          (visit) =>
            visit.content /
            (of('baseline').find((base) => base.round === visit.round)?.content ?? NaN),
        ),
      );
      for (const page of ['portal', 'baseline'] as const) {
        const list = of(page);
        const content = spread(list.map((visit) => visit.content));
        rows.push([
          role,
          cache,
          page,
          fixed(median(list.map((visit) => visit.fcp ?? NaN)), 0),
          fixed(median(list.map((visit) => visit.lcp ?? NaN)), 0),
          `${fixed(content.median, 0)} (${fixed(content.min, 0)}–${fixed(content.max, 0)})`,
          page === 'portal'
            ? `${fixed(ratios.median)} (${fixed(ratios.min)}–${fixed(ratios.max)})`
            : '',
          `${fixed(median(list.map((visit) => visit.requests)), 0)} / ${fixed(median(list.map((visit) => visit.fromCache)), 0)}`,
          fixed(median(list.map((visit) => visit.transferredBytes)) / 1024, 1),
        ]);
      }
    }
  }
  console.log(
    `\n${PHONE.userAgent.match(/\(([^)]*)\)/)?.[1] ?? 'phone'}, ${PHONE.viewport.width}×${PHONE.viewport.height}; ` +
      `network ${network.latencyMs} ms a request, ${network.downKbps} kbit/s down, ${network.upKbps} up; ` +
      `CPU ${cpuSlowdown}× slower; ${protocol}; ${rounds} rounds, alternating. Milliseconds from navigation, medians.\n`,
  );
  console.log(
    table(
      [
        'person',
        'cache',
        'page',
        'FCP',
        'LCP',
        'content shown (min–max)',
        'content / baseline',
        'requests / from cache',
        'kB transferred',
      ],
      rows,
    ),
  );
  const stepRows: string[][] = [];
  for (const { role, steps } of PEOPLE)
    for (const cache of ['cold', 'warm'] as const)
      for (const { name } of steps) {
        const timings = visits
          .filter(
            (visit) => visit.role === role && visit.cache === cache && visit.page === 'portal',
          )
          .flatMap((visit) => visit.steps.filter((step) => step.name === name));
        const ms = spread(timings.map((step) => step.ms));
        stepRows.push([
          role,
          cache,
          name,
          `${fixed(ms.median, 0)} (${fixed(ms.min, 0)}–${fixed(ms.max, 0)})`,
          fixed(median(timings.map((step) => step.requests.length)), 0),
        ]);
      }
  console.log(
    `\nThen, on the portal, after reading the page for ${fixed(readMs / 1000, 1)} s: milliseconds from the tap to the first frame showing what it was for, medians.\n`,
  );
  console.log(
    table(['person', 'cache', 'tap to', 'ms (min–max)', 'requests sent meanwhile'], stepRows),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
