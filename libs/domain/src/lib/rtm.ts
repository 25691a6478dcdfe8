import { addDays, type LocalDate } from './dates';

/** Device-supply codes count distinct days with data in a rolling window of this many days. */
export const RTM_WINDOW_DAYS = 30;

/** Minimum days with data for each device-supply code, highest first (98985 is new in 2026). */
export const RTM_DEVICE_CODES = [
  { code: '98977', minDays: 16 },
  { code: '98985', minDays: 2 },
] as const;
export type RtmDeviceCode = (typeof RTM_DEVICE_CODES)[number]['code'];

export interface RtmWindowReport {
  readonly windowStart: LocalDate;
  readonly windowEnd: LocalDate;
  readonly daysWithData: number;
  /** `null` below 2 days. */
  readonly code: RtmDeviceCode | null;
}

/**
 * Counts distinct local dates with any self-reported data (pain, sessions, questionnaires)
 * in the 30 days ending on `windowEnd`, both ends included, and the code that qualifies.
 */
export function rtmDeviceSupply(
  datesWithData: readonly LocalDate[],
  windowEnd: LocalDate,
): RtmWindowReport {
  const windowStart = addDays(windowEnd, 1 - RTM_WINDOW_DAYS);
  const days = new Set(datesWithData.filter((date) => date >= windowStart && date <= windowEnd))
    .size;
  const code = RTM_DEVICE_CODES.find((entry) => days >= entry.minDays)?.code ?? null;
  return { windowStart, windowEnd, daysWithData: days, code };
}
