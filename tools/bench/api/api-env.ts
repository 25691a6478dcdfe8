import { randomBytes } from 'node:crypto';

/** One signing secret per bench process: the API signs the tokens the baseline checks. */
export const JWT_SECRET = randomBytes(48).toString('base64url');

/**
 * The database settings (`DB_POOL_SIZE`, `DB_PREPARED_STATEMENTS`, …) of the bench's own
 * environment, for the API and the baseline alike: `DB_PREPARED_STATEMENTS=false npm run bench`
 * measures both without prepared statements.
 */
export const DB_SETTINGS = Object.fromEntries(
  Object.entries(process.env).filter(
    (entry): entry is [string, string] => entry[0].startsWith('DB_') && entry[1] !== undefined,
  ),
);

/**
 * The API as production runs it: behind one proxy hop, logging a JSON line per request. An
 * empty `portalDir` serves no portal.
 */
export function apiEnv(port: number, portalDir: string, database: Record<string, string>) {
  return {
    ...DB_SETTINGS,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    JWT_SECRET,
    TRUST_PROXY: '1',
    LOG_LEVEL: 'info',
    SEED_DEMO: 'false',
    PORTAL_DIR: portalDir,
    ...database,
  };
}
