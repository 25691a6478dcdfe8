import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { API_PREFIX } from '@rehabit/contracts';
import cookieParser from 'cookie-parser';
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { join } from 'node:path';
import type { AppConfig } from '../config/app-config';
import { JSON_BODY_LIMIT, refuseUnusableInput } from './body-limits';
import { ProblemDetailsFilter } from './problem-details.filter';
import { createValidationPipe } from './validation.pipe';

/** Everything about how the API speaks HTTP, shared by the server and the tests. */
export function configureHttp(app: NestExpressApplication, config: AppConfig): void {
  app.set('trust proxy', config.trustProxy);
  app.disable('x-powered-by');
  // Express would hash every JSON answer for a weak ETag; API answers are no-store, so no client
  // revalidates them, and records that take If-Match set their own ETag (entity-tags.ts).
  app.set('etag', false);
  app.use(
    helmet({
      // Helmet's default would make browsers fetch every asset over https, which breaks a
      // server reached over plain http on a clinic's own network; TLS is the proxy's job.
      contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
    }),
  );
  // Answers carry health records: no browser or shared cache may keep a copy of them.
  app.use(API_PREFIX, (_request: Request, response: Response, next: NextFunction) => {
    response.setHeader('Cache-Control', 'no-store');
    next();
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
  app.useBodyParser('json', { limit: JSON_BODY_LIMIT });
  app.use(refuseUnusableInput);
  app.use(cookieParser());
  app.setGlobalPrefix(API_PREFIX.slice(1));
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  setUpOpenApi(app, config);
  if (config.portalDir) servePortal(app, config.portalDir);
}

function setUpOpenApi(app: NestExpressApplication, config: AppConfig): void {
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
 * The built portal is served by the same process, with every non-API GET falling back to
 * index.html so deep links into the Angular router work.
 */
function servePortal(app: NestExpressApplication, portalDir: string): void {
  // API requests skip the file lookup: it would cost every one of them a stat() of the disk.
  const assets = express.static(portalDir, { index: false, maxAge: '1h' });
  app.use((request: Request, response: Response, next: NextFunction) =>
    request.path.startsWith('/api') ? next() : assets(request, response, next),
  );
  const indexHtml = join(portalDir, 'index.html');
  app.use((request: Request, response: Response, next: NextFunction) => {
    const isPage =
      (request.method === 'GET' || request.method === 'HEAD') && !request.path.startsWith('/api');
    if (!isPage) return next();
    response.setHeader('Cache-Control', 'no-cache');
    response.sendFile(indexHtml);
  });
}
