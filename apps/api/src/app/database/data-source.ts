import { DataSource } from 'typeorm';
import { loadConfig } from '../config/app-config';
import { EmbeddedDatabase } from './embedded-database';
import { typeOrmOptions } from './typeorm-options';

/**
 * For TypeORM's migration CLI (`nx run api:migration:run|revert|generate`): the same options
 * as the app, on DATABASE_URL when set, otherwise on the embedded database in DATA_DIR
 * (which the app must not be running on: the data-folder lock refuses a second process).
 */
async function cliDataSource(): Promise<DataSource> {
  const config = loadConfig();
  const embedded = config.databaseUrl ? null : await EmbeddedDatabase.start(config.dataDir);
  if (embedded) process.once('beforeExit', () => void embedded.stop());
  const options = typeOrmOptions(config, embedded?.connection ?? null);
  return new DataSource({
    ...options,
    migrationsRun: false,
    // Migrations fill roll-ups and build indexes over whole tables: no per-statement limit, as
    // when the app migrates at start-up (database.module.ts).
    extra: { ...(options.extra as object), statement_timeout: 0 },
  });
}

export default cliDataSource();
