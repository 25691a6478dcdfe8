import {
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
  validate,
} from 'class-validator';
import { Type, plainToInstance } from 'class-transformer';
import request from 'supertest';
import { TEST_CORS_ORIGIN, getTestApp } from '../testing/test-app';
import { KEEP_ALIVE_TIMEOUT_MS } from './configure-http';
import { fieldErrorsFrom } from './problem';

const PROBLEM = /^application\/problem\+json/;

function expectNoInternals(text: string): void {
  expect(text).not.toMatch(/\bat .+\.(ts|js):\d+/);
  expect(text).not.toMatch(/\/(work|home|app|usr)\//);
  expect(text).not.toContain('QueryFailedError');
  expect(text).not.toMatch(/SyntaxError|stack/i);
}

describe('HTTP baseline', () => {
  it('answers an unknown API route with a 404 problem', async () => {
    const { server } = await getTestApp();
    const response = await request(server).get('/api/v1/no-such-thing').expect(404);
    expect(response.headers['content-type']).toMatch(PROBLEM);
    expect(response.body).toEqual(
      jasmine.objectContaining({ type: 'about:blank', title: 'Not Found', status: 404 }),
    );
    expect(response.body.detail).toContain('/api/v1/no-such-thing');
    expectNoInternals(response.text);
  });

  it('keeps an idle connection open longer than a proxy in front of it would (Caddy: 2 min)', async () => {
    const { server } = await getTestApp();
    const response = await request(server)
      .get('/api/v1/health')
      .set('Connection', 'keep-alive')
      .expect(200);
    expect(response.headers['connection']).toBe('keep-alive');
    const seconds = Number(/timeout=(\d+)/.exec(response.headers['keep-alive'] ?? '')?.[1]);
    expect(seconds).toBeGreaterThan(120);
    expect(seconds * 1000).toBe(KEEP_ALIVE_TIMEOUT_MS);
  });

  it('answers malformed JSON with a 400 problem and no parser internals', async () => {
    const { server } = await getTestApp();
    const response = await request(server)
      .post('/api/v1/health')
      .set('Content-Type', 'application/json')
      .send('{"broken": ')
      .expect(400);
    expect(response.headers['content-type']).toMatch(PROBLEM);
    expect(response.body.status).toBe(400);
    expectNoInternals(response.text);
  });

  it('answers a body over 100 kB with 413', async () => {
    const { server } = await getTestApp();
    const response = await request(server)
      .post('/api/v1/health')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ note: 'x'.repeat(101 * 1024) }))
      .expect(413);
    expect(response.headers['content-type']).toMatch(PROBLEM);
    expect(response.body.detail).toContain('100kb');
  });

  it('answers headers too large for the HTTP parser with a 431 problem', async () => {
    const { server } = await getTestApp();
    const response = await request(server)
      .get('/api/v1/health')
      .set('X-Padding', 'x'.repeat(20 * 1024))
      .expect(431);
    expect(response.headers['content-type']).toMatch(PROBLEM);
    expect(response.body).toEqual(
      jasmine.objectContaining({ title: 'Request Header Fields Too Large', status: 431 }),
    );
  });

  it('sends helmet security headers and a request id on every answer', async () => {
    const { server } = await getTestApp();
    const response = await request(server).get('/api/v1/health').set('X-Request-Id', 'trace-42');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['strict-transport-security']).toContain('max-age=');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['content-security-policy']).toContain("script-src 'self'");
    expect(response.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    expect(response.headers['x-powered-by']).toBeUndefined();
    expect(response.headers['x-request-id']).toBe('trace-42');
  });

  it('makes up a request id when the given one is not a plain token', async () => {
    const { server } = await getTestApp();
    const response = await request(server).get('/api/v1/health').set('X-Request-Id', 'a b<script>');
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('allows CORS only for the configured origins', async () => {
    const { server } = await getTestApp();
    const allowed = await request(server).get('/api/v1/health').set('Origin', TEST_CORS_ORIGIN);
    expect(allowed.headers['access-control-allow-origin']).toBe(TEST_CORS_ORIGIN);
    const other = await request(server).get('/api/v1/health').set('Origin', 'https://evil.example');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('serves the OpenAPI document and its UI', async () => {
    const { server } = await getTestApp();
    const document = await request(server).get('/api/docs-json').expect(200);
    expect(document.body.openapi).toMatch(/^3\./);
    expect(Object.keys(document.body.paths)).toContain('/api/v1/health');
    const ui = await request(server).get('/api/docs').expect(200);
    expect(ui.text).toContain('swagger');
  });
});

class DosageProbe {
  @IsInt()
  @Min(1)
  @Max(10)
  sets!: number;
}

class PlanProbe {
  @IsString()
  @MaxLength(5)
  title!: string;

  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => DosageProbe)
  items?: DosageProbe[];
}

describe('fieldErrorsFrom', () => {
  it('names nested fields the way clients address them', async () => {
    const probe = plainToInstance(PlanProbe, {
      title: 'far too long',
      items: [{ sets: 3 }, { sets: 11 }],
    });
    const errors = fieldErrorsFrom(await validate(probe));
    expect(errors.map((error) => error.field)).toEqual(['title', 'items[1].sets']);
    expect(errors[1].message).toContain('10');
  });
});
