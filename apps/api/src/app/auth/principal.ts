import type { Role } from '@rehabit/contracts';
import type { Patient } from '../patients/patient.entity';

/** Who is calling, as the JWT strategy found them in the database for this request. */
export interface Principal {
  userId: string;
  clinicId: string;
  role: Role;
  sessionId: string;
  displayName: string;
  email: string;
  patientId: string | null;
  /**
   * A patient's own record, read in the same statement as the rest: nearly every request a
   * patient sends opens it (PatientAccess), and would otherwise read it again.
   */
  ownRecord?: Patient;
}

/** What the audit trail records about where a request came from. */
export interface RequestMeta {
  ip: string | null;
  requestId: string | null;
}
