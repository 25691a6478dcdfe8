import {
  applyDecorators,
  createParamDecorator,
  ExecutionContext,
  HttpStatus,
} from '@nestjs/common';
import { ApiHeader, ApiResponse } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Problem } from './problem';

/**
 * Optimistic concurrency for records several people edit (patients, plans). A record's ETag is
 * its `version` column as a strong entity tag (`"7"`); every change to the record moves the
 * version by one in the same UPDATE. A change must name the version it was based on in
 * If-Match, and the service applies it with a conditional `UPDATE … WHERE id = … AND version
 * = …` in the transaction that writes its audit event: no row updated means someone else
 * changed the record first (412), so the last writer never silently undoes what another
 * therapist just saved.
 *
 * The tag covers the record's own fields. Display data joined in from other records (an
 * exercise's name, whether the patient's account is activated) can change without it, which
 * is why API answers are not cacheable (Cache-Control: no-store) rather than revalidated.
 */
export function entityTag(version: number): string {
  return `"${version}"`;
}

/** PostgreSQL's integer: a larger number in a tag can never be a version and must not reach SQL. */
const MAX_VERSION = 2_147_483_647;
const STRONG_TAG = /^"(\d{1,10})"$/;

/** The If-Match header as sent (Node joins repeated ones with commas), for `matchedVersions`. */
export const IfMatch = createParamDecorator(
  (_data: unknown, context: ExecutionContext): string | undefined =>
    context.switchToHttp().getRequest<FastifyRequest>().headers['if-match'],
);

/**
 * The versions an If-Match header names. Missing → 428. `*` is refused with 428 as well, by
 * choice: it means "whatever is there now", which is exactly the blind overwrite this header
 * exists to prevent, and a client that wants to overwrite can read the record first. Weak tags
 * (W/"7") never match, as RFC 9110 §13.1.1 requires for If-Match; a header naming no version
 * of ours is a 412. Call it after the access check, so a 412 never tells a caller without
 * access that the record exists.
 */
export function matchedVersions(header: string | undefined): number[] {
  const value = header?.trim();
  if (!value)
    throw new Problem(
      HttpStatus.PRECONDITION_REQUIRED,
      'This change needs an If-Match header with the ETag of the record as you last read it.',
    );
  if (value === '*')
    throw new Problem(
      HttpStatus.PRECONDITION_REQUIRED,
      'If-Match: * is not accepted here: send the ETag of the record as you last read it.',
    );
  const versions = value
    .split(',')
    .map((tag) => STRONG_TAG.exec(tag.trim())?.[1])
    .filter((digits): digits is string => digits !== undefined)
    .map(Number)
    .filter((version) => version >= 1 && version <= MAX_VERSION);
  if (versions.length === 0) throw preconditionFailed();
  return versions;
}

/** The record changed since the client read it (or If-Match names no version of it). */
export function preconditionFailed(): Problem {
  return new Problem(
    HttpStatus.PRECONDITION_FAILED,
    'If-Match does not match the current ETag: someone else changed this record since you read it. Reload it and apply your change again.',
  );
}

/** Sends a record's ETag header; `etag` is the one its body carries. */
export function sendEntityTag<T extends { etag: string }>(response: FastifyReply, record: T): T {
  response.header('ETag', record.etag);
  return record;
}

/** OpenAPI for a route that changes a record under If-Match. */
export function ApiIfMatch(): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiHeader({
      name: 'If-Match',
      required: true,
      description:
        'The ETag of the record as last read (GET answers carry it, and so does the `etag` field). `*` and weak tags are not accepted.',
    }),
    ApiResponse({
      status: HttpStatus.PRECONDITION_FAILED,
      description: 'If-Match does not match the current ETag: reload and apply the change again',
    }),
    ApiResponse({ status: HttpStatus.PRECONDITION_REQUIRED, description: 'If-Match is missing' }),
  );
}

/** OpenAPI for an answer that carries the record's ETag. */
export function ApiEntityTag(): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiResponse({
      status: HttpStatus.OK,
      description: 'The record',
      headers: { ETag: { description: 'Send it back as If-Match to change the record' } },
    }),
  );
}
