import { PlanCalendar, tallySessions, type AdherencePlan, type LoggedSession } from './adherence';
import { addDays, eachDay, localDateOf, maxDate, weekStart, type LocalDate } from './dates';
import { mean, roundTo, COMPARISON_EPSILON } from './math';
import { RED_FLAG_LABELS, type DailyValue, type PainEntry } from './pain';
import { isDueOn } from './schedule';
import { DEFAULT_THRESHOLDS, type Thresholds } from './thresholds';

export const ALERT_KINDS = ['red_flag', 'pain_spike', 'missed_sessions'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export const ALERT_URGENCY: Readonly<Record<AlertKind, 'urgent' | 'routine'>> = {
  red_flag: 'urgent',
  pain_spike: 'routine',
  missed_sessions: 'routine',
};

/** Shown to the patient at once when they report a red flag. */
export const RED_FLAG_PATIENT_MESSAGE =
  'Some of your answers can be a sign of a problem that needs checking today. Please seek urgent medical care now (your doctor, an urgent care centre or the emergency department). Your therapist has also been alerted.';

/** An alert the rules say should exist; the API stores it unless one of that kind is already open. */
export interface AlertCandidate {
  readonly kind: AlertKind;
  readonly urgency: 'urgent' | 'routine';
  /** The patient's local date the rule fired for. */
  readonly date: LocalDate;
  readonly detail: string;
}

/** `red_flag`: any red-flag answer on a pain entry. */
export function redFlagAlert(entry: PainEntry, timeZone: string): AlertCandidate | null {
  const flags = entry.redFlags ?? [];
  if (flags.length === 0) return null;
  return {
    kind: 'red_flag',
    urgency: ALERT_URGENCY.red_flag,
    date: localDateOf(entry.recordedAt, timeZone),
    detail: `Red flag reported: ${flags.map((flag) => RED_FLAG_LABELS[flag]).join('; ')}`,
  };
}

/**
 * `pain_spike`: the daily pain value of `date` is at least `points` above the mean of the
 * daily values in the `windowDays` days before it (days without entries are left out;
 * with no earlier values there is nothing to spike from).
 */
export function painSpikeAlert(
  daily: readonly DailyValue[],
  date: LocalDate,
  rule: Thresholds['painSpike'] = DEFAULT_THRESHOLDS.painSpike,
): AlertCandidate | null {
  const today = daily.find((day) => day.date === date);
  const windowStart = addDays(date, -rule.windowDays);
  const previous = mean(
    daily.filter((day) => day.date >= windowStart && day.date < date).map((day) => day.mean),
  );
  if (!today || previous === null || today.mean - previous < rule.points - COMPARISON_EPSILON)
    return null;
  return {
    kind: 'pain_spike',
    urgency: ALERT_URGENCY.pain_spike,
    date,
    detail: `Pain ${roundTo(today.mean, 1)} on ${date} is ${roundTo(today.mean - previous, 1)} points above the previous ${rule.windowDays}-day mean of ${roundTo(previous, 1)}`,
  };
}

export interface MissedSessionsInput {
  readonly plans: readonly AdherencePlan[];
  readonly sessions: readonly LoggedSession[];
  /** The patient's local date today; today is not over, so only earlier days can be missed. */
  readonly today: LocalDate;
  readonly timeZone: string;
  readonly rule?: Thresholds['missedSessions'];
}

/**
 * `missed_sessions`: no completed session on the last N consecutive due days before today.
 *
 * A day is due when a weekday item is due on it. Weekly items have no fixed days, so a day
 * counts as due for them once the week's rest allowance (7 − timesPerWeek days, counted
 * from Monday, over days the item is in force) is used up: from then on every day without a session puts the weekly
 * target further out of reach. A completed session today clears the alert.
 */
export function missedSessionsAlert(input: MissedSessionsInput): AlertCandidate | null {
  const needed = (input.rule ?? DEFAULT_THRESHOLDS.missedSessions).consecutiveDueDays;
  const calendar = new PlanCalendar(input.plans, input.timeZone);
  const logs = tallySessions(input.sessions);
  const completedOn = (date: LocalDate) =>
    [...(logs.get(date)?.values() ?? [])].some((log) => log.done > 0);
  if (completedOn(input.today) || calendar.earliestStart === undefined) return null;

  const yesterday = addDays(input.today, -1);
  // Long enough to hold N due days of a once-a-week item, starting on a Monday for the allowance count.
  const start = maxDate(weekStart(addDays(yesterday, -7 * needed)), calendar.earliestStart);
  const dueDays: { date: LocalDate; completed: boolean }[] = [];
  let restDays = 0;
  for (const date of eachDay(start, yesterday)) {
    if (date === weekStart(date)) restDays = 0;
    const completed = completedOn(date);
    const items = calendar.itemsOn(date);
    if (!completed && items.some((item) => item.timesPerWeek !== undefined)) restDays += 1;
    const due = items.some((item) =>
      item.daysOfWeek !== undefined
        ? isDueOn(item, date)
        : restDays > 7 - Math.min(item.timesPerWeek, 7),
    );
    if (due) dueDays.push({ date, completed });
  }
  const last = dueDays.slice(-needed);
  if (last.length < needed || last.some((day) => day.completed)) return null;
  return {
    kind: 'missed_sessions',
    urgency: ALERT_URGENCY.missed_sessions,
    date: yesterday,
    detail: `No completed session on ${needed} due days in a row (${last.map((day) => day.date).join(', ')})`,
  };
}

/** One open alert per patient and kind: keeps the candidates whose kind has none open. */
export function alertsToOpen(
  candidates: readonly AlertCandidate[],
  openKinds: readonly AlertKind[],
): AlertCandidate[] {
  const blocked = new Set<AlertKind>(openKinds);
  return candidates.filter((candidate) => {
    if (blocked.has(candidate.kind)) return false;
    blocked.add(candidate.kind);
    return true;
  });
}
