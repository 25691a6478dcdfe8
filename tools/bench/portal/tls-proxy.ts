import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Agent, request, type IncomingHttpHeaders } from 'node:http';
import { createSecureServer, type Http2SecureServer } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

/**
 * Never forwarded: headers of one connection, not of the message (HTTP/2 forbids them), and Host,
 * which the proxy sets from the request's authority.
 */
const NOT_FORWARDED = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'te',
  'host',
]);

export interface TlsProxy {
  url: string;
  /** For Chromium's --ignore-certificate-errors-spki-list: the certificate's key, trusted. */
  spkiHash: string;
  close(): Promise<void>;
}

/**
 * A clinic's reverse proxy, where docs/SECURITY.md puts TLS: HTTP/2 to the browser, plain
 * HTTP/1.1 to the API, the client's address in X-Forwarded-For. Over https a browser asks for
 * brotli and sends every request of a page over one connection; over plain http it asks for
 * gzip and opens six. The certificate is made for the run (openssl); the browser is told to
 * trust its key (a browser that merely ignores certificate errors caches nothing).
 */
export async function startTlsProxy(apiPort: number, workDir: string): Promise<TlsProxy> {
  const key = join(workDir, 'proxy-key.pem');
  const cert = join(workDir, 'proxy-cert.pem');
  execFileSync('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '1',
    '-subj',
    '/CN=127.0.0.1',
    '-keyout',
    key,
    '-out',
    cert,
  ]);
  const publicKey = execFileSync('openssl', ['x509', '-pubkey', '-noout', '-in', cert]);
  const der = execFileSync('openssl', ['pkey', '-pubin', '-outform', 'der'], { input: publicKey });
  const spkiHash = createHash('sha256').update(der).digest('base64');
  const upstream = new Agent({ keepAlive: true });
  const server: Http2SecureServer = createSecureServer(
    { key: readFileSync(key), cert: readFileSync(cert), allowHTTP1: true },
    (incoming, outgoing) => {
      const headers: IncomingHttpHeaders = {};
      for (const [name, value] of Object.entries(incoming.headers))
        if (!name.startsWith(':') && !NOT_FORWARDED.has(name)) headers[name] = value;
      headers.host = incoming.headers[':authority'] ?? incoming.headers.host;
      headers['x-forwarded-for'] = incoming.socket.remoteAddress ?? '127.0.0.1';
      headers['x-forwarded-proto'] = 'https';
      const forwarded = request(
        {
          host: '127.0.0.1',
          port: apiPort,
          method: incoming.method,
          path: incoming.url,
          headers,
          agent: upstream,
        },
        (answer) => {
          const answerHeaders: IncomingHttpHeaders = {};
          for (const [name, value] of Object.entries(answer.headers))
            if (!NOT_FORWARDED.has(name)) answerHeaders[name] = value;
          outgoing.writeHead(answer.statusCode ?? 502, answerHeaders);
          answer.pipe(outgoing);
        },
      );
      forwarded.on('error', () => {
        if (!outgoing.headersSent) outgoing.writeHead(502);
        outgoing.end();
      });
      incoming.pipe(forwarded);
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    spkiHash,
    close: () =>
      new Promise<void>((resolve) => {
        upstream.destroy();
        server.close(() => resolve());
      }),
  };
}
