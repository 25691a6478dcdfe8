import { PAGE_LIMIT_DEFAULT, PAGE_LIMIT_MAX } from './common';

describe('page limits', () => {
  it('keep the default inside the allowed range the API documents (1–200)', () => {
    expect(PAGE_LIMIT_MAX).toBe(200);
    expect(PAGE_LIMIT_DEFAULT).toBeGreaterThanOrEqual(1);
    expect(PAGE_LIMIT_DEFAULT).toBeLessThanOrEqual(PAGE_LIMIT_MAX);
  });
});
