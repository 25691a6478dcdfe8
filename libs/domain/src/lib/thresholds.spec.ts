import { DEFAULT_THRESHOLDS, validateThresholds } from './thresholds';

describe('thresholds', () => {
  it('defaults to the REFERENCE.md values', () => {
    expect(DEFAULT_THRESHOLDS).toEqual({
      pain: { points: 2, percent: 30 },
      odi: { points: 10, percent: 30, maxSkipped: 1 },
      painSpike: { points: 2, windowDays: 7 },
      missedSessions: { consecutiveDueDays: 3 },
    });
    expect(validateThresholds(undefined)).toEqual({ ok: true, value: DEFAULT_THRESHOLDS });
  });

  it('overrides only what a clinic sets', () => {
    const result = validateThresholds({ pain: { points: 1.5 }, odi: { maxSkipped: 2 } });
    expect(result).toEqual({
      ok: true,
      value: {
        ...DEFAULT_THRESHOLDS,
        pain: { points: 1.5, percent: 30 },
        odi: { points: 10, percent: 30, maxSkipped: 2 },
      },
    });
  });

  it('rejects values out of range or of the wrong kind', () => {
    expect(
      validateThresholds({
        pain: 'strict',
        odi: { maxSkipped: 1.5 },
        painSpike: { windowDays: 0 },
        missedSessions: { consecutiveDueDays: 15 },
      }),
    ).toEqual({
      ok: false,
      errors: [
        { field: 'pain', message: 'Pain thresholds must be an object with named fields' },
        {
          field: 'odi.maxSkipped',
          message: 'Skipped ODI sections allowed must be a whole number from 0 to 9',
        },
        {
          field: 'painSpike.windowDays',
          message: 'Pain spike comparison days must be a whole number from 1 to 28',
        },
        {
          field: 'missedSessions.consecutiveDueDays',
          message: 'Missed due days in a row must be a whole number from 1 to 14',
        },
      ],
    });
    expect(validateThresholds([]).ok).toBeFalse();
  });
});
