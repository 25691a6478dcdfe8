import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { resolve } from 'node:path';
import { ConfigError, loadConfig } from './app/config/app-config';
import { createApp } from './app/create-app';
import { DataDirLockedError } from './app/database/embedded-database';

// Compiled layout: dist/apps/api/apps/api/src/main.js beside dist/apps/portal/browser.
const BUILT_PORTAL_DIR = resolve(__dirname, '../../../../portal/browser');

async function main(): Promise<void> {
  const config = loadConfig(process.env, { portalDir: BUILT_PORTAL_DIR });
  const app = await createApp(config);
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

main().catch((error: unknown) => {
  // Operator mistakes get one clear line and exit code 1, never a stack trace.
  if (error instanceof ConfigError) console.error(`Configuration error: ${error.message}`);
  else if (error instanceof DataDirLockedError) console.error(`Cannot start: ${error.message}`);
  else console.error('Rehabit failed to start:', error);
  process.exit(1);
});
