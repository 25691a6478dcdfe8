import { computed, Injectable, signal } from '@angular/core';

/**
 * The signed-in session. The access token lives only in memory: a token in localStorage is
 * readable by any script that ever runs on the page, and the API's refresh cookie (httpOnly)
 * is what carries a session across reloads.
 */
@Injectable({ providedIn: 'root' })
export class AuthStore {
  private readonly token = signal<string | null>(null);

  readonly accessToken = this.token.asReadonly();
  readonly signedIn = computed(() => this.token() !== null);

  setAccessToken(token: string): void {
    this.token.set(token);
  }

  clear(): void {
    this.token.set(null);
  }
}
