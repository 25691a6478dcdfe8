import { DynamicModule, Module, OnApplicationShutdown } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, MigrationExecutor, type DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import type { EmbeddedDatabase } from './embedded-database';
import { typeOrmOptions } from './typeorm-options';

/**
 * Owns the embedded database's lifetime inside the app: it is stopped only after TypeORM's
 * pool is closed, whichever order Nest runs the shutdown hooks in.
 */
export class DatabaseLifecycle implements OnApplicationShutdown {
  constructor(
    readonly embedded: EmbeddedDatabase | null,
    private readonly moduleRef: ModuleRef,
  ) {}

  get kind(): 'embedded' | 'postgres' {
    return this.embedded ? 'embedded' : 'postgres';
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.embedded) return;
    const dataSource = this.moduleRef.get(DataSource, { strict: false });
    if (dataSource.isInitialized) await dataSource.destroy();
    await this.embedded.stop();
  }
}

/** Any fixed number: the key of the advisory lock that instances take to migrate. */
const MIGRATIONS_LOCK = 7_364_210_001;

/**
 * TypeORM on PostgreSQL (DATABASE_URL) or on the embedded database started before the app,
 * with the committed migrations applied as it connects.
 */
@Module({})
export class DatabaseModule {
  static forRoot(config: AppConfig, embedded: EmbeddedDatabase | null): DynamicModule {
    return {
      module: DatabaseModule,
      global: true,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => ({
            ...typeOrmOptions(config, embedded?.connection ?? null),
            migrationsRun: false,
            // Start-up fails after ~10 s rather than retrying for half a minute behind a wrong URL.
            retryAttempts: 3,
            retryDelay: 2000,
          }),
          dataSourceFactory: (options) => connectAndMigrate(options as DataSourceOptions),
        }),
      ],
      providers: [
        {
          provide: DatabaseLifecycle,
          inject: [ModuleRef],
          useFactory: (moduleRef: ModuleRef) => new DatabaseLifecycle(embedded, moduleRef),
        },
      ],
      exports: [DatabaseLifecycle],
    };
  }
}

/**
 * Several instances may start at once on one database (a rolling deploy, a scale-out). Without
 * a lock they run the same migration together and all but one fail on a duplicate type; with a
 * session-level advisory lock one migrates while the others wait, then find nothing to do. Lock
 * and migrations share one connection, the only one the embedded database has.
 */
async function connectAndMigrate(options: DataSourceOptions): Promise<DataSource> {
  const dataSource = await new DataSource(options).initialize();
  const runner = dataSource.createQueryRunner();
  try {
    // Waiting for another instance's migrations, or building an index on a large table, may
    // take longer than the per-statement limit that requests run with.
    await runner.query('SET statement_timeout = 0');
    await runner.query(`SELECT pg_advisory_lock(${MIGRATIONS_LOCK})`);
    const migrations = new MigrationExecutor(dataSource, runner);
    migrations.transaction = options.migrationsTransactionMode ?? 'each';
    await migrations.executePendingMigrations();
    await runner.query(`SELECT pg_advisory_unlock(${MIGRATIONS_LOCK})`);
    await runner.query('RESET statement_timeout');
    await runner.release();
    return dataSource;
  } catch (error) {
    // Closing the pool ends the session, and with it the lock; the module retries from scratch.
    await runner.release();
    await dataSource.destroy();
    throw error;
  }
}
