import type { INestApplication } from '@nestjs/common';
import { DataSource, type BeforeQueryEvent, type EntitySubscriberInterface } from 'typeorm';
import { loadConfig } from '../../../apps/api/src/app/config/app-config';
import { createApp } from '../../../apps/api/src/app/create-app';
import { freePort } from '../api/processes';
import { productionEnv } from './api-server';

/** One statement as the API sent it to the driver: its text and its parameters. */
export interface Statement {
  sql: string;
  params: unknown[];
}

/**
 * The API in this process, configured as in production but silent, only to learn which
 * statements each request sends: a TypeORM subscriber's `beforeQuery` sees every statement
 * with its parameters (transaction control included). Requests are made one at a time, so
 * what arrives while one is in flight is that request's.
 */
export class StatementCapture {
  private recording: Statement[] | null = null;

  private constructor(
    private readonly app: INestApplication,
    readonly url: string,
  ) {
    const recorder: EntitySubscriberInterface = {
      beforeQuery: (event: BeforeQueryEvent) => {
        this.recording?.push({
          sql: event.query,
          params: Array.isArray(event.parameters) ? [...event.parameters] : [],
        });
      },
    };
    (app.get(DataSource).subscribers as EntitySubscriberInterface[]).push(recorder);
  }

  static async start(databaseUrl: string): Promise<StatementCapture> {
    const port = await freePort();
    const app = await createApp(
      loadConfig({ ...productionEnv(databaseUrl, port), LOG_LEVEL: 'silent' }),
    );
    await app.listen(port, '127.0.0.1');
    return new StatementCapture(app, `http://127.0.0.1:${port}`);
  }

  async record(request: () => Promise<unknown>): Promise<Statement[]> {
    this.recording = [];
    try {
      await request();
      return this.recording;
    } finally {
      this.recording = null;
    }
  }

  close(): Promise<void> {
    return this.app.close();
  }
}
