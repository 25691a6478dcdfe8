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
    const parameters: unknown[] = [];
    const mark = committedKeyMark(parameters);
    if (mark) await event.queryRunner.query(mark, parameters);
  }
}

/**
 * The statement that marks the request's key `committed` (null when the request holds none or
 * it is marked already), its values pushed onto `parameters`. A change written in one statement
 * outside a transaction (a new session log or pain entry) carries it as one of its
 * data-modifying WITH queries, as the transaction's commit would otherwise. A statement that then
 * fails fails the request, whose key is released.
 */
export function committedKeyMark(parameters: unknown[]): string | null {
  const claim = claimedKey.getStore();
  if (!claim || claim.marked) return null;
  claim.marked = true;
  return `UPDATE idempotency_key SET state = 'committed'
    WHERE user_id = $${parameters.push(claim.userId)} AND key = $${parameters.push(claim.key)}
      AND state = 'in_flight'`;
}

export function runWithClaimedKey<T>(userId: string, key: string, work: () => T): T {
  return claimedKey.run({ userId, key, marked: false }, work);
}
