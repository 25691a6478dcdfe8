import type { FastifyRequest } from 'fastify';

/** The request's path as sent, without its query string (Express called it `request.path`). */
export function pathOf(request: FastifyRequest): string {
  const query = request.url.indexOf('?');
  return query === -1 ? request.url : request.url.slice(0, query);
}
