import type { DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import type { EmbeddedConnection } from './embedded-database';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { SLOW_QUERY_MS, TypeOrmPinoLogger } from './typeorm-logger';

/**
 * The one TypeORM configuration, for the embedded database and for PostgreSQL alike. The schema
 * comes only from the committed migrations: synchronize stays off everywhere, tests included.
 */
export function typeOrmOptions(
  config: Pick<AppConfig, 'databaseUrl' | 'dbPoolSize' | 'dbStatementTimeoutMs'>,
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
    extra: {
      // PGlite is a single session: behind its socket, two connections at once interleave
      // their protocol messages and get each other's answers. One connection serialises
      // every statement, which is all PGlite can do anyway.
      max: embedded ? 1 : config.dbPoolSize,
      // Bounds every statement, so one runaway query cannot hold a connection forever.
      statement_timeout: config.dbStatementTimeoutMs,
      // Requests queue for the single embedded connection; give them time.
      connectionTimeoutMillis: embedded ? 30_000 : 10_000,
      application_name: 'rehabit-api',
    },
  };
}
