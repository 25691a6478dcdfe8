import { ExecutionContext, HttpStatus, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import type { Role } from '@rehabit/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuditService } from '../audit/audit.service';
import { Problem } from '../http/problem';
import { pathOf } from '../http/request-path';
import { IS_PUBLIC, ROLES, requestMeta } from './decorators';
import type { Principal } from './principal';

/** Every route needs a valid access token unless it is marked @Public(). */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override canActivate(context: ExecutionContext) {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [
      context.getHandler(),
      context.getClass(),
    ]);
    return isPublic ? true : super.canActivate(context);
  }

  override handleRequest<T>(error: unknown, user: T): T {
    // Set only when checking the token failed (the database is down): a 401 would sign people
    // out over an outage.
    if (error) throw error;
    if (!user)
      throw new Problem(
        HttpStatus.UNAUTHORIZED,
        'Sign in to continue: the access token is missing, invalid or expired.',
      );
    return user;
  }
}

/** Role checks, declared with @Roles(); a refusal is answered 403 and written to the audit trail. */
@Injectable()
export class RolesGuard {
  constructor(
    private readonly reflector: Reflector,
    private readonly audit: AuditService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!roles) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest & { user?: Principal }>();
    const principal = request.user;
    if (principal && roles.includes(principal.role)) return true;
    if (principal) {
      await this.audit.record({
        action: 'access.denied',
        outcome: 'denied',
        clinicId: principal.clinicId,
        actor: principal,
        meta: requestMeta(request),
        detail: {
          method: request.method,
          path: request.routeOptions.url ?? pathOf(request.url),
          requiredRoles: roles,
        },
      });
    }
    throw new Problem(HttpStatus.FORBIDDEN, 'Your role does not allow this action.');
  }
}

/** @nestjs/throttler with a plain `Retry-After` header and a problem+json 429. */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override async throwThrottlingException(
    context: ExecutionContext,
    limit: ThrottlerLimitDetail,
  ): Promise<void> {
    const response = context.switchToHttp().getResponse<FastifyReply>();
    const seconds = Math.max(1, Math.ceil(limit.timeToBlockExpire));
    response.header('Retry-After', String(seconds));
    throw new Problem(
      HttpStatus.TOO_MANY_REQUESTS,
      `Too many requests. Try again in ${seconds} seconds.`,
    );
  }
}
