import { HttpErrorResponse } from '@angular/common/http';
import { inject, Injectable, signal } from '@angular/core';
import type {
  Patient,
  Plan,
  PlanRevision,
  StaffMember,
  TodayResponse,
  UpdatePatientRequest,
} from '@rehabit/contracts';
import type { PlanStatus } from '@rehabit/domain';
import { catchError, Observable, switchMap, tap, throwError } from 'rxjs';
import { describeFailure } from '../core/http/problem';
import { PatientsApi } from './patients-api';

/** The API refused a change because someone else changed the record since it was read. */
export function isStaleRecord(error: unknown): boolean {
  return error instanceof HttpErrorResponse && error.status === 412;
}

/** One patient as their therapist sees them: profile, plans with revision history, today. */
@Injectable()
export class PatientDetailStore {
  private readonly api = inject(PatientsApi);

  readonly patient = signal<Patient | null>(null);
  readonly plans = signal<Plan[]>([]);
  readonly revisions = signal<Readonly<Record<string, PlanRevision[]>>>({});
  readonly today = signal<TodayResponse | null>(null);
  readonly staff = signal<StaffMember[]>([]);
  readonly loading = signal(false);
  readonly error = signal<string | null>(null);
  readonly statusBusy = signal<string | null>(null);
  /** Why the last plan status change failed, shown above the plans. */
  readonly statusNotice = signal<string | null>(null);

  load(id: string): void {
    this.loading.set(true);
    this.error.set(null);
    this.api.get(id).subscribe({
      next: (patient) => {
        this.patient.set(patient);
        this.loading.set(false);
      },
      error: () => {
        this.loading.set(false);
        this.error.set('This patient could not be loaded. They may not be in your clinic.');
      },
    });
    this.loadPlans(id);
    this.api
      .today(id)
      .subscribe({ next: (today) => this.today.set(today), error: () => undefined });
  }

  loadPlans(id: string): void {
    this.api
      .plans(id)
      .subscribe({ next: (page) => this.plans.set(page.items), error: () => undefined });
  }

  loadStaff(): void {
    this.api
      .staff()
      .subscribe({ next: (page) => this.staff.set(page.items), error: () => undefined });
  }

  loadRevisions(planId: string): void {
    this.api.revisions(planId).subscribe({
      next: (page) => this.revisions.update((all) => ({ ...all, [planId]: page.items })),
      error: () => undefined,
    });
  }

  /**
   * Saves a change to the patient as last read. When someone else changed the record since
   * (412), the current record is loaded before the error reaches the caller, so the caller can
   * show it and let the person make their change again on top of it.
   */
  update(body: UpdatePatientRequest): Observable<Patient> {
    const { id, etag } = this.patient() ?? { id: '', etag: '' };
    return this.api.update(id, body, etag).pipe(
      tap((patient) => {
        this.patient.set(patient);
        this.api.today(id).subscribe({ next: (t) => this.today.set(t), error: () => undefined });
      }),
      catchError((error: unknown) =>
        isStaleRecord(error)
          ? this.api.get(id).pipe(
              tap((current) => this.patient.set(current)),
              switchMap(() => throwError(() => error)),
            )
          : throwError(() => error),
      ),
    );
  }

  setStatus(plan: Plan, status: PlanStatus): void {
    this.statusBusy.set(plan.id);
    this.statusNotice.set(null);
    this.api.setPlanStatus(plan.id, status, plan.etag).subscribe({
      next: (updated) => {
        this.statusBusy.set(null);
        this.plans.update((plans) => plans.map((p) => (p.id === updated.id ? updated : p)));
        const id = this.patient()?.id;
        if (id)
          this.api.today(id).subscribe({ next: (t) => this.today.set(t), error: () => undefined });
      },
      error: (error: unknown) => {
        this.statusBusy.set(null);
        if (isStaleRecord(error)) {
          this.statusNotice.set(
            `“${plan.title}” was changed by someone else meanwhile, and has been reloaded. Check it and try again.`,
          );
          this.loadPlans(plan.patientId);
          return;
        }
        this.statusNotice.set(describeFailure(error, 'Something went wrong. Please try again.'));
      },
    });
  }
}
