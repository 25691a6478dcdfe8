import { randomInt } from 'node:crypto';
import { request, type Agent, type ClientRequest, type IncomingHttpHeaders } from 'node:http';
import { connect, type Socket } from 'node:net';
import { API_PREFIX } from '@rehabit/contracts';

export interface RawAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A POST whose body is sent in two halves: between them the server has the request in hand
 * and is waiting for the rest, so it is in flight by any definition, for as long as the test
 * wants. Keep-alive, like a browser's or a phone's connection.
 */
export class HeldPost {
  private constructor(
    private readonly outgoing: ClientRequest,
    private readonly rest: string,
    private readonly answer: Promise<RawAnswer>,
  ) {}

  /** Resolves once the headers and the first half of the body have left this process. */
  static open(
    baseUrl: string,
    path: string,
    token: string,
    body: unknown,
    agent: Agent,
  ): Promise<HeldPost> {
    const json = JSON.stringify(body);
    const half = Math.floor(json.length / 2);
    const url = new URL(`${baseUrl}${API_PREFIX}${path}`);
    const outgoing = request(url, {
      method: 'POST',
      agent,
      headers: {
        'Content-Type': 'application/json',
        'Content-Length': Buffer.byteLength(json),
        Authorization: `Bearer ${token}`,
        'X-Forwarded-For': `198.18.${randomInt(256)}.${randomInt(1, 255)}`,
      },
    });
    const answer = new Promise<RawAnswer>((resolve, reject) => {
      outgoing.on('error', reject);
      outgoing.on('response', (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text }),
        );
        response.on('error', reject);
      });
    });
    // Whatever happens, the answer is awaited through finish(); no unhandled rejection here.
    answer.catch(() => undefined);
    return new Promise((resolve, reject) => {
      outgoing.once('error', reject);
      outgoing.write(json.slice(0, half), (error) =>
        error ? reject(error) : resolve(new HeldPost(outgoing, json.slice(half), answer)),
      );
    });
  }

  /** Sends the rest of the body and waits for the answer. */
  finish(): Promise<RawAnswer> {
    this.outgoing.end(this.rest);
    return this.answer;
  }
}

/**
 * One keep-alive HTTP/1.1 connection, driven by hand so that a GET can be left half-sent: once
 * the server has begun reading a request, the connection counts as busy, not idle.
 */
export class RawConnection {
  private received = Buffer.alloc(0);
  private onData: (() => void) | null = null;
  private closedFlag = false;

  private constructor(
    private readonly socket: Socket,
    private readonly host: string,
  ) {
    socket.on('data', (chunk: Buffer) => {
      this.received = Buffer.concat([this.received, chunk]);
      this.onData?.();
    });
    socket.once('close', () => {
      this.closedFlag = true;
      this.onData?.();
    });
    socket.on('error', () => undefined);
  }

  static open(baseUrl: string): Promise<RawConnection> {
    const url = new URL(baseUrl);
    return new Promise((resolve, reject) => {
      const socket = connect(Number(url.port), url.hostname);
      socket.once('error', reject);
      socket.once('connect', () => resolve(new RawConnection(socket, url.host)));
    });
  }

  get closed(): boolean {
    return this.closedFlag;
  }

  /** Sends only the request line: the server now waits for the rest of the headers. */
  startGet(path: string): Promise<void> {
    return new Promise((resolve, reject) =>
      this.socket.write(`GET ${API_PREFIX}${path} HTTP/1.1\r\n`, (error) =>
        error ? reject(error) : resolve(),
      ),
    );
  }

  /** Ends the header block of the started GET and reads its answer. */
  finishGet(): Promise<RawAnswer> {
    this.socket.write(`Host: ${this.host}\r\n\r\n`);
    return this.readAnswer();
  }

  async get(path: string): Promise<RawAnswer> {
    await this.startGet(path);
    return this.finishGet();
  }

  close(): void {
    this.socket.destroy();
  }

  private readAnswer(): Promise<RawAnswer> {
    return new Promise((resolve, reject) => {
      const parse = () => {
        const end = this.received.indexOf('\r\n\r\n');
        if (end >= 0) {
          const [statusLine, ...lines] = this.received.subarray(0, end).toString().split('\r\n');
          const headers: IncomingHttpHeaders = {};
          for (const line of lines) {
            const colon = line.indexOf(':');
            headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
          }
          const length = Number(headers['content-length'] ?? 0);
          if (this.received.length >= end + 4 + length) {
            const body = this.received.subarray(end + 4, end + 4 + length).toString();
            this.received = this.received.subarray(end + 4 + length);
            this.onData = null;
            resolve({ status: Number(statusLine.split(' ')[1]), headers, body });
            return;
          }
        }
        if (this.closedFlag) {
          this.onData = null;
          reject(new Error(`Connection closed before a whole answer: ${this.received}`));
        }
      };
      this.onData = parse;
      parse();
    });
  }
}

/** Resolves with the error code of a new TCP connection to the server, or 'connected'. */
export function tryConnect(baseUrl: string): Promise<string> {
  const url = new URL(baseUrl);
  return new Promise((resolve) => {
    const socket = connect(Number(url.port), url.hostname);
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}
