import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Principal, RequestMeta } from '../auth/principal';
import { AuditEvent, AuditOutcome } from './audit-event.entity';

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

  async record(entry: AuditEntry, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.insert(AuditEvent, {
      clinicId: entry.clinicId,
      actorUserId: entry.actor?.userId ?? null,
      actorRole: entry.actor?.role ?? null,
      action: entry.action,
      outcome: entry.outcome ?? 'success',
      patientId: entry.patientId ?? null,
      entityType: entry.entityType ?? null,
      entityId: entry.entityId ?? null,
      ip: entry.meta?.ip?.slice(0, 64) ?? null,
      requestId: entry.meta?.requestId?.slice(0, 64) ?? null,
      detail: (entry.detail ?? {}) as AuditEvent['detail'] & object,
    });
  }
}
