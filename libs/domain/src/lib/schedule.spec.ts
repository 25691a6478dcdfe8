import { dailyCap, isDueOn, validateSchedule } from './schedule';

describe('schedule', () => {
  it('accepts weekdays, sorted, with timesPerDay defaulting to 1', () => {
    expect(validateSchedule({ daysOfWeek: [5, 1, 3] })).toEqual({
      ok: true,
      value: { daysOfWeek: [1, 3, 5], timesPerDay: 1 },
    });
  });

  it('accepts times per week from 1 to 14', () => {
    expect(validateSchedule({ timesPerWeek: 14, timesPerDay: 2 })).toEqual({
      ok: true,
      value: { timesPerWeek: 14, timesPerDay: 2 },
    });
    expect(validateSchedule({ timesPerWeek: 15 })).toEqual({
      ok: false,
      errors: [
        { field: 'timesPerWeek', message: 'Times per week must be a whole number from 1 to 14' },
      ],
    });
  });

  it('needs exactly one of days of the week and times per week', () => {
    expect(validateSchedule({ daysOfWeek: [1], timesPerWeek: 3 })).toEqual({
      ok: false,
      errors: [
        {
          field: 'timesPerWeek',
          message: 'Give either days of the week or times per week, not both',
        },
      ],
    });
    expect(validateSchedule({})).toEqual({
      ok: false,
      errors: [
        {
          field: 'daysOfWeek',
          message: 'Choose the days of the week or a number of times per week',
        },
      ],
    });
  });

  it('names the bad day by its index', () => {
    expect(validateSchedule({ daysOfWeek: [1, 8, 1.5, 1], timesPerDay: 5 })).toEqual({
      ok: false,
      errors: [
        { field: 'timesPerDay', message: 'Times per day must be a whole number from 1 to 4' },
        {
          field: 'daysOfWeek[1]',
          message: 'Day of the week must be a whole number from 1 (Monday) to 7 (Sunday)',
        },
        {
          field: 'daysOfWeek[2]',
          message: 'Day of the week must be a whole number from 1 (Monday) to 7 (Sunday)',
        },
        { field: 'daysOfWeek[3]', message: 'Each day of the week can be chosen only once' },
      ],
    });
    expect(validateSchedule({ daysOfWeek: [] })).toEqual({
      ok: false,
      errors: [{ field: 'daysOfWeek', message: 'Choose at least one day of the week' }],
    });
    expect(validateSchedule('daily').ok).toBeFalse();
  });

  it('is due only on its weekdays; weekly schedules have no fixed days', () => {
    expect(isDueOn({ daysOfWeek: [1, 3], timesPerDay: 1 }, '2026-03-04')).toBeTrue();
    expect(isDueOn({ daysOfWeek: [1, 3], timesPerDay: 1 }, '2026-03-05')).toBeFalse();
    expect(isDueOn({ timesPerWeek: 7, timesPerDay: 1 }, '2026-03-05')).toBeFalse();
  });

  it('caps daily completions at timesPerDay, or what the weekly target needs', () => {
    expect(dailyCap({ daysOfWeek: [1], timesPerDay: 3 })).toBe(3);
    expect(dailyCap({ timesPerWeek: 3, timesPerDay: 1 })).toBe(1);
    expect(dailyCap({ timesPerWeek: 10, timesPerDay: 1 })).toBe(2);
  });
});
