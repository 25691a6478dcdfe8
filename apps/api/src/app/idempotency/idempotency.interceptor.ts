import {
  CallHandler,
  ExecutionContext,
  HttpException,
  HttpStatus,
  Injectable,
  NestInterceptor,
  UseInterceptors,
  applyDecorators,
} from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { Observable, catchError, from, of, switchMap, throwError } from 'rxjs';
import { DataSource, In } from 'typeorm';
import type { Principal } from '../auth/principal';
import { pooledQuery } from '../database/pooled-query';
import { Problem, ValidationProblem } from '../http/problem';
import { pathOf } from '../http/request-path';
import { runWithClaimedKey } from './idempotency-commit.subscriber';
import { IdempotencyKey } from './idempotency-key.entity';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
/** How long a key and its answer are kept (documented in the README and the OpenAPI text). */
export const IDEMPOTENCY_TTL_MS = 24 * 3600 * 1000;
/**
 * A request still "in flight" after this long died with its process before storing anything;
 * its key may be used again. One that died after storing (`committed`) keeps its key.
 */
const ABANDONED_AFTER_MS = 2 * 60 * 1000;
const KEY_FORMAT = /^[\x21-\x7e]{1,255}$/;

/**
 * Idempotency-Key (IETF httpapi draft) for POSTs that phones retry on flaky connections: the
 * first request with a key runs; a repeat with the same body gets the first answer again and
 * stores nothing; a repeat with another body is 422; one arriving while the first still runs
 * is 409. Only successful answers are kept, so a refused request can be corrected and resent.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest & { user?: Principal }>();
    const response = context.switchToHttp().getResponse<FastifyReply>();
    const key = headerOf(request, IDEMPOTENCY_HEADER);
    if (key === undefined || !request.user) return next.handle();
    if (!KEY_FORMAT.test(key)) {
      throw new ValidationProblem([
        {
          field: 'Idempotency-Key',
          message: 'Idempotency-Key must be 1 to 255 visible ASCII characters',
        },
      ]);
    }
    const userId = request.user.userId;
    const fingerprint = fingerprintOf(request);
    return from(this.claim(userId, key, fingerprint)).pipe(
      switchMap((earlier) => {
        if (earlier) {
          response.code(earlier.responseStatus ?? HttpStatus.OK);
          response.header('Idempotent-Replayed', 'true');
          return of(earlier.responseBody);
        }
        const handled = new Observable<unknown>((subscriber) =>
          runWithClaimedKey(userId, key, () => next.handle().subscribe(subscriber)),
        );
        return handled.pipe(
          switchMap((body: unknown) =>
            from(this.complete(userId, key, response.statusCode, body)).pipe(
              switchMap(() => of(body)),
            ),
          ),
          catchError((error: unknown) =>
            from(this.release(userId, key, isRefusal(error))).pipe(
              switchMap(() => throwError(() => error)),
            ),
          ),
        );
      }),
    );
  }

  /**
   * Takes the key for this request, or answers with what an earlier request left there. Taking
   * it is one statement (every keyed POST pays it): a new key is inserted; an expired one, or one
   * whose request was abandoned in flight, is taken over as if deleted and inserted afresh.
   */
  private async claim(
    userId: string,
    key: string,
    fingerprint: string,
  ): Promise<IdempotencyKey | null> {
    const now = Date.now();
    const claimed = await pooledQuery<{ key: string }>(
      this.dataSource.manager,
      `INSERT INTO idempotency_key AS k (user_id, key, fingerprint, state, expires_at)
       VALUES ($1, $2, $3, 'in_flight', $4)
       ON CONFLICT (user_id, key) DO UPDATE
          SET fingerprint = EXCLUDED.fingerprint, state = 'in_flight', response_status = NULL,
              response_body = NULL, created_at = now(), expires_at = EXCLUDED.expires_at
        WHERE k.expires_at < $5 OR (k.state = 'in_flight' AND k.created_at < $6)
       RETURNING k.key`,
      [
        userId,
        key,
        fingerprint,
        new Date(now + IDEMPOTENCY_TTL_MS),
        new Date(now),
        new Date(now - ABANDONED_AFTER_MS),
      ],
    );
    if (claimed.length === 1) return null;
    const repository = this.dataSource.getRepository(IdempotencyKey);
    const earlier = await repository.findOneByOrFail({ userId, key });
    if (earlier.fingerprint !== fingerprint) {
      throw new Problem(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'This Idempotency-Key was already used for a different request. Use a new key for a new request.',
      );
    }
    if (
      earlier.state === 'committed' &&
      earlier.createdAt.getTime() < Date.now() - ABANDONED_AFTER_MS
    ) {
      throw new Problem(
        HttpStatus.CONFLICT,
        'The earlier request with this Idempotency-Key was stored, but the server stopped before answering it. It is not stored twice: reload to see it.',
      );
    }
    if (earlier.state !== 'done') {
      throw new Problem(
        HttpStatus.CONFLICT,
        'A request with this Idempotency-Key is still being processed. Retry shortly.',
      );
    }
    return earlier;
  }

  private async complete(
    userId: string,
    key: string,
    status: number,
    body: unknown,
  ): Promise<void> {
    await pooledQuery(
      this.dataSource.manager,
      `UPDATE idempotency_key SET state = 'done', response_status = $3, response_body = $4::jsonb WHERE user_id = $1 AND key = $2`,
      [userId, key, status, JSON.stringify(body ?? null)],
    );
  }

  /**
   * Frees the key of a request that failed. A refusal (4xx) stored nothing, even if it committed
   * an audit record on the way; any other failure after a commit keeps the key `committed`.
   */
  private async release(userId: string, key: string, refused: boolean): Promise<void> {
    await this.dataSource.getRepository(IdempotencyKey).delete({
      userId,
      key,
      state: refused ? In(['in_flight', 'committed']) : 'in_flight',
    });
  }
}

function isRefusal(error: unknown): boolean {
  return error instanceof HttpException && error.getStatus() < 500;
}

function fingerprintOf(request: FastifyRequest): string {
  return requestFingerprint(request.method, pathOf(request.url), request.body);
}

/** The same key must mean the same request: method, path and body (key order aside). */
export function requestFingerprint(method: string, path: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method} ${path}\n${canonicalJson(body)}`)
    .digest('hex');
}

/** Key order does not make two bodies different. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.keys(value as object)
      .sort()
      .map(
        (key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`,
      );
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** Marks a POST as retry-safe with an Idempotency-Key header (keys kept 24 hours). */
export const Idempotent = () =>
  applyDecorators(
    UseInterceptors(IdempotencyInterceptor),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        'Makes the POST safe to retry: the same key and body within 24 hours answer the first result again and store nothing.',
    }),
  );

/** A header's value: Node joins repeats with commas, so only Set-Cookie is typed as a list. */
function headerOf(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
