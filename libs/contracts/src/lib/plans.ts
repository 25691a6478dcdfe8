import type {
  BodyRegion,
  Dosage,
  ExerciseCategory,
  IsoWeekday,
  LocalDate,
  PlanItemInput as DomainPlanItemInput,
  PlanStatus,
  Schedule,
  Side,
} from '@rehabit/domain';
import type { FieldError } from './common';

/** GET /exercises/:id, and each entry of GET /exercises. */
export interface Exercise {
  /** A stable slug for built-ins (`supine-hamstring-strap`), a UUID for a clinic's own. */
  id: string;
  name: string;
  category: ExerciseCategory;
  regions: BodyRegion[];
  instructions: string[];
  cautions: string[];
  /** `null` for checklist items (the desk set-up check) that have no sets or reps. */
  defaultDosage: Dosage | null;
  defaultSchedule: Schedule;
  /** Built-ins are read-only; a clinic's own exercises are visible to that clinic only. */
  builtIn: boolean;
}

/** GET /exercises filters, beside `limit` and `cursor`. */
export interface ExerciseQuery {
  category?: ExerciseCategory;
  region?: BodyRegion;
  /** Text search in the name. */
  q?: string;
  limit?: number;
  cursor?: string;
}

/** A dosage as a request body gives it (ranges as in `DOSAGE_LIMITS`). */
export interface DosageInput {
  sets: number;
  reps?: number;
  holdSeconds?: number;
  restSeconds?: number;
  side?: Side;
}

/** A schedule as a request body gives it: `daysOfWeek` or `timesPerWeek`, never both. */
export interface ScheduleInput {
  daysOfWeek?: IsoWeekday[];
  timesPerWeek?: number;
  timesPerDay?: number;
}

/** POST /exercises. */
export interface CreateExerciseRequest {
  name: string;
  category: ExerciseCategory;
  regions: BodyRegion[];
  instructions: string[];
  cautions?: string[];
  defaultDosage?: DosageInput | null;
  /** `{ timesPerWeek: 3, timesPerDay: 1 }` when not given. */
  defaultSchedule?: ScheduleInput;
}

/** PATCH /exercises/:id: any field of the create body. */
export type UpdateExerciseRequest = Partial<CreateExerciseRequest>;

/** The body shape of one plan item, exactly as API.md names it. */
export interface PlanItemInput {
  exerciseId: string;
  /** 1–10 */
  sets: number;
  /** 1–100 */
  reps?: number;
  /** 1–600 */
  holdSeconds?: number;
  side?: Side;
  /** ISO weekdays 1 (Monday) – 7 (Sunday); give this or `timesPerWeek`. */
  daysOfWeek?: IsoWeekday[];
  /** 1–14; give this or `daysOfWeek`. */
  timesPerWeek?: number;
  /** 1–4, default 1. */
  timesPerDay?: number;
  notes?: string;
}

/** The compiler keeps the wire shape and the domain's validated shape in step. */
export type ValidatedPlanItem = DomainPlanItemInput;

export interface ExerciseSummary {
  id: string;
  name: string;
  category: ExerciseCategory;
}

export interface PlanItem {
  /** Sessions log against this id; a revision's items get new ids. */
  id: string;
  position: number;
  exerciseId: string;
  exercise: ExerciseSummary;
  sets: number;
  reps: number | null;
  holdSeconds: number | null;
  side: Side | null;
  daysOfWeek: IsoWeekday[] | null;
  timesPerWeek: number | null;
  timesPerDay: number;
  notes: string | null;
}

export interface PlanRevision {
  id: string;
  planId: string;
  number: number;
  /** The first local day this revision's schedule applies. */
  effectiveFrom: LocalDate;
  note: string | null;
  authorId: string;
  createdAt: string;
  items: PlanItem[];
}

/** Advice for the therapist, never a refusal (more than 6 exercises, over-dosed static stretches). */
export type PlanWarning = FieldError;

export interface Plan {
  id: string;
  patientId: string;
  title: string;
  goal: string | null;
  startDate: LocalDate;
  /** Last day of the plan, included; `null` when open-ended. */
  endDate: LocalDate | null;
  status: PlanStatus;
  templateId: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  /** The latest revision (it may take effect later than today). */
  currentRevision: PlanRevision;
  /** The plan's ETag (as in the ETag header): PATCH /plans/:id takes it back as If-Match. */
  etag: string;
}

/** POST /patients/:id/plans and POST /plans/:id/revisions answer with warnings beside the record. */
export interface PlanWithWarnings extends Plan {
  warnings: PlanWarning[];
}

export interface PlanRevisionWithWarnings extends PlanRevision {
  warnings: PlanWarning[];
}

/** POST /patients/:id/plans: items, or a template to take them (and title, goal, endDate) from. */
export interface CreatePlanRequest {
  title?: string;
  goal?: string;
  startDate: LocalDate;
  /** `null` keeps the plan open-ended even when the template suggests a length. */
  endDate?: LocalDate | null;
  templateId?: string;
  items?: PlanItemInput[];
}

/** POST /plans/:id/revisions. A `basedOnRevision` that is not the latest answers 409 with `currentRevision`. */
export interface CreatePlanRevisionRequest {
  basedOnRevision: number;
  items: PlanItemInput[];
  note?: string;
  /** Defaults to the patient's today (or the current revision's start, if later); never earlier. */
  effectiveFrom?: LocalDate;
}

/** PATCH /plans/:id. */
export interface UpdatePlanStatusRequest {
  status: PlanStatus;
}

export interface PlanStatusChange {
  status: PlanStatus;
  changedAt: string;
  changedBy: string;
}

export interface PlanTemplate {
  id: string;
  name: string;
  goal: string | null;
  /** Suggested length; `null` for open-ended plans. */
  durationWeeks: number | null;
  items: ValidatedPlanItem[];
  builtIn: boolean;
}

/** POST /plan-templates. */
export interface CreatePlanTemplateRequest {
  name: string;
  goal?: string;
  durationWeeks?: number | null;
  items: PlanItemInput[];
}

export interface TodayItem {
  planId: string;
  planRevisionId: string;
  planItemId: string;
  exercise: ExerciseSummary & { instructions: string[]; cautions: string[] };
  dosage: { sets: number; reps: number | null; holdSeconds: number | null; side: Side | null };
  /** The item's schedule: fixed weekdays, or a weekly count whose days the patient picks. */
  schedule: { daysOfWeek: IsoWeekday[] | null; timesPerWeek: number | null; timesPerDay: number };
  notes: string | null;
  /** How many times the item is due on the day. */
  timesDue: number;
  /** Completed occurrences logged for the day. */
  timesDone: number;
}

/** GET /patients/:id/today?date= */
export interface TodayResponse {
  date: LocalDate;
  timezone: string;
  items: TodayItem[];
}
