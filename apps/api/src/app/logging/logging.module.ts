import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import pino from 'pino';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AppConfig } from '../config/app-config';

const REQUEST_ID_HEADER = 'x-request-id';
const ACCEPTED_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * JSON logs through pino, one line per request with its id (taken from a trusted-looking
 * X-Request-Id or made here, and echoed back), and no credentials in them.
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
              genReqId: (request: IncomingMessage, response: ServerResponse) => {
                const given = request.headers[REQUEST_ID_HEADER];
                const id =
                  typeof given === 'string' && ACCEPTED_REQUEST_ID.test(given)
                    ? given
                    : randomUUID();
                response.setHeader('X-Request-Id', id);
                return id;
              },
              customLogLevel: (_request, response, error) => {
                if (error || response.statusCode >= 500) return 'error';
                if (response.statusCode >= 400) return 'warn';
                return 'info';
              },
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
