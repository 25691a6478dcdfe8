import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isDatabaseUnavailable } from '../database/errors';
import { JSON_BODY_LIMIT } from './body-limits';
import { PROBLEM_CONTENT_TYPE, Problem, ValidationProblem, problemBody } from './problem';
import { pathOf } from './request-path';

/** A restart or failover of PostgreSQL is over in seconds (see apps/api-resilience). */
const DATABASE_RETRY_AFTER_SECONDS = 5;

/**
 * Every error leaves the API as RFC 9457 problem+json with a clear `detail` and never a stack,
 * SQL text or file path. Client errors are logged briefly; only server errors carry a stack,
 * and only in the log.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    const { status, body, headers } = this.toProblem(exception, request);

    if (status >= 500) {
      this.logger.error(
        { err: exception, requestId: request.id, path: request.url },
        'Unhandled error while serving a request',
      );
    }
    if (response.sent || response.raw.headersSent) return;
    if (headers) response.headers(headers);
    response.code(status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
  }

  private toProblem(
    exception: unknown,
    request: FastifyRequest,
  ): { status: number; body: ReturnType<typeof problemBody>; headers?: Record<string, string> } {
    if (exception instanceof ValidationProblem) {
      const status = exception.getStatus();
      return {
        status,
        body: problemBody(status, detailOf(exception), { errors: exception.errors }),
      };
    }
    if (exception instanceof Problem) {
      const status = exception.getStatus();
      return { status, body: problemBody(status, detailOf(exception), exception.extra) };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      return { status, body: problemBody(status, this.detailForHttp(exception, request)) };
    }
    if (isDatabaseUnavailable(exception)) {
      // Retrying is safe: POSTs that phones retry carry an Idempotency-Key.
      const status = HttpStatus.SERVICE_UNAVAILABLE;
      return {
        status,
        headers: { 'Retry-After': String(DATABASE_RETRY_AFTER_SECONDS) },
        body: problemBody(
          status,
          'The database cannot be reached right now; try again in a few seconds.',
        ),
      };
    }
    const status = HttpStatus.INTERNAL_SERVER_ERROR;
    const reference = request.id ? ` Reference: ${String(request.id)}.` : '';
    return { status, body: problemBody(status, `An unexpected error occurred.${reference}`) };
  }

  private detailForHttp(exception: HttpException, request: FastifyRequest): string {
    if (exception.getStatus() === HttpStatus.PAYLOAD_TOO_LARGE) {
      return `The request body is larger than the ${JSON_BODY_LIMIT} limit.`;
    }
    if (
      exception.getStatus() === HttpStatus.NOT_FOUND &&
      /^Cannot [A-Z]+ /.test(exception.message)
    ) {
      return `No resource at ${request.method} ${pathOf(request.url)}.`;
    }
    return detailOf(exception);
  }
}

function detailOf(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const { detail, message } = response as { detail?: unknown; message?: unknown };
  if (typeof detail === 'string') return detail;
  if (typeof message === 'string') return message;
  if (Array.isArray(message)) return message.join('; ');
  return exception.message;
}
