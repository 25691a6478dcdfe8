import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Principal, RequestMeta } from '../auth/principal';
import { pooledQuery } from '../database/pooled-query';
import type { AuditOutcome } from './audit-event.entity';

export interface AuditEntry {
  action: string;
  outcome?: AuditOutcome;
  clinicId: string | null;
  actor?: Pick<Principal, 'userId' | 'role'> | null;
  patientId?: string | null;
  entityType?: string;
  entityId?: string;
  meta?: RequestMeta;
  detail?: Record<string, unknown>;
}

/**
 * Writes the audit trail. Changes pass their transaction's EntityManager, so the event and the
 * change commit or roll back together.
 */
@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Every staff read and every change passes here, so it is one plain INSERT: TypeORM's insert
   * builder cost more CPU per request than the statement itself (tools/bench/api profiles), and
   * outside a transaction it skips TypeORM's QueryRunner too (pooledQuery).
   */
  async record(entry: AuditEntry, manager: EntityManager = this.dataSource.manager): Promise<void> {
    const parameters: unknown[] = [];
    await pooledQuery(manager, auditEventInsert(entry, parameters), parameters);
  }
}

/**
 * The audit event's INSERT, its values pushed onto `parameters` and numbered after those already
 * there: `record` sends it alone; a change written in one statement (a new session log or pain
 * entry) carries it as one of its data-modifying WITH queries, so the event commits with the
 * change it records.
 */
export function auditEventInsert(entry: AuditEntry, parameters: unknown[]): string {
  const values = [
    entry.clinicId,
    entry.actor?.userId ?? null,
    entry.actor?.role ?? null,
    entry.action,
    entry.outcome ?? 'success',
    entry.patientId ?? null,
    entry.entityType ?? null,
    entry.entityId ?? null,
    entry.meta?.ip?.slice(0, 64) ?? null,
    entry.meta?.requestId?.slice(0, 64) ?? null,
    JSON.stringify(entry.detail ?? {}),
  ].map((value) => `$${parameters.push(value)}`);
  return `INSERT INTO audit_event (clinic_id, actor_user_id, actor_role, action, outcome,
      patient_id, entity_type, entity_id, ip, request_id, detail)
    VALUES (${values.join(', ')})`;
}
