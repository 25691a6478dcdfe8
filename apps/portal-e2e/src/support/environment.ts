import type { Browser } from 'playwright-core';
import type { RunningApi } from './api-server';

interface Environment {
  api: RunningApi;
  browser: Browser;
}

let current: Environment | null = null;

export function setEnvironment(environment: Environment | null): void {
  current = environment;
}

/** The API and browser shared by every spec file: one PGlite-backed API costs ~1 GB. */
export function environment(): Environment {
  if (!current) throw new Error('The e2e environment did not start; see the beforeAll failure.');
  return current;
}
