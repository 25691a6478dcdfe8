import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { MeasureProgress as MeasureProgressView, ProgressResponse } from '@rehabit/contracts';
import {
  MEASURES,
  MEASURE_SIDES,
  addDays,
  computeAdherence,
  isLocalDate,
  localDateOf,
  measureProgress,
  painProgress,
  startOfLocalDay,
  type LocalDate,
  type MeasurePoint,
  type MeasureSide,
  type MeasureType,
  type Thresholds,
} from '@rehabit/domain';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Principal, RequestMeta } from '../auth/principal';
import { clinicThresholds } from '../clinics/clinic-thresholds';
import { ValidationProblem } from '../http/problem';
import { PatientAccess } from '../patients/patient-access';
import type { ProgressQueryDto } from './dto/progress-query.dto';
import { loadAdherencePlans, loadLoggedSessions } from './progress-data';

/** Default range: the last 12 weeks ending on `to`. */
export const DEFAULT_RANGE_DAYS = 12 * 7;
/** The longest range asked for at once, in calendar years. */
export const MAX_RANGE_YEARS = 5;

/** The same date `years` later; 29 February becomes 1 March when the year has none. */
function yearsAfter(date: LocalDate, years: number): LocalDate {
  const year = String(Number(date.slice(0, 4)) + years).padStart(4, '0');
  const same = `${year}${date.slice(4)}`;
  return isLocalDate(same) ? same : addDays(`${year}-02-28`, 1);
}

interface MeasureRow {
  type: MeasureType;
  recorded_on: LocalDate;
  side: MeasureSide | null;
  value: number;
}

/**
 * GET /patients/:id/progress. SQL loads only the one patient's rows in the range — plans (with
 * revisions, items and status history), sessions, pain entries and measures, one statement
 * each, whatever the range — and @rehabit/domain's reference functions compute every figure,
 * so the API, the portal and the clinic reports cannot disagree about what "adherence" means.
 */
@Injectable()
export class ProgressService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly patients: PatientAccess,
    private readonly audit: AuditService,
  ) {}

  async progress(
    principal: Principal,
    patientIdOrMe: string,
    query: ProgressQueryDto,
    meta: RequestMeta,
    now: Date = new Date(),
  ): Promise<ProgressResponse> {
    const patient = await this.patients.find(principal, patientIdOrMe, meta);
    const tz = patient.timezone;
    const to = query.to ?? localDateOf(now, tz);
    if (query.from !== undefined && query.from > to)
      throw new ValidationProblem([{ field: 'from', message: 'from must not be after to' }]);
    if (query.from !== undefined && to > yearsAfter(query.from, MAX_RANGE_YEARS))
      throw new ValidationProblem([
        { field: 'to', message: 'The range from from to to must not be longer than 5 years' },
      ]);
    // Reads that do not depend on each other go out together (the pool has connections to spare;
    // the embedded database queues them): first the audit event, the thresholds and the plans,
    // which set the range's default start; then the range's sessions, pain entries and measures.
    const manager = this.dataSource.manager;
    const [, thresholds, plansByPatient] = await Promise.all([
      principal.role === 'patient'
        ? undefined
        : this.audit.record({
            action: 'progress.read',
            clinicId: principal.clinicId,
            actor: principal,
            patientId: patient.id,
            entityType: 'patient',
            entityId: patient.id,
            meta,
            detail: { from: query.from ?? null, to: query.to ?? null },
          }),
      clinicThresholds(manager, patient.clinicId),
      loadAdherencePlans(manager, [patient.id], to),
    ]);
    const plans = plansByPatient.get(patient.id) ?? [];
    const firstStart = plans.map((plan) => plan.startDate).sort()[0];
    const defaultFrom = addDays(to, 1 - DEFAULT_RANGE_DAYS);
    const from =
      query.from ??
      (firstStart !== undefined && firstStart > defaultFrom ? firstStart : defaultFrom);

    const [sessionsByPatient, pain, measures] = await Promise.all([
      loadLoggedSessions(manager, [patient.clinicId], [patient.id], from, to),
      // Six days before `from` as well: the rolling mean of the first days of the range.
      manager.query<{ recorded_at: Date; score: number }[]>(
        `SELECT recorded_at, score FROM pain_entry
          WHERE patient_id = $1 AND deleted_at IS NULL AND recorded_at >= $2 AND recorded_at < $3
          ORDER BY recorded_at, id`,
        [
          patient.id,
          startOfLocalDay(addDays(from, -6), tz).toISOString(),
          startOfLocalDay(addDays(to, 1), tz).toISOString(),
        ],
      ),
      manager.query<MeasureRow[]>(
        `SELECT type, to_char(recorded_on, 'YYYY-MM-DD') AS recorded_on, side,
            COALESCE(value, score::float8) AS value
           FROM measure
          WHERE patient_id = $1 AND deleted_at IS NULL AND recorded_on BETWEEN $2::date AND $3::date
          ORDER BY type, recorded_on, created_at, id`,
        [patient.id, from, to],
      ),
    ]);
    const sessions = sessionsByPatient.get(patient.id) ?? [];

    const painFigures = painProgress({
      entries: pain.map((row) => ({ recordedAt: row.recorded_at, score: row.score })),
      timeZone: tz,
      from,
      to,
      thresholds: thresholds.pain,
    });
    const adherence = computeAdherence({ plans, sessions, from, to, timeZone: tz, now });
    return {
      patientId: patient.id,
      from,
      to,
      timezone: tz,
      pain: {
        baseline: painFigures.baseline,
        latest: painFigures.latest,
        change: painFigures.change,
        percentChange: painFigures.percentChange,
        direction: painFigures.direction,
        clinicallyImportant: painFigures.clinicallyImportant,
        series: painFigures.series.map((point) => ({ ...point })),
      },
      adherence: {
        selfReported: true,
        prescribed: adherence.prescribed,
        completed: adherence.completed,
        skipped: adherence.skipped,
        notLogged: adherence.notLogged,
        rate: adherence.rate,
        weekly: adherence.weekly.map((week) => ({ ...week })),
      },
      measures: measureFigures(measures, thresholds),
    };
  }
}

function measureFigures(
  rows: readonly MeasureRow[],
  thresholds: Thresholds,
): ProgressResponse['measures'] {
  const byType = new Map<MeasureType, MeasurePoint[]>();
  for (const row of rows) {
    const points = byType.get(row.type) ?? [];
    points.push({
      recordedOn: row.recorded_on,
      value: Number(row.value),
      ...(row.side !== null && { side: row.side }),
    });
    byType.set(row.type, points);
  }
  const result: ProgressResponse['measures'] = {};
  for (const [type, points] of byType) {
    const definition = MEASURES[type];
    const options = { thresholds: type === 'odi' ? thresholds.odi : null };
    const summary = (side?: MeasureSide) => {
      const figures = measureProgress(type, points, { ...options, side });
      return {
        baseline: figures.baseline,
        latest: figures.latest,
        change: figures.change,
        percentChange: figures.percentChange,
        direction: figures.direction,
        improved: figures.direction === null ? null : figures.direction === 'improved',
        clinicallyImportant: figures.clinicallyImportant,
        series: figures.series.map((point) => ({
          date: point.recordedOn,
          value: point.value,
          ...(point.side !== undefined && { side: point.side }),
        })),
      };
    };
    const view: MeasureProgressView = {
      type,
      unit: definition.unit,
      betterIs: definition.betterIs,
      ...(definition.perSide
        ? {
            ...summary(),
            baseline: null,
            latest: null,
            change: null,
            percentChange: null,
            direction: null,
            improved: null,
            clinicallyImportant: null,
            sides: Object.fromEntries(
              MEASURE_SIDES.filter((side) => points.some((point) => point.side === side)).map(
                (side) => [side, summary(side)],
              ),
            ),
          }
        : summary()),
    };
    result[type] = view;
  }
  return result;
}
