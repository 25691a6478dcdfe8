import { dateOfBirthErrors } from './patient';

describe('dateOfBirthErrors', () => {
  it('accepts a date of birth up to and including the patient’s today', () => {
    expect(dateOfBirthErrors('1958-04-12', '2026-12-06')).toEqual([]);
    expect(dateOfBirthErrors('2026-12-06', '2026-12-06')).toEqual([]);
    expect(dateOfBirthErrors(undefined, '2026-12-06')).toEqual([]);
    expect(dateOfBirthErrors(null, '2026-12-06')).toEqual([]);
  });

  it('refuses one after it, naming the field', () => {
    expect(dateOfBirthErrors('2026-12-07', '2026-12-06')).toEqual([
      { field: 'dateOfBirth', message: 'Date of birth cannot be in the future' },
    ]);
  });
});
