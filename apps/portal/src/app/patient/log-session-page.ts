import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  effect,
  ElementRef,
  inject,
  OnInit,
  signal,
  untracked,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import {
  FormArray,
  FormControl,
  FormGroup,
  NonNullableFormBuilder,
  ReactiveFormsModule,
} from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { RouterLink } from '@angular/router';
import type { CreateSessionLogRequest, TodayItem } from '@rehabit/contracts';
import { SESSION_LIMITS, validateSessionLog, type PlanItem } from '@rehabit/domain';
import { focusFirstInvalid } from '../auth/focus-invalid';
import { formatDate } from '../shared/format-date';
import { applyFieldErrors, fieldMessage, formFailure } from '../shared/forms/server-errors';
import { PainScale } from '../shared/logging/pain-scale';
import { isConnectionFailure, PatientLogStore } from './log-session.store';
import { plainDosage } from './today-page';
import { TodayStore } from './today.store';

type ItemGroup = FormGroup<{
  planItemId: FormControl<string>;
  completed: FormControl<boolean>;
  setsDone: FormControl<number | null>;
  repsDone: FormControl<number | null>;
  holdSecondsDone: FormControl<number | null>;
}>;

/** What a session draft keeps: the day, and the form as the patient left it. */
export interface SessionDraftValue {
  performedOn: string;
  painBefore: number | null;
  painAfter: number | null;
  notes: string;
  items: {
    planItemId: string;
    completed: boolean;
    setsDone: number | null;
    repsDone: number | null;
    holdSecondsDone: number | null;
  }[];
}

const amount = (value: number | null): number | undefined =>
  value === null || (value as unknown) === '' ? undefined : Number(value);

/** The POST body of a session form value: amounts only for the exercises ticked as done. */
export function sessionBody(
  value: SessionDraftValue,
  planRevisionId?: string,
): CreateSessionLogRequest {
  const notes = value.notes.trim();
  return {
    performedOn: value.performedOn,
    ...(planRevisionId ? { planRevisionId } : {}),
    ...(value.painBefore !== null ? { painBefore: value.painBefore } : {}),
    ...(value.painAfter !== null ? { painAfter: value.painAfter } : {}),
    ...(notes ? { notes } : {}),
    items: value.items.map((item) =>
      item.completed
        ? {
            planItemId: item.planItemId,
            completed: true,
            ...defined('setsDone', amount(item.setsDone)),
            ...defined('repsDone', amount(item.repsDone)),
            ...defined('holdSecondsDone', amount(item.holdSecondsDone)),
          }
        : { planItemId: item.planItemId, completed: false },
    ),
  };
}

function defined<K extends string>(key: K, value: number | undefined): Partial<Record<K, number>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, number>);
}

@Component({
  selector: 'rh-log-session-page',
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
    <h1>Log a session</h1>
    @if (saved()) {
      <p class="success" role="status" data-testid="session-saved">
        {{ saved() }}
        <a routerLink="/patient">Back to today</a>
      </p>
    }
    @if (store.unsent().session) {
      <div class="unsent" role="alert" data-testid="session-unsent">
        <p>
          <strong>Not sent yet.</strong> Your session is saved on this phone. Check your connection
          and try again — it will only be logged once.
        </p>
        <button mat-flat-button type="button" class="big" (click)="submit()" [disabled]="sending()">
          Retry sending
        </button>
      </div>
    }
    @if (failure()) {
      <p class="alert" role="alert" data-testid="session-failure">{{ failure() }}</p>
    }
    @if (today.today(); as day) {
      @if (items().length === 0) {
        <p>Nothing to log today. <a routerLink="/patient">Back to today</a></p>
      } @else {
        <form [formGroup]="form" (ngSubmit)="submit()" novalidate aria-label="Log a session">
          <p class="meta">
            For {{ dayLabel() }}. Tick what you did; change the numbers if you did more or less.
          </p>
          <div formArrayName="items">
            @for (group of itemGroups(); track group; let i = $index) {
              @let item = itemFor(group.controls.planItemId.value);
              <fieldset class="card" [formGroupName]="i" data-testid="log-item">
                <legend class="visually-hidden">{{ item?.exercise?.name }}</legend>
                <label class="check">
                  <input type="checkbox" formControlName="completed" />
                  <span
                    ><strong>{{ item?.exercise?.name }}</strong> — done</span
                  >
                </label>
                <p class="meta">Prescribed: {{ item ? dosage(item) : '' }}</p>
                @if (group.controls.completed.value) {
                  <div class="amounts">
                    <mat-form-field appearance="outline">
                      <mat-label>Sets</mat-label>
                      <input
                        matInput
                        type="number"
                        inputmode="numeric"
                        min="0"
                        formControlName="setsDone"
                      />
                      <mat-error>{{ msg(group.controls.setsDone, 'Sets') }}</mat-error>
                    </mat-form-field>
                    @if (item?.dosage?.reps) {
                      <mat-form-field appearance="outline">
                        <mat-label>Reps</mat-label>
                        <input
                          matInput
                          type="number"
                          inputmode="numeric"
                          min="0"
                          formControlName="repsDone"
                        />
                        <mat-error>{{ msg(group.controls.repsDone, 'Reps') }}</mat-error>
                      </mat-form-field>
                    }
                    @if (item?.dosage?.holdSeconds) {
                      <mat-form-field appearance="outline">
                        <mat-label>Hold (seconds)</mat-label>
                        <input
                          matInput
                          type="number"
                          inputmode="numeric"
                          min="0"
                          formControlName="holdSecondsDone"
                        />
                        <mat-error>{{ msg(group.controls.holdSecondsDone, 'Hold') }}</mat-error>
                      </mat-form-field>
                    }
                  </div>
                }
              </fieldset>
            }
          </div>
          <rh-pain-scale
            formControlName="painBefore"
            legend="Pain before you started (optional)"
            testId="pain-before"
            [invalid]="!!form.controls.painBefore.errors"
          />
          @if (form.controls.painBefore.errors) {
            <p class="field-error">{{ msg(form.controls.painBefore, 'Pain before') }}</p>
          }
          <rh-pain-scale
            formControlName="painAfter"
            legend="Pain afterwards (optional)"
            testId="pain-after"
            [invalid]="!!form.controls.painAfter.errors"
          />
          @if (form.controls.painAfter.errors) {
            <p class="field-error">{{ msg(form.controls.painAfter, 'Pain after') }}</p>
          }
          <mat-form-field appearance="outline" class="wide">
            <mat-label>Note for your therapist (optional)</mat-label>
            <textarea matInput rows="3" formControlName="notes"></textarea>
            <mat-error>{{ msg(form.controls.notes, 'Note', { maxLength: notesMax }) }}</mat-error>
          </mat-form-field>
          @if (itemsError()) {
            <p class="field-error" role="alert">{{ itemsError() }}</p>
          }
          <div class="actions">
            <button
              mat-flat-button
              type="submit"
              class="big"
              [disabled]="sending()"
              data-testid="save-session"
            >
              {{ sending() ? 'Saving…' : 'Save session' }}
            </button>
            <a mat-button class="big" routerLink="/patient">Cancel</a>
          </div>
        </form>
      }
    } @else if (today.error()) {
      <p class="alert" role="alert">{{ today.error() }}</p>
      <button mat-flat-button type="button" class="big" (click)="today.load()">Try again</button>
    } @else {
      <p role="status">Loading…</p>
    }
  `,
  styleUrl: './patient-form.scss',
})
export class LogSessionPage implements OnInit {
  protected readonly today = inject(TodayStore);
  protected readonly store = inject(PatientLogStore);
  private readonly fb = inject(NonNullableFormBuilder);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly destroyRef = inject(DestroyRef);
  protected readonly msg = fieldMessage;
  protected readonly notesMax = SESSION_LIMITS.notes;
  protected readonly sending = signal(false);
  protected readonly failure = signal('');
  protected readonly saved = signal('');
  protected readonly itemsError = signal('');
  private performedOn = '';

  protected readonly form = this.fb.group({
    painBefore: new FormControl<number | null>(null),
    painAfter: new FormControl<number | null>(null),
    notes: this.fb.control(''),
    items: new FormArray<ItemGroup>([]),
  });
  private readonly groups = signal<ItemGroup[]>([]);
  protected readonly itemGroups = this.groups.asReadonly();

  /** One plan per session: the items of the first plan due today (the API's rule). */
  protected readonly items = computed<TodayItem[]>(() => {
    const all = this.today.today()?.items ?? [];
    const revision = all[0]?.planRevisionId;
    return all.filter((item) => item.planRevisionId === revision);
  });
  protected readonly dayLabel = computed(() => formatDate(this.performedOnSignal(), 'longDay'));
  private readonly performedOnSignal = signal('');

  /** The day and exercises the form was last built for. */
  private builtFor = '';

  constructor() {
    effect(() => {
      const day = this.today.today();
      const items = this.items();
      if (!day) return;
      // Today is shown from what the today page had, then reloaded. A reload bringing the same
      // day and exercises leaves the form alone: rebuilt, its controls would be replaced under
      // the patient's fingers, and a keyboard's focus lost with them.
      const key = `${day.date} ${items.map((item) => item.planItemId).join(' ')}`;
      if (key === this.builtFor) return;
      this.builtFor = key;
      untracked(() => this.build(day.date, items));
    });
  }

  ngOnInit(): void {
    this.today.load();
    this.form.valueChanges.pipe(takeUntilDestroyed(this.destroyRef)).subscribe(() => {
      if (this.performedOn && !this.sending()) this.store.keep('session', this.value());
    });
  }

  protected itemFor(planItemId: string): TodayItem | undefined {
    return this.items().find((item) => item.planItemId === planItemId);
  }

  protected dosage(item: TodayItem): string {
    return plainDosage(item.dosage);
  }

  private build(date: string, items: TodayItem[]): void {
    const draft = this.store.draft<SessionDraftValue>('session')?.value;
    const fromDraft =
      draft && draft.items.some((d) => items.some((i) => i.planItemId === d.planItemId));
    this.performedOn = fromDraft ? draft.performedOn : date;
    this.performedOnSignal.set(this.performedOn);
    const groups = items.map((item) => {
      const kept = fromDraft
        ? draft.items.find((d) => d.planItemId === item.planItemId)
        : undefined;
      return this.fb.group({
        planItemId: this.fb.control(item.planItemId),
        completed: this.fb.control(kept?.completed ?? false),
        setsDone: new FormControl<number | null>(kept ? kept.setsDone : item.dosage.sets),
        repsDone: new FormControl<number | null>(kept ? kept.repsDone : item.dosage.reps),
        holdSecondsDone: new FormControl<number | null>(
          kept ? kept.holdSecondsDone : item.dosage.holdSeconds,
        ),
      }) as ItemGroup;
    });
    this.form.controls.items.clear({ emitEvent: false });
    for (const group of groups) this.form.controls.items.push(group, { emitEvent: false });
    this.groups.set(groups);
    if (fromDraft)
      this.form.patchValue(
        { painBefore: draft.painBefore, painAfter: draft.painAfter, notes: draft.notes },
        { emitEvent: false },
      );
  }

  private value(): SessionDraftValue {
    const v = this.form.getRawValue();
    return {
      performedOn: this.performedOn,
      painBefore: v.painBefore,
      painAfter: v.painAfter,
      notes: v.notes,
      items: v.items,
    };
  }

  protected submit(): void {
    this.failure.set('');
    this.saved.set('');
    this.itemsError.set('');
    const value = this.value();
    const planRevisionId = this.items()[0]?.planRevisionId;
    const body = sessionBody(value, planRevisionId);
    const planItems = this.items().map(
      (item) =>
        ({
          id: item.planItemId,
          sets: item.dosage.sets,
          reps: item.dosage.reps ?? undefined,
          holdSeconds: item.dosage.holdSeconds ?? undefined,
        }) as unknown as PlanItem,
    );
    // The API's own rules first: nothing is sent that it would refuse.
    const checked = validateSessionLog(body, { planItems, today: this.today.today()?.date });
    if (!checked.ok) {
      this.show(applyFieldErrors(this.form, checked.errors));
      return;
    }
    if (!body.items.some((item) => item.completed)) {
      this.itemsError.set('Tick at least one exercise you did.');
      return;
    }
    this.sending.set(true);
    this.store.logSession(body, value).subscribe({
      next: () => {
        this.sending.set(false);
        const done = body.items.filter((i) => i.completed).length;
        this.saved.set(`Session saved: ${done} exercise${done === 1 ? '' : 's'} done. Well done!`);
        // A fresh form for the next session, once today's counts are back.
        this.builtFor = '';
        this.today.load();
      },
      error: (error: unknown) => {
        this.sending.set(false);
        if (!isConnectionFailure(error)) this.failure.set(formFailure(this.form, error));
        focusFirstInvalid(this.host.nativeElement);
      },
    });
  }

  private show(unplaced: { field: string; message: string }[]): void {
    const items = unplaced.filter((e) => e.field === 'items' || e.field === 'performedOn');
    if (items.length) this.itemsError.set(items.map((e) => e.message).join(' '));
    const rest = unplaced.filter((e) => !items.includes(e));
    if (rest.length) this.failure.set(rest.map((e) => e.message).join(' '));
    focusFirstInvalid(this.host.nativeElement);
  }
}
