import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  ElementRef,
  inject,
  OnInit,
  signal,
} from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { FormControl, NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { RouterLink } from '@angular/router';
import type { CreatePainEntryRequest } from '@rehabit/contracts';
import {
  PAIN_LIMITS,
  RED_FLAG_LABELS,
  RED_FLAG_PATIENT_MESSAGE,
  RED_FLAGS,
  validatePainEntry,
  type RedFlag,
} from '@rehabit/domain';
import { focusFirstInvalid } from '../auth/focus-invalid';
import { applyFieldErrors, fieldMessage, formFailure } from '../shared/forms/server-errors';
import { PainScale } from '../shared/logging/pain-scale';
import { isConnectionFailure, PatientLogStore } from './log-session.store';

export interface PainDraftValue {
  recordedAt: string | null;
  score: number | null;
  context: string;
  redFlags: Record<RedFlag, boolean>;
}

/** The POST body of a pain form value, stamped now unless a draft carries its first time. */
export function painBody(value: PainDraftValue, now = new Date()): CreatePainEntryRequest {
  const context = value.context.trim();
  const redFlags = RED_FLAGS.filter((flag) => value.redFlags[flag]);
  return {
    recordedAt: value.recordedAt ?? isoWithOffset(now),
    score: value.score as number,
    ...(context ? { context } : {}),
    ...(redFlags.length ? { redFlags } : {}),
  };
}

/** `2026-11-25T08:30:00+01:00`: the instant with the phone's own offset. */
export function isoWithOffset(date: Date): string {
  const pad = (n: number) => String(Math.abs(n)).padStart(2, '0');
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}` +
    `${sign}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}`
  );
}

@Component({
  selector: 'rh-pain-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    PainScale,
    RouterLink,
  ],
  template: `
    <h1>How is your pain today?</h1>
    @if (advice()) {
      <div class="urgent" role="alert" data-testid="urgent-advice">
        <p>{{ advice() }}</p>
      </div>
    }
    @if (saved()) {
      <p class="success" role="status" data-testid="pain-saved">
        {{ saved() }} <a routerLink="/patient">Back to today</a>
      </p>
    }
    @if (store.unsent().pain) {
      <div class="unsent" role="alert" data-testid="pain-unsent">
        <p>
          <strong>Not sent yet.</strong> Your answer is saved on this phone. Check your connection
          and try again — it will only be recorded once.
        </p>
        <button mat-flat-button type="button" class="big" (click)="submit()" [disabled]="sending()">
          Retry sending
        </button>
      </div>
    }
    @if (failure()) {
      <p class="alert" role="alert">{{ failure() }}</p>
    }
    <form [formGroup]="form" (ngSubmit)="submit()" novalidate aria-label="Record pain">
      <rh-pain-scale
        formControlName="score"
        legend="Your pain right now"
        testId="pain-score"
        describedBy="score-error"
        [invalid]="form.controls.score.touched && !!form.controls.score.errors"
      />
      <p class="field-error" id="score-error">
        @if (form.controls.score.touched && form.controls.score.errors) {
          {{ scoreMessage() }}
        }
      </p>
      <fieldset class="card" formGroupName="redFlags">
        <legend>Since your last entry, have you had any of these?</legend>
        <p class="meta">Tick any that apply. If none do, leave them all empty.</p>
        @for (flag of flags; track flag) {
          <label class="check">
            <input type="checkbox" [formControlName]="flag" [attr.data-testid]="'flag-' + flag" />
            <span>{{ labels[flag] }}</span>
          </label>
        }
      </fieldset>
      @if (anyRedFlag()) {
        <div class="urgent" role="alert" data-testid="red-flag-warning">
          <p>{{ urgentMessage }}</p>
        </div>
      }
      <mat-form-field appearance="outline" class="wide">
        <mat-label>Anything else? (optional)</mat-label>
        <textarea matInput rows="2" formControlName="context"></textarea>
        <mat-error>{{ msg(form.controls.context, 'Note', { maxLength: contextMax }) }}</mat-error>
      </mat-form-field>
      <div class="actions">
        <button
          mat-flat-button
          type="submit"
          class="big"
          [disabled]="sending()"
          data-testid="save-pain"
        >
          {{ sending() ? 'Saving…' : 'Save' }}
        </button>
        <a mat-button class="big" routerLink="/patient">Cancel</a>
      </div>
    </form>
  `,
  styleUrl: './patient-form.scss',
})
export class PainPage implements OnInit {
  protected readonly store = inject(PatientLogStore);
  private readonly fb = inject(NonNullableFormBuilder);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly destroyRef = inject(DestroyRef);
  protected readonly msg = fieldMessage;
  protected readonly flags = RED_FLAGS;
  protected readonly labels = RED_FLAG_LABELS;
  protected readonly urgentMessage = RED_FLAG_PATIENT_MESSAGE;
  protected readonly contextMax = PAIN_LIMITS.context;
  protected readonly sending = signal(false);
  protected readonly failure = signal('');
  protected readonly saved = signal('');
  protected readonly advice = signal('');
  /** The instant of the first attempt: a resent draft keeps it (and so its idempotent body). */
  private recordedAt: string | null = null;

  protected readonly form = this.fb.group({
    score: new FormControl<number | null>(null),
    context: this.fb.control(''),
    redFlags: this.fb.group(
      Object.fromEntries(RED_FLAGS.map((f) => [f, this.fb.control(false)])) as Record<
        RedFlag,
        FormControl<boolean>
      >,
    ),
  });
  private readonly flagValues = toSignal(this.form.controls.redFlags.valueChanges, {
    initialValue: this.form.controls.redFlags.getRawValue(),
  });
  protected readonly anyRedFlag = computed(() => Object.values(this.flagValues()).some(Boolean));

  ngOnInit(): void {
    const draft = this.store.draft<PainDraftValue>('pain')?.value;
    if (draft) {
      this.recordedAt = draft.recordedAt;
      this.form.patchValue({
        score: draft.score,
        context: draft.context,
        redFlags: draft.redFlags,
      });
    }
    this.form.valueChanges.pipe(takeUntilDestroyed(this.destroyRef)).subscribe(() => {
      if (!this.sending()) this.store.keep('pain', this.value());
    });
  }

  protected scoreMessage(): string {
    const errors = this.form.controls.score.errors;
    if (typeof errors?.['server'] === 'string') return errors['server'];
    return 'Choose a number from 0 to 10';
  }

  private value(): PainDraftValue {
    const v = this.form.getRawValue();
    return {
      recordedAt: this.recordedAt,
      score: v.score,
      context: v.context,
      redFlags: v.redFlags,
    };
  }

  protected submit(): void {
    this.failure.set('');
    this.saved.set('');
    this.form.controls.score.markAsTouched();
    this.recordedAt ??= isoWithOffset(new Date());
    const value = this.value();
    const body = painBody(value);
    const checked = validatePainEntry(body, { now: new Date() });
    if (!checked.ok) {
      const unplaced = applyFieldErrors(this.form, checked.errors);
      if (unplaced.length) this.failure.set(unplaced.map((e) => e.message).join(' '));
      focusFirstInvalid(this.host.nativeElement);
      return;
    }
    this.sending.set(true);
    this.store.logPain(body, value).subscribe({
      next: (entry) => {
        this.sending.set(false);
        this.recordedAt = null;
        this.advice.set(entry.advice?.message ?? '');
        this.saved.set(`Saved: pain ${entry.score} out of 10. Thank you.`);
        this.form.reset(
          { score: null, context: '', redFlags: this.form.controls.redFlags.getRawValue() },
          { emitEvent: false },
        );
        this.form.controls.redFlags.reset();
        this.store.discard('pain');
      },
      error: (error: unknown) => {
        this.sending.set(false);
        if (!isConnectionFailure(error)) this.failure.set(formFailure(this.form, error));
      },
    });
  }
}
