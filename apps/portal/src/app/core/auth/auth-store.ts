import { computed, Injectable, signal } from '@angular/core';
import type { AuthResponse, AuthUser, Role } from '@rehabit/contracts';

/**
 * The signed-in session. The access token lives only in memory: a token in localStorage is
 * readable by any script that ever runs on the page, and the API's refresh cookie (httpOnly)
 * is what carries a session across reloads.
 */
@Injectable({ providedIn: 'root' })
export class AuthStore {
  private readonly token = signal<string | null>(null);
  private readonly currentUser = signal<AuthUser | null>(null);

  readonly accessToken = this.token.asReadonly();
  readonly user = this.currentUser.asReadonly();
  readonly signedIn = computed(() => this.token() !== null);
  readonly role = computed<Role | null>(() => (this.token() ? (this.user()?.role ?? null) : null));

  setAccessToken(token: string): void {
    this.token.set(token);
  }

  setSession(session: AuthResponse): void {
    this.currentUser.set(session.user);
    this.token.set(session.accessToken);
  }

  clear(): void {
    this.token.set(null);
    this.currentUser.set(null);
  }
}
