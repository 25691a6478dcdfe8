import { ISO_WEEKDAYS, isoWeekday, type IsoWeekday, type LocalDate } from './dates';
import { FieldReader, invalid, valid, type FieldError, type ValidationResult } from './validation';

export const SCHEDULE_LIMITS = {
  timesPerWeek: { min: 1, max: 14 },
  timesPerDay: { min: 1, max: 4 },
  daysOfWeek: { min: 1, max: 7 },
} as const;

export const DEFAULT_TIMES_PER_DAY = 1;

/** Due on fixed weekdays, `timesPerDay` each. */
export interface WeekdaySchedule {
  readonly daysOfWeek: readonly IsoWeekday[];
  readonly timesPerDay: number;
  readonly timesPerWeek?: undefined;
}

/** Due `timesPerWeek` per ISO week on days the patient chooses. */
export interface WeeklySchedule {
  readonly timesPerWeek: number;
  readonly timesPerDay: number;
  readonly daysOfWeek?: undefined;
}

export type Schedule = WeekdaySchedule | WeeklySchedule;

/**
 * Reads the schedule fields that sit flat on a plan item (`daysOfWeek` or `timesPerWeek`,
 * plus `timesPerDay`), reporting errors under the reader's path.
 */
export function readSchedule(reader: FieldReader): Schedule | undefined {
  const timesPerDay =
    reader.integer('timesPerDay', 'Times per day', SCHEDULE_LIMITS.timesPerDay, {
      optional: true,
    }) ?? DEFAULT_TIMES_PER_DAY;
  const hasDays = reader.has('daysOfWeek');
  const hasWeekly = reader.has('timesPerWeek');
  if (hasDays && hasWeekly)
    return reader.fail('timesPerWeek', 'Give either days of the week or times per week, not both');
  if (!hasDays && !hasWeekly)
    return reader.fail('daysOfWeek', 'Choose the days of the week or a number of times per week');
  if (hasWeekly) {
    const timesPerWeek = reader.integer(
      'timesPerWeek',
      'Times per week',
      SCHEDULE_LIMITS.timesPerWeek,
    );
    return timesPerWeek === undefined ? undefined : { timesPerWeek, timesPerDay };
  }
  const seen = new Set<number>();
  const daysOfWeek = reader.list(
    'daysOfWeek',
    'Days of the week',
    SCHEDULE_LIMITS.daysOfWeek,
    (item, path) => {
      if (!(ISO_WEEKDAYS as readonly unknown[]).includes(item)) {
        reader.errors.push({
          field: path,
          message: 'Day of the week must be a whole number from 1 (Monday) to 7 (Sunday)',
        });
        return undefined;
      }
      if (seen.has(item as number)) {
        reader.errors.push({
          field: path,
          message: 'Each day of the week can be chosen only once',
        });
        return undefined;
      }
      seen.add(item as number);
      return item as IsoWeekday;
    },
    { message: 'Choose at least one day of the week' },
  );
  return daysOfWeek === undefined
    ? undefined
    : { daysOfWeek: [...daysOfWeek].sort((a, b) => a - b), timesPerDay };
}

export function validateSchedule(input: unknown): ValidationResult<Schedule> {
  const errors: FieldError[] = [];
  const reader = FieldReader.of(input, '', 'Schedule', errors);
  const schedule = reader && readSchedule(reader);
  return schedule && errors.length === 0 ? valid(schedule) : invalid(errors);
}

/** Whether a weekday schedule is due on `date`; weekly schedules have no fixed due days. */
export function isDueOn(schedule: Schedule, date: LocalDate): boolean {
  return isDueOnWeekday(schedule, isoWeekday(date));
}

/** isDueOn for a caller walking many days, which knows each day's weekday already. */
export function isDueOnWeekday(schedule: Schedule, weekday: IsoWeekday): boolean {
  return schedule.daysOfWeek !== undefined && schedule.daysOfWeek.includes(weekday);
}

/**
 * How many completions of one item count on a single day. For weekly schedules the
 * patient may bunch occurrences (14 a week is twice a day), so the cap is at least
 * ceil(timesPerWeek / 7) even when `timesPerDay` was left at its default of 1.
 */
export function dailyCap(schedule: Schedule): number {
  return schedule.timesPerWeek === undefined
    ? schedule.timesPerDay
    : Math.max(schedule.timesPerDay, Math.ceil(schedule.timesPerWeek / 7));
}
