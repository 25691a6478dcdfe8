import fastifyCompress from '@fastify/compress';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { API_PREFIX } from '@rehabit/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import helmet from 'helmet';
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { parse as parseQuery } from 'node:querystring';
import type { AppConfig } from '../config/app-config';
import { requestIdFor } from '../logging/logging.module';
import { JSON_BODY_LIMIT_BYTES, parseJsonBody, refuseUnusableInput } from './body-limits';
import { PROBLEM_CONTENT_TYPE, problemBody } from './problem';
import { ProblemDetailsFilter } from './problem-details.filter';
import { pathOf } from './request-path';
import { createValidationPipe } from './validation.pipe';

const MAX_HEADER_BYTES = 16 * 1024;
export const KEEP_ALIVE_TIMEOUT_MS = 130_000;

/**
 * The Fastify instance the API runs on. Its options are the HTTP behaviour clients were given
 * under Express, which they keep: the n nearest proxy hops trusted for the client address,
 * `/patients/` routed as `/patients` and `/Patients` as `/patients`, Node's request timeout.
 */
export function createHttpAdapter(config: Pick<AppConfig, 'trustProxy'>): FastifyAdapter {
  return new FastifyAdapter({
    // proxy-addr's reading of a hop count, as Express's `trust proxy` number had it.
    trustProxy: (_address: string, hop: number) => hop < config.trustProxy,
    bodyLimit: JSON_BODY_LIMIT_BYTES,
    genReqId: requestIdFor,
    // pino-http (nestjs-pino) logs each request; Fastify's own lines would double them.
    logger: false,
    // Longer than a proxy in front keeps an idle connection to the API (Caddy 2 min, nginx and
    // cloud load balancers 60 s), so the proxy closes it first: one that sends a request on a
    // connection the API is closing answers the user 502, which Node's 5 s invited.
    // An idle connection waits for no header or request timeout (Node counts those per request).
    keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
    requestTimeout: 300_000,
    clientErrorHandler: answerUnparsableRequest,
    routerOptions: {
      ignoreTrailingSlash: true,
      caseSensitive: false,
      // An over-long id is a 404 like any unknown one, not Fastify's 414; Node's 16 kB header
      // limit bounds it anyway.
      maxParamLength: MAX_HEADER_BYTES,
      // Express 5's "simple" query parser: repeated keys make an array, brackets mean nothing.
      querystringParser: (query: string) => parseQuery(query),
    },
  });
}

/**
 * A request Node's HTTP parser could not read (headers past 16 kB, a malformed request line, a
 * timeout) never reaches Fastify's routes; it is answered here, as problem+json like every other
 * error (Fastify's own answer is a JSON shape of its own), and the connection closed.
 */
function answerUnparsableRequest(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, detail] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'The request headers are larger than the server accepts.']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'The request took too long to arrive.']
        : [400, 'The request is not valid HTTP.'];
  const body = JSON.stringify(problemBody(status, detail));
  if (socket.writable)
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\n` +
        `Content-Type: ${PROBLEM_CONTENT_TYPE}; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  socket.destroy(error);
}

/** Everything about how the API speaks HTTP, shared by the server and the tests. */
export async function configureHttp(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  const headers = securityHeaders();
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.headers(headers);
    // The id the log line and any error reference quote (requestIdFor), for the client to quote.
    reply.header('X-Request-Id', request.id);
    // Answers carry health records: no browser or shared cache may keep a copy of them.
    if (isApiPath(request.url)) reply.header('Cache-Control', 'no-store');
    done();
  });
  if (config.corsOrigins.length > 0) {
    app.enableCors({
      origin: config.corsOrigins,
      credentials: true,
      maxAge: 600,
      // A portal on another origin reads a record's ETag to send it back as If-Match.
      exposedHeaders: ['ETag'],
    });
  }
  useJsonBodiesOnly(fastify);
  fastify.addHook('preValidation', refuseUnusableInput);
  await compressReads(app);
  await app.register(fastifyCookie);
  app.setGlobalPrefix(API_PREFIX.slice(1));
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  setUpOpenApi(app, config);
  if (config.portalDir) await servePortal(app, config.portalDir);
}

/**
 * helmet's headers, read once: with no directive computed per request (no nonces) they are the
 * same on every answer. Fastify sets them from its reply, not helmet on Node's raw response:
 * a header set on the raw response makes Node merge the reply's headers into it one by one on
 * every answer. A health probe went from 0.18 to 0.16 CPU ms (docs/PERFORMANCE.md).
 */
function securityHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: string) => (headers[name.toLowerCase()] = value),
    removeHeader: (name: string) => delete headers[name.toLowerCase()],
  };
  let failure: unknown;
  helmet({
    // Helmet's default would make browsers fetch every asset over https, which breaks a
    // server reached over plain http on a clinic's own network; TLS is the proxy's job.
    contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
  })({} as IncomingMessage, response as unknown as ServerResponse, (error?: unknown) => {
    failure = error;
  });
  if (failure) throw failure;
  return headers;
}

/**
 * Answers of 1 kB and more to GETs go out compressed (brotli at quality 4, or gzip) to clients
 * that accept it: patients read their plan and progress on phones, often on mobile data, and
 * JSON and CSV shrink to a fifth or less. Only reads: they are the large answers (lists,
 * progress, reports), and every answer that carries a credential (sign-in, refresh, invitation
 * tokens) is to a POST, so none is exposed to a compression side channel (BREACH). Request
 * bodies are not decompressed: the API reads plain JSON only.
 */
async function compressReads(app: NestFastifyApplication): Promise<void> {
  // Runs before the plugin's own onRoute hook, for every route added later (all of them).
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRoute', (route) => {
      const methods = [route.method].flat();
      if (methods.some((method) => method !== 'GET' && method !== 'HEAD')) route.compress = false;
    });
  await app.register(fastifyCompress, {
    globalDecompression: false,
    encodings: ['br', 'gzip'],
    threshold: 1024,
    // Any JSON answer in one synchronous call (brotli: about 0.12 ms for a 22 kB page here). The
    // plugin's default on two cores, 8 kB, sent a patients page through a zlib stream: the API
    // spent 1.7 CPU ms more per page, against 0.3 so (docs/PERFORMANCE.md). CSV exports stream.
    syncThreshold: 256 * 1024,
  });
}

/**
 * JSON is the only body the API reads (parseJsonBody). A body of any other type is left unread
 * and the route sees none, as under Express: the request is then refused for what it lacks,
 * naming the fields, not for its media type.
 */
function useJsonBodiesOnly(fastify: FastifyInstance): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser(
    'application/json',
    { parseAs: 'buffer', bodyLimit: JSON_BODY_LIMIT_BYTES },
    async (request: FastifyRequest, body: Buffer) => parseJsonBody(request, body),
  );
  fastify.addContentTypeParser('*', async () => undefined);
}

function isApiPath(url: string): boolean {
  return url === '/api' || url.startsWith('/api/') || url.startsWith('/api?');
}

function setUpOpenApi(app: NestFastifyApplication, config: AppConfig): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Rehabit API')
      .setDescription(
        'Home exercise plans, session and pain logs, outcomes. Errors are application/problem+json (RFC 9457).',
      )
      .setVersion(config.version)
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
}

/**
 * Angular names every script and stylesheet of a production build after its content
 * (`main-ITHZO573.js`, sent as `main-ITHZO573.js.br`): such a file never changes under its name.
 */
const CONTENT_HASHED = /-[A-Z0-9]{8}\.(?:js|css)(?:\.br|\.gz)?$/;

/** A path whose last segment has an extension names a file; the portal's routes have none. */
const NAMES_A_FILE = /\.[A-Za-z0-9]+$/;

/**
 * The built portal is served by the same process, with every non-API GET falling back to
 * index.html so deep links into the Angular router work. The build's own brotli and gzip
 * copies (tools/build/precompress.mjs) are sent to browsers that take them: a phone downloads
 * about a quarter of the bytes. Content-named files are kept by the browser for a year, so a
 * patient opening the portal again loads nothing but index.html; the rest is revalidated.
 */
async function servePortal(app: NestFastifyApplication, portalDir: string): Promise<void> {
  // A route per file found at start-up (the build does not change under a running server), so
  // API requests never cost a stat() of the disk.
  await app.register(fastifyStatic, {
    root: portalDir,
    index: false,
    wildcard: false,
    preCompressed: true,
    globIgnore: ['**/*.br', '**/*.gz'],
    cacheControl: false,
    setHeaders: (reply, path) =>
      reply.header(
        'Cache-Control',
        CONTENT_HASHED.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache',
      ),
  });
  const fastify = app.getHttpAdapter().getInstance();
  // Nest owns the not-found handler; this lowest-priority route gives deep links index.html
  // and leaves every API path to it, and every file the build does not have: a tab opened
  // before an update asks for scripts that are gone, and must learn so (a 404) to load the
  // page afresh, rather than get index.html as a script. GET routes answer HEAD too.
  fastify.get('/*', (request, reply) => {
    if (request.url.startsWith('/api') || NAMES_A_FILE.test(pathOf(request.url)))
      return reply.callNotFound();
    return reply.sendFile('index.html');
  });
}
