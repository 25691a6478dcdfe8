import { DEFAULT_SCHEDULE, validateDosage, validateExerciseInput } from './exercise';

const ownExercise = {
  name: '  Wall sit ',
  category: 'core_strength',
  regions: ['quadriceps', 'glutes'],
  instructions: ['Lean on a wall.', 'Slide down.', 'Hold.'],
  defaultDosage: { sets: 3, holdSeconds: 20, restSeconds: 30 },
};

describe('exercise', () => {
  it('accepts a dosage and keeps only the given fields', () => {
    expect(validateDosage({ sets: 3, reps: 10, side: 'alternate', extra: 1 })).toEqual({
      ok: true,
      value: { sets: 3, reps: 10, side: 'alternate' },
    });
  });

  it('rejects out-of-range and non-integer dosage values with field-keyed messages', () => {
    expect(
      validateDosage({ sets: 0, reps: 10.5, holdSeconds: 601, restSeconds: -1, side: 'top' }),
    ).toEqual({
      ok: false,
      errors: [
        { field: 'sets', message: 'Sets must be a whole number from 1 to 10' },
        { field: 'reps', message: 'Repetitions must be a whole number from 1 to 100' },
        {
          field: 'holdSeconds',
          message: 'Hold time in seconds must be a whole number from 1 to 600',
        },
        {
          field: 'restSeconds',
          message: 'Rest time in seconds must be a whole number from 0 to 600',
        },
        { field: 'side', message: 'Side must be one of: left, right, both, alternate' },
      ],
    });
    expect(validateDosage({})).toEqual({
      ok: false,
      errors: [{ field: 'sets', message: 'Sets is required' }],
    });
    expect(validateDosage(undefined).ok).toBeFalse();
  });

  it('accepts a clinic’s own exercise, defaulting cautions and schedule', () => {
    const result = validateExerciseInput(ownExercise);
    expect(result).toEqual({
      ok: true,
      value: {
        name: 'Wall sit',
        category: 'core_strength',
        regions: ['quadriceps', 'glutes'],
        instructions: ['Lean on a wall.', 'Slide down.', 'Hold.'],
        cautions: [],
        defaultDosage: { sets: 3, holdSeconds: 20, restSeconds: 30 },
        defaultSchedule: DEFAULT_SCHEDULE,
      },
    });
  });

  it('accepts a checklist exercise without dosage and with its own schedule', () => {
    const result = validateExerciseInput({
      ...ownExercise,
      defaultDosage: null,
      cautions: ['Careful.'],
      defaultSchedule: { daysOfWeek: [1] },
    });
    expect(result.ok && result.value.defaultDosage).toBeNull();
    expect(result.ok && result.value.defaultSchedule).toEqual({ daysOfWeek: [1], timesPerDay: 1 });
  });

  it('rejects unknown categories and regions, missing steps and bad nested fields', () => {
    const result = validateExerciseInput({
      name: '',
      category: 'cardio',
      regions: ['toes'],
      instructions: [],
      defaultDosage: { sets: 11 },
      defaultSchedule: { timesPerWeek: 0 },
    });
    expect(result).toEqual({
      ok: false,
      errors: [
        { field: 'name', message: 'Name is required' },
        {
          field: 'category',
          message:
            'Category must be one of: dynamic_stretch, static_stretch, yoga_pilates, core_strength, posture',
        },
        {
          field: 'regions[0]',
          message: jasmine.stringContaining('Body region must be one of: neck,'),
        },
        { field: 'instructions', message: 'Instructions must have at least 1 item(s)' },
        { field: 'defaultDosage.sets', message: 'Sets must be a whole number from 1 to 10' },
        {
          field: 'defaultSchedule.timesPerWeek',
          message: 'Times per week must be a whole number from 1 to 14',
        },
      ],
    });
    expect(validateExerciseInput({ ...ownExercise, regions: [] })).toEqual({
      ok: false,
      errors: [{ field: 'regions', message: 'Choose at least one body region' }],
    });
    expect(validateExerciseInput([]).ok).toBeFalse();
  });
});
