declare module 'pg/lib/utils' {
  /** How pg turns a JavaScript value into the text it sends. */
  export function prepareValue(value: unknown): unknown;
}

declare module 'autocannon' {
  interface Histogram {
    average: number;
    mean: number;
    stddev: number;
    min: number;
    max: number;
    total: number;
    p50: number;
    p90: number;
    p99: number;
    p99_9: number;
    totalCount: number;
  }
  interface Result {
    duration: number;
    errors: number;
    timeouts: number;
    non2xx: number;
    '2xx': number;
    statusCodeStats: Record<string, { count: number }>;
    latency: Histogram;
    requests: Histogram;
    throughput: Histogram;
    start: Date;
    finish: Date;
  }
  interface Request {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string;
  }
  interface Options {
    url: string;
    connections: number;
    pipelining: number;
    duration?: number;
    amount?: number;
    timeout?: number;
    requests: Array<Request & { setupRequest?: (request: Request) => Request }>;
  }
  function autocannon(
    options: Options,
    done: (error: Error | null, result: Result) => void,
  ): unknown;
  export = autocannon;
}
