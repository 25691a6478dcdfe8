import { HttpErrorResponse } from '@angular/common/http';
import { inject, Injectable, signal } from '@angular/core';
import type {
  CreatePainEntryRequest,
  CreatePainEntryResponse,
  CreateSessionLogRequest,
  SessionLog,
} from '@rehabit/contracts';
import { Observable, tap } from 'rxjs';
import { AuthStore } from '../core/auth/auth-store';
import { clearDraft, Draft, DraftKind, loadDraft, saveDraft } from '../shared/logging/drafts';
import { LoggingApi } from '../shared/logging/logging-api';

/** No answer at all (offline, timeout) or a server failure: the draft waits to be sent again. */
export function isConnectionFailure(error: unknown): boolean {
  return error instanceof HttpErrorResponse && (error.status === 0 || error.status >= 500);
}

/**
 * Sending a patient's logs: each kind keeps its draft (form value + Idempotency-Key) in
 * localStorage until the API has stored it, and says when a draft is waiting to be resent.
 */
@Injectable({ providedIn: 'root' })
export class PatientLogStore {
  private readonly api = inject(LoggingApi);
  private readonly auth = inject(AuthStore);

  readonly unsent = signal<Readonly<Record<DraftKind, boolean>>>({ session: false, pain: false });

  /** Whose drafts these are: the signed-in patient (drafts never leak between people on one phone). */
  owner(): string {
    const user = this.auth.user();
    return user?.patientId ?? user?.id ?? 'anonymous';
  }

  draft<T>(kind: DraftKind): Draft<T> | null {
    const draft = loadDraft<T>(kind, this.owner());
    this.unsent.update((u) => ({ ...u, [kind]: draft?.unsent ?? false }));
    return draft;
  }

  keep<T>(kind: DraftKind, value: T): Draft<T> {
    return saveDraft(kind, this.owner(), value);
  }

  discard(kind: DraftKind): void {
    clearDraft(kind, this.owner());
    this.unsent.update((u) => ({ ...u, [kind]: false }));
  }

  logSession<T>(body: CreateSessionLogRequest, formValue: T): Observable<SessionLog> {
    const draft = this.keep('session', formValue);
    return this.api
      .logSession('me', body, draft.idempotencyKey)
      .pipe(this.settle('session', formValue));
  }

  logPain<T>(body: CreatePainEntryRequest, formValue: T): Observable<CreatePainEntryResponse> {
    const draft = this.keep('pain', formValue);
    return this.api.logPain('me', body, draft.idempotencyKey).pipe(this.settle('pain', formValue));
  }

  private settle<R, T>(kind: DraftKind, formValue: T) {
    return tap<R>({
      next: () => this.discard(kind),
      error: (error: unknown) => {
        const unsent = isConnectionFailure(error);
        saveDraft(kind, this.owner(), formValue, { unsent });
        this.unsent.update((u) => ({ ...u, [kind]: unsent }));
      },
    });
  }
}
