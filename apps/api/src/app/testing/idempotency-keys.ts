import type { Pool } from 'pg';
import type { AfterQueryEvent, DataSource, EntitySubscriberInterface } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/**
 * Runs `work` and reads the state of the Idempotency-Key `key` right after the first statement
 * matching `statement` ran: whether the key was marked `committed` with the record that
 * statement stored. The read goes to the pool past TypeORM, so statement counters (countQueries)
 * around `work` do not see it.
 */
export async function keyStateAfter<T>(
  dataSource: DataSource,
  key: string,
  statement: RegExp,
  work: () => Promise<T>,
): Promise<{ result: T; state: string | undefined }> {
  let state: string | undefined;
  let seen = false;
  const watcher: EntitySubscriberInterface = {
    async afterQuery(event: AfterQueryEvent) {
      if (seen || !statement.test(event.query)) return;
      seen = true;
      state = await keyState(dataSource, key);
    },
  };
  const subscribers = dataSource.subscribers as EntitySubscriberInterface[];
  subscribers.push(watcher);
  try {
    const result = await work();
    return { result, state };
  } finally {
    subscribers.splice(subscribers.indexOf(watcher), 1);
  }
}

/** The state of the Idempotency-Key `key`, read on the pool past TypeORM (no counter sees it). */
export async function keyState(dataSource: DataSource, key: string): Promise<string | undefined> {
  const pool = (dataSource.driver as PostgresDriver).master as Pool;
  const { rows } = await pool.query<{ state: string }>(
    `SELECT state FROM idempotency_key WHERE key = $1`,
    [key],
  );
  return rows[0]?.state;
}
