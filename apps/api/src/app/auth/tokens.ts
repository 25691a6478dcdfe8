import { createHash, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';

export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
export const REFRESH_TOKEN_TTL_MS = 14 * 24 * 3600 * 1000;
/** A sign-in ends after this long however often it is refreshed. */
export const SESSION_MAX_AGE_MS = 30 * 24 * 3600 * 1000;
export const INVITATION_TTL_MS = 7 * 24 * 3600 * 1000;

export const JWT_ISSUER = 'rehabit';
export const JWT_AUDIENCE = 'rehabit-api';
export const JWT_ALGORITHM = 'HS256';
export const ACCESS_TOKEN_TYPE = 'access';

export const REFRESH_COOKIE = 'rehabit_refresh';
export const REFRESH_COOKIE_PATH = '/api/v1/auth';

export interface AccessTokenClaims {
  sub: string;
  sid: string;
  role: string;
  cid: string;
  typ: typeof ACCESS_TOKEN_TYPE;
}

/**
 * The signing secret as a key object. Given a string, jsonwebtoken first tries to parse it as a
 * PEM public or private key on every sign and verify, and fails (an OpenSSL error and a thrown
 * exception each time) before it takes it as a secret: a sixth of a signed-in request's CPU.
 */
export function jwtKey(secret: string): KeyObject {
  return createSecretKey(Buffer.from(secret, 'utf8'));
}

/** 256 random bits, URL-safe: refresh tokens and invitation tokens are opaque. */
export function newOpaqueToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Only hashes are stored, so a copy of the database hands out no sign-ins. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
