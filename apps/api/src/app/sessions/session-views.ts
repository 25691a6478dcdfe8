import type {
  Role,
  SessionLog as SessionLogView,
  SessionLogChange,
  SessionLogItem as SessionLogItemView,
  SessionLogVersion as SessionLogVersionView,
} from '@rehabit/contracts';
import type { LocalDate, PlanStatus, SessionItemInput } from '@rehabit/domain';
import type { EntityManager } from 'typeorm';
import { auditEventInsert, type AuditEntry } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import { pooledQuery } from '../database/pooled-query';
import { isoInstantSql } from '../http/pagination';
import { committedKeyMark } from '../idempotency/idempotency-commit.subscriber';

/** A session with its items, in one statement (items aggregated in a subquery, no N+1). */
export const SESSION_SELECT = `
  SELECT s.id, s.patient_id, s.plan_id, s.plan_revision_id,
    to_char(s.performed_on, 'YYYY-MM-DD') AS performed_on, s.plan_status, s.pain_before,
    s.pain_after, s.duration_minutes, s.notes, s.logged_by, s.logged_by_role, s.version,
    s.created_at, s.updated_at,
    COALESCE((
      SELECT json_agg(json_build_object('planItemId', li.plan_item_id,
        'exerciseId', pi.exercise_id, 'completed', li.completed, 'setsDone', li.sets_done,
        'repsDone', li.reps_done, 'holdSecondsDone', li.hold_seconds_done) ORDER BY li.position)
      FROM session_log_item li JOIN plan_item pi ON pi.id = li.plan_item_id
      WHERE li.session_id = s.id), '[]'::json) AS items
  FROM session_log s`;

export interface SessionRow {
  id: string;
  patient_id: string;
  plan_id: string;
  plan_revision_id: string;
  performed_on: LocalDate;
  plan_status: PlanStatus;
  pain_before: number | null;
  pain_after: number | null;
  duration_minutes: number | null;
  notes: string | null;
  logged_by: string;
  logged_by_role: Role;
  version: number;
  created_at: Date | string;
  updated_at: Date | string;
  items: SessionLogItemView[];
}

export function toSessionView(row: SessionRow): SessionLogView {
  return {
    id: row.id,
    patientId: row.patient_id,
    planId: row.plan_id,
    planRevisionId: row.plan_revision_id,
    performedOn: row.performed_on,
    planStatus: row.plan_status,
    painBefore: row.pain_before,
    painAfter: row.pain_after,
    durationMinutes: row.duration_minutes,
    notes: row.notes,
    items: row.items,
    loggedBy: { userId: row.logged_by, role: row.logged_by_role },
    version: row.version,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

export async function loadSession(manager: EntityManager, id: string): Promise<SessionLogView> {
  const rows: SessionRow[] = await manager.query(`${SESSION_SELECT} WHERE s.id = $1`, [id]);
  return toSessionView(rows[0]);
}

/** Replaces nothing: the caller deletes a session's items first when it replaces them. */
export async function insertSessionItems(
  manager: EntityManager,
  sessionId: string,
  items: readonly SessionItemInput[],
): Promise<void> {
  const params: unknown[] = [];
  await manager.query(sessionItemsInsert(sessionId, items, params), params);
}

/** The INSERT of a session's items, its values pushed onto `params` and numbered after them. */
function sessionItemsInsert(
  sessionId: string,
  items: readonly SessionItemInput[],
  params: unknown[],
): string {
  const session = `$${params.push(sessionId)}::uuid`;
  const values = items.map(
    (item, position) =>
      `(${session}, $${params.push(item.planItemId)}::uuid, $${params.push(position)},
        $${params.push(item.completed)}, $${params.push(item.setsDone ?? null)},
        $${params.push(item.repsDone ?? null)}, $${params.push(item.holdSecondsDone ?? null)})`,
  );
  return `INSERT INTO session_log_item (session_id, plan_item_id, position, completed, sets_done,
       reps_done, hold_seconds_done)
     VALUES ${values.join(', ')}`;
}

/** What a new session log stores: its row's values, its items and the event that audits it. */
export interface NewSession extends Pick<
  SessionLogView,
  | 'id'
  | 'patientId'
  | 'planId'
  | 'planRevisionId'
  | 'performedOn'
  | 'planStatus'
  | 'painBefore'
  | 'painAfter'
  | 'durationMinutes'
  | 'notes'
> {
  clinicId: string;
  items: readonly SessionItemInput[];
  loggedBy: Pick<Principal, 'userId' | 'role'>;
  audit: AuditEntry;
}

/**
 * Stores a new session in one statement: the row, its items, its first version, its audit event
 * and the mark on the request's Idempotency-Key are data-modifying WITH queries, committed
 * together as a transaction would, and the session comes back as the API shows it, built from
 * what was inserted (the same JSON `toSessionView` makes of a row loaded later, which the version
 * keeps as its snapshot). Patients log a session a day, so this is the API's most frequent write:
 * one round trip where a transaction of the same writes and a read took eight.
 */
export async function insertNewSession(
  manager: EntityManager,
  session: NewSession,
): Promise<SessionLogView> {
  const params: unknown[] = [];
  const row = [
    session.id,
    session.clinicId,
    session.patientId,
    session.planId,
    session.planRevisionId,
    session.performedOn,
    session.planStatus,
    session.painBefore,
    session.painAfter,
    session.durationMinutes,
    session.notes,
    session.loggedBy.userId,
    session.loggedBy.role,
  ].map((value) => `$${params.push(value)}`);
  const keyMark = committedKeyMark(params);
  const [{ view }] = await pooledQuery<{ view: SessionLogView }>(
    manager,
    `WITH s AS (
       INSERT INTO session_log (id, clinic_id, patient_id, plan_id, plan_revision_id,
         performed_on, plan_status, pain_before, pain_after, duration_minutes, notes, logged_by,
         logged_by_role)
       VALUES (${row.join(', ')})
       RETURNING *
     ), li AS (
       ${sessionItemsInsert(session.id, session.items, params)}
       RETURNING plan_item_id, position, completed, sets_done, reps_done, hold_seconds_done
     ), created AS (
       SELECT s.id, s.version, s.logged_by, s.logged_by_role, json_build_object(
         'id', s.id, 'patientId', s.patient_id, 'planId', s.plan_id,
         'planRevisionId', s.plan_revision_id,
         'performedOn', to_char(s.performed_on, 'YYYY-MM-DD'), 'planStatus', s.plan_status,
         'painBefore', s.pain_before, 'painAfter', s.pain_after,
         'durationMinutes', s.duration_minutes, 'notes', s.notes,
         'items', COALESCE((
           SELECT json_agg(json_build_object('planItemId', li.plan_item_id,
             'exerciseId', pi.exercise_id, 'completed', li.completed, 'setsDone', li.sets_done,
             'repsDone', li.reps_done, 'holdSecondsDone', li.hold_seconds_done)
             ORDER BY li.position)
           FROM li JOIN plan_item pi ON pi.id = li.plan_item_id), '[]'::json),
         'loggedBy', json_build_object('userId', s.logged_by, 'role', s.logged_by_role),
         'version', s.version,
         'createdAt', ${isoInstantSql('s.created_at')},
         'updatedAt', ${isoInstantSql('s.updated_at')}) AS view
       FROM s
     ), version AS (
       INSERT INTO session_log_version (session_id, version, change, snapshot, changed_by,
         changed_by_role)
       SELECT id, version, 'created', view::jsonb, logged_by, logged_by_role FROM created
     ), audit AS (
       ${auditEventInsert(session.audit, params)}
     )${keyMark ? `, key AS (${keyMark})` : ''}
     SELECT view FROM created`,
    params,
  );
  return view;
}

/** Appends the state a change left behind to the session's history. */
export async function insertVersion(
  manager: EntityManager,
  snapshot: SessionLogView,
  change: SessionLogChange,
  principal: Principal,
  reason: string | null = null,
): Promise<void> {
  await manager.query(
    `INSERT INTO session_log_version (session_id, version, change, snapshot, changed_by,
       changed_by_role, reason)
     VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7)`,
    [
      snapshot.id,
      snapshot.version,
      change,
      JSON.stringify(snapshot),
      principal.userId,
      principal.role,
      reason,
    ],
  );
}

export interface VersionRow {
  session_id: string;
  version: number;
  change: SessionLogChange;
  changed_by: string;
  changed_by_role: Role;
  changed_at: Date | string;
  change_key: string;
  reason: string | null;
  snapshot: SessionLogView;
}

export function toVersionView(row: VersionRow): SessionLogVersionView {
  return {
    sessionId: row.session_id,
    version: row.version,
    change: row.change,
    changedBy: { userId: row.changed_by, role: row.changed_by_role },
    changedAt: new Date(row.changed_at).toISOString(),
    reason: row.reason,
    snapshot: row.snapshot,
  };
}
