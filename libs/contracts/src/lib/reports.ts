import type { LocalDate, RtmDeviceCode } from '@rehabit/domain';

/** GET /clinic/dashboard and GET /clinic/reports/progress.csv — local dates, both included. */
export interface ReportRangeQuery {
  /** Defaults to 29 days before `to`. */
  from?: LocalDate;
  /** Defaults to today (UTC). */
  to?: LocalDate;
}

/** One decile of the adherence distribution: patients whose rate is in [min, max) ([0.9, 1] for the last). */
export interface AdherenceDecile {
  min: number;
  max: number;
  patients: number;
}

/** Mean change (latest − baseline, negative = fell) and the share reaching a clinically important improvement. */
export interface ChangeFigures {
  /** Patients with at least one value in the range. */
  patients: number;
  meanChange: number | null;
  /** Fraction in [0, 1]; `null` with no patient to count. */
  clinicallyImportantRate: number | null;
}

export interface TherapistRow {
  id: string;
  displayName: string;
  /** Patients assigned to the therapist. */
  patients: number;
  /** Mean self-reported adherence of their patients with something prescribed; `null` with none. */
  meanAdherence: number | null;
}

export interface ClinicDashboard {
  from: LocalDate;
  to: LocalDate;
  patients: {
    /** Patients with any self-reported data (pain, session, measure) in the range. */
    active: number;
    total: number;
  };
  adherence: {
    /** Logs overestimate real adherence: always labelled self-reported. */
    selfReported: true;
    /** Patients with something prescribed in the range. */
    patients: number;
    /** Mean of the patients' rates, fraction in [0, 1]; `null` with none. */
    mean: number | null;
    /** Ten deciles of the patients' rates. */
    distribution: AdherenceDecile[];
  };
  pain: ChangeFigures;
  odi: ChangeFigures;
  therapists: TherapistRow[];
}

/** GET /clinic/reports/rtm?month=YYYY-MM */
export interface RtmQuery {
  month: string;
}

export interface RtmRow {
  patientId: string;
  displayName: string;
  daysWithData: number;
  windowStart: LocalDate;
  windowEnd: LocalDate;
  /** Device-supply code the window qualifies for; `null` below 2 days. */
  code: RtmDeviceCode | null;
}

export interface RtmReport {
  month: string;
  items: RtmRow[];
}

/** Columns of GET /clinic/reports/progress.csv, in order. */
export const PROGRESS_CSV_COLUMNS = [
  'patientId',
  'displayName',
  'therapist',
  'active',
  'from',
  'to',
  'adherencePrescribed',
  'adherenceCompleted',
  'adherenceRateSelfReported',
  'painBaseline',
  'painLatest',
  'painChange',
  'painClinicallyImportant',
  'odiBaseline',
  'odiLatest',
  'odiChange',
  'odiClinicallyImportant',
  'daysWithData',
] as const;
