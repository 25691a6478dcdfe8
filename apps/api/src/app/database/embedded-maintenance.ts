import { Inject, Injectable, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';

/**
 * Tables whose file grew by more than this share (and by a page at least) since they were last
 * vacuumed or analysed are due; PostgreSQL's autovacuum uses 10–20 % by default.
 */
const GROWTH_FACTOR = 1.2;
const GROWTH_SLACK_PAGES = 1;

/**
 * Autovacuum for the embedded database. PGlite runs PostgreSQL in single-user mode: no
 * autovacuum, and no activity counters to drive one. Never analysed, its tables keep the
 * planner's default guesses (a few rows each), and the clinic dashboard's plan took 1–2 s on a
 * small clinic instead of 0.2 s; updated rows (daily roll-ups, sign-in counters) are never
 * reclaimed. At start and then every minute, each table that was never analysed, or whose file
 * outgrew its last statistics, gets `VACUUM (ANALYZE)` — one table at a time, as it blocks the
 * embedded database while it runs. PostgreSQL servers do this themselves: nothing runs there.
 */
@Injectable()
export class EmbeddedMaintenance implements OnApplicationBootstrap {
  private readonly logger = new Logger('EmbeddedMaintenance');
  private running = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.run();
  }

  @Cron(CronExpression.EVERY_MINUTE, { name: 'embedded-maintenance' })
  async tick(): Promise<void> {
    // Tests count statements; a background VACUUM would add to their counts.
    if (this.config.nodeEnv === 'test') return;
    await this.run();
  }

  /** Vacuums and analyses the tables that are due; returns their names. */
  async run(): Promise<string[]> {
    if (this.config.databaseUrl || this.running) return [];
    this.running = true;
    try {
      const due: Array<{ name: string }> = await this.dataSource.query(
        `SELECT quote_ident(c.relname) AS name
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = 'public' AND c.relkind = 'r'
            AND (c.reltuples < 0
                 OR pg_relation_size(c.oid) / current_setting('block_size')::int
                    > c.relpages * $1::float8 + $2::int)
          ORDER BY c.relname`,
        [GROWTH_FACTOR, GROWTH_SLACK_PAGES],
      );
      for (const { name } of due) await this.dataSource.query(`VACUUM (ANALYZE) ${name}`);
      return due.map(({ name }) => name);
    } catch (error) {
      this.logger.warn(`Embedded database maintenance failed: ${(error as Error).message}`);
      return [];
    } finally {
      this.running = false;
    }
  }
}

@Module({ providers: [EmbeddedMaintenance] })
export class EmbeddedMaintenanceModule {}
