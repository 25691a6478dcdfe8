import { DOCUMENT, inject, Injectable } from '@angular/core';
import type {
  AcceptInvitationRequest,
  AuthResponse,
  CreateClinicRequest,
  CreateClinicResponse,
  LoginRequest,
} from '@rehabit/contracts';
import { HttpErrorResponse } from '@angular/common/http';
import { from, type Observable } from 'rxjs';
import { takeEarlyRefresh } from '../boot/early-start';
import { ApiClient } from '../http/api-client';
import { withoutErrorNotice } from '../http/request-context';
import { withoutRefresh } from './refresh-context';

/**
 * The auth endpoints. Every form here shows its own failure beside its fields, so none of these
 * raise the global error notice; and none of them is retried through a token refresh.
 */
@Injectable({ providedIn: 'root' })
export class AuthApi {
  private readonly api = inject(ApiClient);
  private readonly page = inject(DOCUMENT).defaultView ?? {};
  private readonly quiet = () => ({ context: withoutRefresh(withoutErrorNotice()) });

  login(body: LoginRequest): Observable<AuthResponse> {
    return this.api.post<AuthResponse>('/auth/login', body, this.quiet());
  }

  /** The first call takes the answer the early start asked for (core/boot); later ones ask. */
  refresh(): Observable<AuthResponse> {
    const early = takeEarlyRefresh(this.page);
    if (early) return from(early.then(authResponse));
    return this.api.post<AuthResponse>('/auth/refresh', {}, this.quiet());
  }

  logout(): Observable<void> {
    return this.api.post<void>('/auth/logout', {}, this.quiet());
  }

  acceptInvitation(body: AcceptInvitationRequest): Observable<AuthResponse> {
    return this.api.post<AuthResponse>('/auth/invitations/accept', body, this.quiet());
  }

  signUpClinic(body: CreateClinicRequest): Observable<CreateClinicResponse> {
    return this.api.post<CreateClinicResponse>('/clinics', body, this.quiet());
  }
}

/**
 * An answer fetched outside HttpClient, failing as HttpClient's would. The body is read either
 * way: one left unread keeps its request open in the browser.
 */
async function authResponse(response: Response): Promise<AuthResponse> {
  const body = await response.text();
  if (!response.ok)
    throw new HttpErrorResponse({ status: response.status, url: response.url, error: body });
  return JSON.parse(body) as AuthResponse;
}
