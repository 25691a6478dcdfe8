import {
  dailyPain,
  dailyPainWith,
  isValidPainScore,
  validatePainEntry,
  validatePainScore,
} from './pain';

describe('pain (NPRS)', () => {
  it('accepts the integers 0 to 10 only', () => {
    for (let score = 0; score <= 10; score++) expect(isValidPainScore(score)).toBeTrue();
    for (const score of [3.5, -1, 11, Number.NaN, Infinity, '5', null])
      expect(isValidPainScore(score)).toBeFalse();
  });

  it('explains a bad score in plain words', () => {
    expect(validatePainScore(7)).toEqual({ ok: true, value: 7 });
    expect(validatePainScore(7.5)).toEqual({
      ok: false,
      errors: [{ field: 'score', message: 'Pain must be a whole number from 0 to 10' }],
    });
  });

  describe('validatePainEntry', () => {
    const now = new Date('2026-03-04T12:00:00Z');

    it('accepts an entry with context and red flags', () => {
      const input = {
        recordedAt: '2026-03-04T08:30:00+01:00',
        score: 6,
        context: 'after work',
        redFlags: ['night_pain' as const],
      };
      expect(validatePainEntry(input, { now })).toEqual({ ok: true, value: input });
    });

    it('defaults red flags to none', () => {
      expect(validatePainEntry({ recordedAt: '2026-03-04T08:30:00Z', score: 0 })).toEqual({
        ok: true,
        value: { recordedAt: '2026-03-04T08:30:00Z', score: 0, redFlags: [] },
      });
    });

    it('rejects a bad score, unknown or repeated red flags and a missing time', () => {
      expect(
        validatePainEntry({ score: 12, redFlags: ['headache', 'night_pain', 'night_pain'] }),
      ).toEqual({
        ok: false,
        errors: [
          { field: 'recordedAt', message: 'Time recorded is required' },
          { field: 'score', message: 'Pain must be a whole number from 0 to 10' },
          {
            field: 'redFlags[0]',
            message:
              'Red flag must be one of: bladder_bowel_change, saddle_numbness, leg_weakness, fever_weight_loss, night_pain',
          },
          { field: 'redFlags[2]', message: 'Red flag "night_pain" is listed twice' },
        ],
      });
    });

    it('rejects times without an offset and times in the future beyond clock drift', () => {
      expect(validatePainEntry({ recordedAt: '2026-03-04T08:30:00', score: 3 })).toEqual({
        ok: false,
        errors: [
          {
            field: 'recordedAt',
            message:
              'Time recorded must be a real date and time with its offset, e.g. 2026-03-01T08:30:00+01:00',
          },
        ],
      });
      expect(
        validatePainEntry({ recordedAt: '2026-03-04T12:04:00Z', score: 3 }, { now }).ok,
      ).toBeTrue();
      expect(validatePainEntry({ recordedAt: '2026-03-04T12:06:00Z', score: 3 }, { now })).toEqual({
        ok: false,
        errors: [{ field: 'recordedAt', message: 'Time recorded cannot be in the future' }],
      });
      expect(validatePainEntry(undefined).ok).toBeFalse();
    });
  });

  describe('dailyPain', () => {
    it('averages each local day, in the patient’s zone, across the DST change', () => {
      // Amsterdam moves to summer time on 29 March 2026; 22:30 UTC on the 29th is already the 30th there.
      const entries = [
        { recordedAt: '2026-03-28T23:30:00Z', score: 4 }, // 00:30 on the 29th in Amsterdam
        { recordedAt: '2026-03-29T20:00:00Z', score: 6 },
        { recordedAt: '2026-03-29T22:30:00Z', score: 3 },
        { recordedAt: new Date('2026-03-28T08:00:00Z'), score: 5 },
      ];
      expect(dailyPain(entries, 'Europe/Amsterdam')).toEqual([
        { date: '2026-03-28', mean: 5 },
        { date: '2026-03-29', mean: 5 },
        { date: '2026-03-30', mean: 3 },
      ]);
      expect(dailyPain(entries, 'UTC').map((day) => day.date)).toEqual([
        '2026-03-28',
        '2026-03-29',
      ]);
    });
  });

  describe('dailyPainWith', () => {
    it('adds new entries to days already totalled, as dailyPain of all the entries would', () => {
      const stored = [
        { recordedAt: '2026-03-27T09:00:00Z', score: 2 },
        { recordedAt: '2026-03-28T09:00:00Z', score: 4 },
        { recordedAt: '2026-03-28T18:00:00Z', score: 7 },
      ];
      const totals = [
        { date: '2026-03-27', sum: 2, count: 1 },
        { date: '2026-03-28', sum: 11, count: 2 },
      ];
      const added = [
        { recordedAt: '2026-03-28T22:30:00Z', score: 9 }, // 23:30 in Amsterdam: still the 28th
        { recordedAt: '2026-03-29T08:00:00Z', score: 1 },
      ];
      const zone = 'Europe/Amsterdam';
      expect(dailyPainWith(totals, added, zone)).toEqual(dailyPain([...stored, ...added], zone));
      expect(dailyPainWith(totals, added, zone)).toEqual([
        { date: '2026-03-27', mean: 2 },
        { date: '2026-03-28', mean: 20 / 3 },
        { date: '2026-03-29', mean: 1 },
      ]);
      expect(dailyPainWith(totals, [], zone)).toEqual(dailyPain(stored, zone));
    });
  });
});
