/**
 * SQL over a `weekly_item_week` row aliased `w` (migrations 1764000000013 and 0018): one row per
 * patient, weekly plan item and ISO week, its days side by side, `d1` Monday … `d7` Sunday.
 * `first` and `last` are SQL date expressions, both days included.
 */
const WEEK_DAYS = [1, 2, 3, 4, 5, 6, 7];

/** Whether day k of the row's week (1 = Monday) falls within [first, last]. */
export function weekDayWithin(k: number, first: string, last: string): string {
  return `w.monday + ${k - 1} BETWEEN ${first} AND ${last}`;
}

/** The row's completions on its days within [first, last] (each already capped per day). */
export function weekDoneWithin(first: string, last: string): string {
  return WEEK_DAYS.map(
    (k) => `CASE WHEN ${weekDayWithin(k, first, last)} THEN w.d${k} ELSE 0 END`,
  ).join(' + ');
}

/** How many of the row's in-force days fall within [first, last]. */
export function weekInForceDaysWithin(first: string, last: string): string {
  return WEEK_DAYS.map(
    (k) =>
      `CASE WHEN ${weekDayWithin(k, first, last)} AND w.in_force & ${1 << (k - 1)} <> 0 THEN 1 ELSE 0 END`,
  ).join(' + ');
}
