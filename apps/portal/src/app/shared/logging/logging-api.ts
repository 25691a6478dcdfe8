import { inject, Injectable } from '@angular/core';
import type {
  CreateMeasureRequest,
  CreatePainEntryRequest,
  CreatePainEntryResponse,
  CreateSessionLogRequest,
  Measure,
  MeasureQuery,
  Page,
  PainEntry,
  PainQuery,
  ProgressQuery,
  ProgressResponse,
  SessionLog,
  SessionLogQuery,
  SessionLogVersion,
  UpdateSessionLogRequest,
} from '@rehabit/contracts';
import type { Observable } from 'rxjs';
import { ApiClient } from '../../core/http/api-client';
import { withoutErrorNotice } from '../../core/http/request-context';

/**
 * Sessions, pain, measures and progress of one patient — `me` for the signed-in patient, an id
 * for staff. Logging POSTs carry the draft's Idempotency-Key; forms show their own failures.
 */
@Injectable({ providedIn: 'root' })
export class LoggingApi {
  private readonly api = inject(ApiClient);
  private readonly quiet = { context: withoutErrorNotice() };

  private base(patientId: string): `/patients/${string}` {
    return `/patients/${encodeURIComponent(patientId)}`;
  }

  private idempotent(key: string) {
    return { ...this.quiet, headers: { 'Idempotency-Key': key } };
  }

  logSession(
    patientId: string,
    body: CreateSessionLogRequest,
    key: string,
  ): Observable<SessionLog> {
    return this.api.post<SessionLog>(
      `${this.base(patientId)}/sessions`,
      body,
      this.idempotent(key),
    );
  }

  sessions(patientId: string, query: SessionLogQuery = {}): Observable<Page<SessionLog>> {
    return this.api.getPage<SessionLog>(`${this.base(patientId)}/sessions`, {
      limit: 50,
      ...query,
    });
  }

  updateSession(id: string, body: UpdateSessionLogRequest): Observable<SessionLog> {
    return this.api.patch<SessionLog>(`/sessions/${encodeURIComponent(id)}`, body, this.quiet);
  }

  deleteSession(id: string, reason: string): Observable<void> {
    return this.api.delete<void>(`/sessions/${encodeURIComponent(id)}`, {
      ...this.quiet,
      body: { reason },
    });
  }

  sessionHistory(id: string): Observable<Page<SessionLogVersion>> {
    return this.api.get<Page<SessionLogVersion>>(`/sessions/${encodeURIComponent(id)}/history`);
  }

  logPain(
    patientId: string,
    body: CreatePainEntryRequest,
    key: string,
  ): Observable<CreatePainEntryResponse> {
    return this.api.post<CreatePainEntryResponse>(
      `${this.base(patientId)}/pain`,
      body,
      this.idempotent(key),
    );
  }

  pain(patientId: string, query: PainQuery = {}): Observable<Page<PainEntry>> {
    return this.api.getPage<PainEntry>(`${this.base(patientId)}/pain`, { limit: 50, ...query });
  }

  recordMeasure(patientId: string, body: CreateMeasureRequest): Observable<Measure> {
    return this.api.post<Measure>(`${this.base(patientId)}/measures`, body, this.quiet);
  }

  measures(patientId: string, query: MeasureQuery = {}): Observable<Page<Measure>> {
    return this.api.getPage<Measure>(`${this.base(patientId)}/measures`, {
      limit: 100,
      ...query,
    });
  }

  progress(patientId: string, query: ProgressQuery = {}): Observable<ProgressResponse> {
    return this.api.get<ProgressResponse>(`${this.base(patientId)}/progress`, {
      params: { ...query },
    });
  }
}
