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
  THRESHOLD_LIMITS,
  addDays,
  dailyPainWith,
  localDateOf,
  painSpikeAlert,
  redFlagAlert,
  startOfLocalDay,
  validatePainEntry,
  type DailyPainTotal,
  type LocalDate,
  type PainEntryInput,
  type RedFlag,
  type Thresholds,
} from '@rehabit/domain';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AlertsService } from '../alerts/alerts.service';
import { AuditService, auditEventInsert, type AuditEntry } from '../audit/audit.service';
import type { Clinic } from '../clinics/clinic.entity';
import { thresholdsOf } from '../clinics/clinic-thresholds';
import { pooledQuery } from '../database/pooled-query';
import { committedKeyMark } from '../idempotency/idempotency-commit.subscriber';
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
    const date = localDateOf(input.recordedAt, tz);
    // Judged before the entry is stored, so that the usual entry, opening no alert, is stored
    // in one statement; one that opens an alert is stored in a transaction with it.
    const { thresholds, totals } = await painAlertInputs(
      this.dataSource.manager,
      principal.clinicId,
      patient.id,
      tz,
      date,
    );
    const redFlag = redFlagAlert(input, tz);
    const spike = painSpikeAlert(dailyPainWith(totals, [input], tz), date, thresholds.painSpike);
    const id = randomUUID();
    const entry: NewPainEntry = {
      id,
      clinicId: principal.clinicId,
      patientId: patient.id,
      input,
      recordedBy: principal,
      audit: {
        action: 'pain.recorded',
        clinicId: principal.clinicId,
        actor: principal,
        patientId: patient.id,
        entityType: 'pain_entry',
        entityId: id,
        meta,
        detail: { redFlags: input.redFlags.length },
      },
    };
    const row =
      redFlag || spike
        ? await this.dataSource.transaction(async (manager) => {
            const stored = await insertPainEntry(manager, entry);
            for (const candidate of [redFlag, spike])
              if (candidate)
                await this.alerts.raise(manager, {
                  clinicId: principal.clinicId,
                  patientId: patient.id,
                  candidate,
                  ...(candidate === redFlag && { redFlags: input.redFlags }),
                  painEntryId: id,
                  actor: principal,
                  meta,
                });
            return stored;
          })
        : await insertPainEntry(this.dataSource.manager, entry);
    return {
      ...toPainView(row, tz),
      advice: redFlag ? { urgent: true, message: RED_FLAG_PATIENT_MESSAGE } : null,
    };
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

/** What a new pain entry stores: its values and the event that audits it. */
interface NewPainEntry {
  id: string;
  clinicId: string;
  patientId: string;
  input: PainEntryInput;
  recordedBy: Pick<Principal, 'userId' | 'role'>;
  audit: AuditEntry;
}

/**
 * Stores a pain entry, its audit event and the mark on the request's Idempotency-Key in one
 * statement (data-modifying WITH queries, committed together): a patient's pain entry is the
 * API's second most frequent write.
 */
async function insertPainEntry(manager: EntityManager, entry: NewPainEntry): Promise<PainRow> {
  const params: unknown[] = [];
  const values = [
    entry.id,
    entry.clinicId,
    entry.patientId,
    entry.input.recordedAt,
    entry.input.score,
    entry.input.context ?? null,
    entry.input.redFlags,
    entry.recordedBy.userId,
    entry.recordedBy.role,
  ].map((value) => `$${params.push(value)}`);
  const keyMark = committedKeyMark(params);
  const [row] = await pooledQuery<PainRow>(
    manager,
    `WITH p AS (
       INSERT INTO pain_entry (id, clinic_id, patient_id, recorded_at, score, context, red_flags,
         recorded_by, recorded_by_role)
       VALUES (${values.join(', ')})
       RETURNING ${PAIN_COLUMNS}
     ), audit AS (
       ${auditEventInsert(entry.audit, params)}
     )${keyMark ? `, key AS (${keyMark})` : ''}
     SELECT * FROM p`,
    params,
  );
  return row;
}

/**
 * What a new entry on `date` is judged against, in one statement: the clinic's thresholds, and
 * the patient's live entries of that day and of the days before it that any clinic's pain spike
 * window can reach, summed and counted per local day in `timeZone`.
 */
export async function painAlertInputs(
  manager: EntityManager,
  clinicId: string,
  patientId: string,
  timeZone: string,
  date: LocalDate,
): Promise<{ thresholds: Thresholds; totals: DailyPainTotal[] }> {
  const from = addDays(date, -THRESHOLD_LIMITS.windowDays.max);
  const [row] = await pooledQuery<{
    settings: Clinic['settings'] | null;
    totals: DailyPainTotal[];
  }>(
    manager,
    `SELECT (SELECT settings FROM clinic WHERE id = $1) AS settings,
       COALESCE((
         SELECT json_agg(day ORDER BY day.date) FROM (
           SELECT to_char((recorded_at AT TIME ZONE $3)::date, 'YYYY-MM-DD') AS date,
                  sum(score)::int AS sum, count(*)::int AS count
             FROM pain_entry
            WHERE patient_id = $2 AND deleted_at IS NULL AND recorded_at >= $4
              AND recorded_at < $5
            GROUP BY 1) day), '[]'::json) AS totals`,
    [
      clinicId,
      patientId,
      timeZone,
      startOfLocalDay(from, timeZone).toISOString(),
      startOfLocalDay(addDays(date, 1), timeZone).toISOString(),
    ],
  );
  return { thresholds: thresholdsOf(row.settings ?? {}), totals: row.totals };
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
