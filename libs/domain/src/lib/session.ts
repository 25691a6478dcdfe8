import { type LocalDate } from './dates';
import { DOSAGE_LIMITS } from './exercise';
import { PAIN_SCALE, painScoreMessage } from './pain';
import { PLAN_LIMITS, type PlanItem } from './plan';
import {
  FieldReader,
  invalid,
  valid,
  withoutUndefined,
  type FieldError,
  type ValidationResult,
} from './validation';

export const SESSION_LIMITS = {
  durationMinutes: { min: 1, max: 600 },
  notes: 2000,
  items: { min: 1, max: PLAN_LIMITS.items.max },
} as const;

/** Logged amounts may exceed the prescription (patients do extra) but not absurdly: at most this many times it. */
export const DONE_CAP_FACTOR = 2;

export interface SessionItemInput {
  readonly planItemId: string;
  readonly completed: boolean;
  readonly setsDone?: number;
  readonly repsDone?: number;
  readonly holdSecondsDone?: number;
}

export interface SessionLogInput {
  readonly performedOn: LocalDate;
  readonly planRevisionId?: string;
  readonly painBefore?: number;
  readonly painAfter?: number;
  readonly durationMinutes?: number;
  readonly notes?: string;
  readonly items: readonly SessionItemInput[];
}

export interface SessionLogOptions {
  /** Items of the revision logged against: unknown ids are refused and done values capped at twice the prescription. */
  readonly planItems?: readonly PlanItem[];
  /** The patient's local date today; later dates are refused. */
  readonly today?: LocalDate;
}

function doneLimit(prescribed: number | undefined, absoluteMax: number) {
  return { min: 0, max: DONE_CAP_FACTOR * (prescribed ?? absoluteMax) };
}

function doneMessage(label: string, prescribed: number | undefined, absoluteMax: number): string {
  const { max } = doneLimit(prescribed, absoluteMax);
  const why = prescribed === undefined ? '' : ` (twice the ${prescribed} prescribed)`;
  return `${label} must be a whole number from 0 to ${max}${why}`;
}

function readSessionItem(
  input: unknown,
  path: string,
  errors: FieldError[],
  planItems: ReadonlyMap<string, PlanItem> | undefined,
): SessionItemInput | undefined {
  const reader = FieldReader.of(input, path, 'Logged exercise', errors);
  if (!reader) return undefined;
  const before = errors.length;
  const planItemId = reader.text('planItemId', 'Plan item', PLAN_LIMITS.id);
  const prescribed = planItemId === undefined ? undefined : planItems?.get(planItemId);
  if (planItemId !== undefined && planItems && !prescribed)
    reader.fail('planItemId', 'This exercise is not part of the plan being logged');
  const completed = reader.boolean('completed', 'Completed');
  const done = (
    key: string,
    label: string,
    prescribedValue: number | undefined,
    absoluteMax: number,
  ) =>
    reader.integer(key, label, doneLimit(prescribedValue, absoluteMax), {
      optional: true,
      message: doneMessage(label, prescribedValue, absoluteMax),
    });
  const setsDone = done('setsDone', 'Sets done', prescribed?.sets, DOSAGE_LIMITS.sets.max);
  const repsDone = done('repsDone', 'Repetitions done', prescribed?.reps, DOSAGE_LIMITS.reps.max);
  const holdSecondsDone = done(
    'holdSecondsDone',
    'Hold time done',
    prescribed?.holdSeconds,
    DOSAGE_LIMITS.holdSeconds.max,
  );
  if (errors.length > before) return undefined;
  return withoutUndefined({
    planItemId: planItemId as string,
    completed: completed as boolean,
    setsDone,
    repsDone,
    holdSecondsDone,
  });
}

/** POST /patients/:id/sessions. */
export function validateSessionLog(
  input: unknown,
  options: SessionLogOptions = {},
): ValidationResult<SessionLogInput> {
  const errors: FieldError[] = [];
  const reader = FieldReader.of(input, '', 'Session', errors);
  if (!reader) return invalid(errors);
  const performedOn = reader.date('performedOn', 'Session date');
  if (performedOn && options.today && performedOn > options.today)
    reader.fail('performedOn', 'Session date cannot be in the future');
  const planRevisionId = reader.text('planRevisionId', 'Plan revision', PLAN_LIMITS.id, {
    optional: true,
  });
  const painBefore = reader.integer('painBefore', 'Pain before', PAIN_SCALE, {
    optional: true,
    message: painScoreMessage('Pain before'),
  });
  const painAfter = reader.integer('painAfter', 'Pain after', PAIN_SCALE, {
    optional: true,
    message: painScoreMessage('Pain after'),
  });
  const durationMinutes = reader.integer(
    'durationMinutes',
    'Duration in minutes',
    SESSION_LIMITS.durationMinutes,
    { optional: true },
  );
  const notes = reader.text('notes', 'Notes', SESSION_LIMITS.notes, { optional: true });
  const planItems = options.planItems && new Map(options.planItems.map((item) => [item.id, item]));
  const seen = new Set<string>();
  const items = reader.list(
    'items',
    'Exercises',
    SESSION_LIMITS.items,
    (item, path) => {
      const parsed = readSessionItem(item, path, errors, planItems);
      if (parsed && seen.has(parsed.planItemId)) {
        errors.push({
          field: `${path}.planItemId`,
          message: 'This exercise is logged twice in one session',
        });
        return undefined;
      }
      if (parsed) seen.add(parsed.planItemId);
      return parsed;
    },
    { message: 'Log at least one exercise' },
  );
  if (errors.length > 0) return invalid(errors);
  return valid(
    withoutUndefined({
      performedOn: performedOn as LocalDate,
      planRevisionId,
      painBefore,
      painAfter,
      durationMinutes,
      notes,
      items: items as SessionItemInput[],
    }),
  );
}
