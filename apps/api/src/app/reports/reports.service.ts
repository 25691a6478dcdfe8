import { Injectable } from '@nestjs/common';
import { PROGRESS_CSV_COLUMNS } from '@rehabit/contracts';
import type { ClinicDashboard, ReportRangeQuery, RtmReport } from '@rehabit/contracts';
import {
  addDays,
  daysBetween,
  maxDate,
  RTM_DEVICE_CODES,
  RTM_WINDOW_DAYS,
  roundTo,
  type LocalDate,
  type Thresholds,
} from '@rehabit/domain';
import { stringify } from 'csv-stringify';
import type { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Principal, RequestMeta } from '../auth/principal';
import { clinicThresholds } from '../clinics/clinic-thresholds';
import { ValidationProblem } from '../http/problem';
import { DASHBOARD_SQL, PROGRESS_BATCH_SQL, RTM_SQL } from './report-sql';

/** Ranges longer than this are refused (a report over 5 years is surely a mistake). */
export const MAX_RANGE_DAYS = 5 * 366;
const DEFAULT_RANGE_DAYS = 30;
export const CSV_BATCH_SIZE = 500;

interface DashboardRow {
  total: number;
  active: number;
  adherence_patients: number;
  adherence_mean: number | null;
  deciles: number[];
  pain_patients: number;
  pain_mean_change: number | null;
  pain_ci_rate: string | number | null;
  odi_patients: number;
  odi_mean_change: number | null;
  odi_ci_rate: string | number | null;
  therapists: { id: string; displayName: string; patients: number; meanAdherence: number | null }[];
}

/** One patient's figures, as the CSV export and the property test read them. */
export interface PatientFigures {
  patient_id: string;
  display_name: string;
  therapist_id: string | null;
  therapist_name?: string | null;
  active: boolean;
  prescribed: number;
  completed: number;
  rate: number | null;
  pain_baseline: number | null;
  pain_latest: number | null;
  pain_change: number | null;
  pain_ci: boolean | null;
  odi_baseline: number | null;
  odi_latest: number | null;
  odi_change: number | null;
  odi_ci: boolean | null;
  days_with_data: number;
}

export interface ResolvedRange {
  from: LocalDate;
  to: LocalDate;
}

const num = (value: unknown): number | null => (value === null ? null : Number(value));
const round = (value: unknown, digits: number): number | null =>
  value === null || value === undefined ? null : roundTo(Number(value), digits);

/**
 * Clinic-wide reports. Every figure is computed in SQL (report-sql.ts) over the `patient_day`
 * roll-up and the plans' in-force spans; Node only rounds and shapes the answer.
 */
@Injectable()
export class ReportsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Defaults, order and length of a report range; 400 naming the parameter. */
  resolveRange(query: ReportRangeQuery, today: LocalDate = utcToday()): ResolvedRange {
    const to = query.to ?? (query.from ? maxDate(query.from, today) : today);
    const from = query.from ?? addDays(to, 1 - DEFAULT_RANGE_DAYS);
    if (from > to)
      throw new ValidationProblem([{ field: 'from', message: 'from must not be after to' }]);
    if (daysBetween(from, to) >= MAX_RANGE_DAYS)
      throw new ValidationProblem([
        { field: 'to', message: 'The range from from to to must not exceed 5 years' },
      ]);
    return { from, to };
  }

  async dashboard(principal: Principal, query: ReportRangeQuery): Promise<ClinicDashboard> {
    const range = this.resolveRange(query);
    const thresholds = await clinicThresholds(this.dataSource.manager, principal.clinicId);
    const [row]: DashboardRow[] = await this.dataSource.query(
      DASHBOARD_SQL,
      figureParams(principal.clinicId, range, thresholds),
    );
    return {
      from: range.from,
      to: range.to,
      patients: { active: row.active, total: row.total },
      adherence: {
        selfReported: true,
        patients: row.adherence_patients,
        mean: round(row.adherence_mean, 4),
        distribution: row.deciles.map((patients, index) => ({
          min: index / 10,
          max: (index + 1) / 10,
          patients,
        })),
      },
      pain: {
        patients: row.pain_patients,
        meanChange: round(row.pain_mean_change, 2),
        clinicallyImportantRate: round(row.pain_ci_rate, 4),
      },
      odi: {
        patients: row.odi_patients,
        meanChange: round(row.odi_mean_change, 2),
        clinicallyImportantRate: round(row.odi_ci_rate, 4),
      },
      therapists: row.therapists.map((t) => ({
        id: t.id,
        displayName: t.displayName,
        patients: t.patients,
        meanAdherence: round(t.meanAdherence, 4),
      })),
    };
  }

  /** Every patient's figures for the property test and tools: keyset batches, never all rows at once. */
  async patientFigures(
    clinicId: string,
    range: ResolvedRange,
    after = '',
    limit = CSV_BATCH_SIZE,
  ): Promise<PatientFigures[]> {
    const thresholds = await clinicThresholds(this.dataSource.manager, clinicId);
    return this.dataSource.query(PROGRESS_BATCH_SQL, [
      ...figureParams(clinicId, range, thresholds),
      after,
      limit,
    ]);
  }

  /**
   * The progress CSV as a stream: keyset batches of 500 patients piped through csv-stringify
   * (RFC 4180 quoting), every text cell neutralised against spreadsheet formula injection.
   * The export is audited before the first byte is sent.
   */
  async progressCsv(
    principal: Principal,
    query: ReportRangeQuery,
    meta: RequestMeta,
  ): Promise<{ filename: string; stream: Readable }> {
    const range = this.resolveRange(query);
    const thresholds = await clinicThresholds(this.dataSource.manager, principal.clinicId);
    await this.audit.record({
      action: 'report.exported',
      clinicId: principal.clinicId,
      actor: principal,
      meta,
      entityType: 'report',
      entityId: 'progress.csv',
      detail: { from: range.from, to: range.to },
    });
    const csv = stringify({ header: true, columns: [...PROGRESS_CSV_COLUMNS] });
    const params = figureParams(principal.clinicId, range, thresholds);
    const pump = async () => {
      let after = '';
      for (;;) {
        const rows: PatientFigures[] = await this.dataSource.query(PROGRESS_BATCH_SQL, [
          ...params,
          after,
          CSV_BATCH_SIZE,
        ]);
        for (const row of rows) {
          if (!csv.write(csvRecord(row, range))) await once(csv, 'drain');
        }
        if (rows.length < CSV_BATCH_SIZE) break;
        after = rows[rows.length - 1].patient_id;
      }
      csv.end();
    };
    pump().catch((error: unknown) => csv.destroy(error as Error));
    return { filename: `progress-${utcToday()}.csv`, stream: csv };
  }

  async rtm(principal: Principal, month: string, meta: RequestMeta): Promise<RtmReport> {
    const [year, monthNumber] = month.split('-').map(Number);
    const windowEnd = new Date(Date.UTC(year, monthNumber, 0)).toISOString().slice(0, 10);
    const windowStart = addDays(windowEnd, 1 - RTM_WINDOW_DAYS);
    const rows: { patient_id: string; display_name: string; days_with_data: number }[] =
      await this.dataSource.query(RTM_SQL, [principal.clinicId, windowEnd, windowStart]);
    await this.audit.record({
      action: 'report.rtm_viewed',
      clinicId: principal.clinicId,
      actor: principal,
      meta,
      entityType: 'report',
      entityId: 'rtm',
      detail: { month, patients: rows.length },
    });
    return {
      month,
      items: rows.map((row) => ({
        patientId: row.patient_id,
        displayName: row.display_name,
        daysWithData: row.days_with_data,
        windowStart,
        windowEnd,
        code: RTM_DEVICE_CODES.find((entry) => row.days_with_data >= entry.minDays)?.code ?? null,
      })),
    };
  }
}

export function figureParams(
  clinicId: string,
  range: ResolvedRange,
  thresholds: Thresholds,
): unknown[] {
  return [
    clinicId,
    range.from,
    range.to,
    thresholds.pain.points,
    thresholds.pain.percent,
    thresholds.odi.points,
    thresholds.odi.percent,
  ];
}

/** A spreadsheet would run a cell starting with =, +, -, @ (or tab / CR) as a formula. */
export function neutralise(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function csvRecord(row: PatientFigures, range: ResolvedRange): Record<string, unknown> {
  const text = (value: string | null | undefined) => (value == null ? '' : neutralise(value));
  const figure = (value: unknown, digits: number) => round(num(value), digits) ?? '';
  const flag = (value: boolean | null) => (value === null ? '' : value ? 'yes' : 'no');
  return {
    patientId: row.patient_id,
    displayName: text(row.display_name),
    therapist: text(row.therapist_name),
    active: row.active ? 'yes' : 'no',
    from: range.from,
    to: range.to,
    adherencePrescribed: figure(row.prescribed, 2),
    adherenceCompleted: figure(row.completed, 2),
    adherenceRateSelfReported: figure(row.rate, 4),
    painBaseline: figure(row.pain_baseline, 2),
    painLatest: figure(row.pain_latest, 2),
    painChange: figure(row.pain_change, 2),
    painClinicallyImportant: flag(row.pain_ci),
    odiBaseline: figure(row.odi_baseline, 1),
    odiLatest: figure(row.odi_latest, 1),
    odiChange: figure(row.odi_change, 1),
    odiClinicallyImportant: flag(row.odi_ci),
    daysWithData: row.days_with_data,
  };
}

function once(stream: NodeJS.EventEmitter, event: string): Promise<void> {
  return new Promise((resolve) => stream.once(event, () => resolve()));
}

function utcToday(): LocalDate {
  return new Date().toISOString().slice(0, 10);
}
