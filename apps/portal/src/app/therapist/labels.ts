import type { BodyRegion, ExerciseCategory, IsoWeekday, PlanStatus, Side } from '@rehabit/domain';

export const CATEGORY_LABELS: Readonly<Record<ExerciseCategory, string>> = {
  dynamic_stretch: 'Dynamic stretch',
  static_stretch: 'Static stretch',
  yoga_pilates: 'Yoga / Pilates',
  core_strength: 'Core strengthening',
  posture: 'Posture correction',
};

export function regionLabel(region: BodyRegion): string {
  const text = region.replace(/_/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export const SIDE_LABELS: Readonly<Record<Side, string>> = {
  left: 'Left',
  right: 'Right',
  both: 'Each side',
  alternate: 'Alternating sides',
};

export const WEEKDAYS: ReadonlyArray<{ day: IsoWeekday; short: string; long: string }> = [
  { day: 1, short: 'Mon', long: 'Monday' },
  { day: 2, short: 'Tue', long: 'Tuesday' },
  { day: 3, short: 'Wed', long: 'Wednesday' },
  { day: 4, short: 'Thu', long: 'Thursday' },
  { day: 5, short: 'Fri', long: 'Friday' },
  { day: 6, short: 'Sat', long: 'Saturday' },
  { day: 7, short: 'Sun', long: 'Sunday' },
];

export const STATUS_LABELS: Readonly<Record<PlanStatus, string>> = {
  active: 'Active',
  paused: 'Paused',
  completed: 'Completed',
};

/** "3 × 10 reps, hold 5 s, each side" */
export function describeDosage(d: {
  sets: number;
  reps: number | null;
  holdSeconds: number | null;
  side: Side | null;
}): string {
  const parts = [`${d.sets} set${d.sets === 1 ? '' : 's'}`];
  if (d.reps) parts.push(`${d.reps} reps`);
  if (d.holdSeconds) parts.push(`hold ${d.holdSeconds} s`);
  if (d.side) parts.push(SIDE_LABELS[d.side].toLowerCase());
  return parts.join(', ');
}

/** "Mon, Wed, Fri" or "3 times a week", plus "twice a day" when more than once. */
export function describeSchedule(s: {
  daysOfWeek: readonly IsoWeekday[] | null;
  timesPerWeek: number | null;
  timesPerDay: number;
}): string {
  const when = s.daysOfWeek?.length
    ? s.daysOfWeek.map((d) => WEEKDAYS[d - 1].short).join(', ')
    : `${s.timesPerWeek ?? 0} times a week`;
  return s.timesPerDay > 1 ? `${when}, ${s.timesPerDay} times a day` : when;
}
