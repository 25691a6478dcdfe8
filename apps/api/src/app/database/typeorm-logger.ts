import { Logger as NestLogger } from '@nestjs/common';
import type { Logger } from 'typeorm';

/** Statements slower than this are logged as warnings, with their SQL but not their values. */
export const SLOW_QUERY_MS = 1000;

/**
 * TypeORM's messages through the app's pino logger, as JSON lines like everything else.
 * A failed statement is a debug line, not an error: most are expected (a unique violation
 * answered 422) and the ones that are not reach the exception filter, which logs them.
 * Parameters are never logged: they carry patients' data.
 */
export class TypeOrmPinoLogger implements Logger {
  private readonly logger = new NestLogger('Database');

  logQuery(): void {
    // Every statement would drown the log; count or trace them with a debugger instead.
  }

  logQueryError(error: string | Error, query: string): void {
    this.logger.debug(
      { query, error: error instanceof Error ? error.message : error },
      'Statement failed',
    );
  }

  logQuerySlow(time: number, query: string): void {
    this.logger.warn({ query, ms: time }, 'Slow statement');
  }

  logSchemaBuild(message: string): void {
    this.logger.debug(message);
  }

  logMigration(message: string): void {
    this.logger.log(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger.warn(String(message));
    else this.logger.debug(String(message));
  }
}
