import type { Role } from '@rehabit/contracts';

/** Who is calling, as the JWT strategy found them in the database for this request. */
export interface Principal {
  userId: string;
  clinicId: string;
  role: Role;
  sessionId: string;
  displayName: string;
  email: string;
  patientId: string | null;
}

/** What the audit trail records about where a request came from. */
export interface RequestMeta {
  ip: string | null;
  requestId: string | null;
}
