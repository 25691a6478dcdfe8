import { API_PREFIX } from '@rehabit/contracts';
import type { TestApp } from './test-app';

/** A route as Express holds it, e.g. `GET /patients/:id` (without the `/api/v1` prefix). */
export type RouteKey = `${string} /${string}`;

interface ExpressRoute {
  path: string | string[];
  methods: Record<string, boolean>;
}

interface ExpressLayer {
  route?: ExpressRoute;
}

/**
 * Every API route the running Nest app registered, read from the Express 5 router at test time,
 * so a route added without a matching test entry is noticed. Only routes under the API prefix
 * count: Swagger's `/api/docs` pages and the portal's static files are not API routes.
 */
export function registeredApiRoutes(app: TestApp): RouteKey[] {
  const express = app.app.getHttpAdapter().getInstance() as {
    router: { stack: ExpressLayer[] };
  };
  const keys = new Set<RouteKey>();
  for (const layer of express.router.stack) {
    if (!layer.route) continue;
    const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
    for (const path of paths) {
      if (!path.startsWith(`${API_PREFIX}/`)) continue;
      for (const [method, enabled] of Object.entries(layer.route.methods)) {
        if (!enabled || method === '_all') continue;
        keys.add(`${method.toUpperCase()} ${path.slice(API_PREFIX.length)}` as RouteKey);
      }
    }
  }
  return [...keys].sort();
}
