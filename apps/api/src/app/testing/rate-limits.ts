import { SharedRateLimitStorage } from '../auth/shared-rate-limit.storage';
import type { TestApp } from './test-app';

/**
 * Forgets every rate-limit counter. All supertest requests come from one address, so without
 * this the whole suite would share the production sign-in budget (30 per address per 15
 * minutes) and fail by the order its specs happen to run in. The jasmine helper calls it before
 * every spec; the throttling spec proves the limits themselves.
 */
export async function resetRateLimits(app: TestApp): Promise<void> {
  await app.app.get(SharedRateLimitStorage, { strict: false }).reset();
}
