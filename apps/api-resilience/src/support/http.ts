import { API_PREFIX } from '@rehabit/contracts';
import { randomInt } from 'node:crypto';

export interface Answer<T> {
  status: number;
  body: T;
  headers: Headers;
}

export interface CallOptions {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * One request to the API under /api/v1. Each comes from an address of its own (the API trusts
 * one proxy hop here), so a load from one machine is not what the per-address rate limits see.
 */
export async function call<T = unknown>(
  baseUrl: string,
  method: string,
  path: string,
  { token, body, headers = {} }: CallOptions = {},
): Promise<Answer<T>> {
  const response = await fetch(`${baseUrl}${API_PREFIX}${path}`, {
    method,
    headers: {
      'X-Forwarded-For': `198.18.${randomInt(256)}.${randomInt(1, 255)}`,
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: (text && response.headers.get('content-type')?.includes('json')
      ? JSON.parse(text)
      : text) as T,
    headers: response.headers,
  };
}

/** `call`, failing with the whole answer unless it has the expected status. */
export async function expectCall<T = unknown>(
  status: number,
  baseUrl: string,
  method: string,
  path: string,
  options?: CallOptions,
): Promise<T> {
  const answer = await call<T>(baseUrl, method, path, options);
  if (answer.status !== status)
    throw new Error(
      `${method} ${path} answered ${answer.status}, expected ${status}: ${JSON.stringify(answer.body)}`,
    );
  return answer.body;
}
