import { QueryFailedError } from 'typeorm';

/** PostgreSQL's unique_violation: a second row where only one may exist. */
export function isUniqueViolation(error: unknown): boolean {
  return (
    error instanceof QueryFailedError &&
    (error.driverError as { code?: string } | undefined)?.code === '23505'
  );
}

/** SQLSTATE classes 08 (connection exception) and 57P0x (shutting down, starting up). */
const UNAVAILABLE_SQLSTATE = /^(08|57P0)/;
const UNAVAILABLE_SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
/** pg and pg-pool give these no code. */
const UNAVAILABLE_MESSAGE = /^(Connection terminated|timeout exceeded when trying to connect)/;

/**
 * The database cannot be reached right now (restart, failover, network): the request may
 * succeed if sent again, unlike a failed statement.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const cause = error instanceof QueryFailedError ? error.driverError : error;
  if (!(cause instanceof Error)) return false;
  const code = (cause as { code?: unknown }).code;
  if (typeof code === 'string')
    return UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_SOCKET_CODES.has(code);
  return UNAVAILABLE_MESSAGE.test(cause.message);
}
