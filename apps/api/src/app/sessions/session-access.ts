import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { LocalDate } from '@rehabit/domain';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Principal, RequestMeta } from '../auth/principal';
import { PatientAccess } from '../patients/patient-access';
import type { Patient } from '../patients/patient.entity';
import { isUuid } from '../http/validators';

export interface SessionInScope {
  sessionId: string;
  performedOn: LocalDate;
  deleted: boolean;
  patient: Patient;
}

/**
 * The one place that decides who reaches a session log: whoever may reach its patient
 * (PatientAccess: staff of the clinic, or that patient). Anything else answers 404 and is
 * audited. Soft-deleted sessions are found too (their history stays readable); each route
 * decides what a deleted session means for it. Runs outside transactions, like PatientAccess,
 * so a refusal's audit event is kept.
 */
@Injectable()
export class SessionAccess {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly patients: PatientAccess,
    private readonly audit: AuditService,
  ) {}

  async find(principal: Principal, sessionId: string, meta: RequestMeta): Promise<SessionInScope> {
    const rows: { patient_id: string; performed_on: LocalDate; deleted: boolean }[] = isUuid(
      sessionId,
    )
      ? await this.dataSource.query(
          `SELECT patient_id, to_char(performed_on, 'YYYY-MM-DD') AS performed_on,
             deleted_at IS NOT NULL AS deleted
           FROM session_log WHERE id = $1 AND clinic_id = $2`,
          [sessionId, principal.clinicId],
        )
      : [];
    if (!rows[0]) {
      await this.audit.record({
        action: 'access.denied',
        outcome: 'denied',
        clinicId: principal.clinicId,
        actor: principal,
        entityType: 'session_log',
        entityId: isUuid(sessionId) ? sessionId : undefined,
        meta,
        detail: { reason: 'not_found_in_scope' },
      });
      throw notFound();
    }
    try {
      const patient = await this.patients.find(principal, rows[0].patient_id, meta);
      return {
        sessionId,
        performedOn: rows[0].performed_on,
        deleted: rows[0].deleted,
        patient,
      };
    } catch (error) {
      // PatientAccess has audited the refusal; the answer names what was asked for.
      if (error instanceof NotFoundException) throw notFound();
      throw error;
    }
  }
}

function notFound(): NotFoundException {
  return new NotFoundException('No session with this id.');
}
