import { clinicallyImportantLevel } from './progress-charts';

describe('clinicallyImportantLevel', () => {
  it('is baseline minus the smaller of the points and the percent drop', () => {
    expect(clinicallyImportantLevel(8, { points: 2, percent: 30 })).toBe(6);
    expect(clinicallyImportantLevel(5, { points: 2, percent: 30 })).toBe(3.5);
    expect(clinicallyImportantLevel(null, { points: 2, percent: 30 })).toBeNull();
  });
});
