import { type LocalDate } from './dates';
import { readDosage, type Dosage, type ExerciseCategory } from './exercise';
import { readSchedule, type Schedule } from './schedule';
import {
  FieldReader,
  invalid,
  valid,
  withoutUndefined,
  type FieldError,
  type ValidationResult,
} from './validation';

export const PLAN_STATUSES = ['active', 'paused', 'completed'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

export const PLAN_LIMITS = {
  title: 200,
  goal: 1000,
  note: 1000,
  itemNotes: 1000,
  id: 100,
  items: { min: 1, max: 30 },
  revisionNumber: { min: 1, max: 1_000_000 },
} as const;

/** Above this many exercises a plan gets a warning, never a refusal: small plans are followed better (REFERENCE.md). */
export const RECOMMENDED_MAX_PLAN_ITEMS = 6;

/** Exactly the API's `PlanItemInput`: dosage without rest time, flat schedule fields, `timesPerDay` defaulted to 1. */
export type PlanItemInput = Omit<Dosage, 'restSeconds'> &
  Schedule & {
    readonly exerciseId: string;
    readonly notes?: string;
  };

export type PlanItem = PlanItemInput & { readonly id: string };

export interface Plan {
  readonly id: string;
  readonly title: string;
  readonly goal?: string;
  readonly startDate: LocalDate;
  /** Last day of the plan, included; absent for open-ended plans. */
  readonly endDate?: LocalDate;
  readonly status: PlanStatus;
}

/**
 * A plan is never edited in place: each change is a new revision, so every logged session
 * stays tied to the prescription it was done against.
 */
export interface PlanRevision {
  readonly number: number;
  readonly effectiveFrom: LocalDate;
  readonly items: readonly PlanItem[];
  readonly note?: string;
}

export interface PlanInput {
  readonly title: string;
  readonly goal?: string;
  readonly startDate: LocalDate;
  readonly endDate?: LocalDate;
  readonly templateId?: string;
  readonly items?: readonly PlanItemInput[];
}

export interface PlanRevisionInput {
  readonly basedOnRevision: number;
  readonly items: readonly PlanItemInput[];
  readonly note?: string;
}

export interface PlanItemOptions {
  /** When given, an `exerciseId` it rejects is reported as not in the library. */
  readonly exerciseExists?: (exerciseId: string) => boolean;
}

function readId(
  reader: FieldReader,
  key: string,
  label: string,
  optional = false,
): string | undefined {
  return reader.text(key, label, PLAN_LIMITS.id, { optional });
}

function readPlanItem(
  input: unknown,
  path: string,
  errors: FieldError[],
  options: PlanItemOptions,
): PlanItemInput | undefined {
  const reader = FieldReader.of(input, path, 'Plan item', errors);
  if (!reader) return undefined;
  const before = errors.length;
  const exerciseId = readId(reader, 'exerciseId', 'Exercise');
  if (exerciseId !== undefined && options.exerciseExists && !options.exerciseExists(exerciseId))
    reader.fail('exerciseId', 'This exercise is not in the exercise library');
  const dosage = readDosage(reader, false);
  const schedule = readSchedule(reader);
  const notes = reader.text('notes', 'Notes', PLAN_LIMITS.itemNotes, { optional: true });
  if (errors.length > before || !exerciseId || !dosage || !schedule) return undefined;
  return withoutUndefined({ exerciseId, ...dosage, ...schedule, notes }) as PlanItemInput;
}

export function validatePlanItemInput(
  input: unknown,
  options: PlanItemOptions = {},
): ValidationResult<PlanItemInput> {
  const errors: FieldError[] = [];
  const item = readPlanItem(input, '', errors, options);
  return item ? valid(item) : invalid(errors);
}

function readItems(
  reader: FieldReader,
  options: PlanItemOptions,
  optional: boolean,
): PlanItemInput[] | undefined {
  const seen = new Set<string>();
  return reader.list(
    'items',
    'Exercises',
    PLAN_LIMITS.items,
    (item, path) => {
      const parsed = readPlanItem(item, path, reader.errors, options);
      if (parsed && seen.has(parsed.exerciseId)) {
        reader.errors.push({
          field: `${path}.exerciseId`,
          message: 'This exercise is already in the plan',
        });
        return undefined;
      }
      if (parsed) seen.add(parsed.exerciseId);
      return parsed;
    },
    { optional, message: 'Add at least one exercise' },
  );
}

/** POST /patients/:id/plans. A plan needs items or a template to take them from. */
export function validatePlanInput(
  input: unknown,
  options: PlanItemOptions = {},
): ValidationResult<PlanInput> {
  const errors: FieldError[] = [];
  const reader = FieldReader.of(input, '', 'Plan', errors);
  if (!reader) return invalid(errors);
  const title = reader.text('title', 'Title', PLAN_LIMITS.title);
  const goal = reader.text('goal', 'Goal', PLAN_LIMITS.goal, { optional: true });
  const startDate = reader.date('startDate', 'Start date');
  const endDate = reader.date('endDate', 'End date', { optional: true });
  if (startDate && endDate && endDate < startDate)
    reader.fail('endDate', 'End date cannot be before the start date');
  const templateId = readId(reader, 'templateId', 'Template', true);
  const items = readItems(reader, options, true);
  if (!reader.has('items') && !reader.has('templateId'))
    reader.fail('items', 'Add at least one exercise or choose a template');
  if (errors.length > 0) return invalid(errors);
  return valid(
    withoutUndefined({
      title: title as string,
      goal,
      startDate: startDate as LocalDate,
      endDate,
      templateId,
      items,
    }),
  );
}

/** POST /plans/:id/revisions (the 409 for a stale `basedOnRevision` is `nextRevision`'s job). */
export function validatePlanRevisionInput(
  input: unknown,
  options: PlanItemOptions = {},
): ValidationResult<PlanRevisionInput> {
  const errors: FieldError[] = [];
  const reader = FieldReader.of(input, '', 'Plan revision', errors);
  if (!reader) return invalid(errors);
  const basedOnRevision = reader.integer(
    'basedOnRevision',
    'Revision number',
    PLAN_LIMITS.revisionNumber,
  );
  const items = readItems(reader, options, false);
  const note = reader.text('note', 'Note', PLAN_LIMITS.note, { optional: true });
  if (errors.length > 0) return invalid(errors);
  return valid(
    withoutUndefined({
      basedOnRevision: basedOnRevision as number,
      items: items as PlanItemInput[],
      note,
    }),
  );
}

const ALLOWED_TRANSITIONS: Readonly<Record<PlanStatus, readonly PlanStatus[]>> = {
  active: ['paused', 'completed'],
  paused: ['active', 'completed'],
  // A completed plan is a closed record; continuing care means a new plan.
  completed: [],
};

/** PATCH /plans/:id `{ status }`: checks the value and that the plan may move there from `current`. */
export function validatePlanStatusChange(
  current: PlanStatus,
  input: unknown,
): ValidationResult<PlanStatus> {
  const errors: FieldError[] = [];
  const reader = FieldReader.of(input, '', 'Status change', errors);
  const status = reader?.oneOf('status', 'Status', PLAN_STATUSES);
  if (!reader || status === undefined) return invalid(errors);
  if (status === current)
    return invalid([{ field: 'status', message: `The plan is already ${current}` }]);
  if (!ALLOWED_TRANSITIONS[current].includes(status))
    return invalid([{ field: 'status', message: `A ${current} plan cannot be made ${status}` }]);
  return valid(status);
}

/** The revision whose schedule applies on `date`: the highest number already effective. */
export function revisionInForce(
  revisions: readonly PlanRevision[],
  date: LocalDate,
): PlanRevision | undefined {
  let found: PlanRevision | undefined;
  for (const revision of revisions) {
    if (revision.effectiveFrom <= date && (!found || revision.number > found.number))
      found = revision;
  }
  return found;
}

export interface RevisionDraft {
  readonly number: number;
  readonly effectiveFrom: LocalDate;
  readonly items: readonly PlanItemInput[];
  readonly note?: string;
}

export type RevisionRefusal = {
  readonly ok: false;
  readonly reason: 'stale_revision' | 'backdated';
  readonly message: string;
};

/**
 * The next revision of a plan whose latest revision is `latest`. Refuses, rather than
 * throws, when the editor worked from an older revision (someone else revised meanwhile:
 * the API's 409) or when the change would take effect before the revision it replaces,
 * which would rewrite what was already prescribed.
 */
export function nextRevision(
  latest: PlanRevision,
  input: PlanRevisionInput,
  effectiveFrom: LocalDate,
): { readonly ok: true; readonly revision: RevisionDraft } | RevisionRefusal {
  if (input.basedOnRevision !== latest.number)
    return {
      ok: false,
      reason: 'stale_revision',
      message: `This plan has changed since revision ${input.basedOnRevision}; reload it to see revision ${latest.number}`,
    };
  if (effectiveFrom < latest.effectiveFrom)
    return {
      ok: false,
      reason: 'backdated',
      message: `A revision cannot take effect before ${latest.effectiveFrom}, when the current one started`,
    };
  return {
    ok: true,
    revision: withoutUndefined({
      number: latest.number + 1,
      effectiveFrom,
      items: input.items,
      note: input.note,
    }),
  };
}

/**
 * Advice for the therapist, never a refusal: a long plan, or static stretches dosed
 * beyond what adds benefit (30 s once a day; 60 s or three times a day adds nothing, Bandy 1997).
 */
export function planWarnings(
  items: readonly PlanItemInput[],
  categoryOf: (exerciseId: string) => ExerciseCategory | undefined,
): FieldError[] {
  const warnings: FieldError[] = [];
  if (items.length > RECOMMENDED_MAX_PLAN_ITEMS)
    warnings.push({
      field: 'items',
      message: `Plans with more than ${RECOMMENDED_MAX_PLAN_ITEMS} exercises are followed less well; consider a shorter plan`,
    });
  items.forEach((item, index) => {
    if (categoryOf(item.exerciseId) !== 'static_stretch') return;
    if ((item.holdSeconds ?? 0) >= 60)
      warnings.push({
        field: `items[${index}].holdSeconds`,
        message: 'Holding a static stretch for 60 s or more adds nothing over 30 s',
      });
    if (item.timesPerDay > 1)
      warnings.push({
        field: `items[${index}].timesPerDay`,
        message: 'Static stretching more than once a day adds nothing over once a day',
      });
  });
  return warnings;
}
