// The public surface of @rehabit/domain. Reading helpers (FieldReader, readDosage,
// readSchedule) and adherence internals stay private so that callers go through the
// validators and report functions.
export * from './lib/dates';
export type { FieldError, NumberRange, ValidationResult } from './lib/validation';
export { roundTo } from './lib/math';
export * from './lib/thresholds';
export {
  DEFAULT_TIMES_PER_DAY,
  SCHEDULE_LIMITS,
  dailyCap,
  isDueOn,
  validateSchedule,
  type Schedule,
  type WeekdaySchedule,
  type WeeklySchedule,
} from './lib/schedule';
export {
  BODY_REGIONS,
  DEFAULT_SCHEDULE,
  DOSAGE_LIMITS,
  EXERCISE_CATEGORIES,
  EXERCISE_LIMITS,
  SIDES,
  validateDosage,
  validateExerciseInput,
  type BodyRegion,
  type Dosage,
  type Exercise,
  type ExerciseCategory,
  type ExerciseInput,
  type Side,
} from './lib/exercise';
export * from './lib/plan';
export * from './lib/catalog';
export * from './lib/templates';
export * from './lib/session';
export * from './lib/pain';
export * from './lib/odi';
export * from './lib/measures';
export * from './lib/progress';
export {
  computeAdherence,
  itemsDueOn,
  type AdherenceCounts,
  type AdherenceInput,
  type AdherencePlan,
  type AdherenceReport,
  type LoggedSession,
  type PlanStatusChange,
  type WeeklyAdherence,
} from './lib/adherence';
export * from './lib/alerts';
export * from './lib/rtm';
export * from './lib/patient';
