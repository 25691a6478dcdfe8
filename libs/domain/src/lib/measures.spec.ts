import { classifyAke, classifySlr, measureProgress, validateMeasure } from './measures';

describe('measures', () => {
  describe('validateMeasure', () => {
    it('accepts a flexibility test with its side', () => {
      expect(
        validateMeasure({ type: 'slr', recordedOn: '2026-03-02', side: 'left', value: 65 }),
      ).toEqual({
        ok: true,
        value: { type: 'slr', recordedOn: '2026-03-02', side: 'left', value: 65 },
      });
      expect(
        validateMeasure({ type: 'sit_and_reach', recordedOn: '2026-03-02', value: -4.5 }).ok,
      ).toBeTrue();
    });

    it('accepts ODI answers with skipped sections', () => {
      const answers = [1, 2, null, 0, 3, 2, 1, null, 1, 0];
      expect(validateMeasure({ type: 'odi', recordedOn: '2026-03-02', answers })).toEqual({
        ok: true,
        value: { type: 'odi', recordedOn: '2026-03-02', answers },
      });
    });

    it('rejects unknown types and impossible dates', () => {
      expect(validateMeasure({ type: 'grip', recordedOn: '2026-02-30' })).toEqual({
        ok: false,
        errors: [
          { field: 'type', message: 'Measure type must be one of: slr, ake, sit_and_reach, odi' },
          {
            field: 'recordedOn',
            message: 'Date measured must be a real date written as YYYY-MM-DD',
          },
        ],
      });
      expect(validateMeasure(null).ok).toBeFalse();
    });

    it("refuses a date before the patient's date of birth, and takes the day itself", () => {
      const measure = (recordedOn: string) => ({ type: 'sit_and_reach', recordedOn, value: 2 });
      const context = { today: '2026-03-01', bornOn: '1958-04-12' } as const;
      expect(validateMeasure(measure('1958-04-11'), context)).toEqual({
        ok: false,
        errors: [
          {
            field: 'recordedOn',
            message: "Date measured cannot be before the patient's date of birth (1958-04-12)",
          },
        ],
      });
      expect(validateMeasure(measure('1958-04-12'), context).ok).toBeTrue();
      expect(validateMeasure(measure('1900-01-01'), { ...context, bornOn: null }).ok).toBeTrue();
    });

    it('needs a side for per-side tests and refuses one elsewhere', () => {
      expect(
        validateMeasure(
          { type: 'ake', recordedOn: '2026-03-02', side: 'both', value: 200, answers: [] },
          { today: '2026-03-01' },
        ),
      ).toEqual({
        ok: false,
        errors: [
          { field: 'recordedOn', message: 'Date measured cannot be in the future' },
          { field: 'side', message: 'Side must be one of: left, right' },
          {
            field: 'value',
            message: 'Active knee extension (degrees) must be a number from 0 to 180',
          },
          { field: 'answers', message: 'Active knee extension takes a value, not answers' },
        ],
      });
      expect(
        validateMeasure({
          type: 'sit_and_reach',
          recordedOn: '2026-03-02',
          side: 'left',
          value: 2,
        }),
      ).toEqual({
        ok: false,
        errors: [{ field: 'side', message: 'Sit-and-reach is not measured per side' }],
      });
    });

    it('keys ODI answer errors by section', () => {
      expect(
        validateMeasure({
          type: 'odi',
          recordedOn: '2026-03-02',
          value: 30,
          answers: [1, 2, 3, 4, 5, 6, 0, 0, 0, 0],
        }),
      ).toEqual({
        ok: false,
        errors: [
          { field: 'value', message: 'Oswestry Disability Index takes answers, not a value' },
          {
            field: 'answers[5]',
            message: 'Each answer must be a whole number from 0 to 5, or empty when skipped',
          },
        ],
      });
    });
  });

  it('classifies SLR and AKE by their thresholds', () => {
    expect([79, 80].map(classifySlr)).toEqual(['limited', 'normal']);
    expect([20, 21].map(classifyAke)).toEqual(['normal', 'tight']);
  });

  describe('measureProgress', () => {
    it('calls a rising SLR improved and compares one side at a time', () => {
      const points = [
        { recordedOn: '2026-03-30', value: 72, side: 'left' as const },
        { recordedOn: '2026-03-02', value: 60, side: 'left' as const },
        { recordedOn: '2026-03-02', value: 70, side: 'right' as const },
      ];
      expect(measureProgress('slr', points, { side: 'left' })).toEqual({
        type: 'slr',
        side: 'left',
        baseline: 60,
        latest: 72,
        change: 12,
        percentChange: 20,
        direction: 'improved',
        clinicallyImportant: null,
        series: [points[1], points[0]],
      });
    });

    it('calls a falling AKE improved: fewer degrees short of full extension is better', () => {
      const result = measureProgress('ake', [
        { recordedOn: '2026-03-02', value: 35 },
        { recordedOn: '2026-04-13', value: 25 },
      ]);
      expect(result.change).toBe(-10);
      expect(result.direction).toBe('improved');
    });

    it('calls a falling sit-and-reach worsened and gives no percentage from a negative baseline', () => {
      const result = measureProgress('sit_and_reach', [
        { recordedOn: '2026-03-02', value: -2 },
        { recordedOn: '2026-04-13', value: -5 },
      ]);
      expect(result).toEqual(
        jasmine.objectContaining({ change: -3, percentChange: null, direction: 'worsened' }),
      );
    });

    it('judges ODI against 10 points or 30 % within the range', () => {
      const points = [
        { recordedOn: '2026-01-05', value: 60 },
        { recordedOn: '2026-03-02', value: 40 },
        { recordedOn: '2026-04-13', value: 30 },
      ];
      expect(measureProgress('odi', points, { from: '2026-03-01', to: '2026-04-30' })).toEqual(
        jasmine.objectContaining({
          baseline: 40,
          latest: 30,
          change: -10,
          percentChange: -25,
          clinicallyImportant: true,
        }),
      );
      expect(
        measureProgress('odi', points, {
          from: '2026-03-01',
          thresholds: { points: 15, percent: 30 },
        }).clinicallyImportant,
      ).toBeFalse();
      expect(measureProgress('odi', [], {})).toEqual(
        jasmine.objectContaining({
          baseline: null,
          direction: null,
          clinicallyImportant: null,
          series: [],
        }),
      );
    });
  });
});
