import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import type { AppConfig } from './config/app-config';
import { EmbeddedDatabase } from './database/embedded-database';
import { configureHttp, createHttpAdapter } from './http/configure-http';

/**
 * The whole API as one Nest application, the same for the server and for the tests. The
 * embedded database starts first, so a locked DATA_DIR is reported before Nest starts.
 * `app.close()` drains the HTTP server before it closes the database (GracefulShutdown); the
 * server process calls it on SIGTERM and SIGINT (main.ts).
 */
export async function createApp(config: AppConfig): Promise<NestFastifyApplication> {
  const embedded = config.databaseUrl ? null : await EmbeddedDatabase.start(config.dataDir);
  try {
    const app = await NestFactory.create<NestFastifyApplication>(
      AppModule.forRoot(config, embedded),
      createHttpAdapter(config),
      {
        // The JSON parser is configureHttp's own (parseJsonBody).
        bodyParser: false,
        bufferLogs: true,
        abortOnError: false,
      },
    );
    app.useLogger(app.get(Logger));
    await configureHttp(app, config);
    return app;
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
}
