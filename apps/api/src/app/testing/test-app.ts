import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { IN_MEMORY_DATA_DIR, loadConfig, type AppConfig } from '../config/app-config';
import { createApp } from '../create-app';
import { withClient } from './pg-client';
import { noteApiRoutes } from './routes';

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  dataSource: DataSource;
  /** The Node HTTP server, for supertest. */
  server: ReturnType<NestFastifyApplication['getHttpServer']>;
}

/** Origins the shared test app allows, so CORS can be checked both ways. */
export const TEST_CORS_ORIGIN = 'https://portal.rehabit.test';

let shared: Promise<TestApp> | null = null;
let dropDatabase: (() => Promise<void>) | null = null;

/**
 * One real API per test process: on a fresh in-memory PGlite by default, or on a database of its
 * own created in the PostgreSQL of TEST_DATABASE_URL. Tests keep apart by using their own clinic.
 */
export function getTestApp(): Promise<TestApp> {
  shared ??= startTestApp();
  return shared;
}

export async function closeTestApp(): Promise<void> {
  if (!shared) return;
  const { app } = await shared;
  shared = null;
  await app.close();
  await dropDatabase?.();
}

async function startTestApp(): Promise<TestApp> {
  const databaseUrl = process.env['TEST_DATABASE_URL']
    ? await createThrowawayDatabase(process.env['TEST_DATABASE_URL'])
    : undefined;
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: IN_MEMORY_DATA_DIR,
    DATABASE_URL: databaseUrl,
    CORS_ORIGINS: TEST_CORS_ORIGIN,
    // Fixtures sign in from addresses of their own (see testing/factories.ts).
    TRUST_PROXY: '1',
    SEED_DEMO: 'false',
    LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'silent',
  });
  const app = await createApp(config);
  const fastify = app.getHttpAdapter().getInstance();
  noteApiRoutes(fastify);
  await app.init();
  // supertest talks to the Node server, which answers only once Fastify has loaded its plugins.
  await fastify.ready();
  return { app, config, dataSource: app.get(DataSource), server: app.getHttpServer() };
}

async function createThrowawayDatabase(adminUrl: string): Promise<string> {
  const name = `rehabit_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await withClient(adminUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  dropDatabase = async () => {
    await withClient(adminUrl, (client) =>
      client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
    );
  };
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
