import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { Agent, request, type IncomingHttpHeaders } from 'node:http';
import { createSecureServer, type Http2SecureServer } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { freePort } from '../api/processes';

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

/** Which proxy: this file's own, or Caddy, as `docker compose --profile https` runs it. */
export type ProxyKind = 'node' | 'caddy';

interface Certificate {
  keyFile: string;
  certFile: string;
  spkiHash: string;
}

/**
 * A certificate made for the run (openssl); the browser is told to trust its key (a browser that
 * merely ignores certificate errors caches nothing).
 */
function makeCertificate(workDir: string): Certificate {
  const keyFile = join(workDir, 'proxy-key.pem');
  const certFile = join(workDir, 'proxy-cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      keyFile,
      '-out',
      certFile,
    ],
    { stdio: 'pipe' },
  );
  const publicKey = execFileSync('openssl', ['x509', '-pubkey', '-noout', '-in', certFile]);
  const der = execFileSync('openssl', ['pkey', '-pubin', '-outform', 'der'], { input: publicKey });
  return { keyFile, certFile, spkiHash: createHash('sha256').update(der).digest('base64') };
}

/**
 * A clinic's reverse proxy, where docs/SECURITY.md puts TLS: HTTP/2 to the browser, plain
 * HTTP/1.1 to the API, the client's address in X-Forwarded-For. Over https a browser asks for
 * brotli and sends every request of a page over one connection; over plain http it asks for
 * gzip and opens six.
 */
export async function startTlsProxy(
  apiPort: number,
  workDir: string,
  kind: ProxyKind = 'node',
): Promise<TlsProxy> {
  const certificate = makeCertificate(workDir);
  return kind === 'caddy'
    ? startCaddy(apiPort, workDir, certificate)
    : startNodeProxy(apiPort, certificate);
}

async function startNodeProxy(
  apiPort: number,
  { keyFile, certFile, spkiHash }: Certificate,
): Promise<TlsProxy> {
  const upstream = new Agent({ keepAlive: true });
  const server: Http2SecureServer = createSecureServer(
    { key: readFileSync(keyFile), cert: readFileSync(certFile), allowHTTP1: true },
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

const CADDY_START_MS = 15_000;

/**
 * Caddy (the `caddy` on PATH, Debian's package here) with the run's certificate, proxying as
 * `caddy reverse-proxy` does in docker-compose.yml: what the portal's phones get from the
 * deployment the README describes.
 */
async function startCaddy(
  apiPort: number,
  workDir: string,
  { keyFile, certFile, spkiHash }: Certificate,
): Promise<TlsProxy> {
  const port = await freePort();
  const caddyfile = join(workDir, 'Caddyfile');
  writeFileSync(
    caddyfile,
    [
      '{',
      '\tadmin off',
      '\tauto_https off',
      '}',
      `https://127.0.0.1:${port} {`,
      `\ttls ${certFile} ${keyFile}`,
      `\treverse_proxy 127.0.0.1:${apiPort}`,
      '}',
      '',
    ].join('\n'),
  );
  const log = openSync(join(workDir, 'caddy.log'), 'a');
  const caddy = spawn('caddy', ['run', '--config', caddyfile, '--adapter', 'caddyfile'], {
    // Its data and the copy of its configuration it saves go in the run's folder.
    env: { ...process.env, XDG_CONFIG_HOME: workDir, XDG_DATA_HOME: workDir },
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  const exited = new Promise<void>((resolve) => caddy.once('exit', () => resolve()));
  const spawnFailed = new Promise<never>((_, reject) =>
    caddy.once('error', (error) =>
      reject(new Error(`caddy could not start (${error.message}); is it installed?`)),
    ),
  );
  const deadline = Date.now() + CADDY_START_MS;
  while (!(await Promise.race([handshakes(port), spawnFailed]))) {
    if (caddy.exitCode !== null) throw new Error(`caddy exited; see ${workDir}/caddy.log`);
    if (Date.now() > deadline) {
      caddy.kill('SIGKILL');
      throw new Error(`caddy did not answer within ${CADDY_START_MS / 1000} s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url: `https://127.0.0.1:${port}`,
    spkiHash,
    close: async () => {
      if (caddy.exitCode === null) caddy.kill('SIGTERM');
      await exited;
    },
  };
}

/** Whether a TLS handshake with 127.0.0.1:port succeeds (the certificate is not checked). */
function handshakes(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port, rejectUnauthorized: false }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
