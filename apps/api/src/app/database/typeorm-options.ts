import { Logger } from '@nestjs/common';
import type { DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import type { EmbeddedConnection } from './embedded-database';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { PREPARED_STATEMENTS_POOL } from './prepared-statements';
import { SLOW_QUERY_MS, TypeOrmPinoLogger } from './typeorm-logger';

/**
 * The one TypeORM configuration, for the embedded database and for PostgreSQL alike. The schema
 * comes only from the committed migrations: synchronize stays off everywhere, tests included.
 */
export function typeOrmOptions(
  config: Pick<
    AppConfig,
    'databaseUrl' | 'dbPoolSize' | 'dbStatementTimeoutMs' | 'dbPreparedStatements'
  >,
  embedded: EmbeddedConnection | null,
): DataSourceOptions {
  const target = embedded ? { ...embedded } : { url: config.databaseUrl ?? undefined };
  return {
    type: 'postgres',
    ...target,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: true,
    migrationsTransactionMode: 'each',
    synchronize: false,
    logger: new TypeOrmPinoLogger(),
    logging: ['error', 'warn', 'migration'],
    maxQueryExecutionTime: SLOW_QUERY_MS,
    // An idle pooled connection that breaks (PostgreSQL restarted, failed over) raises an
    // `error` event; unheard, it would end the process. The pool drops that connection and
    // opens a new one on the next request. (apps/api-resilience restarts PostgreSQL under load.)
    poolErrorHandler: (error: Error) =>
      new Logger('Database').warn(`Lost an idle database connection: ${error.message}`),
    extra: {
      // PGlite is a single session: behind its socket, two connections at once interleave
      // their protocol messages and get each other's answers. One connection serialises
      // every statement, which is all PGlite can do anyway.
      max: embedded ? 1 : config.dbPoolSize,
      // A connection's prepared statements last as long as it does (prepared-statements.ts);
      // the embedded one costs nothing to keep open, so it is never closed for being idle.
      ...(embedded ? { idleTimeoutMillis: 0 } : {}),
      ...(config.dbPreparedStatements ? PREPARED_STATEMENTS_POOL : {}),
      // Bounds every statement, so one runaway query cannot hold a connection forever.
      statement_timeout: config.dbStatementTimeoutMs,
      // Requests queue for the single embedded connection; give them time.
      connectionTimeoutMillis: embedded ? 30_000 : 10_000,
      application_name: 'rehabit-api',
      // A server that vanished without closing the connection (a network cut, a crashed host)
      // is noticed by TCP keep-alive instead of a request hanging on it until the OS gives up.
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
      // No JIT compilation: it spends seconds on the large plans of the caseload list and the
      // reports to save milliseconds (GET /patients 3 s instead of 30 ms on 10,000 patients,
      // tools/bench/reports). PGlite has no JIT.
      ...(embedded ? {} : { options: '-c jit=off' }),
    },
  };
}
