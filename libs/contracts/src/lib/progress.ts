import type { AlertKind, LocalDate, MeasureSide, MeasureType } from '@rehabit/domain';
import type { Patient } from './identity';

/** GET /patients/:id/progress?from=&to= — local dates of the patient, both included. */
export interface ProgressQuery {
  from?: LocalDate;
  to?: LocalDate;
}

export type ChangeDirection = 'improved' | 'worsened' | 'unchanged';

/** Baseline against latest, in the measure's better direction. */
export interface ChangeSummary {
  baseline: number | null;
  latest: number | null;
  /** latest − baseline in the measure's unit (negative = fell). */
  change: number | null;
  /** change ÷ baseline × 100, one decimal; `null` when the baseline is 0 or below. */
  percentChange: number | null;
  direction: ChangeDirection | null;
  /** The improvement reaches the clinic's thresholds; `null` with nothing to compare or no thresholds. */
  clinicallyImportant: boolean | null;
}

export interface PainSeriesPoint {
  date: LocalDate;
  /** Mean of the day's entries. */
  mean: number;
  /** Mean of the daily values of the 7 days ending on `date` (days with values only). */
  rolling7: number;
}

export interface PainProgress extends ChangeSummary {
  series: PainSeriesPoint[];
}

export interface AdherenceCounts {
  prescribed: number;
  completed: number;
  /** Logged as not done. */
  skipped: number;
  /** Prescribed but in no log. */
  notLogged: number;
  /** completed ÷ prescribed; `null` when nothing was prescribed. */
  rate: number | null;
}

export interface AdherenceWeek extends AdherenceCounts {
  /** Monday of the ISO week. */
  weekStart: LocalDate;
}

export interface AdherenceProgress extends AdherenceCounts {
  /** Logs overestimate real adherence: always labelled self-reported. */
  selfReported: true;
  weekly: AdherenceWeek[];
}

export interface MeasureSeriesPoint {
  date: LocalDate;
  value: number;
  side?: MeasureSide;
}

export interface MeasureProgress extends ChangeSummary {
  type: MeasureType;
  unit: string;
  betterIs: 'higher' | 'lower';
  /** `direction === 'improved'`; `null` with nothing to compare. */
  improved: boolean | null;
  series: MeasureSeriesPoint[];
  /**
   * Per-side tests (slr, ake) compare each side only with itself: the figures are per side
   * here and the top-level baseline/latest/change are `null` (the series holds both sides).
   */
  sides?: Partial<
    Record<MeasureSide, Omit<MeasureProgress, 'sides' | 'type' | 'unit' | 'betterIs'>>
  >;
}

export interface ProgressResponse {
  patientId: string;
  from: LocalDate;
  to: LocalDate;
  timezone: string;
  pain: PainProgress;
  adherence: AdherenceProgress;
  /** Only the types the patient has measures of in the range. */
  measures: Partial<Record<MeasureType, MeasureProgress>>;
}

/** One row of GET /patients: the patient with the figures a caseload needs at a glance. */
export interface PatientListItem extends Patient {
  /** The latest live pain entry. */
  lastPain: { score: number; recordedAt: string } | null;
  /** Self-reported completed ÷ prescribed over the patient's last 7 local days (today included); `null` when nothing was prescribed. */
  adherence7d: number | null;
  openAlerts: number;
  openAlertKinds: AlertKind[];
}
