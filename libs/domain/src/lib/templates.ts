import { addDays, type LocalDate } from './dates';
import { type PlanInput, type PlanItemInput } from './plan';
import { type Schedule } from './schedule';

export interface PlanTemplate {
  /** Stable slug; never renamed or reused. */
  readonly id: string;
  readonly name: string;
  readonly goal: string;
  /** Suggested length; `null` for open-ended plans. */
  readonly durationWeeks: number | null;
  readonly items: readonly PlanItemInput[];
}

const FIVE_A_WEEK: Schedule = { timesPerWeek: 5, timesPerDay: 1 };
const THREE_A_WEEK: Schedule = { timesPerWeek: 3, timesPerDay: 1 };
const WORKDAYS: Schedule = { daysOfWeek: [1, 2, 3, 4, 5], timesPerDay: 1 };

/** 30 s × 3 per leg, once a day, five days a week (Bandy et al. 1997). */
const HAMSTRING_STRETCH = { sets: 3, holdSeconds: 30, side: 'both', ...FIVE_A_WEEK } as const;

export const PLAN_TEMPLATES: readonly PlanTemplate[] = [
  {
    id: 'hamstring-flexibility-6-weeks',
    name: 'Hamstring flexibility (6 weeks)',
    goal: 'Lengthen tight hamstrings: warm up, then hold each stretch 30 seconds, five days a week for at least six weeks.',
    durationWeeks: 6,
    items: [
      { exerciseId: 'leg-swings', sets: 2, reps: 10, side: 'both', ...FIVE_A_WEEK },
      { exerciseId: 'supine-hamstring-strap', ...HAMSTRING_STRETCH },
      { exerciseId: 'standing-hamstring-step', ...HAMSTRING_STRETCH },
      { exerciseId: 'seated-forward-bend', sets: 3, holdSeconds: 30, ...FIVE_A_WEEK },
    ],
  },
  {
    id: 'core-stability',
    name: 'Core stability',
    goal: 'Build trunk control and endurance with low-load exercises three times a week.',
    durationWeeks: null,
    items: [
      { exerciseId: 'pelvic-tilt', sets: 2, reps: 10, holdSeconds: 5, ...THREE_A_WEEK },
      { exerciseId: 'glute-bridge', sets: 2, reps: 10, ...THREE_A_WEEK },
      {
        exerciseId: 'bird-dog',
        sets: 2,
        reps: 8,
        holdSeconds: 5,
        side: 'alternate',
        ...THREE_A_WEEK,
      },
      { exerciseId: 'dead-bug', sets: 2, reps: 8, side: 'alternate', ...THREE_A_WEEK },
      { exerciseId: 'plank', sets: 3, holdSeconds: 15, ...THREE_A_WEEK },
      { exerciseId: 'side-plank', sets: 3, holdSeconds: 10, side: 'both', ...THREE_A_WEEK },
    ],
  },
  {
    id: 'desk-posture-reset',
    name: 'Desk posture reset',
    goal: 'Counter long hours of sitting: set up the desk once, then short posture breaks on working days.',
    durationWeeks: null,
    items: [
      { exerciseId: 'desk-setup-check', sets: 1, ...WORKDAYS },
      {
        exerciseId: 'chin-tuck',
        sets: 1,
        reps: 10,
        holdSeconds: 5,
        daysOfWeek: [1, 2, 3, 4, 5],
        timesPerDay: 2,
      },
      { exerciseId: 'scapular-retraction', sets: 2, reps: 10, holdSeconds: 5, ...WORKDAYS },
      { exerciseId: 'thoracic-extension-chair', sets: 2, reps: 8, ...WORKDAYS },
      { exerciseId: 'doorway-chest-stretch', sets: 3, holdSeconds: 30, ...WORKDAYS },
    ],
  },
  {
    id: 'lbp-tight-hamstrings-starter',
    name: 'Low back pain with tight hamstrings — starter',
    goal: 'Ease low back pain and tight hamstrings: a warm-up, two hamstring stretches, two core exercises and one posture exercise.',
    durationWeeks: 6,
    items: [
      { exerciseId: 'leg-swings', sets: 2, reps: 10, side: 'both', ...FIVE_A_WEEK },
      { exerciseId: 'supine-hamstring-strap', ...HAMSTRING_STRETCH },
      { exerciseId: 'standing-hamstring-step', ...HAMSTRING_STRETCH },
      { exerciseId: 'pelvic-tilt', sets: 2, reps: 10, holdSeconds: 5, ...THREE_A_WEEK },
      { exerciseId: 'glute-bridge', sets: 2, reps: 10, ...THREE_A_WEEK },
      { exerciseId: 'chin-tuck', sets: 1, reps: 10, holdSeconds: 5, ...WORKDAYS },
    ],
  },
];

export function findPlanTemplate(id: string): PlanTemplate | undefined {
  return PLAN_TEMPLATES.find((template) => template.id === id);
}

/** A plan to create from a template: titled after it, ending after its suggested length (the last day included). */
export function planFromTemplate(template: PlanTemplate, startDate: LocalDate): PlanInput {
  const plan = { title: template.name, goal: template.goal, startDate, items: template.items };
  return template.durationWeeks === null
    ? plan
    : { ...plan, endDate: addDays(startDate, 7 * template.durationWeeks - 1) };
}
