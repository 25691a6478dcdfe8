import { rtmDeviceSupply } from './rtm';
import { addDays } from './dates';

function days(count: number, end = '2026-03-30'): string[] {
  return Array.from({ length: count }, (_, i) => addDays(end, -i));
}

describe('RTM device-supply report', () => {
  it('counts distinct days in the 30-day window ending on the given day', () => {
    const report = rtmDeviceSupply(
      [...days(16), ...days(16), '2026-02-28', '2026-03-31'],
      '2026-03-30',
    );
    expect(report).toEqual({
      windowStart: '2026-03-01',
      windowEnd: '2026-03-30',
      daysWithData: 16,
      code: '98977',
    });
  });

  it('qualifies 2–15 days for 98985 and fewer for nothing', () => {
    expect(rtmDeviceSupply(days(15), '2026-03-30').code).toBe('98985');
    expect(rtmDeviceSupply(days(2), '2026-03-30').code).toBe('98985');
    expect(rtmDeviceSupply(days(1), '2026-03-30').code).toBeNull();
    expect(rtmDeviceSupply([], '2026-03-30')).toEqual(
      jasmine.objectContaining({ daysWithData: 0, code: null }),
    );
    expect(rtmDeviceSupply(days(30), '2026-03-30')).toEqual(
      jasmine.objectContaining({ daysWithData: 30, code: '98977' }),
    );
  });
});
