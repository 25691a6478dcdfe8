import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormControl, NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import type { CreateMeasureRequest, Measure } from '@rehabit/contracts';
import {
  FLEXIBILITY_TESTS,
  MEASURES,
  validateMeasure,
  type FlexibilityTest,
  type MeasureSide,
  type OdiAnswers,
} from '@rehabit/domain';
import { describeHttpError, problemOf } from '../../core/http/problem';
import { FormatDatePipe } from '../../shared/format-date';
import { applyFieldErrors, fieldMessage, formFailure } from '../../shared/forms/server-errors';
import { ODI_BAND_LABELS, OdiForm } from '../../shared/logging/odi-form';
import { PatientRecordsStore } from '../patient-records.store';

const UNIT_SHORT = { degrees: '°', cm: ' cm', percent: ' %' } as const;

@Component({
  selector: 'rh-measures-tab',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    FormatDatePipe,
    ReactiveFormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    OdiForm,
  ],
  template: `
    <h2 id="measures-heading">Measures</h2>
    <section class="card" aria-labelledby="record-heading">
      <h3 id="record-heading">Record a flexibility test</h3>
      <p class="count" role="status">{{ notice() }}</p>
      @if (failure()) {
        <p class="alert" role="alert">{{ failure() }}</p>
      }
      <form
        [formGroup]="form"
        (ngSubmit)="record()"
        novalidate
        aria-label="Record a measure"
        class="row"
      >
        <mat-form-field appearance="outline">
          <mat-label>Test</mat-label>
          <select matNativeControl formControlName="type" data-testid="measure-type">
            @for (t of tests; track t) {
              <option [value]="t">{{ label(t) }}</option>
            }
          </select>
        </mat-form-field>
        @if (perSide()) {
          <mat-form-field appearance="outline">
            <mat-label>Side</mat-label>
            <select matNativeControl formControlName="side">
              <option value="left">Left</option>
              <option value="right">Right</option>
            </select>
            <mat-error>{{ msg(form.controls.side, 'Side') }}</mat-error>
          </mat-form-field>
        }
        <mat-form-field appearance="outline">
          <mat-label>{{ valueLabel() }}</mat-label>
          <input matInput type="number" formControlName="value" data-testid="measure-value" />
          <mat-error>{{ msg(form.controls.value, valueLabel()) }}</mat-error>
        </mat-form-field>
        <mat-form-field appearance="outline">
          <mat-label>Date measured</mat-label>
          <input
            matInput
            type="date"
            formControlName="recordedOn"
            [min]="bornOn() ?? ''"
            [max]="today()"
          />
          <mat-error>{{ msg(form.controls.recordedOn, 'Date measured') }}</mat-error>
        </mat-form-field>
        <div class="actions">
          <button mat-flat-button type="submit" [disabled]="busy()">Record measure</button>
        </div>
      </form>
      <details>
        <summary>Record an ODI questionnaire with the patient</summary>
        <rh-odi-form [busy]="busy()" [serverError]="odiFailure()" (answered)="recordOdi($event)" />
      </details>
    </section>
    <div class="table-wrap">
      <table class="rh-table" data-testid="measures">
        <caption>
          Measures recorded, newest first
        </caption>
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">Test</th>
            <th scope="col">Side</th>
            <th scope="col">Result</th>
            <th scope="col">By</th>
          </tr>
        </thead>
        <tbody>
          @for (m of store.measures(); track m.id) {
            <tr>
              <th scope="row">{{ m.recordedOn | rhDate }}</th>
              <td>{{ label(m.type) }}</td>
              <td>{{ m.side ?? '—' }}</td>
              <td>{{ result(m) }}</td>
              <td>{{ m.recordedByRole }}</td>
            </tr>
          } @empty {
            <tr>
              <td colspan="5">No measures yet.</td>
            </tr>
          }
        </tbody>
      </table>
    </div>
  `,
  styleUrl: '../../shared/page.scss',
  styles: `
    .row {
      display: flex;
      flex-wrap: wrap;
      gap: 0 0.75rem;
      align-items: flex-start;
    }
    mat-form-field {
      min-width: 10rem;
    }
    summary {
      min-height: 44px;
      display: flex;
      align-items: center;
      cursor: pointer;
    }
    h3 {
      margin: 0 0 0.5rem;
    }
  `,
})
export class MeasuresTab {
  /** The patient's local date today: the default day and the latest allowed. */
  readonly today = input.required<string>();
  /** The patient's date of birth, when the clinic has it: the earliest date allowed. */
  readonly bornOn = input<string | null>(null);
  protected readonly store = inject(PatientRecordsStore);
  protected readonly msg = fieldMessage;
  protected readonly tests = FLEXIBILITY_TESTS;
  protected readonly busy = signal(false);
  protected readonly notice = signal('');
  protected readonly failure = signal('');
  protected readonly odiFailure = signal('');

  protected readonly form = inject(NonNullableFormBuilder).group({
    type: this.fbType(),
    side: this.fbSide(),
    value: new FormControl<number | null>(null),
    recordedOn: new FormControl<string>('', { nonNullable: true }),
  });
  private readonly type = toSignal(this.form.controls.type.valueChanges, {
    initialValue: this.form.controls.type.value,
  });
  protected readonly perSide = computed(() => MEASURES[this.type()].perSide);
  protected readonly valueLabel = computed(() => {
    const def = MEASURES[this.type()];
    return `Result (${def.unit})`;
  });

  private fbType(): FormControl<FlexibilityTest> {
    return new FormControl<FlexibilityTest>('slr', { nonNullable: true });
  }

  private fbSide(): FormControl<MeasureSide> {
    return new FormControl<MeasureSide>('left', { nonNullable: true });
  }

  protected label(type: Measure['type']): string {
    return MEASURES[type].label;
  }

  protected result(m: Measure): string {
    if (m.type === 'odi')
      return `${m.score ?? '—'} %${m.band ? ` (${ODI_BAND_LABELS[m.band]})` : ''}`;
    return `${m.value ?? '—'}${UNIT_SHORT[m.unit]}`;
  }

  protected record(): void {
    this.failure.set('');
    this.notice.set('');
    const v = this.form.getRawValue();
    const body: CreateMeasureRequest = {
      type: v.type,
      recordedOn: v.recordedOn || this.today(),
      ...(MEASURES[v.type].perSide ? { side: v.side } : {}),
      ...(v.value === null || (v.value as unknown) === '' ? {} : { value: Number(v.value) }),
    };
    const checked = validateMeasure(body, { today: this.today(), bornOn: this.bornOn() });
    if (!checked.ok) {
      const unplaced = applyFieldErrors(this.form, checked.errors);
      if (unplaced.length) this.failure.set(unplaced.map((e) => e.message).join(' '));
      return;
    }
    this.busy.set(true);
    this.store.recordMeasure(body).subscribe({
      next: (m) => {
        this.busy.set(false);
        this.notice.set(`${this.label(m.type)} recorded: ${this.result(m)}.`);
        this.form.controls.value.reset(null);
      },
      error: (error: unknown) => {
        this.busy.set(false);
        this.failure.set(formFailure(this.form, error));
      },
    });
  }

  protected recordOdi(answers: OdiAnswers): void {
    this.odiFailure.set('');
    this.busy.set(true);
    this.store
      .recordMeasure({ type: 'odi', recordedOn: this.today(), answers: [...answers] })
      .subscribe({
        next: (m) => {
          this.busy.set(false);
          this.notice.set(`ODI recorded: ${this.result(m)}.`);
        },
        error: (error: unknown) => {
          this.busy.set(false);
          const problem = error instanceof HttpErrorResponse ? problemOf(error) : null;
          this.odiFailure.set(
            problem?.errors?.map((e) => e.message).join(' ') ||
              (error instanceof HttpErrorResponse ? describeHttpError(error) : 'Not recorded.'),
          );
        },
      });
  }
}
