import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Principal, RequestMeta } from '../auth/principal';
import { Patient } from './patient.entity';
import { isUuid } from '../http/validators';

/** `me` stands for the signed-in patient's own id in every patient path. */
export const ME = 'me';

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
    const patient =
      id && isUuid(id) && mayReach
        ? await this.dataSource.manager.findOne(Patient, {
            where: { id, clinicId: principal.clinicId },
          })
        : null;
    if (!patient) {
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
    return patient;
  }
}
