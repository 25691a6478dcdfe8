import { DynamicModule, Module } from '@nestjs/common';
import { API_PREFIX } from '@rehabit/contracts';
import { LoggerModule } from 'nestjs-pino';
import pino from 'pino';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AppConfig } from '../config/app-config';
import { pathOf } from '../http/request-path';

const REQUEST_ID_HEADER = 'x-request-id';
const ACCEPTED_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;
const HEALTH_PATHS = new Set([`${API_PREFIX}/health`, `${API_PREFIX}/health/ready`]);

const requestIds = new WeakMap<IncomingMessage, string>();

/**
 * The request's id: a plain-token X-Request-Id as given, or a new UUID. Fastify (its
 * `request.id`, which errors, the audit trail and the X-Request-Id answer header quote) and
 * pino-http (the log line) each ask for it; both must get the same one.
 */
export function requestIdFor(request: IncomingMessage): string {
  let id = requestIds.get(request);
  if (id === undefined) {
    const given = request.headers[REQUEST_ID_HEADER];
    id = typeof given === 'string' && ACCEPTED_REQUEST_ID.test(given) ? given : randomUUID();
    requestIds.set(request, id);
  }
  return id;
}

/** GET /api/v1/health or /health/ready (query string aside). */
function isHealthProbe(request: IncomingMessage & { originalUrl?: string }): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  return HEALTH_PATHS.has(pathOf(request.originalUrl ?? request.url ?? ''));
}

/** The level of a request's log line: by its outcome, and `silent` for a healthy probe. */
export function requestLogLevel(
  request: IncomingMessage,
  response: ServerResponse,
  error?: Error,
): 'error' | 'warn' | 'info' | 'silent' {
  if (error || response.statusCode >= 500) return 'error';
  if (response.statusCode >= 400) return 'warn';
  // A load balancer probes every few seconds: a line per healthy answer would bury the
  // requests that matter, and cost more CPU than the probe itself. A failing probe is logged.
  if (isHealthProbe(request)) return 'silent';
  return 'info';
}

/**
 * JSON logs through pino, one line per request with its id (taken from a trusted-looking
 * X-Request-Id or made here, and echoed back), and no credentials in them. Successful health
 * probes are not logged; failing ones are.
 */
@Module({})
export class LoggingModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: [
            {
              level: config.logLevel,
              // Fastify has the id first and sends it back (configureHttp); this is the same one.
              genReqId: requestIdFor,
              customLogLevel: requestLogLevel,
              redact: {
                paths: [
                  'req.headers.authorization',
                  'req.headers.cookie',
                  'res.headers["set-cookie"]',
                ],
                censor: '[redacted]',
              },
              serializers: {
                req: (request: { id: unknown; method: string; url: string }) => ({
                  id: request.id,
                  method: request.method,
                  url: request.url,
                }),
                res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
              },
            },
            // A write() per log line cost a busy server more than the rest of a trivial request.
            // Lines are written in 4 kB batches, or after 1 s at the latest, and flushed when
            // the process exits; a SIGKILL loses at most that last second.
            pino.destination({ dest: 1, sync: false, minLength: 4096, periodicFlush: 1000 }),
          ],
        }),
      ],
    };
  }
}
