import type { HttpAdapterHost } from '@nestjs/core';
import {
  Agent,
  createServer,
  request,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
} from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { DRAIN_TIMEOUT_MS, GracefulShutdown } from './graceful-shutdown';

/**
 * The drain on a plain Node HTTP server, the kind the API's Fastify app runs on;
 * apps/api-resilience does the same to the built API, with 100 requests and SIGTERM.
 */
describe('GracefulShutdown', () => {
  let server: Server;
  let shutdown: GracefulShutdown;
  let port: number;
  /** Keep-alive clients, like browsers; two, so that a request in flight never reuses the idle connection. */
  let agent: Agent;
  let otherAgent: Agent;
  let release: () => void;

  beforeEach(async () => {
    const held = new Promise<void>((resolve) => (release = resolve));
    server = createServer((req, res) => {
      if (req.url === '/held') void held.then(() => res.end('done'));
      else if (req.url === '/streamed') {
        res.writeHead(200);
        res.write('first part');
        void held.then(() => res.end());
      } else res.end('quick');
    });
    // Long enough that a drain waiting for keep-alive connections to time out would fail here.
    server.keepAliveTimeout = 60_000;
    shutdown = new GracefulShutdown({
      httpAdapter: { getHttpServer: () => server },
    } as unknown as HttpAdapterHost);
    shutdown.onApplicationBootstrap();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    agent = new Agent({ keepAlive: true });
    otherAgent = new Agent({ keepAlive: true });
  });

  afterEach(() => {
    release();
    agent.destroy();
    otherAgent.destroy();
    server.closeAllConnections();
    server.close();
  });

  /** Resolves when the answer's headers arrive; `ended` when its body has. */
  function get(
    path: string,
    via = agent,
  ): Promise<{ headers: IncomingHttpHeaders; ended: Promise<void> }> {
    return new Promise((resolve, reject) =>
      request({ port, host: '127.0.0.1', path, agent: via }, (response: IncomingMessage) => {
        response.resume();
        resolve({
          headers: response.headers,
          ended: new Promise((done) => response.on('end', done)),
        });
      })
        .on('error', reject)
        .end(),
    );
  }

  function tryConnect(): Promise<string> {
    return new Promise((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve('connected');
      });
      socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
    });
  }

  it(
    'refuses new connections at once, closes idle ones, and ends only after the requests in flight are answered with Connection: close',
    async () => {
      const quick = await get('/quick');
      await quick.ended;
      const [idle] = Object.values(agent.freeSockets).flat();
      const idleClosed = new Promise((resolve) => idle?.once('close', resolve));
      const inFlight = new Promise<void>((resolve) => server.once('request', () => resolve()));
      const held = get('/held', otherAgent);
      await inFlight;

      let drained = false;
      const drain = shutdown.drain().then(() => (drained = true));
      expect(shutdown.draining).toBeTrue();
      expect(await tryConnect()).toBe('ECONNREFUSED');
      await idleClosed;
      expect(drained).toBeFalse();

      release();
      const answer = await held;
      expect(answer.headers['connection']).toBe('close');
      await drain;
    },
    DRAIN_TIMEOUT_MS / 2,
  );

  it(
    'closes the connection of an answer whose headers went out before the drain, once it ends',
    async () => {
      const streamed = await get('/streamed');
      expect(streamed.headers['connection']).toBe('keep-alive');
      const drain = shutdown.drain();
      release();
      await streamed.ended;
      await drain;
    },
    DRAIN_TIMEOUT_MS / 2,
  ); // well before the drain would cut the connection off by itself
});
