import { validateSessionLog } from './session';
import type { PlanItem } from './plan';

const strap: PlanItem = {
  id: 'item-strap',
  exerciseId: 'supine-hamstring-strap',
  sets: 3,
  holdSeconds: 30,
  side: 'both',
  timesPerWeek: 5,
  timesPerDay: 1,
};
const bridge: PlanItem = {
  id: 'item-bridge',
  exerciseId: 'glute-bridge',
  sets: 2,
  reps: 10,
  timesPerWeek: 3,
  timesPerDay: 1,
};

describe('session log', () => {
  it('accepts a full log', () => {
    const input = {
      performedOn: '2026-03-04',
      planRevisionId: 'rev-1',
      painBefore: 4,
      painAfter: 3,
      durationMinutes: 15,
      notes: 'Felt looser',
      items: [
        { planItemId: 'item-strap', completed: true, setsDone: 3, holdSecondsDone: 30 },
        { planItemId: 'item-bridge', completed: false },
      ],
    };
    expect(validateSessionLog(input, { planItems: [strap, bridge], today: '2026-03-04' })).toEqual({
      ok: true,
      value: input,
    });
  });

  it('caps done values at twice the prescription and names the item', () => {
    const result = validateSessionLog(
      {
        performedOn: '2026-03-04',
        items: [
          { planItemId: 'item-strap', completed: true, setsDone: 7, holdSecondsDone: 61 },
          { planItemId: 'item-bridge', completed: true, repsDone: 21 },
        ],
      },
      { planItems: [strap, bridge] },
    );
    expect(result).toEqual({
      ok: false,
      errors: [
        {
          field: 'items[0].setsDone',
          message: 'Sets done must be a whole number from 0 to 6 (twice the 3 prescribed)',
        },
        {
          field: 'items[0].holdSecondsDone',
          message: 'Hold time done must be a whole number from 0 to 60 (twice the 30 prescribed)',
        },
        {
          field: 'items[1].repsDone',
          message: 'Repetitions done must be a whole number from 0 to 20 (twice the 10 prescribed)',
        },
      ],
    });
  });

  it('falls back to twice the absolute limits without the plan, and for amounts not prescribed', () => {
    expect(
      validateSessionLog({
        performedOn: '2026-03-04',
        items: [{ planItemId: 'x', completed: true, setsDone: 21 }],
      }),
    ).toEqual({
      ok: false,
      errors: [
        { field: 'items[0].setsDone', message: 'Sets done must be a whole number from 0 to 20' },
      ],
    });
    expect(
      validateSessionLog(
        {
          performedOn: '2026-03-04',
          items: [{ planItemId: 'item-strap', completed: true, repsDone: 200 }],
        },
        { planItems: [strap] },
      ).ok,
    ).toBeTrue();
  });

  it('rejects pain outside 0–10, future dates, unknown and repeated items', () => {
    const result = validateSessionLog(
      {
        performedOn: '2026-03-05',
        painBefore: 11,
        painAfter: 2.5,
        durationMinutes: 0,
        items: [
          { planItemId: 'other', completed: 'yes' },
          { planItemId: 'item-strap', completed: true },
          { planItemId: 'item-strap', completed: true },
        ],
      },
      { planItems: [strap], today: '2026-03-04' },
    );
    expect(result).toEqual({
      ok: false,
      errors: [
        { field: 'performedOn', message: 'Session date cannot be in the future' },
        { field: 'painBefore', message: 'Pain before must be a whole number from 0 to 10' },
        { field: 'painAfter', message: 'Pain after must be a whole number from 0 to 10' },
        {
          field: 'durationMinutes',
          message: 'Duration in minutes must be a whole number from 1 to 600',
        },
        {
          field: 'items[0].planItemId',
          message: 'This exercise is not part of the plan being logged',
        },
        { field: 'items[0].completed', message: 'Completed must be true or false' },
        { field: 'items[2].planItemId', message: 'This exercise is logged twice in one session' },
      ],
    });
  });

  it('needs a date and at least one logged exercise', () => {
    expect(validateSessionLog({ items: [] })).toEqual({
      ok: false,
      errors: [
        { field: 'performedOn', message: 'Session date is required' },
        { field: 'items', message: 'Log at least one exercise' },
      ],
    });
    expect(validateSessionLog({ performedOn: '2026-03-04', items: [null] })).toEqual({
      ok: false,
      errors: [
        { field: 'items[0]', message: 'Logged exercise must be an object with named fields' },
      ],
    });
    expect(validateSessionLog('yesterday').ok).toBeFalse();
  });
});
