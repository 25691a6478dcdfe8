import { API_PREFIX } from '@rehabit/contracts';
import type { FastifyInstance } from 'fastify';
import type { TestApp } from './test-app';

/** A route as Fastify holds it, e.g. `GET /patients/:id` (without the `/api/v1` prefix). */
export type RouteKey = `${string} /${string}`;

const routesByApp = new WeakMap<FastifyInstance, Set<RouteKey>>();

/**
 * Starts noting the routes the app registers. Fastify keeps no list to walk afterwards, so this
 * has to run before `app.init()`. Only routes under the API prefix count: Swagger's `/api/docs`
 * pages and the portal's static files are not API routes. The HEAD route Fastify adds beside
 * every GET is left out: it is no route of ours.
 */
export function noteApiRoutes(fastify: FastifyInstance): void {
  const keys = new Set<RouteKey>();
  routesByApp.set(fastify, keys);
  fastify.addHook('onRoute', (route) => {
    if (!route.url.startsWith(`${API_PREFIX}/`)) return;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      const path = route.url.slice(API_PREFIX.length);
      if (method === 'HEAD' && keys.has(`GET ${path}` as RouteKey)) continue;
      keys.add(`${method.toUpperCase()} ${path}` as RouteKey);
    }
  });
}

/**
 * Every API route the running Nest app registered, as noted by noteApiRoutes at start-up, so a
 * route added without a matching test entry is noticed.
 */
export function registeredApiRoutes(app: TestApp): RouteKey[] {
  const keys = routesByApp.get(app.app.getHttpAdapter().getInstance());
  if (!keys) throw new Error('The test app was started without noteApiRoutes()');
  return [...keys].sort();
}
