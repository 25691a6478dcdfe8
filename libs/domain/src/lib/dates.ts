import {
  dayNumberOf,
  formatDayNumber,
  formatLocalDate,
  isoWeekdayOfDayNumber,
  parseDayNumber,
  readLocalDate,
} from './day-numbers';

/**
 * Calendar dates are plain `YYYY-MM-DD` strings in the patient's time zone: they survive
 * JSON unchanged, sort correctly as strings, and never shift when a server and a browser
 * sit in different zones. Arithmetic on them goes through a UTC day number, which has no
 * daylight-saving gaps, so "add one day" is always exactly one calendar day.
 */
export type LocalDate = string;

export const ISO_WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
/** 1 = Monday … 7 = Sunday (ISO 8601). */
export type IsoWeekday = (typeof ISO_WEEKDAYS)[number];

/** A date, instant or time zone that cannot be used; thrown only when a caller skipped validation. */
export class InvalidDateError extends RangeError {
  constructor(
    message: string,
    readonly input: unknown,
  ) {
    super(message);
    this.name = 'InvalidDateError';
  }
}

const DAY_MS = 86_400_000;
const INSTANT =
  /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-](\d{2}):(\d{2}))$/i;
const IANA_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/;

export interface DateParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** Parses `YYYY-MM-DD`; `null` for anything else, including impossible dates like 2026-02-30. */
export function parseLocalDate(value: unknown): DateParts | null {
  return typeof value === 'string' ? readLocalDate(value) : null;
}

export function isLocalDate(value: unknown): value is LocalDate {
  return parseLocalDate(value) !== null;
}

/**
 * The dates a clinical record or a report may name, both ends included: any date of birth and
 * any plan fits, and every date derived from one (a default range before it, the day after it,
 * five years after it) stays a date that PostgreSQL and the calendar arithmetic can hold. Near
 * year 1 or year 9999 those derived dates fell off the calendar and failed in SQL as a 500.
 */
export const RECORD_DATES = { earliest: '1900-01-01', latest: '2999-12-31' } as const;

export function isRecordDate(value: unknown): value is LocalDate {
  return isLocalDate(value) && value >= RECORD_DATES.earliest && value <= RECORD_DATES.latest;
}

/** The first and last months of RECORD_DATES, as YYYY-MM. */
export const RECORD_MONTHS = {
  earliest: RECORD_DATES.earliest.slice(0, 7),
  latest: RECORD_DATES.latest.slice(0, 7),
} as const;

/**
 * A month as YYYY-MM whose days are record dates. The pattern alone let `0099-05` through, and
 * JavaScript's Date.UTC reads years 0–99 as 1900–1999.
 */
export function isRecordMonth(value: unknown): value is string {
  return typeof value === 'string' && /^\d{4}-\d{2}$/.test(value) && isRecordDate(`${value}-01`);
}

/** Days from 1970-01-01 to `date`, for arithmetic over many days at once. */
export function daysSinceEpoch(date: LocalDate): number {
  const days = parseDayNumber(date);
  if (Number.isNaN(days))
    throw new InvalidDateError(`Not a real date in the form YYYY-MM-DD: ${date}`, date);
  return days;
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return formatDayNumber(daysSinceEpoch(date) + days);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return daysSinceEpoch(to) - daysSinceEpoch(from);
}

export function isoWeekday(date: LocalDate): IsoWeekday {
  return isoWeekdayOfDayNumber(daysSinceEpoch(date));
}

/** The Monday of the ISO week containing `date`. */
export function weekStart(date: LocalDate): LocalDate {
  return addDays(date, 1 - isoWeekday(date));
}

/** Every date from `from` to `to`, both included; empty when `to` is before `from`. */
export function eachDay(from: LocalDate, to: LocalDate): LocalDate[] {
  const start = daysSinceEpoch(from);
  const count = daysSinceEpoch(to) - start + 1;
  return Array.from({ length: Math.max(0, count) }, (_, index) => formatDayNumber(start + index));
}

export function minDate(a: LocalDate, b: LocalDate): LocalDate {
  return a <= b ? a : b;
}

export function maxDate(a: LocalDate, b: LocalDate): LocalDate {
  return a >= b ? a : b;
}

/**
 * Parses an ISO-8601 instant that carries its offset (`Z` or `±hh:mm`); a bare local time
 * is refused because it would mean different instants on the server and in the browser.
 */
export function parseInstant(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const match = INSTANT.exec(value);
  if (!match) return null;
  const [, date, hours, minutes, seconds = '00', fraction = '', zone, offsetHours, offsetMinutes] =
    match;
  if (!isLocalDate(date) || Number(hours) > 23 || Number(minutes) > 59 || Number(seconds) > 59)
    return null;
  if (zone.toUpperCase() !== 'Z' && (Number(offsetHours) > 14 || Number(offsetMinutes) > 59))
    return null;
  // Date.parse understands milliseconds only; finer fractions are dropped, not rounded.
  const normalised = `${date}T${hours}:${minutes}:${seconds}${fraction.slice(0, 4)}${zone}`;
  const parsed = new Date(normalised);
  return Number.isNaN(parsed.getTime()) ? null : parsed;
}

export function isInstant(value: unknown): value is string {
  return parseInstant(value) !== null;
}

/** An IANA zone name such as `Europe/Amsterdam` that this runtime knows; offsets like `+01:00` are refused. */
export function isValidTimeZone(value: unknown): value is string {
  if (typeof value !== 'string' || !IANA_NAME.test(value)) return false;
  try {
    formatterFor(value);
    return true;
  } catch {
    return false;
  }
}

/** Only zones that passed isValidTimeZone's name check are ever added. */
const formatters = new Map<string, Intl.DateTimeFormat>();
const clockFormatters = new Map<string, Intl.DateTimeFormat>();

const DATE_FIELDS: Intl.DateTimeFormatOptions = {
  calendar: 'gregory',
  numberingSystem: 'latn',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
};
const CLOCK_FIELDS: Intl.DateTimeFormatOptions = {
  ...DATE_FIELDS,
  hourCycle: 'h23',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
};

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  return cachedFormatter(formatters, timeZone, DATE_FIELDS);
}

function clockFormatterFor(timeZone: string): Intl.DateTimeFormat {
  return cachedFormatter(clockFormatters, timeZone, CLOCK_FIELDS);
}

function cachedFormatter(
  cache: Map<string, Intl.DateTimeFormat>,
  timeZone: string,
  fields: Intl.DateTimeFormatOptions,
): Intl.DateTimeFormat {
  let formatter = cache.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { ...fields, timeZone });
    cache.set(timeZone, formatter);
  }
  return formatter;
}

function toDate(instant: Date | string): Date {
  const date = typeof instant === 'string' ? parseInstant(instant) : instant;
  if (!date || Number.isNaN(date.getTime()))
    throw new InvalidDateError('Not an ISO-8601 instant with an offset', instant);
  return date;
}

/** What the formatters' format() gives: en-US numeric, month/day/year, then the 24-hour clock. */
const US_NUMERIC_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{1,4})$/;
const US_NUMERIC_DATE_TIME = /^(\d{1,2})\/(\d{1,2})\/(\d{1,4}), (\d{2}):(\d{2}):(\d{2})$/;

function localDateAt(epochMs: number, timeZone: string): LocalDate {
  const formatter = formatterFor(timeZone);
  // format() costs a third of formatToParts(), and progress and alerts call this per entry;
  // anything not in the expected shape takes the parts route.
  const match = US_NUMERIC_DATE.exec(formatter.format(epochMs));
  if (match) return formatLocalDate(Number(match[3]), Number(match[1]), Number(match[2]));
  const parts = formatter.formatToParts(epochMs);
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    Number(parts.find((p) => p.type === type)?.value);
  return formatLocalDate(part('year'), part('month'), part('day'));
}

/** How far the zone's clock is ahead of UTC at `epochMs`, to the second; `null` when the runtime formats otherwise. */
function offsetAt(epochMs: number, timeZone: string): number | null {
  const match = US_NUMERIC_DATE_TIME.exec(clockFormatterFor(timeZone).format(epochMs));
  if (!match) return null;
  const [, month, day, year, hours, minutes, seconds] = match.map(Number);
  const clock =
    dayNumberOf(year, month, day) * DAY_MS + ((hours * 60 + minutes) * 60 + seconds) * 1000;
  return clock - (epochMs - (((epochMs % 1000) + 1000) % 1000));
}

function requireTimeZone(timeZone: string): void {
  if (!formatters.has(timeZone) && !isValidTimeZone(timeZone))
    throw new InvalidDateError(`Unknown IANA time zone: ${timeZone}`, timeZone);
}

/** The calendar date an instant falls on in `timeZone` (the runtime's tz database decides DST). */
export function localDateOf(instant: Date | string, timeZone: string): LocalDate {
  requireTimeZone(timeZone);
  return localDateAt(toDate(instant).getTime(), timeZone);
}

/**
 * The first instant of `date` in `timeZone`. Usually local midnight, but where a DST jump
 * skips midnight (e.g. America/Santiago) the day starts at the jump.
 * Use `[startOfLocalDay(d), startOfLocalDay(addDays(d, 1)))` to select a day's instants.
 */
export function startOfLocalDay(date: LocalDate, timeZone: string): Date {
  requireTimeZone(timeZone);
  const utcMidnight = daysSinceEpoch(date) * DAY_MS;
  const startsAt = (instant: number) =>
    localDateAt(instant, timeZone) >= date && localDateAt(instant - 1, timeZone) < date;
  // Local midnight by the zone's offset, kept only if the day provably begins there (the
  // millisecond before is still the day before): four formats instead of the search's thirty.
  const offset = offsetAt(utcMidnight, timeZone);
  const offsetThere = offset === null ? null : offsetAt(utcMidnight - offset, timeZone);
  if (offsetThere !== null && startsAt(utcMidnight - offsetThere))
    return new Date(utcMidnight - offsetThere);
  // Otherwise binary search on "local date ≥ date", which is monotonic in time. Real offsets
  // lie within −12 h … +14 h; the margins leave room for historical oddities.
  let low = utcMidnight - 16 * 3_600_000; // local date here is still before `date`
  let high = utcMidnight + 16 * 3_600_000; // and here it is already `date` or later
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (localDateAt(middle, timeZone) >= date) high = middle;
    else low = middle;
  }
  return new Date(high);
}
