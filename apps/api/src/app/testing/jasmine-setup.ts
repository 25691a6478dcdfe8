import { resetRateLimits } from './rate-limits';
import { closeTestApp, getTestApp } from './test-app';

// A Jasmine helper: the process's one test app starts before the first spec (PGlite's initdb
// takes seconds) and closes after the last, so specs themselves keep the default timeout.
jasmine.DEFAULT_TIMEOUT_INTERVAL = 20_000;

beforeAll(async () => {
  await getTestApp();
}, 120_000);

// Every spec starts with fresh rate-limit counters (see resetRateLimits).
beforeEach(async () => {
  await resetRateLimits(await getTestApp());
});

afterAll(async () => {
  await closeTestApp();
}, 60_000);
