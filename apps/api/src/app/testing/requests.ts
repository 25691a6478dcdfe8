import { API_PREFIX } from '@rehabit/contracts';
import request from 'supertest';
import type { Actor } from './factories';
import type { TestApp } from './test-app';

/**
 * Requests to the API as `actor` (null: anonymous), by paths below the API prefix, with
 * `headers` (an Idempotency-Key, say) on each. `patch` takes the If-Match the record's ETag asks
 * for; `delete` sends a body only when given one.
 */
export function requestsAs(
  app: TestApp,
  actor: Actor | null,
  headers: Record<string, string> = {},
) {
  const prepare = (test: request.Test) =>
    test.set(actor ? { ...headers, Authorization: `Bearer ${actor.token}` } : headers);
  const url = (path: string) => `${API_PREFIX}${path}`;
  return {
    get: (path: string) => prepare(request(app.server).get(url(path))),
    post: (path: string, body: object = {}) =>
      prepare(request(app.server).post(url(path))).send(body),
    patch: (path: string, body: object, ifMatch?: string) => {
      const test = prepare(request(app.server).patch(url(path)));
      return (ifMatch === undefined ? test : test.set('If-Match', ifMatch)).send(body);
    },
    delete: (path: string, body?: object) => {
      const test = prepare(request(app.server).delete(url(path)));
      return body === undefined ? test : test.send(body);
    },
  };
}
