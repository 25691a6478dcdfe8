import { HttpErrorResponse } from '@angular/common/http';
import { computed, inject, Injectable, signal } from '@angular/core';
import {
  AbstractControl,
  FormArray,
  FormControl,
  FormGroup,
  ValidationErrors,
  ValidatorFn,
  Validators,
} from '@angular/forms';
import type {
  Exercise,
  FieldError,
  Plan,
  PlanItem,
  PlanItemInput,
  PlanTemplate,
  PlanWarning,
} from '@rehabit/contracts';
import {
  addDays,
  DOSAGE_LIMITS,
  type ExerciseCategory,
  type IsoWeekday,
  PLAN_LIMITS,
  planWarnings,
  RECOMMENDED_MAX_PLAN_ITEMS,
  SCHEDULE_LIMITS,
  type Side,
  validatePlanItemInput,
} from '@rehabit/domain';
import { forkJoin, map, Observable, of } from 'rxjs';
import { problemOf } from '../core/http/problem';
import { applyFieldErrors, formFailure } from '../shared/forms/server-errors';
import { integer } from '../shared/forms/validators';
import { LibraryApi } from './library-api';
import { PatientsApi } from './patients-api';

export type ScheduleKind = 'days' | 'weekly';

export type PlanItemForm = FormGroup<{
  exerciseId: FormControl<string>;
  exerciseName: FormControl<string>;
  category: FormControl<ExerciseCategory | ''>;
  sets: FormControl<number | null>;
  reps: FormControl<number | null>;
  holdSeconds: FormControl<number | null>;
  side: FormControl<Side | ''>;
  scheduleKind: FormControl<ScheduleKind>;
  daysOfWeek: FormControl<IsoWeekday[]>;
  timesPerWeek: FormControl<number | null>;
  timesPerDay: FormControl<number | null>;
  notes: FormControl<string>;
}>;

export type PlanForm = FormGroup<{
  title: FormControl<string>;
  goal: FormControl<string>;
  startDate: FormControl<string>;
  endDate: FormControl<string>;
  note: FormControl<string>;
  items: FormArray<PlanItemForm>;
}>;

export interface SubmittedPlan {
  planId: string;
  revision: number;
  warnings: PlanWarning[];
}

/** Values a plan item starts with: the exercise's defaults, or a template's or revision's item. */
export interface ItemSeed {
  exerciseId: string;
  exerciseName: string;
  category: ExerciseCategory | '';
  sets: number;
  reps?: number | null;
  holdSeconds?: number | null;
  side?: Side | null;
  daysOfWeek?: readonly IsoWeekday[] | null;
  timesPerWeek?: number | null;
  timesPerDay?: number | null;
  notes?: string | null;
}

function range(limit: { min: number; max: number }): ValidatorFn[] {
  return [Validators.min(limit.min), Validators.max(limit.max), integer];
}

/** Required only while the item's schedule is of `kind`. */
function requiredFor(kind: ScheduleKind): ValidatorFn {
  return (control: AbstractControl): ValidationErrors | null => {
    if (control.parent?.get('scheduleKind')?.value !== kind) return null;
    const value: unknown = control.value;
    const empty = value === null || value === '' || (Array.isArray(value) && value.length === 0);
    return empty ? { required: true } : null;
  };
}

export function todayIso(now = new Date()): string {
  const local = new Date(now.getTime() - now.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 10);
}

export function itemForm(seed: ItemSeed): PlanItemForm {
  const kind: ScheduleKind = seed.daysOfWeek?.length ? 'days' : 'weekly';
  return new FormGroup({
    exerciseId: new FormControl(seed.exerciseId, { nonNullable: true }),
    exerciseName: new FormControl(seed.exerciseName, { nonNullable: true }),
    category: new FormControl<ExerciseCategory | ''>(seed.category, { nonNullable: true }),
    sets: new FormControl<number | null>(seed.sets, [
      Validators.required,
      ...range(DOSAGE_LIMITS.sets),
    ]),
    reps: new FormControl<number | null>(seed.reps ?? null, range(DOSAGE_LIMITS.reps)),
    holdSeconds: new FormControl<number | null>(
      seed.holdSeconds ?? null,
      range(DOSAGE_LIMITS.holdSeconds),
    ),
    side: new FormControl<Side | ''>(seed.side ?? '', { nonNullable: true }),
    scheduleKind: new FormControl<ScheduleKind>(kind, { nonNullable: true }),
    daysOfWeek: new FormControl<IsoWeekday[]>([...(seed.daysOfWeek ?? [])], {
      nonNullable: true,
      validators: [requiredFor('days')],
    }),
    timesPerWeek: new FormControl<number | null>(
      seed.timesPerWeek ?? (kind === 'weekly' ? 3 : null),
      [requiredFor('weekly'), ...range(SCHEDULE_LIMITS.timesPerWeek)],
    ),
    timesPerDay: new FormControl<number | null>(seed.timesPerDay ?? 1, [
      Validators.required,
      ...range(SCHEDULE_LIMITS.timesPerDay),
    ]),
    notes: new FormControl(seed.notes ?? '', {
      nonNullable: true,
      validators: [Validators.maxLength(PLAN_LIMITS.itemNotes)],
    }),
  });
}

/** The request body of one item, exactly as the API's `PlanItemInput` names it. */
export function toPlanItemInput(item: PlanItemForm): PlanItemInput {
  const v = item.getRawValue();
  const body: PlanItemInput = { exerciseId: v.exerciseId, sets: Number(v.sets) };
  if (v.reps !== null && `${v.reps}` !== '') body.reps = Number(v.reps);
  if (v.holdSeconds !== null && `${v.holdSeconds}` !== '') body.holdSeconds = Number(v.holdSeconds);
  if (v.side) body.side = v.side;
  if (v.scheduleKind === 'days') body.daysOfWeek = [...v.daysOfWeek].sort((a, b) => a - b);
  else body.timesPerWeek = Number(v.timesPerWeek);
  body.timesPerDay = Number(v.timesPerDay ?? 1);
  const notes = v.notes.trim();
  if (notes) body.notes = notes;
  return body;
}

function seedFromExercise(exercise: Exercise): ItemSeed {
  const dosage = exercise.defaultDosage;
  const schedule = exercise.defaultSchedule;
  return {
    exerciseId: exercise.id,
    exerciseName: exercise.name,
    category: exercise.category,
    sets: dosage?.sets ?? 1,
    reps: dosage?.reps,
    holdSeconds: dosage?.holdSeconds,
    side: dosage?.side,
    daysOfWeek: schedule.daysOfWeek,
    timesPerWeek: schedule.timesPerWeek,
    timesPerDay: schedule.timesPerDay,
  };
}

function seedFromPlanItem(item: PlanItem): ItemSeed {
  return { ...item, exerciseName: item.exercise.name, category: item.exercise.category };
}

/**
 * The plan builder's state: a typed form of the plan and its items, the exercise catalog for
 * names and categories, live warnings computed by the same domain rules the API applies, and the
 * outcome of a submit (created, refused with field errors, or a 409 from a concurrent revision).
 * A failed submit never touches what the therapist typed.
 */
@Injectable()
export class PlanBuilderStore {
  private readonly patients = inject(PatientsApi);
  private readonly library = inject(LibraryApi);

  readonly form: PlanForm = new FormGroup({
    title: new FormControl('', {
      nonNullable: true,
      validators: [Validators.required, Validators.maxLength(PLAN_LIMITS.title)],
    }),
    goal: new FormControl('', {
      nonNullable: true,
      validators: [Validators.maxLength(PLAN_LIMITS.goal)],
    }),
    startDate: new FormControl(todayIso(), {
      nonNullable: true,
      validators: [Validators.required],
    }),
    endDate: new FormControl('', { nonNullable: true }),
    note: new FormControl('', {
      nonNullable: true,
      validators: [Validators.maxLength(PLAN_LIMITS.note)],
    }),
    items: new FormArray<PlanItemForm>([], [Validators.maxLength(PLAN_LIMITS.items.max)]),
  });

  readonly mode = signal<'create' | 'revise'>('create');
  readonly patientId = signal<string | null>(null);
  readonly planId = signal<string | null>(null);
  readonly plan = signal<Plan | null>(null);
  readonly basedOnRevision = signal<number | null>(null);
  readonly templateId = signal<string | null>(null);
  readonly templates = signal<PlanTemplate[]>([]);
  readonly catalog = signal<ReadonlyMap<string, Exercise>>(new Map());
  readonly loading = signal(false);
  readonly loadError = signal<string | null>(null);
  readonly submitting = signal(false);
  readonly failure = signal<string | null>(null);
  readonly conflict = signal<number | null>(null);
  readonly submitted = signal<SubmittedPlan | null>(null);
  /** Bumped on every change to the items, so computed warnings follow the form. */
  private readonly version = signal(0);

  readonly itemCount = computed(() => {
    this.version();
    return this.form.controls.items.length;
  });
  readonly exerciseIds = computed(() => {
    this.version();
    return new Set(this.form.controls.items.controls.map((c) => c.controls.exerciseId.value));
  });
  /** The API's advice, computed ahead by the same domain function: never blocks a submit. */
  readonly warnings = computed<FieldError[]>(() => {
    this.version();
    const indices: number[] = [];
    const items = this.form.controls.items.controls.flatMap((item, index) => {
      const result = validatePlanItemInput(toPlanItemInput(item));
      if (!result.ok) return [];
      indices.push(index);
      return [result.value];
    });
    const catalog = this.catalog();
    const categories = new Map(
      this.form.controls.items.controls.map((c) => [
        c.controls.exerciseId.value,
        c.controls.category.value,
      ]),
    );
    // Items still being typed are left out; the others keep their own position in the paths.
    const count = this.form.controls.items.length;
    return planWarnings(
      items,
      (id) => catalog.get(id)?.category ?? (categories.get(id) || undefined),
    )
      .filter((w) => w.field !== 'items' || count > RECOMMENDED_MAX_PLAN_ITEMS)
      .map((w) => ({
        ...w,
        field: w.field.replace(
          /^items\[(\d+)\]/,
          (_m, i: string) => `items[${indices[Number(i)]}]`,
        ),
      }));
  });

  constructor() {
    this.form.valueChanges.subscribe(() => this.touch());
  }

  /** Loads what a new plan for this patient needs: the catalog and the templates. */
  startNew(patientId: string): void {
    this.mode.set('create');
    this.patientId.set(patientId);
    this.load(
      forkJoin({ catalog: this.loadCatalog(), templates: this.library.templates() }).pipe(
        map(({ templates }) => this.templates.set(templates.items)),
      ),
    );
  }

  /** Loads a plan to revise: its latest revision's items become the editable draft. */
  startRevision(planId: string): void {
    this.mode.set('revise');
    this.planId.set(planId);
    this.load(
      forkJoin({ catalog: this.loadCatalog(), plan: this.patients.plan(planId) }).pipe(
        map(({ plan }) => {
          this.plan.set(plan);
          this.patientId.set(plan.patientId);
          this.form.patchValue({
            title: plan.title,
            goal: plan.goal ?? '',
            startDate: plan.startDate,
            endDate: plan.endDate ?? '',
          });
          this.replaceItems(plan.currentRevision.items.map(seedFromPlanItem));
          this.basedOnRevision.set(plan.currentRevision.number);
        }),
      ),
    );
  }

  /** Takes a template's items, title, goal and suggested length (the choice is sent as templateId). */
  applyTemplate(templateId: string | null): void {
    this.templateId.set(templateId);
    const template = this.templates().find((t) => t.id === templateId);
    if (!template) return;
    const catalog = this.catalog();
    this.form.patchValue({ title: template.name, goal: template.goal ?? '' });
    const start = this.form.controls.startDate.value;
    if (template.durationWeeks !== null && start) {
      this.form.controls.endDate.setValue(addDays(start, 7 * template.durationWeeks - 1));
    }
    this.replaceItems(
      template.items.map((item) => ({
        ...item,
        exerciseName: catalog.get(item.exerciseId)?.name ?? item.exerciseId,
        category: catalog.get(item.exerciseId)?.category ?? '',
      })),
    );
  }

  addExercise(exercise: Exercise): void {
    if (this.exerciseIds().has(exercise.id)) return;
    this.form.controls.items.push(itemForm(seedFromExercise(exercise)));
  }

  removeItem(index: number): void {
    this.form.controls.items.removeAt(index);
  }

  moveItem(index: number, delta: -1 | 1): void {
    const items = this.form.controls.items;
    const target = index + delta;
    if (target < 0 || target >= items.length) return;
    const item = items.at(index);
    items.removeAt(index, { emitEvent: false });
    items.insert(target, item);
  }

  /** Re-checks an item's schedule fields after its kind (weekdays / times a week) changed. */
  scheduleKindChanged(index: number): void {
    const item = this.form.controls.items.at(index);
    item.controls.daysOfWeek.updateValueAndValidity();
    item.controls.timesPerWeek.updateValueAndValidity();
  }

  /**
   * Validates with the domain's rules, then creates the plan or a revision. Field errors land on
   * their controls; a 409 keeps the draft and remembers the revision that now exists.
   */
  submit(): Observable<boolean> {
    this.failure.set(null);
    this.conflict.set(null);
    this.submitted.set(null);
    const items = this.form.controls.items;
    if (items.length === 0) {
      this.failure.set('Add at least one exercise to the plan.');
      return of(false);
    }
    let domainValid = true;
    items.controls.forEach((item) => {
      const result = validatePlanItemInput(toPlanItemInput(item));
      if (!result.ok) {
        domainValid = false;
        applyFieldErrors(item, result.errors);
      }
    });
    if (this.form.invalid || !domainValid) {
      this.form.markAllAsTouched();
      this.failure.set('Please correct the highlighted fields.');
      return of(false);
    }
    this.submitting.set(true);
    const body = items.controls.map(toPlanItemInput);
    const v = this.form.getRawValue();
    const request =
      this.mode() === 'create'
        ? this.patients
            .createPlan(this.patientId() ?? '', {
              title: v.title.trim(),
              goal: v.goal.trim() || undefined,
              startDate: v.startDate,
              endDate: v.endDate || null,
              templateId: this.templateId() ?? undefined,
              items: body,
            })
            .pipe(
              map((plan) => ({
                planId: plan.id,
                revision: plan.currentRevision.number,
                warnings: plan.warnings,
              })),
            )
        : this.patients
            .revisePlan(this.planId() ?? '', {
              basedOnRevision: this.basedOnRevision() ?? 1,
              items: body,
              note: v.note.trim() || undefined,
            })
            .pipe(
              map((revision) => ({
                planId: revision.planId,
                revision: revision.number,
                warnings: revision.warnings,
              })),
            );
    return new Observable<boolean>((subscriber) =>
      request.subscribe({
        next: (result) => {
          this.submitting.set(false);
          this.submitted.set(result);
          if (this.mode() === 'revise') this.basedOnRevision.set(result.revision);
          subscriber.next(true);
          subscriber.complete();
        },
        error: (error: unknown) => {
          this.submitting.set(false);
          this.handleFailure(error);
          subscriber.next(false);
          subscriber.complete();
        },
      }),
    );
  }

  /**
   * After a 409: fetch the plan's latest revision and build on it, keeping the therapist's
   * edits (`keepEdits`), or replace the draft with that revision's items.
   */
  reloadLatest(keepEdits: boolean): void {
    const planId = this.planId();
    if (!planId) return;
    this.load(
      this.patients.plan(planId).pipe(
        map((plan) => {
          this.plan.set(plan);
          this.basedOnRevision.set(plan.currentRevision.number);
          if (!keepEdits) this.replaceItems(plan.currentRevision.items.map(seedFromPlanItem));
          this.conflict.set(null);
          this.failure.set(null);
        }),
      ),
    );
  }

  warningsForItem(index: number): FieldError[] {
    const prefix = `items[${index}].`;
    return this.warnings().filter((w) => w.field.startsWith(prefix));
  }

  private handleFailure(error: unknown): void {
    if (error instanceof HttpErrorResponse && error.status === 409) {
      const problem = problemOf(error) as
        (ReturnType<typeof problemOf> & { currentRevision?: number }) | null;
      const current = problem?.currentRevision;
      if (typeof current === 'number' && this.plan()?.status !== 'completed') {
        this.conflict.set(current);
        this.failure.set(
          `Someone else revised this plan first (now revision ${current}). Your edits are kept: reload revision ${current} and submit again.`,
        );
        return;
      }
    }
    this.failure.set(formFailure(this.form, error));
  }

  private replaceItems(seeds: readonly ItemSeed[]): void {
    const items = this.form.controls.items;
    items.clear({ emitEvent: false });
    for (const seed of seeds) items.push(itemForm(seed), { emitEvent: false });
    items.updateValueAndValidity();
    this.touch();
  }

  private loadCatalog(): Observable<void> {
    if (this.catalog().size) return of(undefined);
    return this.library
      .exercises({ limit: 200 })
      .pipe(map((page) => this.catalog.set(new Map(page.items.map((e) => [e.id, e])))));
  }

  private load(work: Observable<unknown>): void {
    this.loading.set(true);
    this.loadError.set(null);
    work.subscribe({
      next: () => this.loading.set(false),
      error: () => {
        this.loading.set(false);
        this.loadError.set('The plan builder could not load what it needs. Try again.');
      },
    });
  }

  private touch(): void {
    this.version.update((n) => n + 1);
  }
}
