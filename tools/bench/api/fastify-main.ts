/**
 * Bench only: the API on Nest's Fastify adapter. It was a separate bootstrap while the product
 * ran on Express, to measure one against the other; the product now runs on Fastify itself
 * (create-app.ts), so this is the same app as the bench's `api` target and the `fastify`
 * comparison measures nothing new (pass --no-fastify). Kept so the runner still starts.
 */
import 'reflect-metadata';
import { loadConfig } from '../../../apps/api/src/app/config/app-config';
import { createApp } from '../../../apps/api/src/app/create-app';

async function main(): Promise<void> {
  const config = loadConfig(process.env, { portalDir: null });
  const app = await createApp(config);
  await app.listen(config.port, config.host);
}

main().catch((error: unknown) => {
  console.error('Rehabit (Fastify bench build) failed to start:', error);
  process.exit(1);
});
