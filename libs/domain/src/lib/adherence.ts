import { formatDayNumber, isoWeekdayOfDayNumber } from './day-numbers';
import { daysSinceEpoch, localDateOf, minDate, type LocalDate } from './dates';
import { roundTo } from './math';
import { revisionInForce, type PlanItem, type PlanRevision, type PlanStatus } from './plan';
import { dailyCap, isDueOn, isDueOnWeekday } from './schedule';

/** A status change as the API records it; it applies from the local date of `at`, that whole day included. */
export interface PlanStatusChange {
  readonly status: PlanStatus;
  readonly at: Date | string;
}

/** What adherence needs of a plan. Plans start `active` on `startDate`; `endDate` is the last day included. */
export interface AdherencePlan {
  readonly startDate: LocalDate;
  readonly endDate?: LocalDate;
  readonly revisions: readonly PlanRevision[];
  readonly statusChanges?: readonly PlanStatusChange[];
}

export interface LoggedSession {
  readonly performedOn: LocalDate;
  readonly items: readonly { readonly planItemId: string; readonly completed: boolean }[];
}

export interface AdherenceInput {
  readonly plans: readonly AdherencePlan[];
  readonly sessions: readonly LoggedSession[];
  /** Local dates, both included. */
  readonly from: LocalDate;
  readonly to: LocalDate;
  /** The patient's IANA zone: places status changes (instants) and `now` on local dates. */
  readonly timeZone: string;
  /** When given, days after the patient's local today prescribe nothing yet. */
  readonly now?: Date | string;
}

export interface AdherenceCounts {
  readonly prescribed: number;
  readonly completed: number;
  /** Logged as not done. */
  readonly skipped: number;
  /** Prescribed but absent from every log. */
  readonly notLogged: number;
  /** completed ÷ prescribed in [0, 1]; `null` when nothing was prescribed. */
  readonly rate: number | null;
}

export interface WeeklyAdherence extends AdherenceCounts {
  /** The Monday of the ISO week. */
  readonly weekStart: LocalDate;
}

export interface AdherenceReport extends AdherenceCounts {
  readonly from: LocalDate;
  readonly to: LocalDate;
  /** Logs overestimate real adherence (Nicolson et al.): the figure must be labelled self-reported. */
  readonly selfReported: true;
  readonly weekly: readonly WeeklyAdherence[];
}

interface Tally {
  prescribed: number;
  completed: number;
  skipped: number;
}

interface DayLog {
  done: number;
  notDone: number;
}

/** Per local date, per plan item: how often a session marked it done or not done. */
export function tallySessions(
  sessions: readonly LoggedSession[],
): Map<LocalDate, Map<string, DayLog>> {
  const byDate = new Map<LocalDate, Map<string, DayLog>>();
  for (const session of sessions) {
    const items = byDate.get(session.performedOn) ?? new Map<string, DayLog>();
    byDate.set(session.performedOn, items);
    for (const item of session.items) {
      const log = items.get(item.planItemId) ?? { done: 0, notDone: 0 };
      if (item.completed) log.done += 1;
      else log.notDone += 1;
      items.set(item.planItemId, log);
    }
  }
  return byDate;
}

/** Resolves which items of which plans are in force on each date, caching status timelines. */
export class PlanCalendar {
  private readonly timelines: readonly (readonly { from: LocalDate; status: PlanStatus }[])[];

  constructor(
    private readonly plans: readonly AdherencePlan[],
    timeZone: string,
  ) {
    this.timelines = plans.map((plan) =>
      (plan.statusChanges ?? [])
        .map((change) => ({
          instant: new Date(change.at).getTime(),
          from: localDateOf(change.at, timeZone),
          status: change.status,
        }))
        .sort((a, b) => a.instant - b.instant),
    );
  }

  /** The earliest start of any plan, if there are plans. */
  get earliestStart(): LocalDate | undefined {
    return this.plans.map((plan) => plan.startDate).sort()[0];
  }

  /** Items of active plans on `date`, by the revision in force that day; paused and completed periods give none. */
  itemsOn(date: LocalDate): PlanItem[] {
    const items: PlanItem[] = [];
    this.plans.forEach((plan, index) => {
      if (date < plan.startDate || (plan.endDate !== undefined && date > plan.endDate)) return;
      let status: PlanStatus = 'active';
      for (const change of this.timelines[index]) if (change.from <= date) status = change.status;
      if (status !== 'active') return;
      const revision = revisionInForce(plan.revisions, date);
      if (revision) items.push(...revision.items);
    });
    return items;
  }
}

/**
 * What the patient should do on `date`: weekday items due that day and weekly items in
 * force (their days are the patient's choice). Feeds the "today" screen.
 */
export function itemsDueOn(
  plans: readonly AdherencePlan[],
  date: LocalDate,
  timeZone: string,
): PlanItem[] {
  return new PlanCalendar(plans, timeZone)
    .itemsOn(date)
    .filter((item) => item.daysOfWeek === undefined || isDueOn(item, date));
}

function rateOf(tally: Tally): AdherenceCounts {
  return {
    prescribed: roundTo(tally.prescribed, 2),
    completed: roundTo(tally.completed, 2),
    skipped: roundTo(tally.skipped, 2),
    notLogged: roundTo(tally.prescribed - tally.completed - tally.skipped, 2),
    rate: tally.prescribed > 0 ? roundTo(tally.completed / tally.prescribed, 4) : null,
  };
}

/**
 * Self-reported adherence over [from, to] in the patient's time zone.
 *
 * - Weekday items: each due day prescribes `timesPerDay`; that day's completions count up
 *   to that many, so extra sessions never lift a day above 100 %.
 * - Weekly items: each ISO week prescribes `timesPerWeek × activeDays / 7`, where active
 *   days are the week's days inside the range, the plan's dates, an active status and a
 *   revision containing the item, so partial weeks are pro-rated. Completions count up to
 *   the item's daily cap per day and up to the week's (pro-rated) prescription.
 * - A session counts for a plan item only by its `planItemId`; items of each revision
 *   have their own ids, so a revision never rewrites what was prescribed before it.
 */
export function computeAdherence(input: AdherenceInput): AdherenceReport {
  const calendar = new PlanCalendar(input.plans, input.timeZone);
  const today = input.now === undefined ? input.to : localDateOf(input.now, input.timeZone);
  const logs = tallySessions(input.sessions);
  // Days go by day number: a date string, a weekday and a week per day, without re-parsing.
  const firstDay = daysSinceEpoch(input.from);
  const lastDay = daysSinceEpoch(input.to);
  const firstMonday = firstDay - (isoWeekdayOfDayNumber(firstDay) - 1);
  const weeks: Tally[] = [];
  for (let monday = firstMonday; monday <= lastDay; monday += 7)
    weeks.push({ prescribed: 0, completed: 0, skipped: 0 });
  const weeklyItems = new Map<
    string,
    { week: Tally; timesPerWeek: number; activeDays: number; done: number; notDone: number }
  >();
  const noLog: DayLog = { done: 0, notDone: 0 };

  const lastCounted = daysSinceEpoch(minDate(input.to, today));
  for (let day = firstDay; day <= lastCounted; day++) {
    const date = formatDayNumber(day);
    const weekday = isoWeekdayOfDayNumber(day);
    const weekIndex = (day - firstMonday - (weekday - 1)) / 7;
    const week = weeks[weekIndex];
    const dayLogs = logs.get(date);
    for (const item of calendar.itemsOn(date)) {
      const log = dayLogs?.get(item.id) ?? noLog;
      if (item.daysOfWeek !== undefined) {
        if (!isDueOnWeekday(item, weekday)) continue;
        const done = Math.min(log.done, item.timesPerDay);
        week.prescribed += item.timesPerDay;
        week.completed += done;
        week.skipped += Math.min(log.notDone, item.timesPerDay - done);
        continue;
      }
      const key = `${weekIndex} ${item.id}`;
      let group = weeklyItems.get(key);
      if (!group) {
        group = { week, timesPerWeek: item.timesPerWeek, activeDays: 0, done: 0, notDone: 0 };
        weeklyItems.set(key, group);
      }
      const cap = dailyCap(item);
      const done = Math.min(log.done, cap);
      group.activeDays += 1;
      group.done += done;
      group.notDone += Math.min(log.notDone, cap - done);
    }
  }
  for (const group of weeklyItems.values()) {
    const prescribed = (group.timesPerWeek * group.activeDays) / 7;
    const completed = Math.min(group.done, prescribed);
    group.week.prescribed += prescribed;
    group.week.completed += completed;
    group.week.skipped += Math.min(group.notDone, prescribed - completed);
  }

  const total: Tally = { prescribed: 0, completed: 0, skipped: 0 };
  const weekly = weeks.map((tally, index) => {
    total.prescribed += tally.prescribed;
    total.completed += tally.completed;
    total.skipped += tally.skipped;
    return { weekStart: formatDayNumber(firstMonday + 7 * index), ...rateOf(tally) };
  });
  return { from: input.from, to: input.to, selfReported: true, ...rateOf(total), weekly };
}
