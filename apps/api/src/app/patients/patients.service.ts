import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  CreatePatientResponse,
  Page,
  PatientListItem,
  Patient as PatientView,
} from '@rehabit/contracts';
import { dateOfBirthErrors, localDateOf } from '@rehabit/domain';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { InvitationsService } from '../auth/invitations.service';
import type { Principal, RequestMeta } from '../auth/principal';
import { SessionsService } from '../auth/sessions.service';
import { Clinic } from '../clinics/clinic.entity';
import { isUniqueViolation } from '../database/errors';
import { pooledQuery } from '../database/pooled-query';
import { entityTag, matchedVersions, preconditionFailed } from '../http/entity-tags';
import { cursorAtSql, decodeCursor, pageOf } from '../http/pagination';
import { ValidationProblem, unprocessable } from '../http/problem';
import { User } from '../users/user.entity';
import { emailTaken } from '../users/users.service';
import type { CreatePatientDto, PatientQueryDto, UpdatePatientDto } from './dto/patient.dto';
import { PatientAccess } from './patient-access';
import { PATIENT_RECORD_COLUMNS, type PatientRecordRow } from './patient-record';
import {
  CASELOAD_FIGURES_COLUMNS,
  CASELOAD_FIGURES_CTES,
  CASELOAD_FIGURES_JOINS,
  toFigures,
  type FiguresRow,
} from './caseload-figures';
import { Patient } from './patient.entity';

interface PatientRow extends PatientRecordRow {
  email: string;
  activated: boolean;
}

const PATIENT_COLUMNS = `${PATIENT_RECORD_COLUMNS}, u.email,
  u.password_hash IS NOT NULL AS activated`;

@Injectable()
export class PatientsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: PatientAccess,
    private readonly invitations: InvitationsService,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
  ) {}

  /** The patient's account, record and invitation, in one transaction. */
  async create(
    principal: Principal,
    body: CreatePatientDto,
    meta: RequestMeta,
  ): Promise<CreatePatientResponse> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        const therapistId =
          body.therapistId ?? (principal.role === 'therapist' ? principal.userId : null);
        if (therapistId)
          await this.requireTherapist(manager, principal.clinicId, therapistId, 'therapistId');
        const clinic = await manager.findOneByOrFail(Clinic, { id: principal.clinicId });
        const timezone = body.timezone ?? clinic.timezone;
        const errors = dateOfBirthErrors(body.dateOfBirth, localDateOf(new Date(), timezone));
        if (errors.length > 0) throw unprocessable(errors);
        const user = await manager.save(
          manager.create(User, {
            clinicId: principal.clinicId,
            email: body.email.trim(),
            displayName: body.displayName.trim(),
            role: 'patient',
            passwordHash: null,
            active: true,
          }),
        );
        const patient = await manager.save(
          manager.create(Patient, {
            clinicId: principal.clinicId,
            userId: user.id,
            therapistId,
            displayName: body.displayName.trim(),
            timezone,
            dateOfBirth: body.dateOfBirth ?? null,
            condition: body.condition?.trim() || null,
            active: true,
          }),
        );
        const invitation = await this.invitations.create(
          manager,
          principal.clinicId,
          user.id,
          principal.userId,
        );
        await this.audit.record(
          {
            action: 'patient.created',
            clinicId: principal.clinicId,
            actor: principal,
            patientId: patient.id,
            entityType: 'patient',
            entityId: patient.id,
            meta,
          },
          manager,
        );
        return { ...(await this.view(manager, patient.id)), invitation };
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw emailTaken();
      throw error;
    }
  }

  /**
   * GET /patients: a page of the caseload, each row with its latest pain entry, self-reported
   * adherence over the patient's last 7 local days and open alerts — all in ONE statement
   * (see `CASELOAD_FIGURES_CTES`), however many rows.
   * `now` is a parameter so tests can pin the patients' "today".
   */
  async list(
    principal: Principal,
    query: PatientQueryDto,
    meta: RequestMeta,
    now: Date = new Date(),
  ): Promise<Page<PatientListItem>> {
    const after = decodeCursor(query.cursor);
    const params: unknown[] = [principal.clinicId, now.toISOString()];
    const where = ['p.clinic_id = $1'];
    if (query.therapistId) where.push(`p.therapist_id = $${params.push(query.therapistId)}`);
    if (query.q) {
      const pattern = `%${query.q.replace(/[\\%_]/g, (match) => `\\${match}`)}%`;
      where.push(
        `(p.display_name ILIKE $${params.push(pattern)} OR u.email ILIKE $${params.length})`,
      );
    }
    if (query.alerts === 'open')
      where.push(
        'EXISTS (SELECT 1 FROM alert oa WHERE oa.patient_id = p.id AND oa.acknowledged_at IS NULL)',
      );
    if (after)
      where.push(
        `(p.created_at, p.id) < ($${params.push(after.at)}::timestamptz, $${params.push(after.id)}::uuid)`,
      );
    const rows = await pooledQuery<PatientRow & FiguresRow & { cursor_at: string }>(
      this.dataSource.manager,
      `WITH page AS (
         SELECT ${PATIENT_COLUMNS}, ${cursorAtSql('p.created_at')} AS cursor_at,
                (($2::timestamptz AT TIME ZONE p.timezone)::date) AS today
           FROM patient p JOIN app_user u ON u.id = p.user_id
          WHERE ${where.join(' AND ')}
          ORDER BY p.created_at DESC, p.id DESC LIMIT $${params.push(query.limit + 1)}),
       ${CASELOAD_FIGURES_CTES}
       SELECT page.*, ${CASELOAD_FIGURES_COLUMNS}
         FROM page ${CASELOAD_FIGURES_JOINS}
        ORDER BY page.created_at DESC, page.id DESC`,
      params,
    );
    const page = pageOf(
      rows,
      query.limit,
      (row) => ({ at: row.cursor_at, id: row.id }),
      // Object.assign, not `{ ...view, ...figures }`: V8 copies the 14 fields of a spread object
      // one by one through its slow path, ~6 µs a row, which was most of this mapping's time.
      (row): PatientListItem => Object.assign(toPatientView(row), toFigures(row)),
    );
    // Staff looking through the caseload is a read of patient data, and audited as one.
    await this.audit.record({
      action: 'patient.list',
      clinicId: principal.clinicId,
      actor: principal,
      meta,
      detail: {
        count: page.items.length,
        q: query.q ?? null,
        therapistId: query.therapistId ?? null,
        alerts: query.alerts ?? null,
      },
    });
    return page;
  }

  async get(principal: Principal, idOrMe: string, meta: RequestMeta): Promise<PatientView> {
    const patient = await this.access.find(principal, idOrMe, meta);
    if (principal.role !== 'patient') {
      await this.audit.record({
        action: 'patient.read',
        clinicId: principal.clinicId,
        actor: principal,
        patientId: patient.id,
        entityType: 'patient',
        entityId: patient.id,
        meta,
      });
    }
    return this.view(this.dataSource.manager, patient.id);
  }

  /**
   * Applies the change only if the record is still at a version the client's If-Match names:
   * one conditional UPDATE, whose row count says whether someone else got there first.
   */
  async update(
    principal: Principal,
    idOrMe: string,
    body: UpdatePatientDto,
    ifMatch: string | undefined,
    meta: RequestMeta,
  ): Promise<PatientView> {
    const { id } = await this.access.find(principal, idOrMe, meta);
    const versions = matchedVersions(ifMatch);
    return this.dataSource.transaction(async (manager) => {
      if (body.therapistId)
        await this.requireTherapist(manager, principal.clinicId, body.therapistId, 'therapistId');
      const changes: Partial<
        Pick<Patient, 'displayName' | 'therapistId' | 'timezone' | 'condition' | 'active'>
      > = {
        ...(body.displayName !== undefined && { displayName: body.displayName.trim() }),
        ...(body.therapistId !== undefined && { therapistId: body.therapistId }),
        ...(body.timezone !== undefined && { timezone: body.timezone }),
        ...(body.condition !== undefined && { condition: body.condition?.trim() || null }),
        ...(body.active !== undefined && { active: body.active }),
      };
      const { affected, raw } = await manager
        .createQueryBuilder()
        .update(Patient)
        .set({ ...changes, version: () => 'version + 1' })
        .where('id = :id AND clinic_id = :clinicId AND version = ANY(:versions)', {
          id,
          clinicId: principal.clinicId,
          versions,
        })
        .returning(['userId'])
        .execute();
      if (affected !== 1) throw preconditionFailed();
      const [{ user_id: userId }] = raw as { user_id: string }[];
      if (changes.displayName)
        await manager.update(User, { id: userId }, { displayName: changes.displayName });
      if (body.active === false)
        await this.sessions.revokeAllForUser(userId, 'deactivated', manager);
      await this.audit.record(
        {
          action: 'patient.updated',
          clinicId: principal.clinicId,
          actor: principal,
          patientId: id,
          entityType: 'patient',
          entityId: id,
          meta,
          detail: { changed: Object.keys(changes) },
        },
        manager,
      );
      return this.view(manager, id);
    });
  }

  private async view(manager: EntityManager, id: string): Promise<PatientView> {
    const rows: PatientRow[] = await manager.query(
      `SELECT ${PATIENT_COLUMNS} FROM patient p JOIN app_user u ON u.id = p.user_id WHERE p.id = $1`,
      [id],
    );
    return toPatientView(rows[0]);
  }

  private async requireTherapist(
    manager: EntityManager,
    clinicId: string,
    userId: string,
    field: string,
  ): Promise<void> {
    const therapist = await manager.findOne(User, {
      where: { id: userId, clinicId },
      select: { id: true, role: true, active: true },
    });
    if (!therapist || therapist.role === 'patient' || !therapist.active) {
      throw new ValidationProblem(
        [{ field, message: `${field} must be an active therapist or admin of your clinic` }],
        422,
      );
    }
  }
}

function toPatientView(row: PatientRow): PatientView {
  return {
    id: row.id,
    userId: row.user_id,
    clinicId: row.clinic_id,
    displayName: row.display_name,
    email: row.email,
    timezone: row.timezone,
    dateOfBirth: row.date_of_birth,
    therapistId: row.therapist_id,
    condition: row.condition,
    active: row.active,
    activated: row.activated,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
    etag: entityTag(row.version),
  };
}
