import { AuditEvent } from '../audit/audit-event.entity';
import { AuthSession, Invitation, RefreshToken } from '../auth/auth-session.entity';
import { Clinic } from '../clinics/clinic.entity';
import { Patient } from '../patients/patient.entity';
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
];
