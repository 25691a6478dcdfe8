import { Inject, Injectable, Logger } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  addDays,
  localDateOf,
  minDate,
  maxDate,
  missedSessionsAlert,
  type AlertCandidate,
  type LocalDate,
} from '@rehabit/domain';
import { DataSource } from 'typeorm';
import { thresholdsOf } from '../clinics/clinic-thresholds';
import type { Clinic } from '../clinics/clinic.entity';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { loadAdherencePlans, loadLoggedSessions } from '../progress/progress-data';
import { AlertsService } from './alerts.service';

/** Patients evaluated per batch: five reads per batch, whatever its size. */
export const SWEEP_PAGE_SIZE = 500;
/** An acknowledged alert blocks the same finding for this long (the finding's date moves daily). */
const ACKNOWLEDGED_LOOKBACK_MS = 3 * 24 * 3_600_000;
const NIL_UUID = '00000000-0000-0000-0000-000000000000';

export interface SweepResult {
  /** Patients evaluated (active, with an active plan). */
  patients: number;
  /** Alerts opened. */
  raised: number;
}

interface SweepPatient {
  id: string;
  clinic_id: string;
  timezone: string;
  settings: Clinic['settings'];
}

/**
 * The scheduled side of alerts: `missed_sessions` has no write to hang on (it is about what did
 * NOT happen), so a sweep evaluates @rehabit/domain's `missedSessionsAlert` for every active
 * patient with an active plan, on the patient's own local "today" — hourly, because patients
 * live in many time zones and each one's day ends at a different hour.
 *
 * Idempotent: a patient with an open `missed_sessions` alert is left alone (no count + 1), and so
 * is one whose alert for the same finding (same date) was already acknowledged; re-running
 * changes nothing. Per batch of SWEEP_PAGE_SIZE patients: one read each for the patients (with
 * their clinic's thresholds), their plans (revisions, items, status history), their completed
 * session items of the window and their recent missed-sessions alerts; then one transaction
 * with two statements (alert + audit event) per alert raised.
 */
@Injectable()
export class AlertsSweepService {
  private readonly logger = new Logger(AlertsSweepService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly alerts: AlertsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Every hour on the hour. Tests run with NODE_ENV=test and call `sweepMissedSessions` themselves. */
  @Cron(CronExpression.EVERY_HOUR, { name: 'missed-sessions-sweep' })
  async scheduledSweep(): Promise<void> {
    if (this.config.nodeEnv === 'test') return;
    try {
      const result = await this.sweepMissedSessions();
      this.logger.log(
        `Missed-sessions sweep: ${result.patients} patients, ${result.raised} alerts raised`,
      );
    } catch (error) {
      this.logger.error(`Missed-sessions sweep failed: ${(error as Error).message}`);
    }
  }

  async sweepMissedSessions(
    now: Date = new Date(),
    pageSize = SWEEP_PAGE_SIZE,
  ): Promise<SweepResult> {
    const result: SweepResult = { patients: 0, raised: 0 };
    let after = NIL_UUID;
    for (;;) {
      const patients: SweepPatient[] = await this.dataSource.query(
        `SELECT p.id, p.clinic_id, p.timezone, c.settings
           FROM patient p JOIN clinic c ON c.id = p.clinic_id
          WHERE p.active AND p.id > $1
            AND EXISTS (SELECT 1 FROM plan pl WHERE pl.patient_id = p.id AND pl.status = 'active')
          ORDER BY p.id LIMIT $2`,
        [after, pageSize],
      );
      if (patients.length === 0) break;
      after = patients[patients.length - 1].id;
      result.patients += patients.length;
      result.raised += await this.sweepBatch(patients, now);
      if (patients.length < pageSize) break;
    }
    return result;
  }

  private async sweepBatch(patients: readonly SweepPatient[], now: Date): Promise<number> {
    const manager = this.dataSource.manager;
    const ids = patients.map((patient) => patient.id);
    const facts = patients.map((patient) => {
      const thresholds = thresholdsOf(patient.settings ?? {});
      const today = localDateOf(now, patient.timezone);
      // The rule looks back to the Monday of N weeks before yesterday (N due days of a weekly item).
      const windowStart = addDays(today, -7 * thresholds.missedSessions.consecutiveDueDays - 8);
      return { patient, thresholds, today, windowStart };
    });
    const latestToday = facts.map((fact) => fact.today).reduce(maxDate);
    const earliestStart = facts.map((fact) => fact.windowStart).reduce(minDate);

    const plans = await loadAdherencePlans(manager, ids, latestToday);
    const clinicIds = [...new Set(patients.map((patient) => patient.clinic_id))];
    const sessions = await loadLoggedSessions(
      manager,
      clinicIds,
      ids,
      earliestStart,
      latestToday,
      true,
    );
    // Open alerts (the partial unique index), and ones acknowledged lately (alert_clinic_idx).
    const existing: { patient_id: string; date: LocalDate | null; open: boolean }[] =
      await manager.query(
        `SELECT patient_id, detail ->> 'date' AS date, true AS open FROM alert
          WHERE patient_id = ANY($1::uuid[]) AND kind = 'missed_sessions' AND acknowledged_at IS NULL
         UNION ALL
         SELECT patient_id, detail ->> 'date' AS date, false AS open FROM alert
          WHERE clinic_id = ANY($2::uuid[]) AND acknowledged_at >= $3
            AND patient_id = ANY($1::uuid[]) AND kind = 'missed_sessions'`,
        [ids, clinicIds, new Date(now.getTime() - ACKNOWLEDGED_LOOKBACK_MS).toISOString()],
      );
    const open = new Set(existing.filter((row) => row.open).map((row) => row.patient_id));
    const acknowledged = new Set(
      existing.filter((row) => !row.open).map((row) => `${row.patient_id} ${row.date}`),
    );

    const raises: { patient: SweepPatient; candidate: AlertCandidate }[] = [];
    for (const { patient, thresholds, today } of facts) {
      if (open.has(patient.id)) continue;
      const candidate = missedSessionsAlert({
        plans: plans.get(patient.id) ?? [],
        sessions: sessions.get(patient.id) ?? [],
        today,
        timeZone: patient.timezone,
        rule: thresholds.missedSessions,
      });
      if (candidate && !acknowledged.has(`${patient.id} ${candidate.date}`))
        raises.push({ patient, candidate });
    }
    if (raises.length === 0) return 0;
    await this.dataSource.transaction(async (tx) => {
      for (const { patient, candidate } of raises)
        await this.alerts.raise(tx, {
          clinicId: patient.clinic_id,
          patientId: patient.id,
          candidate,
          actor: null,
        });
    });
    return raises.length;
  }
}
