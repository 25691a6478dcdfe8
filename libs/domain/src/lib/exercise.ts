import { readSchedule, type Schedule } from './schedule';
import {
  FieldReader,
  invalid,
  readEnumList,
  readTextList,
  valid,
  withoutUndefined,
  type FieldError,
  type ValidationResult,
} from './validation';

export const EXERCISE_CATEGORIES = [
  'dynamic_stretch',
  'static_stretch',
  'yoga_pilates',
  'core_strength',
  'posture',
] as const;
export type ExerciseCategory = (typeof EXERCISE_CATEGORIES)[number];

export const BODY_REGIONS = [
  'neck',
  'shoulders',
  'chest',
  'upper_back',
  'lower_back',
  'core',
  'hips',
  'hip_flexors',
  'glutes',
  'hamstrings',
  'quadriceps',
  'calves',
] as const;
export type BodyRegion = (typeof BODY_REGIONS)[number];

/** `both`: the whole dosage on each side in turn; `alternate`: sides alternate within a set. */
export const SIDES = ['left', 'right', 'both', 'alternate'] as const;
export type Side = (typeof SIDES)[number];

export const DOSAGE_LIMITS = {
  sets: { min: 1, max: 10 },
  reps: { min: 1, max: 100 },
  holdSeconds: { min: 1, max: 600 },
  restSeconds: { min: 0, max: 600 },
} as const;

export const EXERCISE_LIMITS = {
  name: 120,
  step: 500,
  steps: { min: 1, max: 12 },
  caution: 500,
  cautions: { min: 0, max: 12 },
  regions: { min: 1, max: BODY_REGIONS.length },
} as const;

/**
 * How much of an exercise one occurrence is. Each set is `reps` repetitions, each held
 * `holdSeconds` when both are given; a set with only `holdSeconds` is one hold.
 */
export interface Dosage {
  readonly sets: number;
  readonly reps?: number;
  readonly holdSeconds?: number;
  readonly restSeconds?: number;
  readonly side?: Side;
}

export interface ExerciseInput {
  readonly name: string;
  readonly category: ExerciseCategory;
  readonly regions: readonly BodyRegion[];
  readonly instructions: readonly string[];
  readonly cautions: readonly string[];
  /** `null` for checklist items (e.g. the desk set-up check) that have no sets or reps. */
  readonly defaultDosage: Dosage | null;
  readonly defaultSchedule: Schedule;
}

export interface Exercise extends ExerciseInput {
  /** A stable slug for built-ins (`supine-hamstring-strap`), a UUID for a clinic's own. */
  readonly id: string;
  readonly builtIn: boolean;
}

/** Used when a clinic's own exercise names no schedule: three a week keeps flexibility gains (REFERENCE.md). */
export const DEFAULT_SCHEDULE: Schedule = { timesPerWeek: 3, timesPerDay: 1 };

/** `withRest: false` for plan items, whose API shape has no rest time. */
export function readDosage(reader: FieldReader, withRest = true): Dosage | undefined {
  const before = reader.errors.length;
  const sets = reader.integer('sets', 'Sets', DOSAGE_LIMITS.sets);
  const reps = reader.integer('reps', 'Repetitions', DOSAGE_LIMITS.reps, { optional: true });
  const holdSeconds = reader.integer(
    'holdSeconds',
    'Hold time in seconds',
    DOSAGE_LIMITS.holdSeconds,
    {
      optional: true,
    },
  );
  const restSeconds = withRest
    ? reader.integer('restSeconds', 'Rest time in seconds', DOSAGE_LIMITS.restSeconds, {
        optional: true,
      })
    : undefined;
  const side = reader.oneOf('side', 'Side', SIDES, { optional: true });
  if (sets === undefined || reader.errors.length > before) return undefined;
  return withoutUndefined({ sets, reps, holdSeconds, restSeconds, side });
}

export function validateDosage(input: unknown): ValidationResult<Dosage> {
  const errors: FieldError[] = [];
  const reader = FieldReader.of(input, '', 'Dosage', errors);
  const dosage = reader && readDosage(reader);
  return dosage ? valid(dosage) : invalid(errors);
}

/** Validates a clinic's own exercise (POST/PATCH /exercises); unknown fields are dropped. */
export function validateExerciseInput(input: unknown): ValidationResult<ExerciseInput> {
  const errors: FieldError[] = [];
  const reader = FieldReader.of(input, '', 'Exercise', errors);
  if (!reader) return invalid(errors);
  const name = reader.text('name', 'Name', EXERCISE_LIMITS.name);
  const category = reader.oneOf('category', 'Category', EXERCISE_CATEGORIES);
  const regions = readEnumList(
    reader,
    'regions',
    'Body regions',
    'Body region',
    BODY_REGIONS,
    EXERCISE_LIMITS.regions,
    {
      message: 'Choose at least one body region',
    },
  );
  const instructions = readTextList(
    reader,
    'instructions',
    'Instructions',
    'Instruction step',
    EXERCISE_LIMITS.step,
    EXERCISE_LIMITS.steps,
  );
  const cautions = reader.has('cautions')
    ? readTextList(
        reader,
        'cautions',
        'Cautions',
        'Caution',
        EXERCISE_LIMITS.caution,
        EXERCISE_LIMITS.cautions,
      )
    : [];
  let defaultDosage: Dosage | null | undefined = null;
  if (reader.has('defaultDosage')) {
    const dosageReader = FieldReader.of(
      reader.raw('defaultDosage'),
      reader.at('defaultDosage'),
      'Default dosage',
      errors,
    );
    defaultDosage = dosageReader && readDosage(dosageReader);
  }
  let defaultSchedule: Schedule | undefined = DEFAULT_SCHEDULE;
  if (reader.has('defaultSchedule')) {
    const scheduleReader = FieldReader.of(
      reader.raw('defaultSchedule'),
      reader.at('defaultSchedule'),
      'Default schedule',
      errors,
    );
    defaultSchedule = scheduleReader && readSchedule(scheduleReader);
  }
  if (errors.length > 0) return invalid(errors);
  return valid({
    name: name as string,
    category: category as ExerciseCategory,
    regions: regions as BodyRegion[],
    instructions: instructions as string[],
    cautions: cautions as string[],
    defaultDosage: defaultDosage as Dosage | null,
    defaultSchedule: defaultSchedule as Schedule,
  });
}
