import type { ExecutionContext } from '@nestjs/common';
import type { ThrottlerModuleOptions } from '@nestjs/throttler';
import type { FastifyRequest } from 'fastify';
import { pathOf } from '../http/request-path';

const MINUTE = 60_000;

/**
 * Routes that take a password: sign-in, invitation acceptance and clinic sign-up. Each costs an
 * argon2id computation and can tell whether an account exists, so they share a tight budget.
 */
function isSignIn(context: ExecutionContext): boolean {
  const request = context.switchToHttp().getRequest<FastifyRequest>();
  return (
    request.method === 'POST' &&
    /\/(auth\/(login|invitations\/accept)|clinics)$/.test(pathOf(request.url))
  );
}

/** Only a password sign-in names an account; an invitation is found by its unguessable token. */
function isPasswordSignIn(context: ExecutionContext): boolean {
  const request = context.switchToHttp().getRequest<FastifyRequest>();
  return request.method === 'POST' && /\/auth\/login$/.test(pathOf(request.url));
}

/**
 * A global per-address limit, and on sign-in a tighter one per address and one per account,
 * so password guessing is slowed whether it spreads over accounts or over addresses.
 * The sign-in counters are shared by every API process (shared-rate-limit.storage.ts); the
 * global one is per process.
 */
export const SHARED_THROTTLERS = ['sign-in-address', 'sign-in-account'];

export const RATE_LIMITS: ThrottlerModuleOptions = {
  throttlers: [
    { name: 'default', ttl: MINUTE, limit: 600 },
    {
      name: 'sign-in-address',
      ttl: 15 * MINUTE,
      limit: 30,
      skipIf: (context) => !isSignIn(context),
      // One counter for both sign-in routes (the default key is per route handler).
      generateKey: (_context, tracker, name) => `${name}:${tracker}`,
    },
    {
      name: 'sign-in-account',
      ttl: 15 * MINUTE,
      limit: 10,
      // Not on invitations: they carry no email, so every acceptance everywhere would share
      // one `account:` counter and ten of them would lock all new users out for 15 minutes.
      skipIf: (context) => !isPasswordSignIn(context),
      generateKey: (_context, tracker, name) => `${name}:${tracker}`,
      getTracker: (request) => {
        const email = (request as FastifyRequest<{ Body: { email?: unknown } | undefined }>).body
          ?.email;
        return `account:${typeof email === 'string' ? email.trim().toLowerCase().slice(0, 254) : ''}`;
      },
    },
  ],
};
