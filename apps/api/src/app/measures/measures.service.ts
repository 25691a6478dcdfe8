import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Measure as MeasureView, Page, RecordedByRole } from '@rehabit/contracts';
import {
  MEASURES,
  localDateOf,
  scoreOdi,
  validateMeasure,
  type LocalDate,
  type MeasureSide,
  type MeasureType,
  type OdiBand,
} from '@rehabit/domain';
import { DataSource } from 'typeorm';
import { clinicThresholds } from '../clinics/clinic-thresholds';
import { AuditService } from '../audit/audit.service';
import type { Principal, RequestMeta } from '../auth/principal';
import { decodeCursor, pageOf } from '../http/pagination';
import { Problem, unprocessable } from '../http/problem';
import { softDeleteEntry } from '../pain/entry-deletion';
import { assertRange } from '../pain/pain.service';
import { PatientAccess } from '../patients/patient-access';
import type { CreateMeasureDto, MeasureQueryDto } from './dto/measure.dto';

interface MeasureRow {
  id: string;
  patient_id: string;
  type: MeasureType;
  recorded_on: LocalDate;
  side: MeasureSide | null;
  value: number | null;
  answers: (number | null)[] | null;
  score: number | null;
  band: OdiBand | null;
  recorded_by: string;
  recorded_by_role: RecordedByRole;
  created_at: Date;
}

const MEASURE_COLUMNS = `id, patient_id, type, to_char(recorded_on, 'YYYY-MM-DD') AS recorded_on,
  side, value, answers, score::float8 AS score, band, recorded_by, recorded_by_role, created_at`;

/**
 * Clinical measures: flexibility tests as raw values (per side where the test has sides) and
 * questionnaires scored by the domain. Therapist-recorded and patient-answered ones are told
 * apart by `recordedByRole`.
 */
@Injectable()
export class MeasuresService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly patients: PatientAccess,
    private readonly audit: AuditService,
  ) {}

  async create(
    principal: Principal,
    patientIdOrMe: string,
    body: CreateMeasureDto,
    meta: RequestMeta,
  ): Promise<MeasureView> {
    const patient = await this.patients.find(principal, patientIdOrMe, meta);
    const today = localDateOf(new Date(), patient.timezone);
    const result = validateMeasure(body, { today, bornOn: patient.dateOfBirth });
    if (!result.ok) throw unprocessable(result.errors);
    const measure = result.value;

    return this.dataSource.transaction(async (manager) => {
      let score: { score: number; band: OdiBand } | null = null;
      if (measure.type === 'odi') {
        const thresholds = await clinicThresholds(manager, principal.clinicId);
        const odi = scoreOdi(measure.answers, { maxSkipped: thresholds.odi.maxSkipped });
        if (!odi.ok)
          throw new Problem(HttpStatus.UNPROCESSABLE_ENTITY, odi.message, {
            reason: odi.reason,
            errors: odi.errors,
          });
        score = { score: odi.score, band: odi.band };
      }
      const [row]: MeasureRow[] = await manager.query(
        `INSERT INTO measure (clinic_id, patient_id, type, recorded_on, side, value, answers, score,
           band, recorded_by, recorded_by_role)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING ${MEASURE_COLUMNS}`,
        [
          principal.clinicId,
          patient.id,
          measure.type,
          measure.recordedOn,
          measure.side ?? null,
          measure.value ?? null,
          measure.answers ?? null,
          score?.score ?? null,
          score?.band ?? null,
          principal.userId,
          principal.role,
        ],
      );
      await this.audit.record(
        {
          action: 'measure.recorded',
          clinicId: principal.clinicId,
          actor: principal,
          patientId: patient.id,
          entityType: 'measure',
          entityId: row.id,
          meta,
          detail: { type: measure.type },
        },
        manager,
      );
      return toMeasureView(row);
    });
  }

  /** The patient's live measures, latest date first; `type`, `from` and `to` filter. */
  async list(
    principal: Principal,
    patientIdOrMe: string,
    query: MeasureQueryDto,
    meta: RequestMeta,
  ): Promise<Page<MeasureView>> {
    const patient = await this.patients.find(principal, patientIdOrMe, meta);
    assertRange(query.from, query.to);
    const after = decodeCursor(query.cursor);
    const params: unknown[] = [patient.id];
    const where = ['patient_id = $1', 'deleted_at IS NULL'];
    if (query.type) where.push(`type = $${params.push(query.type)}`);
    if (query.from) where.push(`recorded_on >= $${params.push(query.from)}`);
    if (query.to) where.push(`recorded_on <= $${params.push(query.to)}`);
    // The keyset is (recorded_on, id); the cursor carries the date as midnight UTC.
    if (after)
      where.push(
        `(recorded_on, id) < (($${params.push(after.at)}::timestamptz AT TIME ZONE 'UTC')::date, $${params.push(after.id)}::uuid)`,
      );
    if (principal.role !== 'patient')
      await this.audit.record({
        action: 'measure.listed',
        clinicId: principal.clinicId,
        actor: principal,
        patientId: patient.id,
        entityType: 'patient',
        entityId: patient.id,
        meta,
        detail: { type: query.type ?? null },
      });
    const rows: MeasureRow[] = await this.dataSource.query(
      `SELECT ${MEASURE_COLUMNS} FROM measure WHERE ${where.join(' AND ')}
        ORDER BY measure.recorded_on DESC, id DESC LIMIT $${params.push(query.limit + 1)}`,
      params,
    );
    return pageOf(
      rows,
      query.limit,
      (row) => ({ at: `${row.recorded_on}T00:00:00.000000Z`, id: row.id }),
      toMeasureView,
    );
  }

  async remove(principal: Principal, id: string, reason: string, meta: RequestMeta): Promise<void> {
    await softDeleteEntry(
      this.dataSource,
      this.audit,
      {
        table: 'measure',
        entityType: 'measure',
        action: 'measure.deleted',
        label: 'measure',
        id,
        reason,
      },
      principal,
      meta,
    );
  }
}

function toMeasureView(row: MeasureRow): MeasureView {
  return {
    id: row.id,
    patientId: row.patient_id,
    type: row.type,
    recordedOn: row.recorded_on,
    side: row.side,
    value: row.value,
    unit: MEASURES[row.type].unit,
    answers: row.answers,
    score: row.score,
    band: row.band,
    recordedBy: row.recorded_by,
    recordedByRole: row.recorded_by_role,
    createdAt: row.created_at.toISOString(),
  };
}
