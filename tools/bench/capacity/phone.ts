import { API_PREFIX, type AuthResponse, type AuthUser } from '@rehabit/contracts';
import { Agent, request as httpRequest } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { REFRESH_COOKIE } from '../../../apps/api/src/app/auth/tokens';
import { DEMO_PASSWORD } from '../../../apps/api/src/app/seed/demo-clinic';
import { nextAddress } from '../api/http';

/** What one request took, by what the person was doing; failures keep their status. */
export interface Sample {
  kind: string;
  ms: number;
  /** The status answered when it was not the one expected, or 0 for no answer at all. */
  failedWith?: number;
}

export type Recorder = (sample: Sample) => void;

/** A request given no answer in this long counts as failed (a phone gives up sooner still). */
const REQUEST_TIMEOUT_MS = 30_000;

/**
 * Every phone's connections: kept alive between a visit's requests, as a browser keeps its
 * connection, and as many as there are requests in flight, as many phones would open. An idle
 * one is closed after 4 s, before any keep-alive of the API's ends it: a request sent on a
 * connection the server is closing fails with "socket hang up", which a browser retries unseen
 * and this bench would count as a failure.
 */
const agent = new Agent({ keepAlive: true, maxFreeSockets: 1024, timeout: 4_000 });

export class RequestFailed extends Error {
  constructor(
    readonly kind: string,
    readonly status: number,
    detail: string,
  ) {
    super(`${kind}: ${status || 'no answer'} ${detail}`);
  }
}

interface Answer {
  status: number;
  body: string;
  setCookie: string[];
}

/**
 * One person's device: the refresh cookie it keeps between visits, the access token a visit
 * trades that cookie for, and the address its requests come from (the API trusts one proxy
 * hop, so per-address limits see one phone, not the bench). A visit begins as the portal's
 * does, with POST /auth/refresh; a phone's visits never overlap, since a refresh token
 * presented twice revokes the person's whole sign-in.
 */
export class Phone {
  private accessToken: string | null = null;
  private refreshCookie: string | null = null;
  private signedIn: AuthUser | null = null;
  private address = nextAddress();

  private constructor(
    private readonly url: string,
    readonly email: string,
  ) {}

  /** Signs in with the demo seed's password (argon2id, as a person signing in pays). */
  static async signIn(url: string, email: string): Promise<Phone> {
    const phone = new Phone(url, email);
    await phone.signIn(() => undefined);
    return phone;
  }

  get userId(): string {
    if (!this.signedIn) throw new Error(`${this.email} has not signed in`);
    return this.signedIn.id;
  }

  /** The portal's start: the refresh cookie traded for an access token (the cookie rotates). */
  async refresh(record: Recorder): Promise<void> {
    if (!this.refreshCookie) return this.signIn(record);
    this.accessToken = null;
    this.address = nextAddress();
    const answer = await this.exchange(record, 'refresh', 'POST', '/auth/refresh', {}, 200);
    this.accept(answer);
  }

  /** A JSON request answered `expected`; its body, parsed. */
  async send<T>(
    record: Recorder,
    kind: string,
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
    headers: { [name: string]: string } = {},
  ): Promise<T> {
    const expected = method === 'POST' ? 201 : 200;
    const answer = await this.exchange(record, kind, method, path, body, expected, headers);
    return JSON.parse(answer.body) as T;
  }

  private async signIn(record: Recorder): Promise<void> {
    this.refreshCookie = null;
    this.accessToken = null;
    const answer = await this.exchange(
      record,
      'sign-in',
      'POST',
      '/auth/login',
      { email: this.email, password: DEMO_PASSWORD },
      200,
    );
    this.accept(answer);
  }

  private accept(answer: Answer): void {
    const auth = JSON.parse(answer.body) as AuthResponse;
    this.accessToken = auth.accessToken;
    this.signedIn = auth.user;
    const cookie = answer.setCookie
      .map((header) => header.split(';')[0])
      .find((pair) => pair.startsWith(`${REFRESH_COOKIE}=`));
    // Without a new cookie the next visit signs in again rather than reuse a spent one.
    this.refreshCookie = cookie ?? null;
  }

  private async exchange(
    record: Recorder,
    kind: string,
    method: 'GET' | 'POST',
    path: string,
    json: unknown,
    expected: number,
    headers: { [name: string]: string } = {},
  ): Promise<Answer> {
    const started = performance.now();
    let answer: Answer;
    try {
      answer = await this.request(method, path, json, headers);
    } catch (error) {
      record({ kind, ms: performance.now() - started, failedWith: 0 });
      if (kind === 'refresh') this.refreshCookie = null;
      throw new RequestFailed(kind, 0, (error as Error).message);
    }
    const ms = performance.now() - started;
    if (answer.status !== expected) {
      record({ kind, ms, failedWith: answer.status });
      if (kind === 'refresh') this.refreshCookie = null;
      throw new RequestFailed(kind, answer.status, answer.body.slice(0, 200));
    }
    record({ kind, ms });
    return answer;
  }

  private request(
    method: 'GET' | 'POST',
    path: string,
    json: unknown,
    extraHeaders: { [name: string]: string },
  ): Promise<Answer> {
    const body = json === undefined ? undefined : JSON.stringify(json);
    const headers: { [name: string]: string | number } = {
      'x-forwarded-for': this.address,
      'accept-encoding': 'br, gzip',
      ...extraHeaders,
    };
    if (this.accessToken) headers['authorization'] = `Bearer ${this.accessToken}`;
    if (this.refreshCookie && path === '/auth/refresh') headers['cookie'] = this.refreshCookie;
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(body);
    }
    return new Promise((resolve, reject) => {
      const outgoing = httpRequest(
        `${this.url}${API_PREFIX}${path}`,
        { method, agent, headers, timeout: REQUEST_TIMEOUT_MS },
        (incoming) => {
          const chunks: Buffer[] = [];
          incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
          incoming.on('end', () =>
            resolve({
              status: incoming.statusCode ?? 0,
              body: decoded(incoming.headers['content-encoding'], Buffer.concat(chunks)),
              setCookie: incoming.headers['set-cookie'] ?? [],
            }),
          );
          incoming.on('error', reject);
        },
      );
      outgoing.on('timeout', () => outgoing.destroy(new Error('timed out')));
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  }
}

/** Phones ask for compressed answers as browsers do; the API compresses those of 1 kB and more. */
function decoded(encoding: string | undefined, body: Buffer): string {
  if (encoding === 'br') return brotliDecompressSync(body).toString();
  if (encoding === 'gzip') return gunzipSync(body).toString();
  return body.toString();
}
