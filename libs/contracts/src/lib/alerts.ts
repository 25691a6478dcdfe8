import type { AlertKind, LocalDate, RedFlag } from '@rehabit/domain';

/**
 * What an alert is about. One alert stays open per patient and kind: a new occurrence while
 * it is open updates it (latest `summary` and `date`, red flags merged, the entry appended,
 * `count` + 1) instead of opening another.
 */
export interface AlertDetail {
  /** Plain-English description of the latest occurrence. */
  summary: string;
  /** The patient's local date of the latest occurrence. */
  date: LocalDate;
  /** `red_flag`: every flag reported while the alert was open. */
  redFlags?: RedFlag[];
  /** The pain entries that raised it, oldest first. */
  painEntryIds?: string[];
  /** How many occurrences the alert gathers. */
  count: number;
}

/** One entry of GET /alerts. */
export interface Alert {
  id: string;
  patientId: string;
  kind: AlertKind;
  urgency: 'urgent' | 'routine';
  detail: AlertDetail;
  createdAt: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
}

/** GET /alerts filters. */
export interface AlertQuery {
  status?: 'open' | 'acknowledged';
  patientId?: string;
  limit?: number;
  cursor?: string;
}
