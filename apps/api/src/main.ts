import 'reflect-metadata';
import { Logger, type INestApplication } from '@nestjs/common';
import { resolve } from 'node:path';
import { ConfigError, loadConfig } from './app/config/app-config';
import { createApp } from './app/create-app';
import { DataDirLockedError } from './app/database/embedded-database';
import { GracefulShutdown } from './app/health/graceful-shutdown';

// Compiled layout: dist/apps/api/apps/api/src/main.js beside dist/apps/portal/browser.
const BUILT_PORTAL_DIR = resolve(__dirname, '../../../../portal/browser');

/** `docker stop` sends SIGKILL 10 s after SIGTERM; exiting before that at least says why. */
const SHUTDOWN_DEADLINE_MS = 9500;

async function main(): Promise<void> {
  const config = loadConfig(process.env, { portalDir: BUILT_PORTAL_DIR });
  const app = await createApp(config);
  stopGracefullyOnSignals(app);
  await app.listen(config.port, config.host);
  const url = await app.getUrl();
  const database = config.databaseUrl
    ? 'PostgreSQL (DATABASE_URL)'
    : `embedded PGlite in ${config.dataDir}`;
  new Logger('Rehabit').log(
    `Rehabit ${config.version} listening on ${url} — database: ${database}`,
  );
  if (!config.portalDir)
    new Logger('Rehabit').warn('Portal not built: serving the API only (run `npm run build`).');
}

/**
 * SIGTERM or SIGINT: readiness turns 503 and the listener closes at once, requests in flight
 * finish, then the database closes (see GracefulShutdown). A second signal exits at once.
 */
function stopGracefullyOnSignals(app: INestApplication): void {
  const logger = new Logger('Rehabit');
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn(`${signal} again: exiting without finishing requests in flight`);
      process.exit(1);
    }
    stopping = true;
    logger.log(`${signal}: taking no new requests, finishing those in flight`);
    setTimeout(() => {
      logger.error(`Shutdown still not done after ${SHUTDOWN_DEADLINE_MS / 1000} s; exiting`);
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    // Before app.close(): Nest runs other modules' hooks first, and readiness must turn at once.
    void app.get(GracefulShutdown).drain();
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error(`Shutdown failed: ${error instanceof Error ? error.stack : String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

main().catch((error: unknown) => {
  // Operator mistakes get one clear line and exit code 1, never a stack trace.
  if (error instanceof ConfigError) console.error(`Configuration error: ${error.message}`);
  else if (error instanceof DataDirLockedError) console.error(`Cannot start: ${error.message}`);
  else console.error('Rehabit failed to start:', error);
  process.exit(1);
});
