import {
  FieldReader,
  invalid,
  valid,
  type FieldError,
  type NumberRange,
  type ValidationResult,
} from './validation';

/** A change is clinically important when it reaches `points` OR `percent` of baseline. */
export interface ChangeThresholds {
  readonly points: number;
  readonly percent: number;
}

/** Every configurable clinical threshold; a clinic's settings override these defaults. */
export interface Thresholds {
  /** NPRS: 2 points or 30 % (Ostelo 2008; Childs 2005). */
  readonly pain: ChangeThresholds;
  /** ODI: 10 points or 30 % (Ostelo 2008); more than `maxSkipped` skipped sections gives no score (Fairbank & Pynsent 2000). */
  readonly odi: ChangeThresholds & { readonly maxSkipped: number };
  /** A daily pain value at least `points` above the mean of the previous `windowDays` days. */
  readonly painSpike: { readonly points: number; readonly windowDays: number };
  /** No completed session on this many consecutive due days. */
  readonly missedSessions: { readonly consecutiveDueDays: number };
}

export const DEFAULT_THRESHOLDS: Thresholds = {
  pain: { points: 2, percent: 30 },
  odi: { points: 10, percent: 30, maxSkipped: 1 },
  painSpike: { points: 2, windowDays: 7 },
  missedSessions: { consecutiveDueDays: 3 },
};

export const THRESHOLD_LIMITS = {
  painPoints: { min: 0.5, max: 10 },
  odiPoints: { min: 1, max: 100 },
  percent: { min: 1, max: 100 },
  maxSkipped: { min: 0, max: 9 },
  windowDays: { min: 1, max: 28 },
  consecutiveDueDays: { min: 1, max: 14 },
} as const;

type Field = readonly [key: string, label: string, range: NumberRange, integer: boolean];

function readGroup<T extends object>(
  parent: FieldReader,
  key: keyof Thresholds,
  label: string,
  defaults: T,
  fields: readonly Field[],
): T {
  if (!parent.has(key)) return defaults;
  const reader = FieldReader.of(parent.raw(key), parent.at(key), label, parent.errors);
  if (!reader) return defaults;
  const result: Record<string, number> = { ...(defaults as Record<string, number>) };
  for (const [field, fieldLabel, range, integer] of fields) {
    const value = integer
      ? reader.integer(field, fieldLabel, range, { optional: true })
      : reader.number(field, fieldLabel, range, { optional: true });
    if (value !== undefined) result[field] = value;
  }
  return result as T;
}

/** Validates a clinic's threshold settings; any group or field left out keeps its default. */
export function validateThresholds(input: unknown): ValidationResult<Thresholds> {
  const errors: FieldError[] = [];
  const reader = FieldReader.of(input ?? {}, '', 'Thresholds', errors);
  if (!reader) return invalid(errors);
  const L = THRESHOLD_LIMITS;
  const thresholds: Thresholds = {
    pain: readGroup(reader, 'pain', 'Pain thresholds', DEFAULT_THRESHOLDS.pain, [
      ['points', 'Pain change in points', L.painPoints, false],
      ['percent', 'Pain change in percent', L.percent, false],
    ]),
    odi: readGroup(reader, 'odi', 'ODI thresholds', DEFAULT_THRESHOLDS.odi, [
      ['points', 'ODI change in points', L.odiPoints, false],
      ['percent', 'ODI change in percent', L.percent, false],
      ['maxSkipped', 'Skipped ODI sections allowed', L.maxSkipped, true],
    ]),
    painSpike: readGroup(reader, 'painSpike', 'Pain spike rule', DEFAULT_THRESHOLDS.painSpike, [
      ['points', 'Pain spike in points', L.painPoints, false],
      ['windowDays', 'Pain spike comparison days', L.windowDays, true],
    ]),
    missedSessions: readGroup(
      reader,
      'missedSessions',
      'Missed sessions rule',
      DEFAULT_THRESHOLDS.missedSessions,
      [['consecutiveDueDays', 'Missed due days in a row', L.consecutiveDueDays, true]],
    ),
  };
  return errors.length > 0 ? invalid(errors) : valid(thresholds);
}
