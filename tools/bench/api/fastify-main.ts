/**
 * Bench only: the same AppModule on Nest's Fastify adapter, to measure Express against
 * Fastify on the API's real routes. Mirrors create-app.ts and configure-http.ts (helmet with
 * the same CSP, no-store on API answers, 100 kB JSON bodies and the deep-JSON/NUL check,
 * cookies, trusted proxy hops, validation pipe, problem+json filter, OpenAPI, the built portal
 * with its index.html fallback).
 *
 * The app's code uses a few Express spellings; small decorations stand in for them here
 * (`reply.setHeader`, `reply.set`, `request.path`, `request.header`), and @fastify/cookie
 * supplies `reply.cookie`. Moving the product to Fastify would mean porting those call sites
 * instead (and cookie maxAge is seconds in @fastify/cookie, milliseconds in Express).
 */
import 'reflect-metadata';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { API_PREFIX } from '@rehabit/contracts';
import type { Request, Response } from 'express';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Logger } from 'nestjs-pino';
import { resolve } from 'node:path';
import { AppModule } from '../../../apps/api/src/app/app.module';
import { loadConfig, type AppConfig } from '../../../apps/api/src/app/config/app-config';
import { EmbeddedDatabase } from '../../../apps/api/src/app/database/embedded-database';
import { refuseUnusableInput } from '../../../apps/api/src/app/http/body-limits';
import { ProblemDetailsFilter } from '../../../apps/api/src/app/http/problem-details.filter';
import { createValidationPipe } from '../../../apps/api/src/app/http/validation.pipe';

const JSON_BODY_LIMIT_BYTES = 100 * 1024;

async function main(): Promise<void> {
  const config = loadConfig(process.env, { portalDir: null });
  const embedded = config.databaseUrl ? null : await EmbeddedDatabase.start(config.dataDir);
  const adapter = new FastifyAdapter({
    // The n nearest hops, as Express's `trust proxy` number means.
    trustProxy: (_address: string, hop: number) => hop < config.trustProxy,
    bodyLimit: JSON_BODY_LIMIT_BYTES,
  });
  const fastify = adapter.getInstance();
  fastify.decorateReply('setHeader', function (this: FastifyReply, name: string, value: string) {
    this.header(name, value);
    return this;
  });
  fastify.decorateReply('set', function (this: FastifyReply, headers: Record<string, string>) {
    this.headers(headers);
    return this;
  });
  fastify.decorateRequest('path', {
    getter(this: FastifyRequest) {
      return this.url.split('?', 1)[0];
    },
  });
  fastify.decorateRequest('header', function (this: FastifyRequest, name: string) {
    return this.headers[name.toLowerCase()];
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, embedded),
    adapter,
    { bufferLogs: true, abortOnError: false },
  );
  app.useLogger(app.get(Logger));
  await configureFastify(app, config);
  await app.listen(config.port, config.host);
}

async function configureFastify(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
  });
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', async (request, reply) => {
    if (request.url.startsWith(API_PREFIX)) reply.header('Cache-Control', 'no-store');
  });
  if (config.corsOrigins.length > 0) {
    app.enableCors({
      origin: config.corsOrigins,
      credentials: true,
      maxAge: 600,
      exposedHeaders: ['ETag'],
    });
  }
  fastify.addHook('preValidation', (request, reply, done) =>
    refuseUnusableInput(
      { originalUrl: request.url, body: request.body } as Request,
      reply as unknown as Response,
      (error?: unknown) => done(error as Error | undefined),
    ),
  );
  await app.register(fastifyCookie);
  app.setGlobalPrefix(API_PREFIX.slice(1));
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Rehabit API')
      .setVersion(config.version)
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  const portalDir = process.env['PORTAL_DIR'];
  if (portalDir) {
    await app.register(fastifyStatic, {
      root: resolve(portalDir),
      index: false,
      maxAge: 3600_000,
      wildcard: false,
    });
    // Nest owns the not-found handler; the lowest-priority route gives deep links index.html.
    fastify.get('/*', (request, reply) => {
      if (request.url.startsWith('/api')) return reply.callNotFound();
      return reply.header('Cache-Control', 'no-cache').sendFile('index.html');
    });
  }
}

main().catch((error: unknown) => {
  console.error('Rehabit (Fastify bench build) failed to start:', error);
  process.exit(1);
});
