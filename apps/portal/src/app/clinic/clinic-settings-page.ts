import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { FormControl, FormGroup } from '@angular/forms';
import type { Clinic } from '@rehabit/contracts';
import { THRESHOLD_LIMITS, validateThresholds, type Thresholds } from '@rehabit/domain';
import { describeFailure } from '../core/http/problem';
import { applyFieldErrors, fieldMessage, formFailure } from '../shared/forms/server-errors';
import { timeZone, timeZoneOptions } from '../shared/forms/validators';
import { ClinicApi } from './clinic-api';

interface ThresholdField {
  path: string;
  label: string;
  range: { min: number; max: number };
  integer: boolean;
}

const L = THRESHOLD_LIMITS;
const THRESHOLD_FIELDS: readonly ThresholdField[] = [
  {
    path: 'pain.points',
    label: 'Pain: important change (points)',
    range: L.painPoints,
    integer: false,
  },
  { path: 'pain.percent', label: 'Pain: important change (%)', range: L.percent, integer: false },
  {
    path: 'odi.points',
    label: 'ODI: important change (points)',
    range: L.odiPoints,
    integer: false,
  },
  { path: 'odi.percent', label: 'ODI: important change (%)', range: L.percent, integer: false },
  {
    path: 'odi.maxSkipped',
    label: 'ODI: sections that may be skipped',
    range: L.maxSkipped,
    integer: true,
  },
  {
    path: 'painSpike.points',
    label: 'Pain spike alert (points above mean)',
    range: L.painPoints,
    integer: false,
  },
  {
    path: 'painSpike.windowDays',
    label: 'Pain spike: days compared',
    range: L.windowDays,
    integer: true,
  },
  {
    path: 'missedSessions.consecutiveDueDays',
    label: 'Missed sessions alert (due days in a row)',
    range: L.consecutiveDueDays,
    integer: true,
  },
];

function num(): FormControl<number | null> {
  return new FormControl<number | null>(null);
}

@Component({
  selector: 'rh-clinic-settings-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatButtonModule, MatFormFieldModule, MatInputModule],
  template: `
    <h1>Clinic settings</h1>
    <p class="count" role="status">{{ notice() }}</p>
    @if (failure()) {
      <p class="alert" role="alert">{{ failure() }}</p>
    }
    <!-- Only once loaded: a form shown empty would take typing that the loaded values then replace. -->
    @if (loaded()) {
      <form
        [formGroup]="form"
        (ngSubmit)="save()"
        novalidate
        aria-label="Clinic settings"
        class="stack"
      >
        <mat-form-field appearance="outline">
          <mat-label>Clinic name</mat-label>
          <input matInput formControlName="name" required />
          <mat-error>{{ msg(form.controls.name, 'Clinic name', { maxLength: 200 }) }}</mat-error>
        </mat-form-field>
        <mat-form-field appearance="outline">
          <mat-label>Time zone</mat-label>
          <select matNativeControl formControlName="timezone">
            @for (zone of zones; track zone) {
              <option [value]="zone">{{ zone }}</option>
            }
          </select>
          <mat-error>{{ msg(form.controls.timezone, 'Time zone') }}</mat-error>
        </mat-form-field>
        <fieldset formGroupName="thresholds" class="thresholds">
          <legend>Clinical thresholds</legend>
          <p class="hint">
            A change counts as clinically important when it reaches the points <em>or</em> the
            percent of baseline. Alerts use the spike and missed-session rules.
          </p>
          @for (field of thresholdFields; track field.path) {
            <mat-form-field appearance="outline">
              <mat-label>{{ field.label }}</mat-label>
              <input
                matInput
                type="number"
                [step]="field.integer ? 1 : 0.5"
                [formControl]="thresholdControl(field.path)"
                [attr.data-testid]="'threshold-' + field.path"
              />
              <mat-error>{{ thresholdMessage(field) }}</mat-error>
            </mat-form-field>
          }
        </fieldset>
        <div class="actions">
          <button mat-flat-button type="submit" [disabled]="busy() || form.pristine">
            Save settings
          </button>
        </div>
      </form>
    } @else if (!failure()) {
      <p role="status">Loading…</p>
    }
  `,
  styleUrl: '../shared/page.scss',
  styles: `
    .stack {
      display: flex;
      flex-direction: column;
      max-width: 30rem;
    }
    .thresholds {
      display: flex;
      flex-direction: column;
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: var(--mat-sys-corner-medium);
      padding: 0.5rem 1rem 0;
      margin: 0 0 1rem;
    }
    legend {
      font: var(--mat-sys-title-medium);
      padding: 0 0.25rem;
    }
    .hint {
      color: var(--mat-sys-on-surface-variant);
      margin-top: 0;
    }
  `,
})
export class ClinicSettingsPage implements OnInit {
  private readonly api = inject(ClinicApi);
  protected readonly msg = fieldMessage;
  protected readonly zones = timeZoneOptions();
  protected readonly thresholdFields = THRESHOLD_FIELDS;
  protected readonly form = inject(NonNullableFormBuilder).group({
    name: ['', [Validators.required, Validators.maxLength(200)]],
    timezone: ['', [Validators.required, timeZone]],
    thresholds: new FormGroup({
      pain: new FormGroup({ points: num(), percent: num() }),
      odi: new FormGroup({ points: num(), percent: num(), maxSkipped: num() }),
      painSpike: new FormGroup({ points: num(), windowDays: num() }),
      missedSessions: new FormGroup({ consecutiveDueDays: num() }),
    }),
  });
  protected readonly busy = signal(false);
  protected readonly loaded = signal(false);
  protected readonly notice = signal('');
  protected readonly failure = signal('');

  ngOnInit(): void {
    this.api.clinic().subscribe({
      next: (clinic) => {
        this.reset(clinic);
        this.loaded.set(true);
      },
      error: (error: unknown) =>
        this.failure.set(describeFailure(error, 'The clinic settings could not be loaded.')),
    });
  }

  private reset(clinic: Clinic): void {
    this.form.reset({
      name: clinic.name,
      timezone: clinic.timezone,
      thresholds: clinic.settings.thresholds,
    });
  }

  protected thresholdControl(path: string): FormControl<number | null> {
    return this.form.controls.thresholds.get(path) as FormControl<number | null>;
  }

  protected thresholdMessage(field: ThresholdField): string {
    const control = this.thresholdControl(field.path);
    if (typeof control.errors?.['server'] === 'string') return control.errors['server'];
    return `${field.label} must be ${field.integer ? 'a whole number' : 'a number'} from ${field.range.min} to ${field.range.max}`;
  }

  protected save(): void {
    this.failure.set('');
    this.notice.set('');
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const v = this.form.getRawValue();
    // The API's own threshold rules, with its field paths (`thresholds.pain.points`).
    const checked = validateThresholds(v.thresholds);
    if (!checked.ok) {
      const unplaced = applyFieldErrors(
        this.form,
        checked.errors.map((e) => ({ ...e, field: `thresholds.${e.field}` })),
      );
      if (unplaced.length) this.failure.set(unplaced.map((e) => e.message).join(' '));
      return;
    }
    this.busy.set(true);
    const thresholds: Thresholds = checked.value;
    this.api.updateClinic({ name: v.name.trim(), timezone: v.timezone, thresholds }).subscribe({
      next: (clinic) => {
        this.busy.set(false);
        this.reset(clinic);
        this.notice.set('Settings saved.');
      },
      error: (error: unknown) => {
        this.busy.set(false);
        this.failure.set(formFailure(this.form, error));
      },
    });
  }
}
