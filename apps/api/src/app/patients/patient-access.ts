import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Principal, RequestMeta } from '../auth/principal';
import { pooledQuery } from '../database/pooled-query';
import { Patient } from './patient.entity';
import { isUuid } from '../http/validators';

/** `me` stands for the signed-in patient's own id in every patient path. */
export const ME = 'me';

/**
 * A patient record's columns (`p` being the patient table), shared by the statements that read
 * one. The date of birth is sent as text: `pg` would parse a `date` into a Date at local
 * midnight, where the entity (as TypeORM hydrates it) and the API both hold 'YYYY-MM-DD'.
 */
export const PATIENT_RECORD_COLUMNS = `p.id, p.clinic_id, p.user_id, p.therapist_id, p.display_name,
  p.timezone, to_char(p.date_of_birth, 'YYYY-MM-DD') AS date_of_birth, p.condition, p.active,
  p.version, p.created_at, p.updated_at`;

export interface PatientRecordRow {
  id: string;
  clinic_id: string;
  user_id: string;
  therapist_id: string | null;
  display_name: string;
  timezone: string;
  date_of_birth: string | null;
  condition: string | null;
  active: boolean;
  version: number;
  created_at: Date;
  updated_at: Date;
}

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

/** A Patient with the values and JS types findOne gave, so no caller sees a difference. */
function toPatient(row: PatientRecordRow): Patient {
  return Object.assign(new Patient(), {
    id: row.id,
    clinicId: row.clinic_id,
    userId: row.user_id,
    therapistId: row.therapist_id,
    displayName: row.display_name,
    timezone: row.timezone,
    dateOfBirth: row.date_of_birth,
    condition: row.condition,
    active: row.active,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  });
}
