import { HttpClient, HttpContext, HttpParams, HttpResponse } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { Page, PageQuery } from '@rehabit/contracts';
import type { Observable } from 'rxjs';
import { ApiPath, apiUrl } from './api-url';

type QueryScalar = string | number | boolean;
export type QueryParams = Record<string, QueryScalar | readonly QueryScalar[] | null | undefined>;

export interface ApiRequestOptions {
  params?: QueryParams;
  headers?: Record<string, string>;
  context?: HttpContext;
}

function toHttpParams(params: QueryParams | undefined): HttpParams {
  let result = new HttpParams();
  for (const [key, value] of Object.entries(params ?? {})) {
    // Absent filters are left out rather than sent as "undefined".
    if (value === null || value === undefined) continue;
    const values = Array.isArray(value) ? value : [value];
    for (const item of values) result = result.append(key, String(item));
  }
  return result;
}

function httpOptions(options: ApiRequestOptions) {
  return {
    params: toHttpParams(options.params),
    headers: options.headers,
    context: options.context,
  };
}

/**
 * The one way the portal talks to the API: paths are relative to API_PREFIX and answers are
 * typed with @rehabit/contracts, so a renamed field breaks the build instead of a screen.
 * Feature services build on it; components never call HttpClient directly.
 */
@Injectable({ providedIn: 'root' })
export class ApiClient {
  private readonly http = inject(HttpClient);

  get<T>(path: ApiPath, options: ApiRequestOptions = {}): Observable<T> {
    return this.http.get<T>(apiUrl(path), httpOptions(options));
  }

  getPage<T>(
    path: ApiPath,
    query: PageQuery & QueryParams = {},
    options: ApiRequestOptions = {},
  ): Observable<Page<T>> {
    return this.get<Page<T>>(path, { ...options, params: { ...options.params, ...query } });
  }

  /** A file answer (CSV export) as a Blob with its headers, through the same auth as JSON. */
  download(path: ApiPath, options: ApiRequestOptions = {}): Observable<HttpResponse<Blob>> {
    return this.http.get(apiUrl(path), {
      ...httpOptions(options),
      observe: 'response',
      responseType: 'blob',
    });
  }

  post<T, B = unknown>(path: ApiPath, body: B, options: ApiRequestOptions = {}): Observable<T> {
    return this.http.post<T>(apiUrl(path), body, httpOptions(options));
  }

  patch<T, B = unknown>(path: ApiPath, body: B, options: ApiRequestOptions = {}): Observable<T> {
    return this.http.patch<T>(apiUrl(path), body, httpOptions(options));
  }

  /** `body` carries what a soft delete must say (the API wants `{ reason }`). */
  delete<T = void>(
    path: ApiPath,
    options: ApiRequestOptions & { body?: unknown } = {},
  ): Observable<T> {
    return this.http.delete<T>(apiUrl(path), { ...httpOptions(options), body: options.body });
  }
}
