import { baselineAndLatest, painProgress, rollingMean, summariseChange } from './progress';

const NEW_YORK = 'America/New_York';

/** A pain entry at 20:00 local time in New York (UTC−5 before 8 March 2026, UTC−4 after). */
function evening(date: string, score: number) {
  const offset = date < '2026-03-08' ? '-05:00' : '-04:00';
  return { recordedAt: `${date}T20:00:00${offset}`, score };
}

describe('progress', () => {
  describe('painProgress', () => {
    it('takes baseline from the first 3 days and latest from the last 3, and flags a 2-point fall', () => {
      const entries = [
        evening('2026-03-02', 6),
        evening('2026-03-02', 7),
        evening('2026-03-03', 6),
        evening('2026-03-05', 7),
        evening('2026-03-20', 5),
        evening('2026-03-22', 4),
        evening('2026-03-22', 5),
        evening('2026-03-25', 4),
      ];
      const progress = painProgress({
        entries,
        timeZone: NEW_YORK,
        from: '2026-03-01',
        to: '2026-03-31',
      });
      expect(progress).toEqual(
        jasmine.objectContaining({
          baseline: 6.5,
          latest: 4.5,
          change: -2,
          percentChange: -30.8,
          direction: 'improved',
          clinicallyImportant: true,
        }),
      );
      expect(progress.series.map((point) => point.date)).toEqual([
        '2026-03-02',
        '2026-03-03',
        '2026-03-05',
        '2026-03-20',
        '2026-03-22',
        '2026-03-25',
      ]);
    });

    it('counts a fall of exactly 2 points despite thirds in the means', () => {
      // Baseline 19/3, latest 13/3: binary arithmetic gives a change a hair off −2.
      const entries = [
        evening('2026-03-02', 6),
        evening('2026-03-03', 6),
        evening('2026-03-04', 7),
        evening('2026-03-10', 4),
        evening('2026-03-11', 4),
        evening('2026-03-12', 5),
      ];
      const progress = painProgress({
        entries,
        timeZone: NEW_YORK,
        thresholds: { points: 2, percent: 50 },
      });
      expect(progress.change).toBe(-2);
      expect(progress.clinicallyImportant).toBeTrue();
    });

    it('flags a 30 % fall that is under 2 points, and not a smaller one', () => {
      const days = [
        '2026-03-02',
        '2026-03-03',
        '2026-03-04',
        '2026-03-20',
        '2026-03-21',
        '2026-03-22',
      ];
      const scores = (values: number[]) => values.map((score, i) => evening(days[i], score));
      // 4 → 2.67 is a 33 % fall of 1.33 points: important by percentage only.
      expect(painProgress({ entries: scores([4, 4, 4, 3, 3, 2]), timeZone: NEW_YORK })).toEqual(
        jasmine.objectContaining({
          baseline: 4,
          latest: 2.67,
          change: -1.33,
          percentChange: -33.3,
          clinicallyImportant: true,
        }),
      );
      // 4 → 3 is 25 % and 1 point: neither threshold.
      expect(
        painProgress({ entries: scores([4, 4, 4, 3, 3, 3]), timeZone: NEW_YORK })
          .clinicallyImportant,
      ).toBeFalse();
    });

    it('uses the plan start when no range is asked and ignores earlier entries for the baseline', () => {
      const entries = [
        evening('2026-02-27', 9),
        evening('2026-03-02', 5),
        evening('2026-03-03', 3),
      ];
      const progress = painProgress({ entries, timeZone: NEW_YORK, planStart: '2026-03-02' });
      expect(progress).toEqual(
        jasmine.objectContaining({
          baseline: 4,
          latest: 4,
          change: 0,
          direction: 'unchanged',
          clinicallyImportant: false,
        }),
      );
      // The rolling mean still reaches back to 27 February, which lies inside the 7-day window.
      expect(progress.series[0]).toEqual({ date: '2026-03-02', mean: 5, rolling7: 7 });
    });

    it('reports nulls when the range holds no entries, and no percentage from a zero baseline', () => {
      expect(
        painProgress({
          entries: [evening('2026-03-02', 3)],
          timeZone: NEW_YORK,
          from: '2026-04-01',
          to: '2026-04-30',
        }),
      ).toEqual({
        baseline: null,
        latest: null,
        change: null,
        percentChange: null,
        direction: null,
        clinicallyImportant: null,
        series: [],
      });
      const worse = painProgress({
        entries: [
          '2026-03-02',
          '2026-03-03',
          '2026-03-04',
          '2026-03-09',
          '2026-03-10',
          '2026-03-11',
        ].map((date, i) => evening(date, i < 3 ? 0 : 3)),
        timeZone: NEW_YORK,
        to: '2026-03-31',
      });
      expect(worse).toEqual(
        jasmine.objectContaining({
          percentChange: null,
          direction: 'worsened',
          clinicallyImportant: false,
        }),
      );
    });
  });

  it('averages the trailing 7 days over the days that have values', () => {
    const series = rollingMean([
      { date: '2026-03-01', mean: 4 },
      { date: '2026-03-05', mean: 6 },
      { date: '2026-03-09', mean: 8 },
      { date: '2026-03-10', mean: 7.333333 },
    ]);
    expect(series.map((point) => point.rolling7)).toEqual([4, 5, 7, 7.11]);
    expect(series[3].mean).toBe(7.33);
  });

  it('uses what exists when fewer than 3 days have values', () => {
    expect(
      baselineAndLatest([
        { date: '2026-03-01', mean: 4 },
        { date: '2026-03-02', mean: 6 },
      ]),
    ).toEqual({ baseline: 5, latest: 5 });
    expect(baselineAndLatest([])).toEqual({ baseline: null, latest: null });
  });

  it('judges improvement in the measure’s better direction, without thresholds when none apply', () => {
    expect(summariseChange(60, 75, 'higher', { points: 10, percent: 50 })).toEqual(
      jasmine.objectContaining({
        change: 15,
        percentChange: 25,
        direction: 'improved',
        clinicallyImportant: true,
      }),
    );
    expect(summariseChange(60, 75, 'higher', null).clinicallyImportant).toBeNull();
    expect(
      summariseChange(60, 45, 'higher', { points: 10, percent: 50 }).clinicallyImportant,
    ).toBeFalse();
  });
});
