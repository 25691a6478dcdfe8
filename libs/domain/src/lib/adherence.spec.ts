import fc from 'fast-check';
import { plan, revision, session, weekdayItem, weeklyItem } from '../testing/factories';
import {
  computeAdherence,
  itemsDueOn,
  type AdherenceInput,
  type AdherencePlan,
  type LoggedSession,
} from './adherence';
import { addDays } from './dates';
import type { PlanItem, PlanRevision } from './plan';

const UTC = 'UTC';
const MON_WED_FRI = [1, 3, 5] as const;

function adherence(
  plans: AdherencePlan[],
  sessions: LoggedSession[],
  from: string,
  to: string,
  extra: Partial<AdherenceInput> = {},
) {
  return computeAdherence({ plans, sessions, from, to, timeZone: UTC, ...extra });
}

describe('adherence', () => {
  it('keeps completed, skipped and not logged apart for weekday items', () => {
    const p = plan('2026-03-02', [revision(1, '2026-03-02', [weekdayItem('a', [...MON_WED_FRI])])]);
    const report = adherence(
      [p],
      [session('2026-03-02', ['a']), session('2026-03-04', [], ['a'])],
      '2026-03-02',
      '2026-03-08',
    );
    expect(report).toEqual({
      from: '2026-03-02',
      to: '2026-03-08',
      selfReported: true,
      prescribed: 3,
      completed: 1,
      skipped: 1,
      notLogged: 1,
      rate: 0.3333,
      weekly: [
        {
          weekStart: '2026-03-02',
          prescribed: 3,
          completed: 1,
          skipped: 1,
          notLogged: 1,
          rate: 0.3333,
        },
      ],
    });
  });

  it('never lets extra sessions push a day above 100 %', () => {
    const p = plan('2026-03-02', [
      revision(1, '2026-03-02', [weekdayItem('a', [...MON_WED_FRI]), weekdayItem('b', [1], 2)]),
    ]);
    const sessions = [
      session('2026-03-02', ['a', 'b']),
      session('2026-03-02', ['a', 'b']),
      session('2026-03-02', ['a', 'b']),
      session('2026-03-07', ['a']),
    ];
    const report = adherence([p], sessions, '2026-03-02', '2026-03-02');
    expect(report).toEqual(jasmine.objectContaining({ prescribed: 3, completed: 3, rate: 1 }));
  });

  it('pro-rates weekly targets for partial ISO weeks at the range’s ends', () => {
    const p = plan('2026-02-01', [revision(1, '2026-02-01', [weeklyItem('w', 3)])]);
    // Wednesday to the Sunday of the next week: 5 of 7 days, then a full week.
    const sessions = ['2026-03-04', '2026-03-05', '2026-03-06', '2026-03-07', '2026-03-10'].map(
      (date) => session(date, ['w']),
    );
    const report = adherence([p], sessions, '2026-03-04', '2026-03-15');
    expect(report.weekly).toEqual([
      {
        weekStart: '2026-03-02',
        prescribed: 2.14,
        completed: 2.14,
        skipped: 0,
        notLogged: 0,
        rate: 1,
      },
      {
        weekStart: '2026-03-09',
        prescribed: 3,
        completed: 1,
        skipped: 0,
        notLogged: 2,
        rate: 0.3333,
      },
    ]);
    expect(report).toEqual(
      jasmine.objectContaining({ prescribed: 5.14, completed: 3.14, rate: 0.6111 }),
    );
  });

  it('pro-rates at the plan’s start and end and counts bunched weekly sessions up to the daily cap', () => {
    const p = plan('2026-03-05', [revision(1, '2026-03-05', [weeklyItem('w', 14)])], {
      endDate: '2026-03-10',
    });
    const sessions = [
      session('2026-03-05', ['w']),
      session('2026-03-05', ['w']),
      session('2026-03-05', ['w']),
      session('2026-03-06', [], ['w']),
    ];
    const report = adherence([p], sessions, '2026-03-02', '2026-03-15');
    // Thursday–Sunday: 14 × 4/7 = 8 prescribed; three sessions on one day count as the cap of 2.
    expect(report.weekly[0]).toEqual({
      weekStart: '2026-03-02',
      prescribed: 8,
      completed: 2,
      skipped: 1,
      notLogged: 5,
      rate: 0.25,
    });
    expect(report.weekly[1]).toEqual(jasmine.objectContaining({ prescribed: 4, completed: 0 }));
  });

  it('prescribes nothing while the plan is paused, placing changes in the patient’s time zone', () => {
    const p = plan(
      '2026-03-02',
      [revision(1, '2026-03-02', [weekdayItem('a', [1, 2, 3, 4, 5, 6, 7])])],
      {
        statusChanges: [
          // Resumed 6 March 10:00 in New York; paused 3 March 21:00 there (already 4 March in UTC).
          { status: 'active', at: '2026-03-06T15:00:00Z' },
          { status: 'paused', at: '2026-03-04T02:00:00Z' },
        ],
      },
    );
    const report = computeAdherence({
      plans: [p],
      sessions: [],
      from: '2026-03-02',
      to: '2026-03-08',
      timeZone: 'America/New_York',
    });
    // Active on the 2nd, and from the 6th to the 8th.
    expect(report.prescribed).toBe(4);
    expect(adherence([p], [], '2026-03-02', '2026-03-08').prescribed).toBe(5);
  });

  it('stops prescribing once the plan is completed', () => {
    const p = plan(
      '2026-03-02',
      [revision(1, '2026-03-02', [weekdayItem('a', [1, 2, 3, 4, 5, 6, 7])])],
      {
        statusChanges: [{ status: 'completed', at: new Date('2026-03-05T09:00:00Z') }],
      },
    );
    expect(adherence([p], [], '2026-03-01', '2026-03-31').prescribed).toBe(3);
  });

  it('follows the revision in force each day', () => {
    const p = plan('2026-03-02', [
      revision(1, '2026-03-02', [weekdayItem('a', [1, 2, 3, 4, 5, 6, 7])]),
      revision(2, '2026-03-05', [weekdayItem('b', [1])]),
    ]);
    // A session against an item of the old revision no longer counts once it is replaced.
    const sessions = [
      session('2026-03-04', ['a']),
      session('2026-03-06', ['a']),
      session('2026-03-09', ['b']),
    ];
    const report = adherence([p], sessions, '2026-03-02', '2026-03-15');
    expect(report.weekly.map((week) => [week.prescribed, week.completed])).toEqual([
      [3, 1],
      [1, 1],
    ]);
  });

  it('adds up several plans', () => {
    const first = plan('2026-03-02', [revision(1, '2026-03-02', [weekdayItem('a', [1])])]);
    const second = plan('2026-03-02', [revision(1, '2026-03-02', [weekdayItem('b', [2])])]);
    expect(
      adherence([first, second], [session('2026-03-03', ['b'])], '2026-03-02', '2026-03-08'),
    ).toEqual(jasmine.objectContaining({ prescribed: 2, completed: 1, rate: 0.5 }));
  });

  it('gives a null rate, not zero, when nothing was prescribed', () => {
    const p = plan('2026-04-01', [revision(1, '2026-04-01', [weekdayItem('a', [1])])]);
    const report = adherence([p], [], '2026-03-02', '2026-03-15');
    expect(report.rate).toBeNull();
    expect(report.weekly.map((week) => week.rate)).toEqual([null, null]);
    expect(adherence([], [], '2026-03-10', '2026-03-09')).toEqual(
      jasmine.objectContaining({ prescribed: 0, rate: null }),
    );
  });

  it('prescribes nothing after the patient’s today', () => {
    const p = plan('2026-03-02', [
      revision(1, '2026-03-02', [weekdayItem('a', [1, 2, 3, 4, 5, 6, 7])]),
    ]);
    // 03:00 UTC on 5 March is still 4 March in Los Angeles.
    const report = computeAdherence({
      plans: [p],
      sessions: [],
      from: '2026-03-02',
      to: '2026-03-08',
      timeZone: 'America/Los_Angeles',
      now: '2026-03-05T03:00:00Z',
    });
    expect(report.prescribed).toBe(3);
  });

  it('counts each local day of a week with a daylight-saving change once', () => {
    const p = plan(
      '2026-03-23',
      [revision(1, '2026-03-23', [weekdayItem('a', [1, 2, 3, 4, 5, 6, 7])])],
      {
        // 00:30 on 30 March in Amsterdam (summer time) is 22:30 UTC on the 29th.
        statusChanges: [{ status: 'paused', at: '2026-03-29T22:30:00Z' }],
      },
    );
    const report = computeAdherence({
      plans: [p],
      sessions: [session('2026-03-29', ['a'])],
      from: '2026-03-23',
      to: '2026-04-05',
      timeZone: 'Europe/Amsterdam',
    });
    expect(report.weekly.map((week) => [week.weekStart, week.prescribed, week.completed])).toEqual([
      ['2026-03-23', 7, 1],
      ['2026-03-30', 0, 0],
    ]);
  });

  it('lists the items due on a day for the today screen', () => {
    const p = plan('2026-03-02', [
      revision(1, '2026-03-02', [weekdayItem('a', [1]), weeklyItem('w', 3)]),
    ]);
    expect(itemsDueOn([p], '2026-03-02', UTC).map((item) => item.id)).toEqual(['a', 'w']);
    expect(itemsDueOn([p], '2026-03-03', UTC).map((item) => item.id)).toEqual(['w']);
    expect(itemsDueOn([p], '2026-03-01', UTC)).toEqual([]);
  });

  describe('properties', () => {
    const START = '2026-03-02';
    const dayOffset = fc.integer({ min: 0, max: 34 });
    const itemArb = (id: string): fc.Arbitrary<PlanItem> =>
      fc.oneof(
        fc
          .record({
            days: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }),
            times: fc.integer({ min: 1, max: 4 }),
          })
          .map(({ days, times }) =>
            weekdayItem(id, days as PlanItem['daysOfWeek'] & object, times),
          ),
        fc
          .record({
            perWeek: fc.integer({ min: 1, max: 14 }),
            times: fc.integer({ min: 1, max: 4 }),
          })
          .map(({ perWeek, times }) => weeklyItem(id, perWeek, times)),
      );
    const revisionsArb: fc.Arbitrary<PlanRevision[]> = fc
      .array(fc.tuple(fc.integer({ min: 0, max: 10 }), fc.integer({ min: 1, max: 3 })), {
        minLength: 1,
        maxLength: 3,
      })
      .chain((shapes) => {
        let offset = 0;
        return fc.tuple(
          ...shapes.map(([gap, count], index) => {
            offset += index === 0 ? 0 : gap;
            const effectiveFrom = addDays(START, offset);
            return fc
              .tuple(...Array.from({ length: count }, (_, k) => itemArb(`r${index + 1}-i${k}`)))
              .map((items) => revision(index + 1, effectiveFrom, items));
          }),
        );
      });
    const statusArb = fc.array(
      fc
        .record({
          status: fc.constantFrom('active' as const, 'paused' as const, 'completed' as const),
          day: dayOffset,
          hour: fc.integer({ min: 0, max: 23 }),
        })
        .map(({ status, day, hour }) => ({
          status,
          at: `${addDays(START, day)}T${String(hour).padStart(2, '0')}:00:00Z`,
        })),
      { maxLength: 3 },
    );
    const planArb: fc.Arbitrary<AdherencePlan> = fc
      .record({
        revisions: revisionsArb,
        end: fc.option(dayOffset, { nil: undefined }),
        statusChanges: statusArb,
      })
      .map(({ revisions, end, statusChanges }) =>
        plan(START, revisions, {
          endDate: end === undefined ? undefined : addDays(START, end),
          statusChanges,
        }),
      );
    const sessionArb = fc.record({
      performedOn: dayOffset.map((offset) => addDays(START, offset)),
      items: fc.array(
        fc.record({
          planItemId: fc.constantFrom(
            'r1-i0',
            'r1-i1',
            'r1-i2',
            'r2-i0',
            'r2-i1',
            'r3-i0',
            'unknown',
          ),
          completed: fc.boolean(),
        }),
        { maxLength: 4 },
      ),
    });
    const rangeArb = fc
      .tuple(dayOffset, dayOffset)
      .map(
        ([a, b]) => [addDays(START, Math.min(a, b) - 3), addDays(START, Math.max(a, b))] as const,
      );
    const zoneArb = fc.constantFrom(
      'UTC',
      'Europe/Amsterdam',
      'America/New_York',
      'Pacific/Auckland',
    );

    it('keeps every rate in [0, 1] or null', () => {
      fc.assert(
        fc.property(
          fc.array(planArb, { minLength: 0, maxLength: 2 }),
          fc.array(sessionArb, { maxLength: 25 }),
          rangeArb,
          zoneArb,
          (plans, sessions, [from, to], timeZone) => {
            const report = computeAdherence({ plans, sessions, from, to, timeZone });
            return [report, ...report.weekly].every(
              (counts) =>
                (counts.rate === null
                  ? counts.prescribed === 0
                  : counts.rate >= 0 && counts.rate <= 1) &&
                counts.notLogged >= 0 &&
                counts.skipped >= 0,
            );
          },
        ),
      );
    });

    it('never lowers adherence when a completed session is added', () => {
      fc.assert(
        fc.property(
          planArb,
          fc.array(sessionArb, { maxLength: 20 }),
          sessionArb,
          rangeArb,
          zoneArb,
          (p, sessions, extra, [from, to], timeZone) => {
            const completedExtra = {
              ...extra,
              items: extra.items.map((item) => ({ ...item, completed: true })),
            };
            const before = computeAdherence({ plans: [p], sessions, from, to, timeZone });
            const after = computeAdherence({
              plans: [p],
              sessions: [...sessions, completedExtra],
              from,
              to,
              timeZone,
            });
            return (
              after.prescribed === before.prescribed &&
              (before.rate === null || (after.rate as number) >= before.rate)
            );
          },
        ),
      );
    });

    it('never changes what was prescribed before a revision’s start', () => {
      fc.assert(
        fc.property(
          planArb,
          fc.integer({ min: 0, max: 20 }),
          fc.tuple(itemArb('new-a'), itemArb('new-b')),
          fc.array(sessionArb, { maxLength: 15 }),
          zoneArb,
          (p, gap, items, sessions, timeZone) => {
            const latest = p.revisions[p.revisions.length - 1];
            const effectiveFrom = addDays(latest.effectiveFrom, gap);
            const revised: AdherencePlan = {
              ...p,
              revisions: [...p.revisions, revision(latest.number + 1, effectiveFrom, items)],
            };
            const to = addDays(effectiveFrom, -1);
            const before = computeAdherence({ plans: [p], sessions, from: START, to, timeZone });
            const after = computeAdherence({
              plans: [revised],
              sessions,
              from: START,
              to,
              timeZone,
            });
            const days = Array.from({ length: Math.max(0, gap + 10) }, (_, i) =>
              addDays(START, i),
            ).filter((day) => day < effectiveFrom);
            return (
              JSON.stringify(after) === JSON.stringify(before) &&
              days.every(
                (day) =>
                  JSON.stringify(itemsDueOn([p], day, timeZone)) ===
                  JSON.stringify(itemsDueOn([revised], day, timeZone)),
              )
            );
          },
        ),
      );
    });
  });
});
