import { planItemInput, revision, weekdayItem } from '../testing/factories';
import {
  nextRevision,
  planWarnings,
  revisionInForce,
  validatePlanInput,
  validatePlanItemInput,
  validatePlanRevisionInput,
  validatePlanStatusChange,
} from './plan';

describe('plan', () => {
  describe('validatePlanItemInput', () => {
    it('accepts the API’s PlanItemInput and defaults timesPerDay to 1', () => {
      expect(
        validatePlanItemInput({
          exerciseId: 'plank',
          sets: 3,
          holdSeconds: 15,
          timesPerWeek: 3,
          notes: ' on a mat ',
        }),
      ).toEqual({
        ok: true,
        value: {
          exerciseId: 'plank',
          sets: 3,
          holdSeconds: 15,
          timesPerWeek: 3,
          timesPerDay: 1,
          notes: 'on a mat',
        },
      });
    });

    it('drops rest time, which plan items do not carry', () => {
      const result = validatePlanItemInput({ ...planItemInput(), restSeconds: 9999 });
      expect(result.ok && 'restSeconds' in result.value).toBeFalse();
    });

    it('reports an exercise missing from the library when told what exists', () => {
      expect(
        validatePlanItemInput(planItemInput({ exerciseId: 'moonwalk' }), {
          exerciseExists: (id) => id === 'plank',
        }),
      ).toEqual({
        ok: false,
        errors: [{ field: 'exerciseId', message: 'This exercise is not in the exercise library' }],
      });
    });
  });

  describe('validatePlanInput', () => {
    it('accepts a plan with items', () => {
      const result = validatePlanInput({
        title: 'Back plan',
        startDate: '2026-03-02',
        endDate: '2026-04-12',
        items: [planItemInput()],
      });
      expect(result.ok).toBeTrue();
    });

    it('accepts a plan from a template alone', () => {
      expect(
        validatePlanInput({
          title: 'Back plan',
          startDate: '2026-03-02',
          templateId: 'core-stability',
        }),
      ).toEqual({
        ok: true,
        value: { title: 'Back plan', startDate: '2026-03-02', templateId: 'core-stability' },
      });
    });

    it('keys errors in nested items by index', () => {
      const result = validatePlanInput({
        title: 'Back plan',
        startDate: '2026-02-30',
        items: [
          planItemInput(),
          planItemInput({ exerciseId: 'plank', sets: 11 }),
          planItemInput({ exerciseId: 'plank' }),
        ],
      });
      expect(result).toEqual({
        ok: false,
        errors: [
          { field: 'startDate', message: 'Start date must be a real date written as YYYY-MM-DD' },
          { field: 'items[1].sets', message: 'Sets must be a whole number from 1 to 10' },
        ],
      });
    });

    it('refuses real dates outside the record dates, as the API does', () => {
      const result = validatePlanInput({
        title: 'Back plan',
        startDate: '1899-12-31',
        endDate: '3000-01-01',
        items: [planItemInput()],
      });
      expect(result).toEqual({
        ok: false,
        errors: [
          { field: 'startDate', message: 'Start date must be between 1900-01-01 and 2999-12-31' },
          { field: 'endDate', message: 'End date must be between 1900-01-01 and 2999-12-31' },
        ],
      });
    });

    it('rejects duplicate exercises, end before start, and a plan with nothing to do', () => {
      expect(
        validatePlanInput({
          title: 'X',
          startDate: '2026-03-02',
          items: [planItemInput(), planItemInput()],
        }),
      ).toEqual({
        ok: false,
        errors: [{ field: 'items[1].exerciseId', message: 'This exercise is already in the plan' }],
      });
      expect(
        validatePlanInput({ title: 'X', startDate: '2026-03-02', endDate: '2026-03-01' }),
      ).toEqual({
        ok: false,
        errors: [
          { field: 'endDate', message: 'End date cannot be before the start date' },
          { field: 'items', message: 'Add at least one exercise or choose a template' },
        ],
      });
      expect(validatePlanInput(null).ok).toBeFalse();
    });
  });

  describe('validatePlanRevisionInput', () => {
    it('accepts a revision with a note', () => {
      expect(
        validatePlanRevisionInput({
          basedOnRevision: 2,
          items: [planItemInput()],
          note: 'Longer holds',
        }),
      ).toEqual({
        ok: true,
        value: { basedOnRevision: 2, items: [planItemInput()], note: 'Longer holds' },
      });
    });

    it('needs a revision number and at least one item', () => {
      expect(validatePlanRevisionInput({ basedOnRevision: 0, items: [] })).toEqual({
        ok: false,
        errors: [
          {
            field: 'basedOnRevision',
            message: 'Revision number must be a whole number from 1 to 1000000',
          },
          { field: 'items', message: 'Add at least one exercise' },
        ],
      });
      expect(validatePlanRevisionInput(7).ok).toBeFalse();
    });
  });

  describe('status changes', () => {
    it('allows pausing, resuming and completing', () => {
      expect(validatePlanStatusChange('active', { status: 'paused' })).toEqual({
        ok: true,
        value: 'paused',
      });
      expect(validatePlanStatusChange('paused', { status: 'active' })).toEqual({
        ok: true,
        value: 'active',
      });
      expect(validatePlanStatusChange('paused', { status: 'completed' })).toEqual({
        ok: true,
        value: 'completed',
      });
    });

    it('refuses unknown values, no-ops and reopening a completed plan', () => {
      expect(validatePlanStatusChange('active', { status: 'archived' })).toEqual({
        ok: false,
        errors: [{ field: 'status', message: 'Status must be one of: active, paused, completed' }],
      });
      expect(validatePlanStatusChange('active', { status: 'active' })).toEqual({
        ok: false,
        errors: [{ field: 'status', message: 'The plan is already active' }],
      });
      expect(validatePlanStatusChange('completed', { status: 'active' })).toEqual({
        ok: false,
        errors: [{ field: 'status', message: 'A completed plan cannot be made active' }],
      });
      expect(validatePlanStatusChange('active', 'paused').ok).toBeFalse();
    });
  });

  describe('revisions', () => {
    const first = revision(1, '2026-03-02', [weekdayItem('a', [1])]);
    const second = revision(2, '2026-03-16', [weekdayItem('b', [1])]);
    const sameDay = revision(3, '2026-03-16', [weekdayItem('c', [1])]);

    it('finds the revision in force on a date', () => {
      expect(revisionInForce([first, second], '2026-03-01')).toBeUndefined();
      expect(revisionInForce([first, second], '2026-03-15')).toBe(first);
      expect(revisionInForce([second, first], '2026-03-16')).toBe(second);
      expect(revisionInForce([first, sameDay, second], '2026-03-20')).toBe(sameDay);
    });

    it('numbers the next revision and refuses a stale base (409)', () => {
      expect(
        nextRevision(second, { basedOnRevision: 2, items: [planItemInput()] }, '2026-03-20'),
      ).toEqual({
        ok: true,
        revision: { number: 3, effectiveFrom: '2026-03-20', items: [planItemInput()] },
      });
      expect(nextRevision(second, { basedOnRevision: 1, items: [] }, '2026-03-20')).toEqual({
        ok: false,
        reason: 'stale_revision',
        message: 'This plan has changed since revision 1; reload it to see revision 2',
      });
    });

    it('refuses a revision that would start before the current one', () => {
      const result = nextRevision(second, { basedOnRevision: 2, items: [] }, '2026-03-10');
      expect(result.ok).toBeFalse();
      expect(!result.ok && result.reason).toBe('backdated');
    });
  });

  describe('planWarnings', () => {
    const categoryOf = (id: string) =>
      id.startsWith('stretch') ? 'static_stretch' : 'core_strength';

    it('warns, without refusing, above six exercises', () => {
      const items = Array.from({ length: 7 }, (_, i) => planItemInput({ exerciseId: `core-${i}` }));
      expect(planWarnings(items, categoryOf)).toEqual([
        {
          field: 'items',
          message:
            'Plans with more than 6 exercises are followed less well; consider a shorter plan',
        },
      ]);
      expect(planWarnings(items.slice(0, 6), categoryOf)).toEqual([]);
    });

    it('warns when static stretches are dosed beyond what adds benefit', () => {
      const items = [
        planItemInput({ exerciseId: 'stretch-a', holdSeconds: 60, timesPerDay: 3 }),
        planItemInput({ exerciseId: 'core-a', holdSeconds: 60, timesPerDay: 3 }),
      ];
      expect(planWarnings(items, categoryOf).map((warning) => warning.field)).toEqual([
        'items[0].holdSeconds',
        'items[0].timesPerDay',
      ]);
    });
  });
});
