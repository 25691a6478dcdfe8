import { inject, Injectable } from '@angular/core';
import type {
  AcceptInvitationRequest,
  AuthResponse,
  CreateClinicRequest,
  CreateClinicResponse,
  LoginRequest,
} from '@rehabit/contracts';
import type { Observable } from 'rxjs';
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
  private readonly quiet = () => ({ context: withoutRefresh(withoutErrorNotice()) });

  login(body: LoginRequest): Observable<AuthResponse> {
    return this.api.post<AuthResponse>('/auth/login', body, this.quiet());
  }

  refresh(): Observable<AuthResponse> {
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
