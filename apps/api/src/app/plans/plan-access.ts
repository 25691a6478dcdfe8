import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Principal, RequestMeta } from '../auth/principal';
import { PatientAccess } from '../patients/patient-access';
import type { Patient } from '../patients/patient.entity';
import { isUuid } from '../http/validators';

/**
 * The one place that decides who reaches a plan: whoever may reach its patient (PatientAccess:
 * staff of the clinic, or that patient). Anything else answers 404 and is audited. Runs outside
 * transactions, like PatientAccess, so a refusal's audit event is kept.
 */
@Injectable()
export class PlanAccess {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly patients: PatientAccess,
    private readonly audit: AuditService,
  ) {}

  async find(
    principal: Principal,
    planId: string,
    meta: RequestMeta,
  ): Promise<{ planId: string; patient: Patient }> {
    const rows: { patient_id: string }[] = isUuid(planId)
      ? await this.dataSource.query(
          `SELECT patient_id FROM plan WHERE id = $1 AND clinic_id = $2`,
          [planId, principal.clinicId],
        )
      : [];
    if (!rows[0]) {
      await this.audit.record({
        action: 'access.denied',
        outcome: 'denied',
        clinicId: principal.clinicId,
        actor: principal,
        entityType: 'plan',
        entityId: isUuid(planId) ? planId : undefined,
        meta,
        detail: { reason: 'not_found_in_scope' },
      });
      throw notFound();
    }
    try {
      return { planId, patient: await this.patients.find(principal, rows[0].patient_id, meta) };
    } catch (error) {
      // PatientAccess has audited the refusal; the answer names what was asked for.
      if (error instanceof NotFoundException) throw notFound();
      throw error;
    }
  }
}

function notFound(): NotFoundException {
  return new NotFoundException('No plan with this id.');
}
