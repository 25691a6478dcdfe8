import { API_PREFIX } from '@rehabit/contracts';

let addressCounter = 0;

/**
 * A client address never used before in this run. The API under test trusts one proxy hop
 * (TRUST_PROXY=1, as behind any load balancer), so each simulated client has its own address
 * and the per-address rate limits see many clients, as in production, not one.
 */
export function nextAddress(): string {
  const n = ++addressCounter;
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
}

export interface CallOptions {
  token?: string;
  body?: unknown;
  cookie?: string;
  headers?: Record<string, string>;
  expect?: number;
}

export interface CallResult<T> {
  status: number;
  body: T;
  headers: Headers;
}

/** One request to the API from a fresh client address; an unexpected status throws. */
export async function call<T>(
  baseUrl: string,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<CallResult<T>> {
  const headers: Record<string, string> = {
    'x-forwarded-for': nextAddress(),
    ...options.headers,
  };
  if (options.token) headers['authorization'] = `Bearer ${options.token}`;
  if (options.cookie) headers['cookie'] = options.cookie;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${baseUrl}${API_PREFIX}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  const body = (
    text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text
  ) as T;
  const expected = options.expect ?? (method === 'POST' ? 201 : 200);
  if (response.status !== expected) {
    throw new Error(
      `${method} ${path} answered ${response.status} (expected ${expected}): ${text.slice(0, 500)}`,
    );
  }
  return { status: response.status, body, headers: response.headers };
}

/** Runs `work` over `items` with at most `limit` at a time. */
export async function inParallel<T>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      await work(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
