import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Principal, RequestMeta } from '../auth/principal';
import { pooledQuery } from '../database/pooled-query';
import { Patient } from './patient.entity';
import { PATIENT_RECORD_COLUMNS, toPatient, type PatientRecordRow } from './patient-record';
import { isUuid } from '../http/validators';

/** `me` stands for the signed-in patient's own id in every patient path. */
export const ME = 'me';

const FIND_IN_CLINIC = `SELECT ${PATIENT_RECORD_COLUMNS} FROM patient p
  WHERE p.id = $1 AND p.clinic_id = $2`;

/**
 * The one place that decides whose patient record a caller may reach: a patient only their
 * own, staff only their clinic's. Anything else answers 404 — never the record, never a hint
 * that it exists — and the attempt is written to the audit trail.
 */
@Injectable()
export class PatientAccess {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /**
   * Runs outside any transaction on purpose: a refusal's audit event must be kept even though
   * the request fails, and the embedded database serialises connections, so a second
   * connection opened inside a transaction would wait on it forever.
   */
  async find(principal: Principal, idOrMe: string, meta: RequestMeta): Promise<Patient> {
    const id = idOrMe === ME ? principal.patientId : idOrMe;
    const mayReach = principal.role === 'patient' ? id === principal.patientId : true;
    const own = principal.ownRecord;
    // A copy: a caller may change the entity it gets; another lookup in the request must not
    // see that.
    if (own && own.id === id && own.clinicId === principal.clinicId)
      return Object.assign(new Patient(), own);
    // Nearly every patient path asks this first: a plain pooled statement, not findOne, whose
    // query builder was ~5 % of the API's CPU on GET /patients/:id/progress (see pooledQuery).
    const rows =
      id && isUuid(id) && mayReach
        ? await pooledQuery<PatientRecordRow>(this.dataSource.manager, FIND_IN_CLINIC, [
            id,
            principal.clinicId,
          ])
        : [];
    const row = rows[0];
    if (!row) {
      await this.audit.record({
        action: 'access.denied',
        outcome: 'denied',
        clinicId: principal.clinicId,
        actor: principal,
        entityType: 'patient',
        entityId: id && isUuid(id) ? id : undefined,
        meta,
        detail: { reason: 'not_found_in_scope' },
      });
      throw new NotFoundException('No patient with this id.');
    }
    return toPatient(row);
  }
}
