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
import { Observable, tap } from 'rxjs';
import { PatientsApi } from './patients-api';

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

  update(body: UpdatePatientRequest): Observable<Patient> {
    const id = this.patient()?.id ?? '';
    return this.api.update(id, body).pipe(
      tap((patient) => {
        this.patient.set(patient);
        this.api.today(id).subscribe({ next: (t) => this.today.set(t), error: () => undefined });
      }),
    );
  }

  setStatus(plan: Plan, status: PlanStatus): void {
    this.statusBusy.set(plan.id);
    this.api.setPlanStatus(plan.id, status).subscribe({
      next: (updated) => {
        this.statusBusy.set(null);
        this.plans.update((plans) => plans.map((p) => (p.id === updated.id ? updated : p)));
        const id = this.patient()?.id;
        if (id)
          this.api.today(id).subscribe({ next: (t) => this.today.set(t), error: () => undefined });
      },
      error: () => this.statusBusy.set(null),
    });
  }
}
