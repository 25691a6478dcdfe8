/**
 * Bench only: the least a server can do for `GET /api/v1/health` (one `SELECT 1`), three
 * ways — bare node:http, and NestJS with one controller and nothing else on Express and on
 * Fastify: no helmet, logging, guards, pipes, filters or database layer. `npm run bench:floor`
 * compares them, to show how much of the trivial route's target a NestJS app can reach at all.
 * `node -r tools/jasmine/register.cjs tools/bench/api/floor-server.ts node|nest-express|nest-fastify`
 */
import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { API_PREFIX } from '@rehabit/contracts';
import { createServer } from 'node:http';
import { Pool } from 'pg';

export const FLOOR_SERVERS = ['node', 'nest-express', 'nest-fastify'] as const;
export type FloorServer = (typeof FLOOR_SERVERS)[number];

let pool: Pool;

async function health(): Promise<{ status: string }> {
  await pool.query('SELECT 1');
  return { status: 'ok' };
}

@Controller('health')
class HealthController {
  @Get()
  health(): Promise<{ status: string }> {
    return health();
  }
}

@Module({ controllers: [HealthController] })
class FloorModule {}

async function main(kind: FloorServer, port: number): Promise<void> {
  pool = new Pool({ connectionString: process.env['DATABASE_URL'], max: 10 });
  if (kind === 'node') {
    const path = `${API_PREFIX}/health`;
    createServer((request, response) => {
      if (request.url !== path) return void response.writeHead(404).end();
      health().then(
        (body) =>
          response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body)),
        () => response.writeHead(503).end(),
      );
    }).listen(port, '127.0.0.1');
    return;
  }
  const app =
    kind === 'nest-express'
      ? await NestFactory.create(FloorModule, { logger: false })
      : await NestFactory.create(FloorModule, new FastifyAdapter(), { logger: false });
  app.setGlobalPrefix(API_PREFIX);
  await app.listen(port, '127.0.0.1');
}

if (require.main === module) {
  const [kind, port] = process.argv.slice(2);
  if (!(FLOOR_SERVERS as readonly string[]).includes(kind))
    throw new Error(`unknown server ${kind}`);
  void main(kind as FloorServer, Number(port));
}
