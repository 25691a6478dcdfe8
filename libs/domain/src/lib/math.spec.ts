import { mean, roundTo } from './math';

describe('math', () => {
  it('rounds half away from zero without binary noise', () => {
    expect(roundTo(1.005, 2)).toBe(1.01);
    expect(roundTo(0.1 + 0.2, 2)).toBe(0.3);
    expect(roundTo(-2.345, 2)).toBe(-2.35);
    expect(roundTo(35.55555, 1)).toBe(35.6);
    expect(Object.is(roundTo(-0.0001, 2), 0)).toBeTrue();
  });

  it('takes the mean, or null of nothing', () => {
    expect(mean([1, 2, 6])).toBe(3);
    expect(mean([])).toBeNull();
  });
});
