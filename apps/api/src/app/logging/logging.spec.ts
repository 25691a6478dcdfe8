import type { IncomingMessage, ServerResponse } from 'node:http';
import { requestLogLevel } from './logging.module';

describe('requestLogLevel (one log line per request)', () => {
  const req = (method: string, url: string, originalUrl?: string) =>
    ({ method, url, ...(originalUrl && { originalUrl }) }) as unknown as IncomingMessage;
  const res = (statusCode: number) => ({ statusCode }) as ServerResponse;

  it('logs answers by their outcome', () => {
    expect(requestLogLevel(req('GET', '/api/v1/patients'), res(200))).toBe('info');
    expect(requestLogLevel(req('POST', '/api/v1/auth/login'), res(401))).toBe('warn');
    expect(requestLogLevel(req('GET', '/api/v1/patients'), res(500))).toBe('error');
    expect(requestLogLevel(req('GET', '/api/v1/patients'), res(200), new Error('x'))).toBe('error');
  });

  it('leaves out successful health probes, with or without a query string', () => {
    expect(requestLogLevel(req('GET', '/api/v1/health'), res(200))).toBe('silent');
    expect(requestLogLevel(req('GET', '/api/v1/health/ready'), res(200))).toBe('silent');
    expect(requestLogLevel(req('HEAD', '/api/v1/health?probe=1'), res(200))).toBe('silent');
    // Middleware mounting (middie) rewrites req.url below a mount point; originalUrl is what
    // the client asked for.
    expect(requestLogLevel(req('GET', '/', '/api/v1/health'), res(200))).toBe('silent');
  });

  it('still logs failing probes, and anything else that only looks like one', () => {
    expect(requestLogLevel(req('GET', '/api/v1/health'), res(503))).toBe('error');
    expect(requestLogLevel(req('GET', '/api/v1/health/ready'), res(503))).toBe('error');
    expect(requestLogLevel(req('POST', '/api/v1/health'), res(404))).toBe('warn');
    expect(requestLogLevel(req('GET', '/api/v1/healthz'), res(200))).toBe('info');
    expect(requestLogLevel(req('GET', '/api/v1/health/ready/x'), res(200))).toBe('info');
  });
});
