import { DynamicModule, Module, OnApplicationShutdown } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
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
        TypeOrmModule.forRoot({
          ...typeOrmOptions(config, embedded?.connection ?? null),
          // Start-up fails after ~10 s rather than retrying for half a minute behind a wrong URL.
          retryAttempts: 3,
          retryDelay: 2000,
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
