// Loaded as a Jasmine helper: the beforeAll/afterAll here wrap every spec file.
import { startApi } from './api-server';
import { launchBrowser } from './browser';
import { environment, setEnvironment } from './environment';

// Browser steps and a cold API start are slow on two cores; the default 5 s is not enough.
jasmine.DEFAULT_TIMEOUT_INTERVAL = 60_000;

// The API may take up to 60 s to become healthy; launching Chromium comes on top.
const SETUP_TIMEOUT_MS = 120_000;

beforeAll(async () => {
  const api = await startApi();
  try {
    setEnvironment({ api, browser: await launchBrowser() });
  } catch (error) {
    await api.stop();
    throw error;
  }
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
  let env: ReturnType<typeof environment> | null = null;
  try {
    env = environment();
  } catch {
    return;
  }
  setEnvironment(null);
  try {
    await env.browser.close();
  } finally {
    await env.api.stop();
  }
}, 30_000);
