import * as domain from './index';

describe('@rehabit/domain public surface', () => {
  it('exports the constants the API’s DTOs reuse', () => {
    expect(domain.DOSAGE_LIMITS.sets).toEqual({ min: 1, max: 10 });
    expect(domain.RED_FLAGS.length).toBe(5);
    expect(domain.EXERCISE_CATEGORIES.length).toBe(5);
    expect(domain.MEASURE_TYPES).toEqual(['slr', 'ake', 'sit_and_reach', 'odi']);
    expect(domain.DEFAULT_THRESHOLDS.pain.points).toBe(2);
    expect(domain.ALERT_KINDS).toEqual(['red_flag', 'pain_spike', 'missed_sessions']);
  });

  it('keeps reading helpers and adherence internals private', () => {
    for (const name of [
      'FieldReader',
      'readDosage',
      'readSchedule',
      'PlanCalendar',
      'tallySessions',
      'withoutUndefined',
    ]) {
      expect(name in domain)
        .withContext(name)
        .toBeFalse();
    }
  });
});
