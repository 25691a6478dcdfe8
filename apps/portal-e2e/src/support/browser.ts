import { Browser, BrowserContext, BrowserContextOptions, chromium, Page } from 'playwright-core';

/** What a browser keeps between visits (cookies, local storage), as a context can carry it. */
export type StorageState = Awaited<ReturnType<BrowserContext['storageState']>>;

/** The system Chromium as the e2e tests and `npm run bench:portal` drive it. */
export function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    // The system Chromium; playwright-core never downloads a browser.
    executablePath: process.env['CHROME_BIN'] || '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
      ...extraArgs,
    ],
  });
}

const EXPECTED_401 = '/api/v1/auth/refresh';

export interface OpenedPage {
  page: Page;
  /** Uncaught exceptions and console errors the page produced so far. */
  errors: string[];
  /** Drops the errors a step provoked on purpose (Chromium logs every refused request). */
  forgetErrors(containing: string): void;
  close(): Promise<void>;
}

/** A page in a fresh context (no shared storage between tests) that records its own errors. */
export async function openPage(
  browser: Browser,
  baseURL: string,
  options: BrowserContextOptions = {},
): Promise<OpenedPage> {
  const context = await browser.newContext({ baseURL, ...options });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    // On start the portal asks to renew a session from the refresh cookie; signed out, the API
    // answers 401 and Chromium logs the failed request. That answer is the expected one.
    if (message.location().url.endsWith(EXPECTED_401)) return;
    errors.push(`console: ${message.text()}`);
  });
  const forgetErrors = (containing: string) => {
    const kept = errors.filter((error) => !error.includes(containing));
    errors.splice(0, errors.length, ...kept);
  };
  return { page, errors, forgetErrors, close: () => context.close() };
}
