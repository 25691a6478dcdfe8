import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, EntitySubscriberInterface, TransactionCommitEvent } from 'typeorm';

interface ClaimedKey {
  userId: string;
  key: string;
  marked: boolean;
}

/** The Idempotency-Key the current request holds, for the transactions it runs. */
export const claimedKey = new AsyncLocalStorage<ClaimedKey>();

/**
 * Marks the request's key `committed` inside the transaction that stores its record, so the mark
 * and the record commit together. A process dying after that commit but before the answer is
 * recorded then leaves a key that says "stored": a retry is refused instead of storing twice.
 */
@Injectable()
export class IdempotencyCommitSubscriber implements EntitySubscriberInterface {
  constructor(@InjectDataSource() dataSource: DataSource) {
    // Nest builds the data source before its providers; this is how it takes subscribers.
    dataSource.subscribers.push(this);
  }

  async beforeTransactionCommit(event: TransactionCommitEvent): Promise<void> {
    const claim = claimedKey.getStore();
    if (!claim || claim.marked) return;
    await event.queryRunner.query(
      `UPDATE idempotency_key SET state = 'committed' WHERE user_id = $1 AND key = $2 AND state = 'in_flight'`,
      [claim.userId, claim.key],
    );
    claim.marked = true;
  }
}

export function runWithClaimedKey<T>(userId: string, key: string, work: () => T): T {
  return claimedKey.run({ userId, key, marked: false }, work);
}
