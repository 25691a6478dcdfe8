import { Injectable, Logger } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { ThrottlerStorageService, type ThrottlerStorage } from '@nestjs/throttler';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { SHARED_THROTTLERS } from './rate-limits';

/** The stored window and block have both passed: the key starts again. */
const RESTARTS = `c.window_ends_at <= now() AND coalesce(c.blocked_until, '-infinity') <= now()`;

interface CounterRow {
  hits: number;
  window_ms: number;
  blocked_ms: number;
}

/**
 * Sign-in counters live in PostgreSQL, so every API process behind a load balancer shares one
 * budget per address and per account, and a restart does not hand a password guesser a fresh
 * one. The global per-address limit stays in process memory: it is checked on every request,
 * and a database round trip there would cost more than the limit protects.
 *
 * A fixed window per key: the first hit opens a window of `ttl`; a hit over `limit` blocks the
 * key for `blockDuration`; a key whose window and block have both passed starts again.
 */
@Injectable()
export class SharedRateLimitStorage implements ThrottlerStorage {
  private readonly memory = new ThrottlerStorageService();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): ReturnType<ThrottlerStorage['increment']> {
    if (!SHARED_THROTTLERS.includes(throttlerName))
      return this.memory.increment(key, ttl, limit, blockDuration, throttlerName);
    // `now` is the transaction's start: one instant for every comparison in the statement.
    const [row]: CounterRow[] = await this.dataSource.query(
      `INSERT INTO rate_limit_counter AS c (key, hits, window_ends_at)
       VALUES ($1, 1, now() + $2 * interval '1 millisecond')
       ON CONFLICT (key) DO UPDATE SET
         hits = CASE WHEN ${RESTARTS} THEN 1 ELSE c.hits + 1 END,
         window_ends_at = CASE WHEN ${RESTARTS} THEN now() + $2 * interval '1 millisecond'
                               ELSE c.window_ends_at END,
         blocked_until = CASE WHEN c.blocked_until > now() THEN c.blocked_until
                              WHEN NOT (${RESTARTS}) AND c.hits + 1 > $3
                              THEN now() + $4 * interval '1 millisecond' END
       RETURNING c.hits,
         greatest(0, extract(epoch FROM c.window_ends_at - now()) * 1000)::float8 AS window_ms,
         greatest(0, coalesce(extract(epoch FROM c.blocked_until - now()) * 1000, 0))::float8 AS blocked_ms`,
      // Hashed: the table need not hold the addresses and emails people sign in with.
      [createHash('sha256').update(key).digest('hex'), ttl, limit, blockDuration],
    );
    return {
      totalHits: row.hits,
      timeToExpire: Math.ceil(row.window_ms / 1000),
      isBlocked: row.blocked_ms > 0,
      timeToBlockExpire: Math.ceil(row.blocked_ms / 1000),
    };
  }

  /** Tests only: forgets every counter and block. */
  async reset(): Promise<void> {
    this.memory.onApplicationShutdown();
    await this.dataSource.query(`DELETE FROM rate_limit_counter`);
  }
}

/**
 * Keys whose window and block have passed count for nothing; dropped once an hour. (Its own
 * provider: the storage instance is also the throttler's, and would be scheduled twice.)
 */
@Injectable()
export class RateLimitCounterSweep {
  private readonly logger = new Logger(RateLimitCounterSweep.name);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Cron(CronExpression.EVERY_HOUR, { name: 'rate-limit-counter-sweep' })
  async sweep(): Promise<void> {
    try {
      await this.dataSource.query(
        `DELETE FROM rate_limit_counter
          WHERE window_ends_at < now() AND coalesce(blocked_until, '-infinity') < now()`,
      );
    } catch (error) {
      this.logger.warn(`Rate-limit counter sweep failed: ${(error as Error).message}`);
    }
  }
}
