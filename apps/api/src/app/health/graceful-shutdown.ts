import {
  BeforeApplicationShutdown,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/**
 * Requests still running this long after shutdown began are cut off, so that the process has
 * closed its database and exited before the SIGKILL that `docker stop` sends 10 s after
 * SIGTERM (Kubernetes waits 30 s by default).
 */
export const DRAIN_TIMEOUT_MS = 8000;

/**
 * Stopping without dropping work: from the first moment of a shutdown the readiness route
 * answers 503 and no new connection is taken, while every request already accepted runs to
 * its end. Keep-alive connections are closed as soon as they fall idle, and every answer sent
 * meanwhile says `Connection: close`, so clients reconnect to another instance instead of
 * sending their next request into a closing socket. Nest closes the database pool only after
 * this drain (onApplicationShutdown runs after beforeApplicationShutdown).
 */
@Injectable()
export class GracefulShutdown implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Shutdown');
  private readonly running = new Set<ServerResponse>();
  private drained: Promise<void> | null = null;

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  get draining(): boolean {
    return this.drained !== null;
  }

  onApplicationBootstrap(): void {
    // Ahead of Fastify's listener, which may answer before returning.
    this.server.prependListener(
      'request',
      (_request: IncomingMessage, response: ServerResponse) => {
        if (this.draining) response.setHeader('Connection', 'close');
        this.running.add(response);
        response.once('close', () => {
          this.running.delete(response);
          // An answer whose headers went out before the drain began left its connection open.
          if (this.draining) setImmediate(() => this.server.closeIdleConnections());
        });
      },
    );
  }

  /** Starts the drain (once) and resolves when every connection has closed. */
  drain(): Promise<void> {
    this.drained ??= new Promise((resolve) => {
      for (const response of this.running)
        if (!response.headersSent) response.setHeader('Connection', 'close');
      const cutOff = setTimeout(() => {
        this.logger.warn(
          `Closing the connections still open ${DRAIN_TIMEOUT_MS / 1000} s after shutdown began, with ${this.running.size} request(s) unanswered`,
        );
        this.server.closeAllConnections();
      }, DRAIN_TIMEOUT_MS);
      // Stops listening and closes idle keep-alive connections; calls back once all are closed
      // (at once, with an error to ignore, when the server never listened: the tests' app).
      this.server.close(() => {
        clearTimeout(cutOff);
        resolve();
      });
    });
    return this.drained;
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.drain();
  }

  private get server(): Server {
    return this.adapterHost.httpAdapter.getHttpServer();
  }
}
