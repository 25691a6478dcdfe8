import { ForbiddenException, NotFoundException } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { AuditService } from '../audit/audit.service';
import type { Principal, RequestMeta } from '../auth/principal';
import { isUuid } from '../http/validators';

/** A patient may delete what they logged themselves for this long after logging it. */
export const PATIENT_DELETE_WINDOW_DAYS = 7;

interface EntryRow {
  id: string;
  patient_id: string;
  recorded_by: string;
  deleted: boolean;
  within_window: boolean;
}

/**
 * The one deletion policy of patients' log entries (pain entries, measures). Staff of the clinic
 * may delete any; a patient only what they logged themselves, within 7 days of logging it.
 * Another clinic's or another patient's entry answers 404 (and the refusal is audited). A
 * delete is soft — the row keeps `deleted_at`, `deleted_by` and `delete_reason` — and commits
 * with its audit event. Deleting an entry already deleted changes nothing and answers success,
 * so a retried DELETE from a flaky connection is harmless.
 */
export async function softDeleteEntry(
  dataSource: DataSource,
  audit: AuditService,
  entry: {
    table: 'pain_entry' | 'measure';
    entityType: string;
    action: string;
    label: string;
    id: string;
    reason: string;
  },
  principal: Principal,
  meta: RequestMeta,
): Promise<void> {
  const [row]: EntryRow[] = isUuid(entry.id)
    ? await dataSource.query(
        `SELECT id, patient_id, recorded_by, deleted_at IS NOT NULL AS deleted,
                created_at > now() - make_interval(days => $3) AS within_window
           FROM ${entry.table} WHERE id = $1 AND clinic_id = $2`,
        [entry.id, principal.clinicId, PATIENT_DELETE_WINDOW_DAYS],
      )
    : [];
  const refuse = async (reason: string) =>
    audit.record({
      action: 'access.denied',
      outcome: 'denied',
      clinicId: principal.clinicId,
      actor: principal,
      patientId: row?.patient_id ?? null,
      entityType: entry.entityType,
      entityId: isUuid(entry.id) ? entry.id : undefined,
      meta,
      detail: { reason, attempted: entry.action },
    });
  if (!row || (principal.role === 'patient' && row.patient_id !== principal.patientId)) {
    await refuse('not_found_in_scope');
    throw new NotFoundException(`No ${entry.label} with this id.`);
  }
  if (principal.role === 'patient' && row.recorded_by !== principal.userId) {
    await refuse('recorded_by_staff');
    throw new ForbiddenException(
      `This ${entry.label} was recorded by your clinic; ask your therapist to remove it.`,
    );
  }
  if (principal.role === 'patient' && !row.within_window) {
    await refuse('delete_window_passed');
    throw new ForbiddenException(
      `A ${entry.label} can be deleted within ${PATIENT_DELETE_WINDOW_DAYS} days of logging it; ask your therapist to remove it.`,
    );
  }
  if (row.deleted) return;
  await dataSource.transaction(async (manager) => {
    const [, changed]: [unknown[], number] = await manager.query(
      `UPDATE ${entry.table} SET deleted_at = now(), deleted_by = $2, delete_reason = $3
        WHERE id = $1 AND deleted_at IS NULL`,
      [entry.id, principal.userId, entry.reason.trim()],
    );
    // A concurrent delete got there first: its reason and audit event stand.
    if (changed !== 1) return;
    await audit.record(
      {
        action: entry.action,
        clinicId: principal.clinicId,
        actor: principal,
        patientId: row.patient_id,
        entityType: entry.entityType,
        entityId: entry.id,
        meta,
        detail: { reason: entry.reason.trim() },
      },
      manager,
    );
  });
}
