import { API_PREFIX } from '@rehabit/contracts';

/** A path under the API prefix, written with its leading slash: `/patients/me`. */
export type ApiPath = `/${string}`;

export function apiUrl(path: ApiPath): string {
  return `${API_PREFIX}${path}`;
}

/**
 * True only for same-origin requests to our API. The portal and the API share an origin, so
 * API calls are relative; anything absolute (a CDN, a third party) must never see the token.
 */
export function isApiUrl(url: string): boolean {
  return url === API_PREFIX || url.startsWith(`${API_PREFIX}/`) || url.startsWith(`${API_PREFIX}?`);
}
