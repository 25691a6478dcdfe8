import { Alert } from '../alerts/alert.entity';
import { AuditEvent } from '../audit/audit-event.entity';
import { AuthSession, Invitation, RefreshToken } from '../auth/auth-session.entity';
import { RateLimitCounter } from '../auth/rate-limit-counter.entity';
import { Clinic } from '../clinics/clinic.entity';
import { Exercise } from '../exercises/exercise.entity';
import { PlanTemplate } from '../exercises/plan-template.entity';
import { IdempotencyKey } from '../idempotency/idempotency-key.entity';
import { Measure } from '../measures/measure.entity';
import { PainEntry } from '../pain/pain-entry.entity';
import { Patient } from '../patients/patient.entity';
import { PlanItem } from '../plans/plan-item.entity';
import { PlanRevision } from '../plans/plan-revision.entity';
import { PatientDay } from '../reports/patient-day.entity';
import { PlanItemSpan } from '../reports/plan-item-span.entity';
import { WeeklyItemWeek } from '../reports/weekly-item-week.entity';
import { PlanStatusChange } from '../plans/plan-status-change.entity';
import { Plan } from '../plans/plan.entity';
import { SessionLogItem } from '../sessions/entities/session-log-item.entity';
import { SessionLogVersion } from '../sessions/entities/session-log-version.entity';
import { SessionLog } from '../sessions/entities/session-log.entity';
import { User } from '../users/user.entity';

/** Every TypeORM entity, as classes: globs break once the code is compiled or bundled. */
export const ENTITIES: (new () => object)[] = [
  Clinic,
  User,
  Patient,
  AuthSession,
  RefreshToken,
  Invitation,
  AuditEvent,
  Exercise,
  PlanTemplate,
  Plan,
  PlanRevision,
  PlanItem,
  PlanStatusChange,
  IdempotencyKey,
  SessionLog,
  SessionLogItem,
  SessionLogVersion,
  PainEntry,
  Measure,
  Alert,
  PatientDay,
  WeeklyItemWeek,
  PlanItemSpan,
  RateLimitCounter,
];
