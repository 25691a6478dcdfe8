import { API_PREFIX } from '@rehabit/contracts';
import { Agent, request as httpRequest } from 'node:http';
import { DEMO_PASSWORD } from '../../../apps/api/src/app/seed/demo-clinic';
import { nextAddress } from '../api/http';

interface Answer {
  status: number;
  body: Buffer;
}

/**
 * A signed-in client of one server, on one kept-alive connection, as the raw side has its one
 * `pg` connection. node:http rather than fetch: fetch's own work (WHATWG streams and headers)
 * added 0.5–1 ms to every answer of the patients list, measured side by side on 2026-12-06,
 * which is the client's cost and not the API's.
 *
 * It signs in once, and again only when the access token has expired: sign-ins are limited to
 * ten per account in 15 minutes, counted in the database. Each request comes from its own
 * address, and its body is read to the end.
 */
export class Api {
  private token: string | null = null;
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 1 });

  constructor(
    readonly url: string,
    private readonly email: string,
  ) {}

  /** Before a capture starts, so the sign-in's statements are not taken for the first GET's. */
  async ready(): Promise<this> {
    this.token ??= await this.signIn();
    return this;
  }

  /** GET `path`, answered 200; the body's size. */
  async get(path: string): Promise<number> {
    return (await this.exchange('GET', path, undefined, 200)).byteLength;
  }

  /** A JSON request answered `expected`; its body, parsed. */
  async json<T>(method: 'GET' | 'POST', path: string, body: unknown, expected: number): Promise<T> {
    return JSON.parse((await this.exchange(method, path, body, expected)).toString()) as T;
  }

  private async exchange(
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    expected: number,
  ): Promise<Buffer> {
    this.token ??= await this.signIn();
    let answer = await this.request(method, path, body);
    if (answer.status === 401) {
      this.token = await this.signIn();
      answer = await this.request(method, path, body);
    }
    if (answer.status !== expected)
      throw new Error(
        `${method} ${path}: ${answer.status} ${answer.body.toString().slice(0, 300)}`,
      );
    return answer.body;
  }

  close(): void {
    this.agent.destroy();
  }

  private request(method: 'GET' | 'POST', path: string, json?: unknown): Promise<Answer> {
    const body = json === undefined ? undefined : JSON.stringify(json);
    return new Promise((resolve, reject) => {
      const outgoing = httpRequest(
        `${this.url}${API_PREFIX}${path}`,
        {
          method,
          agent: this.agent,
          headers: {
            'x-forwarded-for': nextAddress(),
            ...(this.token && { authorization: `Bearer ${this.token}` }),
            ...(body !== undefined && {
              'content-type': 'application/json',
              'content-length': Buffer.byteLength(body),
            }),
          },
        },
        (incoming) => {
          const chunks: Buffer[] = [];
          incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
          incoming.on('end', () =>
            resolve({ status: incoming.statusCode ?? 0, body: Buffer.concat(chunks) }),
          );
          incoming.on('error', reject);
        },
      );
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  }

  private async signIn(): Promise<string> {
    this.token = null;
    const answer = await this.request('POST', '/auth/login', {
      email: this.email,
      password: DEMO_PASSWORD,
    });
    if (answer.status !== 200)
      throw new Error(`Signing in as ${this.email}: ${answer.status} ${answer.body.toString()}`);
    return (JSON.parse(answer.body.toString()) as { accessToken: string }).accessToken;
  }
}
