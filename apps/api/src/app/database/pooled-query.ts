import type { Pool, QueryResult } from 'pg';
import {
  QueryFailedError,
  TypeORMError,
  type AfterQueryEvent,
  type BeforeQueryEvent,
  type EntityManager,
  type EntitySubscriberInterface,
} from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/**
 * `manager.query(sql, parameters)` for the statements nearly every request sends (the principal
 * behind a token, the audit INSERT, the caseload page). Outside a transaction TypeORM builds a
 * QueryRunner, an EntityManager and a broadcaster for each statement and awaits five steps
 * around it: 0.1–0.3 ms of the API's time per request of the patients list (three statements),
 * measured side by side on a busy two-core machine.
 * This sends the statement on a connection of TypeORM's own `pg` pool instead, and keeps what
 * the app relies on from TypeORM's path: subscribers' beforeQuery and afterQuery (the statement
 * counters of the tests and of the reports bench), failures thrown as QueryFailedError
 * (database/errors.ts) and logged, slow statements logged. Inside a transaction (a manager
 * bound to a QueryRunner) the statement goes through TypeORM as before.
 */
export async function pooledQuery<T>(
  manager: EntityManager,
  sql: string,
  parameters: unknown[],
): Promise<T[]> {
  if (manager.queryRunner) return manager.query(sql, parameters);
  const dataSource = manager.connection;
  const pool = (dataSource.driver as PostgresDriver).master as Pool | undefined;
  if (!pool) throw new TypeORMError('Driver not Connected');
  // TypeORM's events, minus the QueryRunner this path does without.
  const event = { dataSource, connection: dataSource, manager, query: sql, parameters };
  await notify(dataSource.subscribers, (subscriber) =>
    subscriber.beforeQuery?.(event as BeforeQueryEvent),
  );
  // Not pool.query: it drops the connection after any failed statement (a unique violation
  // included), where TypeORM drops it only when the connection itself fails, as here.
  const client = await pool.connect();
  let connectionError: Error | undefined;
  // A checked-out connection that fails emits 'error', which would end the process unheard.
  const onConnectionError = (error: Error) => (connectionError = error);
  client.on('error', onConnectionError);
  const started = Date.now();
  let result: QueryResult;
  try {
    result = await client.query(sql, parameters);
  } catch (error) {
    dataSource.logger.logQueryError(error as Error, sql, parameters);
    await notify(dataSource.subscribers, (subscriber) =>
      subscriber.afterQuery?.({ ...event, success: false, error } as AfterQueryEvent),
    );
    throw new QueryFailedError(sql, parameters, error as Error);
  } finally {
    client.removeListener('error', onConnectionError);
    client.release(connectionError);
  }
  const executionTime = Date.now() - started;
  const slowAfter = dataSource.options.maxQueryExecutionTime;
  if (slowAfter && executionTime > slowAfter)
    dataSource.logger.logQuerySlow(executionTime, sql, parameters);
  await notify(dataSource.subscribers, (subscriber) =>
    subscriber.afterQuery?.({
      ...event,
      success: true,
      executionTime,
      rawResults: result,
    } as AfterQueryEvent),
  );
  return result.rows as T[];
}

/** Calls a hook on every subscriber, and waits only if one of them returned a promise. */
async function notify(
  subscribers: readonly EntitySubscriberInterface[],
  hook: (subscriber: EntitySubscriberInterface) => Promise<unknown> | void,
): Promise<void> {
  const pending: Promise<unknown>[] = [];
  for (const subscriber of subscribers) {
    const returned = hook(subscriber);
    if (returned instanceof Promise) pending.push(returned);
  }
  if (pending.length > 0) await Promise.all(pending);
}
