import { DestroyRef, inject, Injectable } from '@angular/core';
import { Router } from '@angular/router';
import type { AuthResponse } from '@rehabit/contracts';
import { catchError, finalize, firstValueFrom, map, Observable, of, shareReplay, tap } from 'rxjs';
import { clearAllDrafts } from '../../shared/logging/drafts';
import { AuthApi } from './auth-api';
import { AuthStore } from './auth-store';
import { rememberRole } from './last-role';

/** Refresh this long before the access token expires, so a call never goes out with a dead one. */
export const REFRESH_LEAD_MS = 60_000;
/** Never schedule sooner than this, whatever `expiresIn` says (a clock skew guard). */
const MIN_REFRESH_DELAY_MS = 5_000;

/**
 * Starts, keeps and ends the session: sign-in answers go into the AuthStore, the access token is
 * renewed from the httpOnly refresh cookie a minute before it expires, and concurrent callers of
 * `refresh()` share one request (a refresh token used twice revokes its whole family).
 */
@Injectable({ providedIn: 'root' })
export class Session {
  private readonly api = inject(AuthApi);
  private readonly store = inject(AuthStore);
  private readonly router = inject(Router);
  private timer: ReturnType<typeof setTimeout> | null = null;
  private inFlight: Observable<AuthResponse | null> | null = null;

  constructor() {
    inject(DestroyRef).onDestroy(() => this.cancelTimer());
  }

  /** Applies a sign-in answer (login, invitation, refresh) and schedules the next refresh. */
  start(response: AuthResponse): void {
    this.store.setSession(response);
    rememberRole(response.user.role);
    this.cancelTimer();
    const delay = Math.max(response.expiresIn * 1000 - REFRESH_LEAD_MS, MIN_REFRESH_DELAY_MS);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.refresh().subscribe();
    }, delay);
  }

  /** A new access token from the refresh cookie, or null (and signed out) when there is none. */
  refresh(): Observable<AuthResponse | null> {
    this.inFlight ??= this.api.refresh().pipe(
      tap((response) => this.start(response)),
      catchError(() => {
        this.end();
        return of(null);
      }),
      finalize(() => (this.inFlight = null)),
      shareReplay({ bufferSize: 1, refCount: false }),
    );
    return this.inFlight;
  }

  /** On app start: restores the session the refresh cookie carries, if any. Never fails. */
  restore(): Promise<boolean> {
    return firstValueFrom(this.refresh().pipe(map((response) => response !== null)));
  }

  /**
   * Signs out here and on the server (the refresh family is revoked), forgets the drafts kept on
   * this device, then opens sign-in.
   */
  async signOut(): Promise<void> {
    if (this.store.signedIn()) {
      await firstValueFrom(this.api.logout().pipe(catchError(() => of(undefined))));
    }
    this.end();
    clearAllDrafts();
    await this.router.navigateByUrl('/auth/sign-in');
  }

  /** Forgets the session locally (after a failed refresh, or sign-out). */
  end(): void {
    this.cancelTimer();
    this.store.clear();
    rememberRole(null);
  }

  private cancelTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}
