import type { ExecutionContext } from '@nestjs/common';
import type { ThrottlerModuleOptions } from '@nestjs/throttler';
import type { Request } from 'express';

const MINUTE = 60_000;

function isSignIn(context: ExecutionContext): boolean {
  const request = context.switchToHttp().getRequest<Request>();
  return request.method === 'POST' && /\/auth\/(login|invitations\/accept)$/.test(request.path);
}

/**
 * A global per-address limit, and on sign-in a tighter one per address and one per account,
 * so password guessing is slowed whether it spreads over accounts or over addresses.
 * Counters live in process memory: behind a load balancer each instance counts its own share.
 */
export const RATE_LIMITS: ThrottlerModuleOptions = {
  throttlers: [
    { name: 'default', ttl: MINUTE, limit: 600 },
    {
      name: 'sign-in-address',
      ttl: 15 * MINUTE,
      limit: 30,
      skipIf: (context) => !isSignIn(context),
    },
    {
      name: 'sign-in-account',
      ttl: 15 * MINUTE,
      limit: 10,
      skipIf: (context) => !isSignIn(context),
      getTracker: (request) => {
        const email = (request as Request).body?.email;
        return `account:${typeof email === 'string' ? email.trim().toLowerCase().slice(0, 254) : ''}`;
      },
    },
  ],
};
