import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Alert as AlertView, AlertDetail, Page } from '@rehabit/contracts';
import type { AlertCandidate, RedFlag } from '@rehabit/domain';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Principal, RequestMeta } from '../auth/principal';
import { cursorAtSql, decodeCursor, pageOf } from '../http/pagination';
import type { AlertQueryDto } from './dto/alert-query.dto';
import { isUuid } from '../http/validators';

export interface RaiseAlert {
  clinicId: string;
  patientId: string;
  /** The rule's finding (`redFlagAlert`, `painSpikeAlert`, …). */
  candidate: AlertCandidate;
  redFlags?: readonly RedFlag[];
  painEntryId?: string;
  /** Whose write raised it, for the audit trail; `null` for the scheduled sweep. */
  actor: Pick<Principal, 'userId' | 'role'> | null;
  meta?: RequestMeta;
}

export interface RaisedAlert {
  id: string;
  /** false when an open alert of that kind was updated instead. */
  opened: boolean;
}

interface AlertRow {
  id: string;
  patient_id: string;
  kind: AlertView['kind'];
  urgency: AlertView['urgency'];
  detail: AlertDetail;
  created_at: Date;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
  alert_key: string;
}

/**
 * The write side of alerts, used by the features whose writes raise them, inside their own
 * transaction; and the clinic's alert list and acknowledgement.
 */
@Injectable()
export class AlertsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /**
   * Opens an alert, or — when one of that kind is already open for the patient (one open alert
   * per patient and kind) — adds the occurrence to it: latest summary and date, red flags
   * merged, the entry appended, `count` + 1; its urgency and `createdAt` stay. One statement
   * (INSERT … ON CONFLICT on the partial unique index), so two concurrent occurrences cannot
   * both open one, and the caller's transaction commits or drops it together with its change.
   */
  async raise(manager: EntityManager, alert: RaiseAlert): Promise<RaisedAlert> {
    const detail: AlertDetail = {
      summary: alert.candidate.detail,
      date: alert.candidate.date,
      ...(alert.redFlags ? { redFlags: [...alert.redFlags] } : {}),
      ...(alert.painEntryId ? { painEntryIds: [alert.painEntryId] } : {}),
      count: 1,
    };
    const [row]: { id: string; opened: boolean }[] = await manager.query(
      `INSERT INTO alert AS a (clinic_id, patient_id, kind, urgency, detail)
       VALUES ($1, $2, $3, $4, $5::jsonb)
       ON CONFLICT (patient_id, kind) WHERE acknowledged_at IS NULL DO UPDATE SET
         detail = a.detail || jsonb_build_object(
           'summary', EXCLUDED.detail -> 'summary',
           'date', EXCLUDED.detail -> 'date',
           'count', coalesce((a.detail ->> 'count')::int, 1) + 1)
           || CASE WHEN EXCLUDED.detail ? 'redFlags' THEN jsonb_build_object('redFlags',
                (SELECT jsonb_agg(DISTINCT flag ORDER BY flag) FROM jsonb_array_elements_text(
                  coalesce(a.detail -> 'redFlags', '[]') || (EXCLUDED.detail -> 'redFlags')) AS flag))
              ELSE '{}' END
           || CASE WHEN EXCLUDED.detail ? 'painEntryIds' THEN jsonb_build_object('painEntryIds',
                coalesce(a.detail -> 'painEntryIds', '[]') || (EXCLUDED.detail -> 'painEntryIds'))
              ELSE '{}' END,
         updated_at = now()
       RETURNING id, (xmax = 0) AS opened`,
      [
        alert.clinicId,
        alert.patientId,
        alert.candidate.kind,
        alert.candidate.urgency,
        JSON.stringify(detail),
      ],
    );
    await this.audit.record(
      {
        action: row.opened ? 'alert.opened' : 'alert.updated',
        clinicId: alert.clinicId,
        actor: alert.actor,
        patientId: alert.patientId,
        entityType: 'alert',
        entityId: row.id,
        meta: alert.meta,
        detail: { kind: alert.candidate.kind, painEntryId: alert.painEntryId ?? null },
      },
      manager,
    );
    return { id: row.id, opened: row.opened };
  }

  /** GET /alerts: the clinic's alerts, urgent first, then newest first. */
  async list(
    principal: Principal,
    query: AlertQueryDto,
    meta: RequestMeta,
  ): Promise<Page<AlertView>> {
    const after = decodeCursor(query.cursor);
    const params: unknown[] = [principal.clinicId];
    const where = ['a.clinic_id = $1'];
    if (query.status === 'open') where.push('a.acknowledged_at IS NULL');
    if (query.status === 'acknowledged') where.push('a.acknowledged_at IS NOT NULL');
    if (query.patientId) where.push(`a.patient_id = $${params.push(query.patientId)}`);
    // Urgent first, then newest first. The cursor is the last row's (created_at, id); its rank
    // comes from the row itself (an alert's urgency never changes). alert_queue_idx and
    // alert_open_queue_idx (migration 1764000000017) index exactly this expression: change both.
    const rank = (alias: string) => `(CASE ${alias}.urgency WHEN 'urgent' THEN 0 ELSE 1 END)`;
    if (after) {
      const id = `$${params.push(after.id)}::uuid`;
      const at = `$${params.push(after.at)}::timestamptz`;
      const cursorRank = `(SELECT ${rank('c')} FROM alert c WHERE c.id = ${id})`;
      where.push(
        `(${rank('a')} > ${cursorRank} OR (${rank('a')} = ${cursorRank} AND (a.created_at, a.id) < (${at}, ${id})))`,
      );
    }
    const rows: AlertRow[] = await this.dataSource.query(
      `SELECT a.id, a.patient_id, a.kind, a.urgency, a.detail, a.created_at, a.acknowledged_at,
              a.acknowledged_by, ${cursorAtSql('a.created_at')} AS alert_key
         FROM alert a
        WHERE ${where.join(' AND ')}
        ORDER BY ${rank('a')}, a.created_at DESC, a.id DESC
        LIMIT $${params.push(query.limit + 1)}`,
      params,
    );
    await this.audit.record({
      action: 'alert.listed',
      clinicId: principal.clinicId,
      actor: principal,
      patientId: query.patientId ?? null,
      meta,
      detail: { status: query.status ?? null, count: Math.min(rows.length, query.limit) },
    });
    return pageOf(rows, query.limit, (row) => ({ at: row.alert_key, id: row.id }), toAlertView);
  }

  /**
   * POST /alerts/:id/acknowledge: records who and when; the next occurrence opens a new alert.
   * Acknowledging an acknowledged alert changes nothing and answers it as it is.
   */
  async acknowledge(principal: Principal, id: string, meta: RequestMeta): Promise<AlertView> {
    return this.dataSource.transaction(async (manager) => {
      const [row]: AlertRow[] = isUuid(id)
        ? await manager.query(
            `SELECT id, patient_id, kind, urgency, detail, created_at, acknowledged_at,
                    acknowledged_by, '' AS alert_key
               FROM alert WHERE id = $1 AND clinic_id = $2 FOR UPDATE`,
            [id, principal.clinicId],
          )
        : [];
      if (!row) throw new NotFoundException('No alert with this id.');
      // Already acknowledged (a retried request, or a colleague was quicker): the first who and
      // when stand, and the answer is the same.
      if (row.acknowledged_at !== null) return toAlertView(row);
      const [updated]: AlertRow[][] = await manager.query(
        `UPDATE alert SET acknowledged_at = now(), acknowledged_by = $2, updated_at = now()
          WHERE id = $1
          RETURNING id, patient_id, kind, urgency, detail, created_at, acknowledged_at,
                    acknowledged_by, '' AS alert_key`,
        [id, principal.userId],
      );
      await this.audit.record(
        {
          action: 'alert.acknowledged',
          clinicId: principal.clinicId,
          actor: principal,
          patientId: row.patient_id,
          entityType: 'alert',
          entityId: id,
          meta,
          detail: { kind: row.kind },
        },
        manager,
      );
      return toAlertView(updated[0]);
    });
  }
}

function toAlertView(row: AlertRow): AlertView {
  return {
    id: row.id,
    patientId: row.patient_id,
    kind: row.kind,
    urgency: row.urgency,
    detail: row.detail,
    createdAt: row.created_at.toISOString(),
    acknowledgedAt: row.acknowledged_at?.toISOString() ?? null,
    acknowledgedBy: row.acknowledged_by,
  };
}
