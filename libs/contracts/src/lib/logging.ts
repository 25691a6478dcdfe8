import type {
  LocalDate,
  MeasureSide,
  MeasureType,
  OdiAnswers,
  OdiBand,
  RedFlag,
} from '@rehabit/domain';

/** Who wrote a log entry: the patient, or staff of the clinic on their behalf. */
export type RecordedByRole = 'patient' | 'therapist' | 'admin';

/** POST /patients/:id/pain. */
export interface CreatePainEntryRequest {
  /** ISO-8601 instant with its offset; at most 5 minutes ahead of the server's clock. */
  recordedAt: string;
  /** NPRS, a whole number from 0 to 10. */
  score: number;
  context?: string;
  /** Red-flag answers; any one opens an urgent `red_flag` alert at once. */
  redFlags?: RedFlag[];
}

/** One pain entry, as GET /patients/:id/pain lists it. */
export interface PainEntry {
  id: string;
  patientId: string;
  /** The instant, in UTC. */
  recordedAt: string;
  /** `recordedAt`'s date in the patient's time zone (the day it counts for). */
  date: LocalDate;
  score: number;
  context: string | null;
  redFlags: RedFlag[];
  recordedBy: string;
  recordedByRole: RecordedByRole;
  createdAt: string;
}

/** What the client shows at once after a pain entry: urgent-care advice after a red flag. */
export interface PainAdvice {
  urgent: true;
  message: string;
}

/** 201 of POST /patients/:id/pain. */
export interface CreatePainEntryResponse extends PainEntry {
  /** Non-null when a red flag was answered: show `message` to the patient straight away. */
  advice: PainAdvice | null;
}

/** GET /patients/:id/pain filters, beside `limit` and `cursor`; dates in the patient's zone. */
export interface PainQuery {
  from?: LocalDate;
  to?: LocalDate;
  limit?: number;
  cursor?: string;
}

/** POST /patients/:id/measures. */
export interface CreateMeasureRequest {
  type: MeasureType;
  /** A date in the patient's zone, not in the future. */
  recordedOn: LocalDate;
  /** Required for `slr` and `ake`, refused for the others. */
  side?: MeasureSide;
  /** Flexibility tests: degrees (`slr`, `ake`) or cm (`sit_and_reach`). */
  value?: number;
  /** `odi`: ten answers, each 0–5, or `null` for a skipped section. */
  answers?: OdiAnswers;
}

/** One measure, as GET /patients/:id/measures lists it. */
export interface Measure {
  id: string;
  patientId: string;
  type: MeasureType;
  recordedOn: LocalDate;
  side: MeasureSide | null;
  /** Flexibility tests' raw value; `null` for questionnaires. */
  value: number | null;
  unit: 'degrees' | 'cm' | 'percent';
  /** Questionnaires' answers; `null` for flexibility tests. */
  answers: (number | null)[] | null;
  /** Questionnaires' computed score (ODI: percent, one decimal); `null` otherwise. */
  score: number | null;
  band: OdiBand | null;
  recordedBy: string;
  /** Therapist-recorded and patient-answered measures are told apart by this. */
  recordedByRole: RecordedByRole;
  createdAt: string;
}

/** GET /patients/:id/measures filters, beside `limit` and `cursor`. */
export interface MeasureQuery {
  type?: MeasureType;
  from?: LocalDate;
  to?: LocalDate;
  limit?: number;
  cursor?: string;
}

/** DELETE /pain/:id and DELETE /measures/:id: a soft delete, kept and audited with its reason. */
export interface DeleteEntryRequest {
  reason: string;
}
