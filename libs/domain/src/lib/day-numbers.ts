/**
 * Calendar arithmetic on day numbers (days since 1970-01-01 in the proleptic Gregorian calendar)
 * in whole-number maths. Progress, adherence and the reports walk every day of a range on every
 * request; a Date object and a regular expression per step cost more than the figures
 * themselves. The conversions are Howard Hinnant's `days_from_civil` / `civil_from_days`
 * ("chrono-Compatible Low-Level Date Algorithms"), exact for every year.
 *
 * Not part of the package's surface: callers use the `LocalDate` functions in dates.ts.
 */

const DAYS_IN_MONTH = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const DAYS_PER_ERA = 146_097;
/** Day number of 0000-03-01, where Hinnant's eras begin. */
const ERA_EPOCH_OFFSET = 719_468;
const ZERO = 48;
const DASH = 45;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month];
}

/** The day number of a real calendar date (callers have checked month and day). */
export function dayNumberOf(year: number, month: number, day: number): number {
  const shifted = month <= 2 ? year - 1 : year;
  const era = Math.floor(shifted / 400);
  const yearOfEra = shifted - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * DAYS_PER_ERA + dayOfEra - ERA_EPOCH_OFFSET;
}

/** A whole number read from `count` ASCII digits of `text` at `start`; -1 if any is not a digit. */
function digitsAt(text: string, start: number, count: number): number {
  let value = 0;
  for (let index = start; index < start + count; index++) {
    const digit = text.charCodeAt(index) - ZERO;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/**
 * Year, month and day of `YYYY-MM-DD` (ASCII digits only), or `null` for any other shape and
 * for impossible dates like 2026-02-30. Years run from 0001: PostgreSQL's `date` has no year 0
 * (ISO's 0000 is 1 BC there), so a year-0 date that got through would fail in SQL as a 500.
 */
export function readLocalDate(value: string): { year: number; month: number; day: number } | null {
  if (value.length !== 10 || value.charCodeAt(4) !== DASH || value.charCodeAt(7) !== DASH)
    return null;
  const year = digitsAt(value, 0, 4);
  const month = digitsAt(value, 5, 2);
  const day = digitsAt(value, 8, 2);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

/** The day number of `YYYY-MM-DD`, or NaN when it is not a real date. */
export function parseDayNumber(value: string): number {
  const parts = readLocalDate(value);
  return parts === null ? NaN : dayNumberOf(parts.year, parts.month, parts.day);
}

function twoDigits(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}

export function formatLocalDate(year: number, month: number, day: number): string {
  const yyyy = year >= 1000 && year <= 9999 ? String(year) : String(year).padStart(4, '0');
  return `${yyyy}-${twoDigits(month)}-${twoDigits(day)}`;
}

/** `YYYY-MM-DD` of a day number. */
export function formatDayNumber(days: number): string {
  const shifted = days + ERA_EPOCH_OFFSET;
  const era = Math.floor(shifted / DAYS_PER_ERA);
  const dayOfEra = shifted - era * DAYS_PER_ERA;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear =
    dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1;
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return formatLocalDate(year, month, day);
}

/** 1 = Monday … 7 = Sunday (ISO 8601). */
export function isoWeekdayOfDayNumber(days: number): 1 | 2 | 3 | 4 | 5 | 6 | 7 {
  // Day 0, 1970-01-01, was a Thursday (ISO 4).
  return (((((days + 3) % 7) + 7) % 7) + 1) as 1 | 2 | 3 | 4 | 5 | 6 | 7;
}
