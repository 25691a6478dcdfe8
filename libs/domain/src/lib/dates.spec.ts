import fc from 'fast-check';
import {
  addDays,
  daysBetween,
  eachDay,
  InvalidDateError,
  isInstant,
  isLocalDate,
  isRecordDate,
  isRecordMonth,
  isoWeekday,
  isValidTimeZone,
  localDateOf,
  maxDate,
  minDate,
  parseInstant,
  parseLocalDate,
  startOfLocalDay,
  weekStart,
} from './dates';

describe('dates', () => {
  describe('isRecordDate', () => {
    it('holds the real dates from 1900-01-01 to 2999-12-31', () => {
      for (const value of ['1900-01-01', '1958-04-12', '2026-12-06', '2999-12-31'])
        expect(isRecordDate(value)).withContext(value).toBeTrue();
      for (const value of ['1899-12-31', '3000-01-01', '0001-01-01', '9999-12-31', '2026-02-30'])
        expect(isRecordDate(value)).withContext(value).toBeFalse();
    });
  });

  describe('isRecordMonth', () => {
    it('holds the months from 1900-01 to 2999-12', () => {
      for (const value of ['1900-01', '2026-12', '2999-12'])
        expect(isRecordMonth(value)).withContext(value).toBeTrue();
      for (const value of ['1899-12', '3000-01', '0099-05', '2026-13', '2026-00', '2026-1', 42])
        expect(isRecordMonth(value)).withContext(String(value)).toBeFalse();
    });
  });

  describe('parseLocalDate', () => {
    it('accepts real calendar dates, leap days included', () => {
      expect(parseLocalDate('2026-03-01')).toEqual({ year: 2026, month: 3, day: 1 });
      expect(isLocalDate('2024-02-29')).toBeTrue();
      expect(isLocalDate('2000-02-29')).toBeTrue();
      expect(isLocalDate('0004-02-29')).toBeTrue();
      expect(isLocalDate('2026-12-31')).toBeTrue();
    });

    it('rejects impossible dates and other shapes', () => {
      for (const value of [
        '0000-01-01',
        '2026-02-30',
        '2026-02-29',
        '1900-02-29',
        '2026-04-31',
        '2026-13-01',
        '2026-00-10',
        '2026-01-00',
        '2026-1-5',
        '26-01-05',
        '2026-01-05T00:00:00Z',
        '',
        20260105,
        null,
        undefined,
        new Date(),
      ]) {
        expect(isLocalDate(value)).withContext(String(value)).toBeFalse();
      }
    });
  });

  describe('arithmetic', () => {
    it('adds days across month, year and leap-day boundaries', () => {
      expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
      expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
      expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
      expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
      expect(addDays('0099-12-31', 1)).toBe('0100-01-01');
    });

    it('counts whole days between dates, ignoring daylight saving', () => {
      expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
      expect(daysBetween('2026-03-30', '2026-03-28')).toBe(-2);
      expect(daysBetween('2025-01-01', '2026-01-01')).toBe(365);
    });

    it('knows ISO weekdays and Monday week starts', () => {
      expect(isoWeekday('2026-03-02')).toBe(1);
      expect(isoWeekday('2026-03-08')).toBe(7);
      expect(isoWeekday('1969-12-31')).toBe(3);
      expect(weekStart('2026-03-08')).toBe('2026-03-02');
      expect(weekStart('2026-03-02')).toBe('2026-03-02');
      expect(weekStart('2026-01-01')).toBe('2025-12-29');
    });

    it('lists every day of a range, both ends included', () => {
      expect(eachDay('2026-02-27', '2026-03-02')).toEqual([
        '2026-02-27',
        '2026-02-28',
        '2026-03-01',
        '2026-03-02',
      ]);
      expect(eachDay('2026-03-02', '2026-03-01')).toEqual([]);
      expect(minDate('2026-01-02', '2026-01-01')).toBe('2026-01-01');
      expect(maxDate('2026-01-02', '2026-01-01')).toBe('2026-01-02');
    });

    it('throws a typed error for a date that was never validated', () => {
      expect(() => addDays('2026-02-30', 1)).toThrowError(InvalidDateError);
    });

    it('round-trips additions (property)', () => {
      const dates = fc
        .date({
          min: new Date('1990-01-01T00:00:00Z'),
          max: new Date('2100-01-01T00:00:00Z'),
          noInvalidDate: true,
        })
        .map((d) => d.toISOString().slice(0, 10));
      fc.assert(
        fc.property(dates, fc.integer({ min: -2000, max: 2000 }), (date, days) => {
          const later = addDays(date, days);
          return (
            isLocalDate(later) &&
            daysBetween(date, later) === days &&
            isoWeekday(weekStart(later)) === 1
          );
        }),
      );
    });
  });

  describe('instants', () => {
    it('parses ISO-8601 instants that carry an offset', () => {
      expect(parseInstant('2026-03-01T08:30:00+01:00')?.toISOString()).toBe(
        '2026-03-01T07:30:00.000Z',
      );
      expect(parseInstant('2026-03-01T08:30Z')?.toISOString()).toBe('2026-03-01T08:30:00.000Z');
      expect(parseInstant('2026-03-01T08:30:00.123456789-05:00')?.toISOString()).toBe(
        '2026-03-01T13:30:00.123Z',
      );
    });

    it('refuses local times without offset and impossible values', () => {
      for (const value of [
        '2026-03-01T08:30:00',
        '2026-02-30T08:30:00Z',
        '2026-03-01T24:00:00Z',
        '2026-03-01T08:60:00Z',
        '2026-03-01T08:30:60Z',
        '2026-03-01T08:30:00+15:00',
        '2026-03-01T08:30:00+01:60',
        '2026-03-01',
        1_700_000_000_000,
      ]) {
        expect(isInstant(value)).withContext(String(value)).toBeFalse();
      }
    });
  });

  describe('time zones', () => {
    it('accepts IANA names this runtime knows and nothing else', () => {
      expect(isValidTimeZone('Europe/Amsterdam')).toBeTrue();
      expect(isValidTimeZone('America/Argentina/Buenos_Aires')).toBeTrue();
      expect(isValidTimeZone('UTC')).toBeTrue();
      for (const value of ['Mars/Olympus_Mons', '+01:00', '', 'Europe/', 42])
        expect(isValidTimeZone(value)).toBeFalse();
    });

    it('places an instant on the patient’s local date', () => {
      expect(localDateOf('2026-03-01T23:30:00Z', 'Europe/Amsterdam')).toBe('2026-03-02');
      expect(localDateOf(new Date('2026-03-02T03:00:00Z'), 'America/Los_Angeles')).toBe(
        '2026-03-01',
      );
      expect(localDateOf('2026-03-02T12:00:00+13:00', 'Pacific/Auckland')).toBe('2026-03-02');
    });

    it('stays right on the days daylight saving starts and ends (Amsterdam 2026)', () => {
      // 29 March is 23 hours long; 25 October is 25 hours long.
      expect(localDateOf('2026-03-29T21:59:59Z', 'Europe/Amsterdam')).toBe('2026-03-29');
      expect(localDateOf('2026-03-29T22:00:00Z', 'Europe/Amsterdam')).toBe('2026-03-30');
      expect(localDateOf('2026-10-25T22:59:59Z', 'Europe/Amsterdam')).toBe('2026-10-25');
      expect(localDateOf('2026-10-25T23:00:00Z', 'Europe/Amsterdam')).toBe('2026-10-26');
      expect(startOfLocalDay('2026-03-29', 'Europe/Amsterdam').toISOString()).toBe(
        '2026-03-28T23:00:00.000Z',
      );
      expect(startOfLocalDay('2026-03-30', 'Europe/Amsterdam').toISOString()).toBe(
        '2026-03-29T22:00:00.000Z',
      );
      expect(startOfLocalDay('2026-10-26', 'Europe/Amsterdam').toISOString()).toBe(
        '2026-10-25T23:00:00.000Z',
      );
    });

    it('starts the day at the jump where daylight saving skips midnight (Santiago)', () => {
      // On 6 September 2026 Chilean clocks go from 00:00 straight to 01:00.
      expect(startOfLocalDay('2026-09-06', 'America/Santiago').toISOString()).toBe(
        '2026-09-06T04:00:00.000Z',
      );
      expect(localDateOf('2026-09-06T03:59:59Z', 'America/Santiago')).toBe('2026-09-05');
    });

    it('agrees with the runtime’s date parts for any instant, in zones east and west', () => {
      const zones = [
        'UTC',
        'Europe/Amsterdam',
        'America/Santiago',
        'Pacific/Chatham',
        'Asia/Kolkata',
      ];
      fc.assert(
        fc.property(
          fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2100, 0, 1) }),
          fc.constantFrom(...zones),
          (epochMs, timeZone) => {
            const parts = new Intl.DateTimeFormat('en-CA', {
              timeZone,
              year: 'numeric',
              month: '2-digit',
              day: '2-digit',
            }).formatToParts(epochMs);
            const part = (type: string) => parts.find((p) => p.type === type)?.value;
            expect(localDateOf(new Date(epochMs), timeZone)).toBe(
              `${part('year')}-${part('month')}-${part('day')}`,
            );
          },
        ),
        { numRuns: 500 },
      );
    });

    it('starts every day exactly where its local date begins, odd offsets and jumps included', () => {
      // Zones whose clocks jump at or around midnight, by 30 minutes, or at quarter hours.
      const zones = [
        'America/Santiago',
        'America/Havana',
        'Asia/Beirut',
        'Australia/Lord_Howe',
        'Pacific/Chatham',
        'Asia/Kathmandu',
        'America/St_Johns',
        'Pacific/Apia',
        'Europe/Dublin',
      ];
      fc.assert(
        fc.property(
          fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2100, 0, 1) }),
          fc.constantFrom(...zones),
          (epochMs, timeZone) => {
            const date = localDateOf(new Date(epochMs), timeZone);
            const start = startOfLocalDay(date, timeZone).getTime();
            expect(localDateOf(new Date(start), timeZone)).toBe(date);
            expect(localDateOf(new Date(start - 1), timeZone) < date)
              .withContext('the millisecond before is the day before')
              .toBeTrue();
            expect(start).toBeLessThanOrEqual(epochMs);
          },
        ),
        { numRuns: 2000 },
      );
    });

    it('throws a typed error for an unknown zone or a malformed instant', () => {
      expect(() => localDateOf('2026-03-01T00:00:00Z', 'Nowhere/City')).toThrowError(
        InvalidDateError,
      );
      expect(() => startOfLocalDay('2026-03-01', 'Nowhere/City')).toThrowError(InvalidDateError);
      expect(() => localDateOf('yesterday', 'UTC')).toThrowError(InvalidDateError);
      expect(() => localDateOf(new Date(Number.NaN), 'UTC')).toThrowError(InvalidDateError);
    });
  });
});
