import { addDays } from '@rehabit/domain';
import { randomBytes } from 'node:crypto';
import type { AlertEvent, SeedAlert } from './alerts';
import { NULL, array, instant, num, text } from './copy';
import type { MeasureEvent, PainEvent, SessionEvent } from './history';
import { DAY_MS, type Network, type SeedPatient, type SeedUser } from './network';

/**
 * Table rows in COPY's text format, with the values the API's services would have written
 * (columns, defaults, version rows and audit events as in apps/api/src/app/<feature>/*.service.ts).
 */

const INVITATION_TTL_MS = 7 * DAY_MS;

const line = (cells: string[]) => cells.join('\t') + '\n';

export const COLUMNS = {
  clinic: ['id', 'name', 'timezone', 'settings', 'created_at', 'updated_at'],
  app_user: [
    'id',
    'clinic_id',
    'email',
    'display_name',
    'role',
    'password_hash',
    'active',
    'created_at',
    'updated_at',
  ],
  invitation: [
    'id',
    'clinic_id',
    'user_id',
    'token_hash',
    'created_by',
    'created_at',
    'expires_at',
    'used_at',
  ],
  patient: [
    'id',
    'clinic_id',
    'user_id',
    'therapist_id',
    'display_name',
    'timezone',
    'date_of_birth',
    'condition',
    'active',
    'version',
    'created_at',
    'updated_at',
  ],
  plan: [
    'id',
    'clinic_id',
    'patient_id',
    'title',
    'goal',
    'start_date',
    'end_date',
    'status',
    'template_id',
    'current_revision',
    'created_by',
    'version',
    'created_at',
    'updated_at',
  ],
  plan_revision: ['id', 'plan_id', 'number', 'effective_from', 'note', 'author_id', 'created_at'],
  plan_item: [
    'id',
    'revision_id',
    'position',
    'exercise_id',
    'sets',
    'reps',
    'hold_seconds',
    'side',
    'days_of_week',
    'times_per_week',
    'times_per_day',
  ],
  plan_status_change: ['plan_id', 'status', 'changed_by', 'changed_at'],
  session_log: [
    'id',
    'clinic_id',
    'patient_id',
    'plan_id',
    'plan_revision_id',
    'performed_on',
    'plan_status',
    'pain_before',
    'pain_after',
    'duration_minutes',
    'notes',
    'logged_by',
    'logged_by_role',
    'version',
    'created_at',
    'updated_at',
    'deleted_at',
    'deleted_by',
    'delete_reason',
  ],
  session_log_item: [
    'session_id',
    'plan_item_id',
    'position',
    'completed',
    'sets_done',
    'reps_done',
    'hold_seconds_done',
  ],
  session_log_version: [
    'session_id',
    'version',
    'change',
    'snapshot',
    'changed_by',
    'changed_by_role',
    'changed_at',
    'reason',
  ],
  pain_entry: [
    'id',
    'clinic_id',
    'patient_id',
    'recorded_at',
    'score',
    'context',
    'red_flags',
    'recorded_by',
    'recorded_by_role',
    'created_at',
  ],
  measure: [
    'id',
    'clinic_id',
    'patient_id',
    'type',
    'recorded_on',
    'side',
    'value',
    'answers',
    'score',
    'band',
    'recorded_by',
    'recorded_by_role',
    'created_at',
  ],
  alert: [
    'id',
    'clinic_id',
    'patient_id',
    'kind',
    'urgency',
    'detail',
    'created_at',
    'updated_at',
    'acknowledged_at',
    'acknowledged_by',
  ],
  audit_event: [
    'clinic_id',
    'occurred_at',
    'actor_user_id',
    'actor_role',
    'action',
    'outcome',
    'patient_id',
    'entity_type',
    'entity_id',
    'ip',
    'request_id',
    'detail',
  ],
} as const;

export function clinicLines(network: Network): string[] {
  return network.clinics.map((clinic) =>
    line([
      clinic.id,
      text(clinic.name),
      clinic.zone.name,
      '{}',
      instant(clinic.createdAt),
      instant(clinic.createdAt),
    ]),
  );
}

/** Every account is activated (its invitation used), all with the one printed password. */
export function userLines(network: Network, passwordHash: string): string[] {
  return network.users.map((user) =>
    line([
      user.id,
      user.clinicId,
      user.email,
      text(user.name),
      user.role,
      passwordHash,
      't',
      instant(user.createdAt),
      instant(user.activatedAt),
    ]),
  );
}

export function invitationLines(network: Network): string[] {
  return network.users
    .filter((user) => user.invitedBy !== null)
    .map((user, n) =>
      line([
        network.ids.invitation.uuid(n),
        user.clinicId,
        user.id,
        randomBytes(32).toString('hex'),
        (user.invitedBy as SeedUser).id,
        instant(user.createdAt),
        instant(user.createdAt + INVITATION_TTL_MS),
        instant(user.activatedAt),
      ]),
    );
}

export function patientLines(network: Network): string[] {
  return network.patients.map((p) =>
    line([
      p.id,
      p.clinic.id,
      p.userId,
      p.therapist.id,
      text(p.name),
      p.zone.name,
      p.dateOfBirth,
      text(p.condition),
      't',
      '1',
      instant(p.createdAt),
      instant(p.createdAt),
    ]),
  );
}

export function planLines(network: Network): string[] {
  return network.patients.flatMap((p) =>
    p.plans.map((plan) => {
      const changes = plan.statusChanges;
      const lastChange = changes[changes.length - 1];
      const lastRevision = plan.revisions[plan.revisions.length - 1];
      return line([
        plan.id,
        p.clinic.id,
        p.id,
        text(plan.title),
        text(plan.goal),
        dateOf(p, plan.startDay),
        plan.endDay === null ? '\\N' : dateOf(p, plan.endDay),
        lastChange.status,
        plan.template.id,
        String(plan.revisions.length),
        p.therapist.id,
        String(plan.revisions.length + changes.length - 1),
        instant(plan.createdAt),
        instant(Math.max(lastChange.at, lastRevision.createdAt)),
      ]);
    }),
  );
}

export function revisionLines(network: Network): string[] {
  return network.patients.flatMap((p) =>
    p.plans.flatMap((plan) =>
      plan.revisions.map((r) =>
        line([
          r.id,
          plan.id,
          String(r.number),
          dateOf(p, r.effectiveDay),
          text(r.note),
          p.therapist.id,
          instant(r.createdAt),
        ]),
      ),
    ),
  );
}

export function itemLines(network: Network): string[] {
  return network.patients.flatMap((p) =>
    p.plans.flatMap((plan) =>
      plan.revisions.flatMap((r) =>
        r.items.map((i) =>
          line([
            i.id,
            r.id,
            String(i.position),
            i.exerciseId,
            String(i.sets),
            num(i.reps),
            num(i.holdSeconds),
            i.side ?? '\\N',
            array(i.daysOfWeek),
            num(i.timesPerWeek),
            String(i.timesPerDay),
          ]),
        ),
      ),
    ),
  );
}

export function statusChangeLines(network: Network): string[] {
  return network.patients.flatMap((p) =>
    p.plans.flatMap((plan) =>
      plan.statusChanges.map((change) =>
        line([plan.id, change.status, p.therapist.id, instant(change.at)]),
      ),
    ),
  );
}

/** A patient's local date `day` days after their history's first day (plans may end after today). */
function dateOf(patient: SeedPatient, day: number): string {
  return patient.zone.dates[day] ?? addDays(patient.zone.dates[0], day);
}

export class SessionRows {
  constructor(private readonly network: Network) {}

  sessionId(session: SessionEvent): string {
    return this.network.ids.session.uuid(session.n);
  }

  /** The row as it stands after any correction. */
  session(p: SeedPatient, s: SessionEvent): string {
    const c = s.correction;
    const deleted = c?.change === 'deleted' ? c : null;
    return `${this.sessionId(s)}\t${p.clinic.id}\t${p.id}\t${s.plan.id}\t${s.revision.id}\t${p.zone.dates[s.day]}\tactive\t${num(s.painBefore)}\t${num(c ? c.painAfter : s.painAfter)}\t${num(c ? c.durationMinutes : s.durationMinutes)}\t${text(s.notes)}\t${s.loggedBy.id}\t${s.loggedBy.role}\t${c ? 2 : 1}\t${instant(s.createdAt)}\t${instant(c ? c.at : s.createdAt)}\t${instant(deleted?.at)}\t${deleted ? s.loggedBy.id : NULL}\t${text(deleted?.reason)}\n`;
  }

  items(s: SessionEvent): string {
    const id = this.sessionId(s);
    let lines = '';
    for (const [position, logged] of s.items.entries())
      lines += `${id}\t${logged.item.id}\t${position}\t${logged.completed ? 't' : 'f'}\t${num(logged.setsDone)}\t${num(logged.repsDone)}\t${num(logged.holdSecondsDone)}\n`;
    return lines;
  }

  /** `session_log_version`: the created state, then the corrected one (sessions.service.ts). */
  versions(p: SeedPatient, s: SessionEvent): string {
    const id = this.sessionId(s);
    const by = `${s.loggedBy.id}\t${s.loggedBy.role}`;
    const created = `${id}\t1\tcreated\t${this.snapshot(p, s, 1, s.createdAt, s.painAfter, s.durationMinutes)}\t${by}\t${instant(s.createdAt)}\t${NULL}\n`;
    const c = s.correction;
    if (!c) return created;
    return `${created}${id}\t2\t${c.change}\t${this.snapshot(p, s, 2, c.at, c.painAfter, c.durationMinutes)}\t${by}\t${instant(c.at)}\t${text(c.reason)}\n`;
  }

  /** The session as the API's `toSessionView` shows it after a change, escaped for COPY. */
  private snapshot(
    p: SeedPatient,
    s: SessionEvent,
    version: number,
    updatedAt: number,
    painAfter: number | null,
    durationMinutes: number | null,
  ): string {
    let items = '';
    for (const logged of s.items)
      items += `${items ? ',' : ''}{"planItemId":"${logged.item.id}","exerciseId":"${logged.item.exerciseId}","completed":${logged.completed},"setsDone":${logged.setsDone},"repsDone":${logged.repsDone},"holdSecondsDone":${logged.holdSecondsDone}}`;
    return `{"id":"${this.sessionId(s)}","patientId":"${p.id}","planId":"${s.plan.id}","planRevisionId":"${s.revision.id}","performedOn":"${p.zone.dates[s.day]}","planStatus":"active","painBefore":${s.painBefore},"painAfter":${painAfter},"durationMinutes":${durationMinutes},"notes":${text(JSON.stringify(s.notes))},"items":[${items}],"loggedBy":{"userId":"${s.loggedBy.id}","role":"${s.loggedBy.role}"},"version":${version},"createdAt":"${instant(s.createdAt)}","updatedAt":"${instant(updatedAt)}"}`;
  }
}

export function painLine(network: Network, p: SeedPatient, e: PainEvent): string {
  return `${network.ids.pain.uuid(e.n)}\t${p.clinic.id}\t${p.id}\t${instant(e.recordedAt)}\t${e.score}\t${text(e.context)}\t${array(e.redFlags)}\t${e.recordedBy.id}\t${e.recordedBy.role}\t${instant(e.createdAt)}\n`;
}

export function measureLine(network: Network, p: SeedPatient, m: MeasureEvent): string {
  return line([
    network.ids.measure.uuid(m.n),
    p.clinic.id,
    p.id,
    m.type,
    p.zone.dates[m.day],
    m.side ?? '\\N',
    num(m.value),
    array(m.answers),
    num(m.score),
    m.band ?? '\\N',
    m.recordedBy.id,
    m.recordedBy.role,
    instant(m.createdAt),
  ]);
}

export function alertLine(network: Network, a: SeedAlert): string {
  return line([
    network.ids.alert.uuid(a.n),
    a.patient.clinic.id,
    a.patient.id,
    a.kind,
    a.urgency,
    text(JSON.stringify(a.detail)),
    instant(a.createdAt),
    instant(a.updatedAt),
    instant(a.acknowledgedAt),
    a.acknowledgedBy?.id ?? '\\N',
  ]);
}

/** A correction of a session, as its audit event needs it (collected on the sessions' pass). */
export interface CorrectionEvent {
  patient: SeedPatient;
  session: SessionEvent;
}

export const AUDIT_STAGING_COLUMNS = [
  'clinic_id',
  'occurred_at',
  'actor_user_id',
  'actor_role',
  'action',
  'patient_id',
  'entity_type',
  'entity_id',
  'ip',
  'detail',
] as const;

/**
 * Staging for the audit trail, in the load's transaction: the events written here by Node, and
 * each account's client address for the events derived in SQL.
 */
export const AUDIT_STAGING_SQL = [
  `CREATE TEMP TABLE seed_audit (clinic_id uuid, occurred_at timestamptz, actor_user_id uuid,
     actor_role varchar(16), action varchar(64), patient_id uuid, entity_type varchar(32),
     entity_id varchar(64), ip varchar(64), detail jsonb) ON COMMIT DROP`,
  `CREATE TEMP TABLE seed_address (user_id uuid PRIMARY KEY, ip varchar(64)) ON COMMIT DROP`,
];

/**
 * The whole audit trail in time order, so the identity column numbers it as the API would
 * have. The three kinds with a row per logged entry — session.created, pain.recorded,
 * measure.recorded, millions of them — are derived here from the rows just loaded, with the
 * details their services record; the rest comes from seed_audit.
 */
export const AUDIT_INSERT_SQL = `
  INSERT INTO audit_event (clinic_id, occurred_at, actor_user_id, actor_role, action, outcome,
    patient_id, entity_type, entity_id, ip, request_id, detail)
  SELECT e.clinic_id, e.occurred_at, e.actor_user_id, e.actor_role, e.action, 'success',
         e.patient_id, e.entity_type, e.entity_id, e.ip, gen_random_uuid()::text, e.detail
    FROM (
      SELECT * FROM seed_audit
      UNION ALL
      SELECT s.clinic_id, s.created_at, s.logged_by, s.logged_by_role, 'session.created',
             s.patient_id, 'session_log', s.id::text, a.ip,
             jsonb_build_object('performedOn', s.performed_on, 'planRevisionId', s.plan_revision_id,
               'planStatus', s.plan_status, 'items', n.items)
        FROM session_log s
        JOIN (SELECT session_id, count(*)::int AS items FROM session_log_item GROUP BY 1) n
          ON n.session_id = s.id
        JOIN seed_address a ON a.user_id = s.logged_by
      UNION ALL
      SELECT e.clinic_id, e.created_at, e.recorded_by, e.recorded_by_role, 'pain.recorded',
             e.patient_id, 'pain_entry', e.id::text, a.ip,
             jsonb_build_object('redFlags', cardinality(e.red_flags))
        FROM pain_entry e JOIN seed_address a ON a.user_id = e.recorded_by
      UNION ALL
      SELECT m.clinic_id, m.created_at, m.recorded_by, m.recorded_by_role, 'measure.recorded',
             m.patient_id, 'measure', m.id::text, a.ip, jsonb_build_object('type', m.type)
        FROM measure m JOIN seed_address a ON a.user_id = m.recorded_by
    ) e
   ORDER BY e.occurred_at`;

/** Patients write from their own address, staff from their clinic's. */
export function addressLines(network: Network): string[] {
  const clinicIp = new Map(network.clinics.map((clinic) => [clinic.id, clinic.ip]));
  const patientIp = new Map(network.patients.map((p) => [p.userId, p.ip]));
  return network.users.map(
    (user) => `${user.id}\t${patientIp.get(user.id) ?? clinicIp.get(user.clinicId)}\n`,
  );
}

/**
 * The audit events of everything but the logged entries: clinics, staff, patients and plans
 * being set up and changed, alerts raised and acknowledged, sessions corrected or deleted.
 */
export function auditLines(
  network: Network,
  alerts: readonly AlertEvent[],
  corrections: readonly CorrectionEvent[],
): string[] {
  const lines: string[] = [];
  const add = (
    at: number,
    clinicId: string,
    actor: SeedUser | null,
    action: string,
    patientId: string | null,
    entityType: string | null,
    entityId: string | null,
    ip: string | null,
    detail: Record<string, unknown>,
  ) =>
    lines.push(
      `${clinicId}\t${instant(at)}\t${actor?.id ?? NULL}\t${actor?.role ?? NULL}\t${action}\t${patientId ?? NULL}\t${entityType ?? NULL}\t${entityId ?? NULL}\t${ip ?? NULL}\t${text(JSON.stringify(detail))}\n`,
    );
  for (const clinic of network.clinics) {
    const [admin] = clinic.admins;
    add(
      clinic.createdAt,
      clinic.id,
      admin,
      'clinic.created',
      null,
      'clinic',
      clinic.id,
      clinic.ip,
      {},
    );
    for (const staff of [...clinic.admins.slice(1), ...clinic.therapists]) {
      add(staff.createdAt, clinic.id, admin, 'staff.invited', null, 'user', staff.id, clinic.ip, {
        role: staff.role,
      });
      add(
        staff.activatedAt,
        clinic.id,
        staff,
        'auth.invitation_accepted',
        null,
        null,
        null,
        clinic.ip,
        {},
      );
    }
  }
  for (const p of network.patients) {
    const clinic = p.clinic;
    add(
      p.createdAt,
      clinic.id,
      p.therapist,
      'patient.created',
      p.id,
      'patient',
      p.id,
      clinic.ip,
      {},
    );
    add(
      p.user.activatedAt,
      clinic.id,
      p.user,
      'auth.invitation_accepted',
      null,
      null,
      null,
      p.ip,
      {},
    );
    for (const plan of p.plans) {
      add(
        plan.createdAt,
        clinic.id,
        p.therapist,
        'plan.created',
        p.id,
        'plan',
        plan.id,
        clinic.ip,
        {
          templateId: plan.template.id,
          items: plan.revisions[0].items.length,
        },
      );
      for (const r of plan.revisions.slice(1))
        add(r.createdAt, clinic.id, p.therapist, 'plan.revised', p.id, 'plan', plan.id, clinic.ip, {
          revision: r.number,
          basedOnRevision: r.number - 1,
          effectiveFrom: p.zone.dates[r.effectiveDay],
          items: r.items.length,
        });
      for (const [k, change] of plan.statusChanges.entries())
        if (k > 0)
          add(
            change.at,
            clinic.id,
            p.therapist,
            'plan.status_changed',
            p.id,
            'plan',
            plan.id,
            clinic.ip,
            {
              from: plan.statusChanges[k - 1].status,
              to: change.status,
            },
          );
    }
  }
  for (const event of alerts) {
    const p = event.alert.patient;
    // The sweep runs without a request; staff acknowledge from the clinic.
    const ip = event.actor === null ? null : event.actor.role === 'patient' ? p.ip : p.clinic.ip;
    add(
      event.at,
      p.clinic.id,
      event.actor,
      event.action,
      p.id,
      'alert',
      network.ids.alert.uuid(event.alert.n),
      ip,
      event.action === 'alert.acknowledged'
        ? { kind: event.alert.kind }
        : { kind: event.alert.kind, painEntryId: event.painEntryId },
    );
  }
  for (const { patient: p, session: s } of corrections) {
    const c = s.correction as NonNullable<SessionEvent['correction']>;
    add(
      c.at,
      p.clinic.id,
      s.loggedBy,
      `session.${c.change}`,
      p.id,
      'session_log',
      network.ids.session.uuid(s.n),
      s.loggedBy.role === 'patient' ? p.ip : p.clinic.ip,
      c.change === 'deleted' ? { version: 2, reason: c.reason } : { version: 2, fields: c.fields },
    );
  }
  return lines;
}
