import { FormatDatePipe } from '../shared/format-date';
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
} from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatTabsModule } from '@angular/material/tabs';
import { RouterLink } from '@angular/router';
import type { Plan, PlanItem } from '@rehabit/contracts';
import type { PlanStatus } from '@rehabit/domain';
import { AuthStore } from '../core/auth/auth-store';
import { confirmAction } from '../shared/confirm-dialog';
import { fieldMessage, formFailure } from '../shared/forms/server-errors';
import { timeZone, timeZoneOptions } from '../shared/forms/validators';
import { describeDosage, describeSchedule, STATUS_LABELS } from './labels';
import { isStaleRecord, PatientDetailStore } from './patient-detail.store';
import { PatientRecordsStore } from './patient-records.store';
import { AlertsTab } from './records/alerts-tab';
import { MeasuresTab } from './records/measures-tab';
import { ProgressTab } from './records/progress-tab';
import { SessionsTab } from './records/sessions-tab';

@Component({
  selector: 'rh-patient-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  providers: [PatientDetailStore, PatientRecordsStore],
  imports: [
    FormatDatePipe,
    ReactiveFormsModule,
    MatButtonModule,
    MatCheckboxModule,
    MatFormFieldModule,
    MatInputModule,
    MatTabsModule,
    RouterLink,
    AlertsTab,
    MeasuresTab,
    ProgressTab,
    SessionsTab,
  ],
  templateUrl: './patient-page.html',
  styleUrl: '../shared/page.scss',
  styles: `
    .badge {
      padding: 0.125rem 0.625rem;
      border-radius: 1rem;
      background: var(--mat-sys-primary-container);
      color: var(--mat-sys-on-primary-container);
    }
    .badge.paused {
      background: var(--mat-sys-surface-container-highest);
      color: var(--mat-sys-on-surface);
    }
    .meta {
      color: var(--mat-sys-on-surface-variant);
    }
    .plan-items li,
    .history li {
      margin-bottom: 0.25rem;
    }
    .tab {
      padding-top: 1rem;
    }
    h3 {
      margin: 0;
      font: var(--mat-sys-title-medium);
    }
    summary {
      cursor: pointer;
      min-height: 44px;
      display: flex;
      align-items: center;
    }
    .profile-form {
      display: flex;
      flex-direction: column;
      max-width: 30rem;
    }
  `,
})
export class PatientPage {
  readonly id = input.required<string>();

  protected readonly store = inject(PatientDetailStore);
  protected readonly records = inject(PatientRecordsStore);
  /** The patient's local date (from their today list), else the browser's. */
  protected readonly patientToday = computed(
    () => this.store.today()?.date ?? new Date().toLocaleDateString('sv-SE'),
  );
  private readonly auth = inject(AuthStore);
  private readonly dialog = inject(MatDialog);
  protected readonly msg = fieldMessage;
  protected readonly zones = timeZoneOptions();
  protected readonly statusLabels = STATUS_LABELS;
  protected readonly isTherapist = computed(() => this.auth.role() === 'therapist');
  protected readonly editing = signal(false);
  protected readonly saving = signal(false);
  protected readonly profileFailure = signal('');

  protected readonly profile = inject(NonNullableFormBuilder).group({
    displayName: ['', [Validators.required, Validators.maxLength(120)]],
    therapistId: [''],
    timezone: ['', [Validators.required, timeZone]],
    condition: ['', [Validators.maxLength(500)]],
    active: [true],
  });

  /** Admins choose among the clinic's therapists; a therapist can take the patient on or let go. */
  protected readonly therapistOptions = computed(() => {
    const me = this.auth.user();
    const current = this.store.patient()?.therapistId ?? null;
    const options = this.store
      .staff()
      .filter((s) => s.role === 'therapist' && s.active)
      .map((s) => ({ id: s.id, label: s.displayName }));
    if (me && this.auth.role() === 'therapist' && !options.some((o) => o.id === me.id))
      options.unshift({ id: me.id, label: `${me.displayName} (me)` });
    if (current && !options.some((o) => o.id === current))
      options.push({ id: current, label: 'Current therapist' });
    return options;
  });
  protected readonly therapistName = computed(() => {
    const id = this.store.patient()?.therapistId;
    if (!id) return 'Unassigned';
    if (id === this.auth.user()?.id) return `${this.auth.user()?.displayName} (me)`;
    return this.store.staff().find((s) => s.id === id)?.displayName ?? 'Another therapist';
  });

  constructor() {
    effect(() => {
      const id = this.id();
      untracked(() => {
        this.store.load(id);
        this.records.load(id);
        if (this.auth.role() === 'admin') this.store.loadStaff();
      });
    });
  }

  protected dosageOf(item: Pick<PlanItem, 'sets' | 'reps' | 'holdSeconds' | 'side'>): string {
    return describeDosage(item);
  }

  protected scheduleOf(item: PlanItem): string {
    return describeSchedule(item);
  }

  protected startEdit(): void {
    const patient = this.store.patient();
    if (!patient) return;
    this.profile.reset({
      displayName: patient.displayName,
      therapistId: patient.therapistId ?? '',
      timezone: patient.timezone,
      condition: patient.condition ?? '',
      active: patient.active,
    });
    this.profileFailure.set('');
    this.editing.set(true);
  }

  protected saveProfile(): void {
    if (this.profile.invalid) {
      this.profile.markAllAsTouched();
      return;
    }
    const v = this.profile.getRawValue();
    this.saving.set(true);
    this.store
      .update({
        displayName: v.displayName.trim(),
        therapistId: v.therapistId || null,
        timezone: v.timezone,
        condition: v.condition.trim() || null,
        active: v.active,
      })
      .subscribe({
        next: () => {
          this.saving.set(false);
          this.editing.set(false);
        },
        error: (error: unknown) => {
          this.saving.set(false);
          if (isStaleRecord(error)) {
            // The store has loaded the record as it is now: edit that, not what was on screen.
            this.startEdit();
            this.profileFailure.set(
              'Someone else changed this profile while you were editing. It has been reloaded with their changes: make your change again and save.',
            );
            return;
          }
          this.profileFailure.set(formFailure(this.profile, error));
        },
      });
  }

  protected changeStatus(plan: Plan, status: PlanStatus): void {
    if (status !== 'completed') {
      this.store.setStatus(plan, status);
      return;
    }
    confirmAction(this.dialog, {
      title: 'Complete this plan?',
      message: `“${plan.title}” will be closed for good: it cannot be resumed or revised. Continuing care means a new plan.`,
      confirm: 'Complete plan',
    }).subscribe((yes) => {
      if (yes) this.store.setStatus(plan, status);
    });
  }

  protected historyToggled(planId: string, event: Event): void {
    if ((event.target as HTMLDetailsElement).open) this.store.loadRevisions(planId);
  }
}
