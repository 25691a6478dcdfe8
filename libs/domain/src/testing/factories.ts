// Small builders for specs: each fills in a valid default and takes overrides.
import type { AdherencePlan, LoggedSession, PlanStatusChange } from '../lib/adherence';
import type { LocalDate } from '../lib/dates';
import type { PlanItem, PlanItemInput, PlanRevision } from '../lib/plan';

export function planItemInput(overrides: Partial<PlanItemInput> = {}): PlanItemInput {
  return {
    exerciseId: 'supine-hamstring-strap',
    sets: 3,
    holdSeconds: 30,
    side: 'both',
    daysOfWeek: [1, 2, 3, 4, 5],
    timesPerDay: 1,
    ...overrides,
  } as PlanItemInput;
}

export function weekdayItem(
  id: string,
  daysOfWeek: PlanItem['daysOfWeek'] & object,
  timesPerDay = 1,
): PlanItem {
  return { id, exerciseId: `exercise-${id}`, sets: 3, holdSeconds: 30, daysOfWeek, timesPerDay };
}

export function weeklyItem(id: string, timesPerWeek: number, timesPerDay = 1): PlanItem {
  return { id, exerciseId: `exercise-${id}`, sets: 2, reps: 10, timesPerWeek, timesPerDay };
}

export function revision(
  number: number,
  effectiveFrom: LocalDate,
  items: readonly PlanItem[],
): PlanRevision {
  return { number, effectiveFrom, items };
}

export function plan(
  startDate: LocalDate,
  revisions: readonly PlanRevision[],
  extra: { endDate?: LocalDate; statusChanges?: readonly PlanStatusChange[] } = {},
): AdherencePlan {
  return { startDate, revisions, ...extra };
}

export function session(
  performedOn: LocalDate,
  done: readonly string[],
  notDone: readonly string[] = [],
): LoggedSession {
  return {
    performedOn,
    items: [
      ...done.map((planItemId) => ({ planItemId, completed: true })),
      ...notDone.map((planItemId) => ({ planItemId, completed: false })),
    ],
  };
}
