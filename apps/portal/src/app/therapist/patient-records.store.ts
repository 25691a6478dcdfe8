import { inject, Injectable, signal } from '@angular/core';
import type {
  Alert,
  CreateMeasureRequest,
  Measure,
  ProgressResponse,
  SessionLog,
  SessionLogVersion,
} from '@rehabit/contracts';
import type { ChangeThresholds } from '@rehabit/domain';
import { Observable, tap } from 'rxjs';
import { ApiClient } from '../core/http/api-client';
import { LoggingApi } from '../shared/logging/logging-api';
import type { Clinic } from '@rehabit/contracts';
import { AlertsApi } from './alerts-api';

/** What the patient page's record tabs show: progress, sessions, measures and open alerts. */
@Injectable()
export class PatientRecordsStore {
  private readonly logging = inject(LoggingApi);
  private readonly alertsApi = inject(AlertsApi);
  private readonly api = inject(ApiClient);
  private patientId = '';

  readonly progress = signal<ProgressResponse | null>(null);
  readonly progressError = signal<string | null>(null);
  readonly painThresholds = signal<ChangeThresholds | undefined>(undefined);
  readonly sessions = signal<SessionLog[]>([]);
  readonly history = signal<Readonly<Record<string, SessionLogVersion[]>>>({});
  readonly measures = signal<Measure[]>([]);
  readonly alerts = signal<Alert[]>([]);
  readonly acknowledging = signal<string | null>(null);
  readonly notice = signal('');

  load(patientId: string): void {
    this.patientId = patientId;
    this.loadProgress();
    this.loadSessions();
    this.loadMeasures();
    this.loadAlerts();
    this.api.get<Clinic>('/clinic').subscribe({
      next: (clinic) => this.painThresholds.set(clinic.settings?.thresholds?.pain),
      error: () => undefined,
    });
  }

  loadProgress(): void {
    this.progressError.set(null);
    this.logging.progress(this.patientId).subscribe({
      next: (p) => this.progress.set(p),
      error: () => this.progressError.set('Progress could not be loaded.'),
    });
  }

  loadSessions(): void {
    this.logging
      .sessions(this.patientId)
      .subscribe({ next: (page) => this.sessions.set(page.items), error: () => undefined });
  }

  loadMeasures(): void {
    this.logging
      .measures(this.patientId)
      .subscribe({ next: (page) => this.measures.set(page.items), error: () => undefined });
  }

  loadAlerts(): void {
    this.alertsApi
      .list({ status: 'open', patientId: this.patientId })
      .subscribe({ next: (page) => this.alerts.set(page.items), error: () => undefined });
  }

  loadHistory(sessionId: string): void {
    this.logging.sessionHistory(sessionId).subscribe({
      next: (page) => this.history.update((all) => ({ ...all, [sessionId]: page.items })),
      error: () => undefined,
    });
  }

  recordMeasure(body: CreateMeasureRequest): Observable<Measure> {
    return this.logging.recordMeasure(this.patientId, body).pipe(
      tap(() => {
        this.loadMeasures();
        this.loadProgress();
      }),
    );
  }

  deleteSession(session: SessionLog, reason: string): Observable<void> {
    return this.logging.deleteSession(session.id, reason).pipe(
      tap(() => {
        this.sessions.update((all) => all.filter((s) => s.id !== session.id));
        this.notice.set('Session deleted; it stays in the audit trail.');
        this.loadProgress();
      }),
    );
  }

  updateSessionNotes(session: SessionLog, notes: string | null): Observable<SessionLog> {
    return this.logging.updateSession(session.id, { version: session.version, notes }).pipe(
      tap((updated) => {
        this.sessions.update((all) => all.map((s) => (s.id === updated.id ? updated : s)));
        this.history.update(({ [session.id]: _dropped, ...rest }) => rest);
      }),
    );
  }

  acknowledge(alert: Alert): void {
    this.acknowledging.set(alert.id);
    this.alertsApi.acknowledge(alert.id).subscribe({
      next: () => {
        this.acknowledging.set(null);
        this.alerts.update((all) => all.filter((a) => a.id !== alert.id));
        this.notice.set('Alert acknowledged.');
      },
      error: () => this.acknowledging.set(null),
    });
  }
}
