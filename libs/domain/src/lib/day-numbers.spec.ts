import fc from 'fast-check';
import {
  dayNumberOf,
  formatDayNumber,
  isoWeekdayOfDayNumber,
  parseDayNumber,
  readLocalDate,
} from './day-numbers';

const DAY_MS = 86_400_000;

/** The runtime's own calendar, the reference the whole-number maths must agree with. */
function viaDate(days: number): { text: string; weekday: number } {
  const date = new Date(days * DAY_MS);
  const text = date.toISOString().slice(0, 10);
  return { text, weekday: date.getUTCDay() === 0 ? 7 : date.getUTCDay() };
}

describe('day numbers', () => {
  // 0001-01-01 … 9999-12-31: every date a LocalDate can spell.
  const dayArb = fc.integer({ min: -719_162, max: 2_932_896 });

  it('agree with the runtime calendar on every date from year 1 to 9999', () => {
    fc.assert(
      fc.property(dayArb, (days) => {
        const { text, weekday } = viaDate(days);
        expect(formatDayNumber(days)).toBe(text);
        expect(parseDayNumber(text)).toBe(days);
        expect<number>(isoWeekdayOfDayNumber(days)).toBe(weekday);
      }),
      { numRuns: 5000 },
    );
  });

  it('count leap days by the Gregorian rules at century and era edges', () => {
    expect(parseDayNumber('1970-01-01')).toBe(0);
    expect(formatDayNumber(-1)).toBe('1969-12-31');
    for (const text of ['0004-02-29', '0400-02-29', '2000-02-29', '2024-02-29', '1600-03-01'])
      expect(formatDayNumber(parseDayNumber(text))).toBe(text);
    expect(dayNumberOf(0, 3, 1) - dayNumberOf(0, 2, 28)).toBe(2);
    expect(dayNumberOf(2000, 3, 1) - dayNumberOf(2000, 2, 28)).toBe(2);
    expect(dayNumberOf(1900, 3, 1) - dayNumberOf(1900, 2, 28)).toBe(1);
    expect(dayNumberOf(2100, 3, 1) - dayNumberOf(2100, 2, 28)).toBe(1);
  });

  it('read only YYYY-MM-DD of real dates, in ASCII digits', () => {
    expect(readLocalDate('2026-12-06')).toEqual({ year: 2026, month: 12, day: 6 });
    expect(readLocalDate('0001-01-01')).toEqual({ year: 1, month: 1, day: 1 });
    for (const text of [
      '0000-01-01',
      '2026-02-29',
      '2026-13-01',
      '2026-1-06',
      '２０２６-12-06',
      '2026/12/06',
      '2026-12-06 ',
    ])
      expect(readLocalDate(text)).withContext(text).toBeNull();
    expect(parseDayNumber('2026-04-31')).toBeNaN();
  });
});
