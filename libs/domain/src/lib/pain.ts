import { localDateOf, parseInstant, type LocalDate } from './dates';
import {
  FieldReader,
  invalid,
  isIntegerIn,
  readEnumList,
  valid,
  withoutUndefined,
  type FieldError,
  type ValidationResult,
} from './validation';

/** Numeric Pain Rating Scale: integers only, 0 = no pain, 10 = worst imaginable. */
export const PAIN_SCALE = { min: 0, max: 10 } as const;

/** LOINC 72514-3, "Pain severity - 0-10 verbal numeric rating", for FHIR export. */
export const NPRS_LOINC = '72514-3';

export const RED_FLAGS = [
  'bladder_bowel_change',
  'saddle_numbness',
  'leg_weakness',
  'fever_weight_loss',
  'night_pain',
] as const;
export type RedFlag = (typeof RED_FLAGS)[number];

/** Wording for the patient's red-flag questions. */
export const RED_FLAG_LABELS: Readonly<Record<RedFlag, string>> = {
  bladder_bowel_change: 'New change in bladder or bowel control',
  saddle_numbness: 'Numbness around the groin, buttocks or inner thighs (saddle area)',
  leg_weakness: 'New or worsening weakness in a leg',
  fever_weight_loss: 'Fever or weight loss you cannot explain',
  night_pain: 'Severe pain at night that rest does not ease',
};

export const PAIN_LIMITS = { context: 500 } as const;

/** Entries stamped later than now by more than this are refused; the slack absorbs phone clock drift. */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;

export function painScoreMessage(label = 'Pain'): string {
  return `${label} must be a whole number from ${PAIN_SCALE.min} to ${PAIN_SCALE.max}`;
}

export function isValidPainScore(value: unknown): value is number {
  return isIntegerIn(value, PAIN_SCALE);
}

export function validatePainScore(value: unknown): ValidationResult<number> {
  return isValidPainScore(value)
    ? valid(value)
    : invalid([{ field: 'score', message: painScoreMessage() }]);
}

export interface PainEntryInput {
  /** ISO-8601 instant with offset, as sent. */
  readonly recordedAt: string;
  readonly score: number;
  readonly context?: string;
  readonly redFlags: readonly RedFlag[];
}

/** What the analytics need of a stored pain entry. */
export interface PainEntry {
  readonly recordedAt: Date | string;
  readonly score: number;
  readonly redFlags?: readonly RedFlag[];
}

/** POST /patients/:id/pain. Pass `now` to refuse entries stamped in the future. */
export function validatePainEntry(
  input: unknown,
  options: { readonly now?: Date } = {},
): ValidationResult<PainEntryInput> {
  const errors: FieldError[] = [];
  const reader = FieldReader.of(input, '', 'Pain entry', errors);
  if (!reader) return invalid(errors);
  const instant = reader.has('recordedAt') ? parseInstant(reader.raw('recordedAt')) : undefined;
  if (!reader.has('recordedAt')) reader.fail('recordedAt', 'Time recorded is required');
  else if (!instant)
    reader.fail(
      'recordedAt',
      'Time recorded must be a real date and time with its offset, e.g. 2026-03-01T08:30:00+01:00',
    );
  else if (options.now && instant.getTime() > options.now.getTime() + FUTURE_TOLERANCE_MS)
    reader.fail('recordedAt', 'Time recorded cannot be in the future');
  const score = reader.integer('score', 'Pain', PAIN_SCALE, { message: painScoreMessage() });
  const context = reader.text('context', 'Context', PAIN_LIMITS.context, { optional: true });
  const redFlags = reader.has('redFlags')
    ? readEnumList(reader, 'redFlags', 'Red flags', 'Red flag', RED_FLAGS, {
        min: 0,
        max: RED_FLAGS.length,
      })
    : [];
  if (errors.length > 0) return invalid(errors);
  return valid(
    withoutUndefined({
      recordedAt: reader.raw('recordedAt') as string,
      score: score as number,
      context,
      redFlags: redFlags as RedFlag[],
    }),
  );
}

export interface DailyValue {
  readonly date: LocalDate;
  readonly mean: number;
}

/**
 * One value a day: the mean of that day's entries, the day taken in the patient's time zone
 * (so an entry at 23:30 local counts for that evening, whatever the UTC date). Sorted by date.
 */
export function dailyPain(entries: readonly PainEntry[], timeZone: string): DailyValue[] {
  return dailyPainWith([], entries, timeZone);
}

/** A day's stored pain entries, summed and counted (as the database totals them). */
export interface DailyPainTotal {
  readonly date: LocalDate;
  readonly sum: number;
  readonly count: number;
}

/**
 * `dailyPain` of days already totalled and of `entries` on top of them: the days as they will be
 * once a new entry is stored, so a pain spike can be judged before the entry is written (and an
 * entry that opens no alert written in one statement).
 */
export function dailyPainWith(
  totals: readonly DailyPainTotal[],
  entries: readonly PainEntry[],
  timeZone: string,
): DailyValue[] {
  const byDate = new Map<LocalDate, { sum: number; count: number }>(
    totals.map(({ date, sum, count }) => [date, { sum, count }]),
  );
  for (const entry of entries) {
    const date = localDateOf(entry.recordedAt, timeZone);
    const day = byDate.get(date) ?? { sum: 0, count: 0 };
    day.sum += entry.score;
    day.count += 1;
    byDate.set(date, day);
  }
  return [...byDate.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([date, { sum, count }]) => ({ date, mean: sum / count }));
}
