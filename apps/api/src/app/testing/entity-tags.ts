import { API_PREFIX } from '@rehabit/contracts';
import request from 'supertest';
import type { Actor } from './factories';
import type { TestApp } from './test-app';

/**
 * The ETag a GET of `path` (after /api/v1) answers `actor` with: what a change of that record
 * sends back as If-Match.
 */
export async function etagOf(app: TestApp, actor: Actor, path: string): Promise<string> {
  const response = await request(app.server)
    .get(`${API_PREFIX}${path}`)
    .set('Authorization', `Bearer ${actor.token}`)
    .expect(200);
  const etag = response.headers['etag'];
  if (typeof etag !== 'string') throw new Error(`GET ${path} answered without an ETag`);
  return etag;
}
