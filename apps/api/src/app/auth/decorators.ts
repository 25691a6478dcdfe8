import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Role } from '@rehabit/contracts';
import type { FastifyRequest } from 'fastify';
import type { Principal, RequestMeta } from './principal';

export const IS_PUBLIC = 'rehabit:public';
export const ROLES = 'rehabit:roles';

/** Reachable without signing in. Everything else needs a valid access token. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Only these roles may call the route; others get 403 (and an audit event). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);

export const CurrentUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal => {
    return context.switchToHttp().getRequest<FastifyRequest & { user: Principal }>().user;
  },
);

export const Meta = createParamDecorator((_data: unknown, context: ExecutionContext): RequestMeta =>
  requestMeta(context.switchToHttp().getRequest<FastifyRequest>()),
);

export function requestMeta(request: FastifyRequest): RequestMeta {
  return { ip: request.ip ?? null, requestId: request.id ? String(request.id) : null };
}
