import type { LocalDate, PlanStatus } from '@rehabit/domain';
import type { Role } from './identity';

/** One exercise of a logged session, as a request body gives it. */
export interface SessionLogItemInput {
  /** An item of the plan revision in force on `performedOn`. */
  planItemId: string;
  completed: boolean;
  /** 0 to twice the prescribed amount (`DONE_CAP_FACTOR`). */
  setsDone?: number;
  repsDone?: number;
  holdSecondsDone?: number;
}

/**
 * POST /patients/:id/sessions. A session logs exercises of one plan: all items must belong to the
 * revision of that plan in force on `performedOn` (the plan is `planRevisionId`'s, or the first
 * item's). A patient may log today and the 7 days before it in their own time zone; staff any
 * past day; nobody the future.
 */
export interface CreateSessionLogRequest {
  performedOn: LocalDate;
  /** Optional; when given it must be the revision in force that day of one of the patient's plans. */
  planRevisionId?: string;
  /** NPRS 0–10, whole numbers. */
  painBefore?: number;
  painAfter?: number;
  /** 1–600. */
  durationMinutes?: number;
  /** Up to 2000 characters. */
  notes?: string;
  /** 1–30 items, each plan item at most once. */
  items: SessionLogItemInput[];
}

/**
 * PATCH /sessions/:id: any field of the create body except `planRevisionId` (the revision follows
 * `performedOn`); `null` clears an optional field; `items` replaces the whole list. `version`, when
 * given, must be the session's current version, or the answer is 409 and nothing changes.
 */
export interface UpdateSessionLogRequest {
  version?: number;
  performedOn?: LocalDate;
  painBefore?: number | null;
  painAfter?: number | null;
  durationMinutes?: number | null;
  notes?: string | null;
  items?: SessionLogItemInput[];
}

/** DELETE /sessions/:id body: deletes are soft and keep who and why. */
export interface DeleteSessionLogRequest {
  /** 1–500 characters. */
  reason: string;
}

export interface SessionLogItem {
  planItemId: string;
  exerciseId: string;
  completed: boolean;
  setsDone: number | null;
  repsDone: number | null;
  holdSecondsDone: number | null;
}

export interface SessionLog {
  id: string;
  patientId: string;
  planId: string;
  planRevisionId: string;
  performedOn: LocalDate;
  /** The plan's status on `performedOn`: logging on paused or completed days is allowed and marked. */
  planStatus: PlanStatus;
  painBefore: number | null;
  painAfter: number | null;
  durationMinutes: number | null;
  notes: string | null;
  items: SessionLogItem[];
  loggedBy: { userId: string; role: Role };
  /** Starts at 1 and grows with every change; send it back in a PATCH to refuse lost updates. */
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** GET /patients/:id/sessions filters, beside `limit` and `cursor`. */
export interface SessionLogQuery {
  from?: LocalDate;
  to?: LocalDate;
  limit?: number;
  cursor?: string;
}

export type SessionLogChange = 'created' | 'updated' | 'deleted';

/** GET /sessions/:id/history (staff): every state the session has had, oldest first. */
export interface SessionLogVersion {
  sessionId: string;
  version: number;
  change: SessionLogChange;
  changedBy: { userId: string; role: Role };
  changedAt: string;
  /** The reason given for a delete; `null` otherwise. */
  reason: string | null;
  /** The session as it stood after this change. */
  snapshot: SessionLog;
}
