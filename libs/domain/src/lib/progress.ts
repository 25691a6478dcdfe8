import { daysSinceEpoch, type LocalDate } from './dates';
import { COMPARISON_EPSILON, mean, roundTo } from './math';
import { dailyPain, type DailyValue, type PainEntry } from './pain';
import { DEFAULT_THRESHOLDS, type ChangeThresholds } from './thresholds';

/** Baseline is the mean of the first this-many days with data, latest of the last this-many (REFERENCE.md). */
export const BASELINE_DAYS = 3;
export const ROLLING_WINDOW_DAYS = 7;

export type BetterDirection = 'higher' | 'lower';
export type ChangeDirection = 'improved' | 'worsened' | 'unchanged';

export interface ChangeSummary {
  readonly baseline: number | null;
  readonly latest: number | null;
  /** latest − baseline, in the measure's own unit (negative = fell). */
  readonly change: number | null;
  /** change ÷ baseline × 100, one decimal; `null` when baseline ≤ 0 makes a percentage meaningless. */
  readonly percentChange: number | null;
  readonly direction: ChangeDirection | null;
  /** Whether the improvement reaches the thresholds; `null` when there is nothing to compare or no thresholds apply. */
  readonly clinicallyImportant: boolean | null;
}

/**
 * Compares latest with baseline. Decisions use the unrounded figures with a tiny tolerance
 * for binary noise; reported figures are rounded (values and change to 2 decimals).
 */
export function summariseChange(
  baseline: number | null,
  latest: number | null,
  better: BetterDirection,
  thresholds: ChangeThresholds | null,
): ChangeSummary {
  if (baseline === null || latest === null)
    return {
      baseline,
      latest,
      change: null,
      percentChange: null,
      direction: null,
      clinicallyImportant: null,
    };
  const change = latest - baseline;
  const improvement = better === 'lower' ? -change : change;
  const percentOfBaseline = baseline > 0 ? (improvement / baseline) * 100 : null;
  const direction: ChangeDirection =
    Math.abs(change) < COMPARISON_EPSILON ? 'unchanged' : improvement > 0 ? 'improved' : 'worsened';
  const clinicallyImportant =
    thresholds === null
      ? null
      : improvement > 0 &&
        (improvement >= thresholds.points - COMPARISON_EPSILON ||
          (percentOfBaseline !== null &&
            percentOfBaseline >= thresholds.percent - COMPARISON_EPSILON));
  return {
    baseline: roundTo(baseline, 2),
    latest: roundTo(latest, 2),
    change: roundTo(change, 2),
    percentChange: baseline > 0 ? roundTo((change / baseline) * 100, 1) : null,
    direction,
    clinicallyImportant,
  };
}

/** Mean of the first and of the last `days` values (fewer when fewer exist; `null` with none). */
export function baselineAndLatest(
  values: readonly DailyValue[],
  days = BASELINE_DAYS,
): { readonly baseline: number | null; readonly latest: number | null } {
  const means = values.map((value) => value.mean);
  return { baseline: mean(means.slice(0, days)), latest: mean(means.slice(-days)) };
}

export interface RollingPoint {
  readonly date: LocalDate;
  readonly mean: number;
  /** Mean of the daily values in the trailing window ending on `date`, over the days that have one. */
  readonly rolling7: number;
}

/** `values` must be sorted by date, one per day (as `dailyPain` returns them). */
export function rollingMean(
  values: readonly DailyValue[],
  windowDays = ROLLING_WINDOW_DAYS,
): RollingPoint[] {
  const days = values.map((value) => daysSinceEpoch(value.date));
  return values.map((value, index) => {
    const windowStart = days[index] + 1 - windowDays;
    let sum = 0;
    let count = 0;
    for (let i = index; i >= 0 && days[i] >= windowStart; i--) {
      sum += values[i].mean;
      count += 1;
    }
    return { date: value.date, mean: roundTo(value.mean, 2), rolling7: roundTo(sum / count, 2) };
  });
}

export interface PainProgressInput {
  readonly entries: readonly PainEntry[];
  readonly timeZone: string;
  /** Range of local dates, both ends included; `from` falls back to `planStart`. */
  readonly from?: LocalDate;
  readonly to?: LocalDate;
  readonly planStart?: LocalDate;
  readonly thresholds?: ChangeThresholds;
}

export interface PainProgress extends ChangeSummary {
  readonly series: readonly RollingPoint[];
}

/**
 * The pain block of GET /patients/:id/progress. The rolling mean may reach back before
 * `from` when earlier entries are passed in, so the first days of the range are not
 * averaged over a single value; baseline and latest use only days inside the range.
 */
export function painProgress(input: PainProgressInput): PainProgress {
  const from = input.from ?? input.planStart;
  const inRange = (date: LocalDate) =>
    (from === undefined || date >= from) && (input.to === undefined || date <= input.to);
  const daily = dailyPain(input.entries, input.timeZone).filter(
    (day) => input.to === undefined || day.date <= input.to,
  );
  const series = rollingMean(daily).filter((point) => inRange(point.date));
  const { baseline, latest } = baselineAndLatest(daily.filter((day) => inRange(day.date)));
  return {
    ...summariseChange(baseline, latest, 'lower', input.thresholds ?? DEFAULT_THRESHOLDS.pain),
    series,
  };
}
