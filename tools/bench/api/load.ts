import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { BenchRequest } from './operations';
import { TS_REGISTER } from './paths';

/** A round runs for `duration` seconds, or until `amount` answers have come back. */
export interface RoundLength {
  duration?: number;
  amount?: number;
  /** Requests per second across all connections; unset, as fast as the server answers. */
  rate?: number;
}

export interface RoundRequest extends RoundLength {
  id: number;
  url: string;
  connections: number;
  /** Sent in turn, one entry per request, across all connections. */
  requests: BenchRequest[];
}

export interface RoundFigures {
  seconds: number;
  responses: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  latency: { mean: number; p50: number; p90: number; p99: number; max: number };
  bytesPerSecond: number;
}

export type RoundResult = { id: number; error: string } | ({ id: number } & RoundFigures);

/** autocannon in a child process, one round at a time. */
export class LoadGenerator {
  private readonly child: ChildProcess;
  private nextId = 0;

  constructor() {
    this.child = fork(join(__dirname, 'load-worker.ts'), [], {
      execArgv: ['-r', TS_REGISTER],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
  }

  run(
    url: string,
    connections: number,
    length: RoundLength,
    requests: BenchRequest[],
  ): Promise<RoundFigures> {
    const id = ++this.nextId;
    return new Promise((resolveRound, reject) => {
      const onMessage = (message: RoundResult) => {
        if (message.id !== id) return;
        this.child.off('message', onMessage);
        if ('error' in message) reject(new Error(message.error));
        else resolveRound(message);
      };
      this.child.on('message', onMessage);
      this.child.send({ id, url, connections, ...length, requests } satisfies RoundRequest);
    });
  }

  close(): void {
    this.child.kill();
  }
}
