import { plan, revision, session, weekdayItem, weeklyItem } from '../testing/factories';
import {
  alertsToOpen,
  missedSessionsAlert,
  painSpikeAlert,
  redFlagAlert,
  type AlertCandidate,
} from './alerts';

const UTC = 'UTC';

describe('alerts', () => {
  describe('red_flag', () => {
    it('raises an urgent alert on any red-flag answer, dated in the patient’s zone', () => {
      expect(
        redFlagAlert(
          {
            recordedAt: '2026-03-05T02:00:00Z',
            score: 5,
            redFlags: ['saddle_numbness', 'leg_weakness'],
          },
          'America/Chicago',
        ),
      ).toEqual({
        kind: 'red_flag',
        urgency: 'urgent',
        date: '2026-03-04',
        detail:
          'Red flag reported: Numbness around the groin, buttocks or inner thighs (saddle area); New or worsening weakness in a leg',
      });
    });

    it('raises nothing without red flags', () => {
      expect(redFlagAlert({ recordedAt: '2026-03-05T02:00:00Z', score: 9 }, UTC)).toBeNull();
      expect(
        redFlagAlert({ recordedAt: '2026-03-05T02:00:00Z', score: 9, redFlags: [] }, UTC),
      ).toBeNull();
    });
  });

  describe('pain_spike', () => {
    const week = [
      { date: '2026-03-01', mean: 9 }, // outside the 7 days before 9 March
      { date: '2026-03-02', mean: 3 },
      { date: '2026-03-04', mean: 2 },
      { date: '2026-03-08', mean: 4 },
    ];

    it('fires when the day is at least 2 points above the previous 7 days’ mean', () => {
      expect(painSpikeAlert([...week, { date: '2026-03-09', mean: 5 }], '2026-03-09')).toEqual({
        kind: 'pain_spike',
        urgency: 'routine',
        date: '2026-03-09',
        detail: 'Pain 5 on 2026-03-09 is 2 points above the previous 7-day mean of 3',
      });
    });

    it('stays quiet just under the threshold, without a value that day, or without earlier values', () => {
      expect(painSpikeAlert([...week, { date: '2026-03-09', mean: 4.9 }], '2026-03-09')).toBeNull();
      expect(painSpikeAlert(week, '2026-03-09')).toBeNull();
      expect(painSpikeAlert([{ date: '2026-03-09', mean: 10 }], '2026-03-09')).toBeNull();
    });

    it('uses a clinic’s own rule', () => {
      expect(
        painSpikeAlert([...week, { date: '2026-03-09', mean: 5 }], '2026-03-09', {
          points: 3,
          windowDays: 7,
        }),
      ).toBeNull();
      expect(
        painSpikeAlert([...week, { date: '2026-03-09', mean: 5 }], '2026-03-09', {
          points: 1,
          windowDays: 1,
        }),
      ).not.toBeNull();
    });
  });

  describe('missed_sessions', () => {
    const mwf = plan('2026-03-02', [revision(1, '2026-03-02', [weekdayItem('a', [1, 3, 5])])]);

    it('fires after 3 consecutive due days without a completed session', () => {
      const sessions = [
        session('2026-03-02', ['a']),
        session('2026-03-04', [], ['a']),
        session('2026-03-07', ['a']),
      ];
      expect(
        missedSessionsAlert({ plans: [mwf], sessions, today: '2026-03-10', timeZone: UTC }),
      ).toEqual({
        kind: 'missed_sessions',
        urgency: 'routine',
        date: '2026-03-09',
        detail: 'No completed session on 3 due days in a row (2026-03-04, 2026-03-06, 2026-03-09)',
      });
    });

    it('waits until the third due day is over, and clears when the patient is back today', () => {
      const sessions = [session('2026-03-02', ['a'])];
      expect(
        missedSessionsAlert({ plans: [mwf], sessions, today: '2026-03-09', timeZone: UTC }),
      ).toBeNull();
      expect(
        missedSessionsAlert({
          plans: [mwf],
          sessions: [...sessions, session('2026-03-10', ['a'])],
          today: '2026-03-10',
          timeZone: UTC,
        }),
      ).toBeNull();
      expect(
        missedSessionsAlert({
          plans: [mwf],
          sessions: [...sessions, session('2026-03-06', ['a'])],
          today: '2026-03-10',
          timeZone: UTC,
        }),
      ).toBeNull();
    });

    it('counts a weekly item’s days as due once the week’s rest allowance is used up', () => {
      // Five a week allows two rest days: Monday and Tuesday; Wednesday to Friday are then due.
      const fiveAWeek = plan('2026-03-02', [revision(1, '2026-03-02', [weeklyItem('w', 5)])]);
      expect(
        missedSessionsAlert({
          plans: [fiveAWeek],
          sessions: [],
          today: '2026-03-06',
          timeZone: UTC,
        }),
      ).toBeNull();
      expect(
        missedSessionsAlert({
          plans: [fiveAWeek],
          sessions: [],
          today: '2026-03-07',
          timeZone: UTC,
        })?.detail,
      ).toBe('No completed session on 3 due days in a row (2026-03-04, 2026-03-05, 2026-03-06)');
      // Three a week allows four rest days, so a quiet week end alone is no alert.
      const threeAWeek = plan('2026-03-02', [revision(1, '2026-03-02', [weeklyItem('w', 3)])]);
      expect(
        missedSessionsAlert({
          plans: [threeAWeek],
          sessions: [session('2026-03-02', ['w'])],
          today: '2026-03-09',
          timeZone: UTC,
        }),
      ).toBeNull();
    });

    it('takes the number of days from the clinic’s rule, and needs a plan', () => {
      expect(
        missedSessionsAlert({
          plans: [mwf],
          sessions: [],
          today: '2026-03-05',
          timeZone: UTC,
          rule: { consecutiveDueDays: 2 },
        }),
      ).not.toBeNull();
      expect(
        missedSessionsAlert({ plans: [], sessions: [], today: '2026-03-10', timeZone: UTC }),
      ).toBeNull();
    });

    it('ignores paused periods', () => {
      const paused = plan(
        '2026-03-02',
        [revision(1, '2026-03-02', [weekdayItem('a', [1, 3, 5])])],
        { statusChanges: [{ status: 'paused', at: '2026-03-03T12:00:00Z' }] },
      );
      expect(
        missedSessionsAlert({ plans: [paused], sessions: [], today: '2026-03-20', timeZone: UTC }),
      ).toBeNull();
    });
  });

  it('opens at most one alert per kind, and none where one is already open', () => {
    const candidate = (kind: AlertCandidate['kind'], date: string): AlertCandidate => ({
      kind,
      urgency: 'routine',
      date,
      detail: '',
    });
    const candidates = [
      candidate('pain_spike', '2026-03-09'),
      candidate('pain_spike', '2026-03-10'),
      candidate('missed_sessions', '2026-03-10'),
      candidate('red_flag', '2026-03-10'),
    ];
    expect(alertsToOpen(candidates, ['red_flag'])).toEqual([candidates[0], candidates[2]]);
  });
});
