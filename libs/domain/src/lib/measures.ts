import { type LocalDate } from './dates';
import { ODI_LOINC, validateOdiAnswers, type OdiAnswers } from './odi';
import { summariseChange, type BetterDirection, type ChangeSummary } from './progress';
import { DEFAULT_THRESHOLDS, type ChangeThresholds } from './thresholds';
import {
  FieldReader,
  invalid,
  valid,
  withoutUndefined,
  type FieldError,
  type NumberRange,
  type ValidationResult,
} from './validation';

export const MEASURE_TYPES = ['slr', 'ake', 'sit_and_reach', 'odi'] as const;
export type MeasureType = (typeof MEASURE_TYPES)[number];

export const FLEXIBILITY_TESTS = ['slr', 'ake', 'sit_and_reach'] as const;
export type FlexibilityTest = (typeof FLEXIBILITY_TESTS)[number];

export const MEASURE_SIDES = ['left', 'right'] as const;
export type MeasureSide = (typeof MEASURE_SIDES)[number];

export interface MeasureDefinition {
  readonly label: string;
  readonly unit: 'degrees' | 'cm' | 'percent';
  readonly betterIs: BetterDirection;
  readonly perSide: boolean;
  /** Accepted raw values (flexibility tests only). */
  readonly range?: NumberRange;
  readonly loinc?: string;
}

/**
 * The tests run in opposite directions and agree poorly (AKE vs SLR r ≈ −0.28, Hansberger
 * 2019), so each value is stored with its test and compared only with the same test.
 */
export const MEASURES: Readonly<Record<MeasureType, MeasureDefinition>> = {
  slr: {
    label: 'Straight-leg raise',
    unit: 'degrees',
    betterIs: 'higher',
    perSide: true,
    range: { min: 0, max: 180 },
  },
  ake: {
    label: 'Active knee extension',
    unit: 'degrees',
    betterIs: 'lower',
    perSide: true,
    range: { min: 0, max: 180 },
  },
  sit_and_reach: {
    label: 'Sit-and-reach',
    unit: 'cm',
    betterIs: 'higher',
    perSide: false,
    range: { min: -100, max: 100 },
  },
  odi: {
    label: 'Oswestry Disability Index',
    unit: 'percent',
    betterIs: 'lower',
    perSide: false,
    loinc: ODI_LOINC,
  },
};

/** SLR below this many degrees of hip flexion is limited (Ayala 2013). */
export const SLR_NORMAL_MIN_DEGREES = 80;
/** AKE more than this many degrees short of full extension is tight. */
export const AKE_TIGHT_ABOVE_DEGREES = 20;

export function classifySlr(degrees: number): 'normal' | 'limited' {
  return degrees >= SLR_NORMAL_MIN_DEGREES ? 'normal' : 'limited';
}

export function classifyAke(degrees: number): 'normal' | 'tight' {
  return degrees > AKE_TIGHT_ABOVE_DEGREES ? 'tight' : 'normal';
}

export interface MeasureInput {
  readonly type: MeasureType;
  readonly recordedOn: LocalDate;
  readonly side?: MeasureSide;
  /** Flexibility tests: degrees or cm. */
  readonly value?: number;
  /** ODI: the ten answers. */
  readonly answers?: OdiAnswers;
}

/**
 * POST /patients/:id/measures. Scoring an ODI (and refusing too many skipped sections) is
 * `scoreOdi`'s job. Pass the patient's `today` to refuse future dates, and their `bornOn` to
 * refuse dates before it: a measure from paper notes typed in with the wrong year (1926 for
 * 2026) would otherwise start the patient's chart decades early.
 */
export function validateMeasure(
  input: unknown,
  options: { readonly today?: LocalDate; readonly bornOn?: LocalDate | null } = {},
): ValidationResult<MeasureInput> {
  const errors: FieldError[] = [];
  const reader = FieldReader.of(input, '', 'Measure', errors);
  if (!reader) return invalid(errors);
  const type = reader.oneOf('type', 'Measure type', MEASURE_TYPES);
  const recordedOn = reader.date('recordedOn', 'Date measured');
  if (recordedOn && options.today && recordedOn > options.today)
    reader.fail('recordedOn', 'Date measured cannot be in the future');
  else if (recordedOn && options.bornOn && recordedOn < options.bornOn)
    reader.fail(
      'recordedOn',
      `Date measured cannot be before the patient's date of birth (${options.bornOn})`,
    );
  if (type === undefined) return invalid(errors);
  const definition = MEASURES[type];
  let side: MeasureSide | undefined;
  if (definition.perSide) side = reader.oneOf('side', 'Side', MEASURE_SIDES);
  else if (reader.has('side')) reader.fail('side', `${definition.label} is not measured per side`);
  let value: number | undefined;
  let answers: OdiAnswers | undefined;
  if (definition.range) {
    value = reader.number('value', `${definition.label} (${definition.unit})`, definition.range);
    if (reader.has('answers'))
      reader.fail('answers', `${definition.label} takes a value, not answers`);
  } else {
    if (reader.has('value')) reader.fail('value', `${definition.label} takes answers, not a value`);
    const checked = validateOdiAnswers(reader.raw('answers'), reader.at('answers'));
    if (checked.ok) answers = checked.value;
    else errors.push(...checked.errors);
  }
  if (errors.length > 0) return invalid(errors);
  return valid(
    withoutUndefined({ type, recordedOn: recordedOn as LocalDate, side, value, answers }),
  );
}

/** A measure as the progress view needs it: ODI as its score, flexibility as its raw value. */
export interface MeasurePoint {
  readonly recordedOn: LocalDate;
  readonly value: number;
  readonly side?: MeasureSide;
}

export interface MeasureProgress extends ChangeSummary {
  readonly type: MeasureType;
  readonly side?: MeasureSide;
  readonly series: readonly MeasurePoint[];
}

/**
 * Baseline = first measurement in the range, latest = the last (the same one when only one
 * exists). Per-side tests are compared side by side: pass `side` to keep one. Clinical importance uses `thresholds`, defaulting to ODI's 10 points / 30 %;
 * REFERENCE.md gives no threshold for the flexibility tests, so theirs is `null` unless a
 * clinic passes one. "Improved" always means the test's better direction.
 */
export function measureProgress(
  type: MeasureType,
  points: readonly MeasurePoint[],
  options: {
    readonly side?: MeasureSide;
    readonly from?: LocalDate;
    readonly to?: LocalDate;
    readonly thresholds?: ChangeThresholds | null;
  } = {},
): MeasureProgress {
  const series = points
    .filter(
      (p) =>
        (options.side === undefined || p.side === options.side) &&
        (options.from === undefined || p.recordedOn >= options.from) &&
        (options.to === undefined || p.recordedOn <= options.to),
    )
    .sort((a, b) => (a.recordedOn < b.recordedOn ? -1 : a.recordedOn > b.recordedOn ? 1 : 0));
  const thresholds =
    options.thresholds !== undefined
      ? options.thresholds
      : type === 'odi'
        ? DEFAULT_THRESHOLDS.odi
        : null;
  const first = series.length > 0 ? series[0].value : null;
  const last = series.length > 0 ? series[series.length - 1].value : null;
  return withoutUndefined({
    type,
    side: options.side,
    ...summariseChange(first, last, MEASURES[type].betterIs, thresholds),
    series,
  });
}
