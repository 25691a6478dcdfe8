import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { API_PREFIX } from '@rehabit/contracts';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import request from 'supertest';
import { createTestClinic } from '../testing/factories';
import { registeredApiRoutes } from '../testing/routes';
import { TEST_CORS_ORIGIN, getTestApp, type TestApp } from '../testing/test-app';
import { configureHttp, createHttpAdapter } from './configure-http';

const PRECOMPRESS = join(__dirname, '../../../../../tools/build/precompress.mjs');

/** What helmet sends by default (our one change: no upgrade-insecure-requests, see configureHttp). */
const HELMET_DEFAULTS: Record<string, string | RegExp> = {
  'content-security-policy': /^default-src 'self';/,
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': /^max-age=\d{8,}; includeSubDomains$/,
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'SAMEORIGIN',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
};

/** The headers of one answer that differ from helmet's defaults, by name. */
function helmetGaps(headers: Record<string, string>): Record<string, string | undefined> {
  const gaps: Record<string, string | undefined> = {};
  for (const [name, expected] of Object.entries(HELMET_DEFAULTS)) {
    const actual = headers[name];
    const ok =
      actual !== undefined &&
      (typeof expected === 'string' ? actual === expected : expected.test(actual));
    if (!ok) gaps[name] = actual;
  }
  if (headers['x-powered-by'] !== undefined) gaps['x-powered-by'] = headers['x-powered-by'];
  return gaps;
}

/** `script-src 'self'; object-src 'none'` → { 'script-src': ["'self'"], … }. */
function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(';')
      .map((directive) => directive.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name, ...sources]) => [name.toLowerCase(), sources]),
  );
}

/** The HTTP set-up of the server without any feature: enough to serve a portal folder. */
@Module({})
class NoFeatures {}

describe('security headers', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await getTestApp();
  });

  describe('on API answers', () => {
    it("carry helmet's defaults and no-store on every route, whatever the answer", async () => {
      const gaps: Record<string, object> = {};
      for (const route of registeredApiRoutes(app)) {
        const [method, path] = route.split(' ');
        const url = `${API_PREFIX}${path.replace(/:\w+/g, randomUUID())}`;
        const response = await request(app.server)[method.toLowerCase() as 'get'](url);
        const missing = helmetGaps(response.headers);
        if (response.headers['cache-control'] !== 'no-store')
          missing['cache-control'] = response.headers['cache-control'];
        if (Object.keys(missing).length > 0) gaps[`${route} → ${response.status}`] = missing;
      }
      expect(gaps).toEqual({});
    });

    it('carry them on answers given before routing: unknown path, bad JSON, too large', async () => {
      const answers = [
        await request(app.server).get(`${API_PREFIX}/no-such-route`).expect(404),
        await request(app.server)
          .post(`${API_PREFIX}/auth/login`)
          .set('Content-Type', 'application/json')
          .send('{"email": ')
          .expect(400),
        await request(app.server)
          .post(`${API_PREFIX}/auth/login`)
          .send({ email: 'x'.repeat(200 * 1024) })
          .expect(413),
      ];
      for (const response of answers)
        expect(helmetGaps(response.headers)).withContext(String(response.status)).toEqual({});
    });

    it('carry them on signed-in answers, and records are never cacheable', async () => {
      const clinic = await createTestClinic(app);
      const response = await request(app.server)
        .get(`${API_PREFIX}/patients/${clinic.patient.patientId}`)
        .set('Authorization', `Bearer ${clinic.therapist.token}`)
        .expect(200);
      expect(helmetGaps(response.headers)).toEqual({});
      expect(response.headers['cache-control']).toBe('no-store');
    });
  });

  describe('CORS', () => {
    const preflight = (origin: string) =>
      request(app.server)
        .options(`${API_PREFIX}/patients`)
        .set('Origin', origin)
        .set('Access-Control-Request-Method', 'PATCH')
        .set('Access-Control-Request-Headers', 'authorization,content-type,if-match');

    it('answers a preflight from an allowed origin, with credentials', async () => {
      const response = await preflight(TEST_CORS_ORIGIN);
      expect(response.status).toBeLessThan(300);
      expect(response.headers['access-control-allow-origin']).toBe(TEST_CORS_ORIGIN);
      expect(response.headers['access-control-allow-credentials']).toBe('true');
      expect(response.headers['vary']).toContain('Origin');
    });

    it('allows no other origin, not even look-alikes, null or a wildcard', async () => {
      for (const origin of [
        'https://evil.example',
        `${TEST_CORS_ORIGIN}.evil.example`,
        TEST_CORS_ORIGIN.replace('https:', 'http:'),
        'null',
      ]) {
        const answers = [
          await preflight(origin),
          await request(app.server).get(`${API_PREFIX}/health`).set('Origin', origin),
        ];
        // Without Access-Control-Allow-Origin a browser hands the page nothing (the cors
        // package still says allow-credentials, which means nothing on its own).
        for (const response of answers)
          expect(response.headers['access-control-allow-origin'])
            .withContext(origin)
            .toBeUndefined();
      }
    });

    it('lets the allowed origin read a record’s ETag, to send it back as If-Match', async () => {
      const clinic = await createTestClinic(app);
      const response = await request(app.server)
        .get(`${API_PREFIX}/patients/${clinic.patient.patientId}`)
        .set('Origin', TEST_CORS_ORIGIN)
        .set('Authorization', `Bearer ${clinic.therapist.token}`)
        .expect(200);
      expect(response.headers['access-control-allow-origin']).toBe(TEST_CORS_ORIGIN);
      expect(response.headers['access-control-expose-headers']).toContain('ETag');
      expect(response.headers['etag']).toMatch(/^"\d+"$/);
    });
  });

  describe('the portal', () => {
    const HASHED_SCRIPT = 'main-ITHZO573.js';
    const hashedScript = Array.from(
      { length: 200 },
      (_, i) => `export const step${i} = "hold ${i} s";`,
    ).join('\n');
    let portal: NestFastifyApplication;
    let portalDir: string;

    /** The answer's bytes as sent, not decoded (Fastify's inject, unlike supertest, keeps them). */
    function get(url: string, acceptEncoding?: string) {
      return portal
        .getHttpAdapter()
        .getInstance()
        .inject({
          method: 'GET',
          url,
          headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {},
        });
    }

    beforeAll(async () => {
      // A second app, without a second database: only the portal matters here.
      portalDir = mkdtempSync(join(tmpdir(), 'rehabit-portal-'));
      writeFileSync(
        join(portalDir, 'index.html'),
        '<!doctype html><html><body><rh-root></rh-root><script src="main.js" type="module"></script></body></html>',
      );
      writeFileSync(join(portalDir, 'main.js'), 'console.log("portal");');
      writeFileSync(join(portalDir, HASHED_SCRIPT), hashedScript);
      writeFileSync(join(portalDir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
      // The build's own step, on this folder: it writes the .br and .gz copies served below.
      execFileSync(process.execPath, [PRECOMPRESS, portalDir], { stdio: 'ignore' });
      portal = await NestFactory.create<NestFastifyApplication>(
        NoFeatures,
        createHttpAdapter(app.config),
        { bodyParser: false, logger: false },
      );
      await configureHttp(portal, { ...app.config, portalDir });
      await portal.init();
      await portal.getHttpAdapter().getInstance().ready();
    });

    afterAll(async () => {
      await portal?.close();
      rmSync(portalDir, { recursive: true, force: true });
    });

    it('is served with a CSP that runs only its own scripts: no inline script, no eval', async () => {
      for (const path of ['/', '/therapist/patients/123', '/main.js']) {
        const response = await request(portal.getHttpServer()).get(path).expect(200);
        expect(helmetGaps(response.headers)).withContext(path).toEqual({});
        const policy = directives(response.headers['content-security-policy']);
        expect(policy.get('script-src')).withContext(path).toEqual(["'self'"]);
        expect(policy.get('script-src-attr')).withContext(path).toEqual(["'none'"]);
        expect(policy.get('object-src')).withContext(path).toEqual(["'none'"]);
        expect(policy.get('default-src')).withContext(path).toEqual(["'self'"]);
        expect(policy.get('frame-ancestors')).withContext(path).toEqual(["'self'"]);
        expect(policy.has('upgrade-insecure-requests')).withContext(path).toBeFalse();
      }
    });

    it('sends the build’s brotli or gzip copy to a browser that takes it', async () => {
      const brotli = await get(`/${HASHED_SCRIPT}`, 'gzip, deflate, br, zstd');
      expect(brotli.statusCode).toBe(200);
      expect(brotli.headers['content-encoding']).toBe('br');
      expect(brotli.headers['content-type']).toMatch(/^text\/javascript|^application\/javascript/);
      expect(brotli.headers['vary']).toMatch(/accept-encoding/i);
      expect(brotli.rawPayload.length).toBeLessThan(hashedScript.length / 4);
      expect(brotliDecompressSync(brotli.rawPayload).toString()).toBe(hashedScript);

      const gzip = await get(`/${HASHED_SCRIPT}`, 'gzip');
      expect(gzip.headers['content-encoding']).toBe('gzip');
      expect(gunzipSync(gzip.rawPayload).toString()).toBe(hashedScript);

      const plain = await get(`/${HASHED_SCRIPT}`);
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.headers['vary']).toMatch(/accept-encoding/i);
      expect(plain.payload).toBe(hashedScript);
    });

    it('lets the browser keep content-named files for a year and revalidate the rest', async () => {
      for (const encoding of ['br', 'gzip', undefined]) {
        const hashed = await get(`/${HASHED_SCRIPT}`, encoding);
        expect(hashed.headers['cache-control'])
          .withContext(`${encoding}`)
          .toBe('public, max-age=31536000, immutable');
      }
      for (const path of ['/', '/patient/today', '/favicon.svg', '/main.js']) {
        const response = await get(path, 'gzip, br');
        expect(response.statusCode).withContext(path).toBe(200);
        expect(response.headers['cache-control']).withContext(path).toBe('no-cache');
      }
    });

    it('falls back to index.html for deep links, and revalidates it', async () => {
      const response = await request(portal.getHttpServer())
        .get('/patient/today')
        .expect(200)
        .expect('Content-Type', /text\/html/);
      expect(response.text).toContain('<rh-root>');
      expect(response.headers['cache-control']).toBe('no-cache');
    });

    it('answers 404 for a file it does not have, such as a script of an earlier release', async () => {
      for (const path of [
        '/chunk-GONE1234.js',
        '/chunk-GONE1234.js?v=2',
        '/styles-GONE1234.css',
        '/assets/logo.png',
      ]) {
        const response = await request(portal.getHttpServer()).get(path);
        expect(response.status).withContext(path).toBe(404);
        expect(response.headers['content-type'])
          .withContext(path)
          .toMatch(/^application\/problem\+json/);
      }
      // Deep links still get the portal, whatever their query says.
      const deepLink = await request(portal.getHttpServer()).get('/auth/invitation?token=a.b');
      expect(deepLink.status).toBe(200);
      expect(deepLink.text).toContain('<rh-root>');
    });
  });

  it('checks what it says: a missing header or an inline-script policy is noticed', () => {
    const headers = Object.fromEntries(
      Object.entries(HELMET_DEFAULTS).map(([name, value]) => [
        name,
        typeof value === 'string' ? value : 'x',
      ]),
    );
    expect(Object.keys(helmetGaps(headers))).toEqual([
      'content-security-policy',
      'strict-transport-security',
    ]);
    expect(directives("script-src 'self' 'unsafe-inline'").get('script-src')).toContain(
      "'unsafe-inline'",
    );
  });
});
