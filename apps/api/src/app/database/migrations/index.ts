import { Baseline1764000000000 } from './1764000000000-baseline';
import { Identity1764000000001 } from './1764000000001-identity';
import { ExercisesAndPlans1764000000002 } from './1764000000002-exercises-and-plans';
import { Idempotency1764000000003 } from './1764000000003-idempotency';
import { SessionLogs1764000000004 } from './1764000000004-session-logs';
import { PainMeasuresAlerts1764000000005 } from './1764000000005-pain-measures-alerts';
import { ReportsRollups1764000000007 } from './1764000000007-reports-rollups';
import { WeeklyItemDays1764000000008 } from './1764000000008-weekly-item-days';
import { ReportIndexes1764000000009 } from './1764000000009-report-indexes';
import { IdempotencyCommitted1764000000011 } from './1764000000011-idempotency-committed';
import { RateLimitCounters1764000000012 } from './1764000000012-rate-limit-counters';
import { WeeklyItemWeeks1764000000013 } from './1764000000013-weekly-item-weeks';
import { PlanItemSpans1764000000014 } from './1764000000014-plan-item-spans';
import { SessionLogPatientIndex1764000000015 } from './1764000000015-session-log-patient-index';
import { SessionLogItemStatementTrigger1764000000016 } from './1764000000016-session-log-item-statement-trigger';
import { AlertQueueIndex1764000000017 } from './1764000000017-alert-queue-index';
import { WeeklyItemWeekInForce1764000000018 } from './1764000000018-weekly-item-week-in-force';
import { PlanItemStatementTrigger1764000000019 } from './1764000000019-plan-item-statement-trigger';
import { SessionLogDayOnCommit1764000000020 } from './1764000000020-session-log-day-on-commit';
import { MeasureClinicOdiIndex1764000000021 } from './1764000000021-measure-clinic-odi-index';
import { OnePatientRollups1764000000022 } from './1764000000022-one-patient-rollups';
import { OnePatientPainRange1764000000023 } from './1764000000023-one-patient-pain-range';

/** Every migration in order, as classes (globs break once the code is compiled). */
export const MIGRATIONS = [
  Baseline1764000000000,
  Identity1764000000001,
  ExercisesAndPlans1764000000002,
  Idempotency1764000000003,
  SessionLogs1764000000004,
  PainMeasuresAlerts1764000000005,
  ReportsRollups1764000000007,
  WeeklyItemDays1764000000008,
  ReportIndexes1764000000009,
  IdempotencyCommitted1764000000011,
  RateLimitCounters1764000000012,
  WeeklyItemWeeks1764000000013,
  PlanItemSpans1764000000014,
  SessionLogPatientIndex1764000000015,
  SessionLogItemStatementTrigger1764000000016,
  AlertQueueIndex1764000000017,
  WeeklyItemWeekInForce1764000000018,
  PlanItemStatementTrigger1764000000019,
  SessionLogDayOnCommit1764000000020,
  MeasureClinicOdiIndex1764000000021,
  OnePatientRollups1764000000022,
  OnePatientPainRange1764000000023,
];
