import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  CreatePainEntryResponse,
  FieldError,
  Page,
  PainEntry as PainEntryView,
  RecordedByRole,
} from '@rehabit/contracts';
import {
  RED_FLAGS,
  RED_FLAG_PATIENT_MESSAGE,
  addDays,
  localDateOf,
  painSpikeAlert,
  redFlagAlert,
  startOfLocalDay,
  validatePainEntry,
  type DailyValue,
  type LocalDate,
  type RedFlag,
} from '@rehabit/domain';
import { DataSource, EntityManager } from 'typeorm';
import { clinicThresholds } from '../clinics/clinic-thresholds';
import { AlertsService } from '../alerts/alerts.service';
import { AuditService } from '../audit/audit.service';
import type { Principal, RequestMeta } from '../auth/principal';
import { cursorAtSql, decodeCursor, pageOf } from '../http/pagination';
import { ValidationProblem, unprocessable } from '../http/problem';
import { PatientAccess } from '../patients/patient-access';
import type { CreatePainEntryDto, PainQueryDto } from './dto/pain.dto';
import { softDeleteEntry } from './entry-deletion';

interface PainRow {
  id: string;
  patient_id: string;
  recorded_at: Date;
  score: number;
  context: string | null;
  red_flags: RedFlag[];
  recorded_by: string;
  recorded_by_role: RecordedByRole;
  created_at: Date;
  pain_key: string;
}

const PAIN_COLUMNS = `id, patient_id, recorded_at, score, context, red_flags, recorded_by,
  recorded_by_role, created_at, ${cursorAtSql('recorded_at')} AS pain_key`;

/**
 * Daily pain entries. A red-flag answer opens an urgent alert, and a day well above the recent
 * days a routine one, in the entry's own transaction; the answer carries urgent-care advice.
 */
@Injectable()
export class PainService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly patients: PatientAccess,
    private readonly alerts: AlertsService,
    private readonly audit: AuditService,
  ) {}

  async create(
    principal: Principal,
    patientIdOrMe: string,
    body: CreatePainEntryDto,
    meta: RequestMeta,
  ): Promise<CreatePainEntryResponse> {
    const patient = await this.patients.find(principal, patientIdOrMe, meta);
    // An unknown red flag is a word the API does not know, like an unknown measure type: 400.
    const unknownFlags = unknownRedFlags(body.redFlags);
    if (unknownFlags.length > 0) throw new ValidationProblem(unknownFlags);
    const result = validatePainEntry(body, { now: new Date() });
    if (!result.ok) throw unprocessable(result.errors);
    const input = result.value;
    const tz = patient.timezone;

    return this.dataSource.transaction(async (manager) => {
      const [row]: PainRow[] = await manager.query(
        `INSERT INTO pain_entry (clinic_id, patient_id, recorded_at, score, context, red_flags,
           recorded_by, recorded_by_role)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${PAIN_COLUMNS}`,
        [
          principal.clinicId,
          patient.id,
          input.recordedAt,
          input.score,
          input.context ?? null,
          input.redFlags,
          principal.userId,
          principal.role,
        ],
      );
      await this.audit.record(
        {
          action: 'pain.recorded',
          clinicId: principal.clinicId,
          actor: principal,
          patientId: patient.id,
          entityType: 'pain_entry',
          entityId: row.id,
          meta,
          detail: { redFlags: input.redFlags.length },
        },
        manager,
      );

      const redFlag = redFlagAlert(input, tz);
      if (redFlag)
        await this.alerts.raise(manager, {
          clinicId: principal.clinicId,
          patientId: patient.id,
          candidate: redFlag,
          redFlags: input.redFlags,
          painEntryId: row.id,
          actor: principal,
          meta,
        });

      const thresholds = await clinicThresholds(manager, principal.clinicId);
      const date = localDateOf(input.recordedAt, tz);
      const daily = await dailyPainMeans(
        manager,
        patient.id,
        tz,
        addDays(date, -thresholds.painSpike.windowDays),
        date,
      );
      const spike = painSpikeAlert(daily, date, thresholds.painSpike);
      if (spike)
        await this.alerts.raise(manager, {
          clinicId: principal.clinicId,
          patientId: patient.id,
          candidate: spike,
          painEntryId: row.id,
          actor: principal,
          meta,
        });

      return {
        ...toPainView(row, tz),
        advice: redFlag ? { urgent: true, message: RED_FLAG_PATIENT_MESSAGE } : null,
      };
    });
  }

  /** The patient's live entries, newest first, filtered on their local date. */
  async list(
    principal: Principal,
    patientIdOrMe: string,
    query: PainQueryDto,
    meta: RequestMeta,
  ): Promise<Page<PainEntryView>> {
    const patient = await this.patients.find(principal, patientIdOrMe, meta);
    assertRange(query.from, query.to);
    const after = decodeCursor(query.cursor);
    const tz = patient.timezone;
    const params: unknown[] = [patient.id];
    const where = ['patient_id = $1', 'deleted_at IS NULL'];
    // Local dates become instants here, so the (patient_id, recorded_at) index serves the range.
    if (query.from)
      where.push(`recorded_at >= $${params.push(startOfLocalDay(query.from, tz).toISOString())}`);
    if (query.to)
      where.push(
        `recorded_at < $${params.push(startOfLocalDay(addDays(query.to, 1), tz).toISOString())}`,
      );
    if (after)
      where.push(
        `(recorded_at, id) < ($${params.push(after.at)}::timestamptz, $${params.push(after.id)}::uuid)`,
      );
    if (principal.role !== 'patient')
      await this.audit.record({
        action: 'pain.listed',
        clinicId: principal.clinicId,
        actor: principal,
        patientId: patient.id,
        entityType: 'patient',
        entityId: patient.id,
        meta,
      });
    const rows: PainRow[] = await this.dataSource.query(
      `SELECT ${PAIN_COLUMNS} FROM pain_entry WHERE ${where.join(' AND ')}
        ORDER BY recorded_at DESC, id DESC LIMIT $${params.push(query.limit + 1)}`,
      params,
    );
    return pageOf(
      rows,
      query.limit,
      (row) => ({ at: row.pain_key, id: row.id }),
      (row) => toPainView(row, tz),
    );
  }

  async remove(principal: Principal, id: string, reason: string, meta: RequestMeta): Promise<void> {
    await softDeleteEntry(
      this.dataSource,
      this.audit,
      {
        table: 'pain_entry',
        entityType: 'pain_entry',
        action: 'pain.deleted',
        label: 'pain entry',
        id,
        reason,
      },
      principal,
      meta,
    );
  }
}

/**
 * One value a day from `from` to `to` (local dates, both included): the mean of the patient's
 * live entries of that day in `timeZone`, as the domain's `dailyPain` computes it. One query.
 */
export async function dailyPainMeans(
  manager: EntityManager,
  patientId: string,
  timeZone: string,
  from: LocalDate,
  to: LocalDate,
): Promise<DailyValue[]> {
  const rows: { date: LocalDate; mean: number }[] = await manager.query(
    `SELECT to_char((recorded_at AT TIME ZONE $2)::date, 'YYYY-MM-DD') AS date,
            avg(score)::float8 AS mean
       FROM pain_entry
      WHERE patient_id = $1 AND deleted_at IS NULL AND recorded_at >= $3 AND recorded_at < $4
      GROUP BY 1 ORDER BY 1`,
    [
      patientId,
      timeZone,
      startOfLocalDay(from, timeZone).toISOString(),
      startOfLocalDay(addDays(to, 1), timeZone).toISOString(),
    ],
  );
  return rows;
}

/** `from` after `to` can match nothing and is surely a mistake: 400 naming `from`. */
export function assertRange(from: LocalDate | undefined, to: LocalDate | undefined): void {
  if (from && to && from > to)
    throw new ValidationProblem([{ field: 'from', message: 'from must not be after to' }]);
}

function unknownRedFlags(flags: unknown[] | undefined): FieldError[] {
  return (flags ?? []).flatMap((flag, index) =>
    (RED_FLAGS as readonly unknown[]).includes(flag)
      ? []
      : [
          {
            field: `redFlags[${index}]`,
            message: `Red flag must be one of: ${RED_FLAGS.join(', ')}`,
          },
        ],
  );
}

function toPainView(row: PainRow, timeZone: string): PainEntryView {
  return {
    id: row.id,
    patientId: row.patient_id,
    recordedAt: row.recorded_at.toISOString(),
    date: localDateOf(row.recorded_at, timeZone),
    score: row.score,
    context: row.context,
    redFlags: row.red_flags,
    recordedBy: row.recorded_by,
    recordedByRole: row.recorded_by_role,
    createdAt: row.created_at.toISOString(),
  };
}
