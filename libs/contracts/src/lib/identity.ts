import type { Thresholds } from '@rehabit/domain';

export const ROLES = ['admin', 'therapist', 'patient'] as const;
export type Role = (typeof ROLES)[number];
export type StaffRole = Exclude<Role, 'patient'>;

/** The signed-in person, as `GET /auth/me` and every sign-in answer describe them. */
export interface AuthUser {
  id: string;
  role: Role;
  clinicId: string;
  displayName: string;
  email: string;
  /** Set for patients: the id of their patient record (`me` stands for it in paths). */
  patientId?: string;
}

export interface LoginRequest {
  email: string;
  password: string;
}

export interface AuthResponse {
  accessToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
  user: AuthUser;
}

export interface AcceptInvitationRequest {
  token: string;
  password: string;
}

export interface InvitationTicket {
  token: string;
  expiresAt: string;
  /** Path of the portal page where the invitation is accepted, with the token. */
  acceptPath: string;
}

export interface Clinic {
  id: string;
  name: string;
  timezone: string;
  /** The clinic's clinical thresholds, defaults filled in (see clinical REFERENCE.md). */
  settings: ClinicSettings;
  createdAt: string;
}

export interface ClinicSettings {
  thresholds: Thresholds;
}

export interface CreateClinicRequest {
  name: string;
  timezone: string;
  admin: { email: string; password: string; displayName: string };
}

export interface CreateClinicResponse {
  clinic: Clinic;
  admin: StaffMember;
}

export interface UpdateClinicRequest {
  name?: string;
  timezone?: string;
  /** Any subset; what is left out keeps its current value. Admins only. */
  thresholds?: DeepPartial<Thresholds>;
}

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

export interface StaffMember {
  id: string;
  email: string;
  displayName: string;
  role: StaffRole;
  active: boolean;
  /** False until the invitation is accepted. */
  activated: boolean;
  createdAt: string;
}

export interface CreateStaffRequest {
  email: string;
  displayName: string;
  role: StaffRole;
}

export interface CreateStaffResponse extends StaffMember {
  invitation: InvitationTicket;
}

export interface UpdateStaffRequest {
  displayName?: string;
  role?: StaffRole;
  active?: boolean;
}

export interface Patient {
  id: string;
  userId: string;
  clinicId: string;
  displayName: string;
  email: string;
  timezone: string;
  dateOfBirth: string | null;
  therapistId: string | null;
  condition: string | null;
  active: boolean;
  activated: boolean;
  createdAt: string;
  updatedAt: string;
  /** The record's ETag (as in the ETag header): PATCH /patients/:id takes it back as If-Match. */
  etag: string;
}

export interface CreatePatientRequest {
  displayName: string;
  email: string;
  timezone?: string;
  dateOfBirth?: string;
  therapistId?: string;
  condition?: string;
}

export interface CreatePatientResponse extends Patient {
  invitation: InvitationTicket;
}

export interface UpdatePatientRequest {
  displayName?: string;
  therapistId?: string | null;
  timezone?: string;
  condition?: string | null;
  active?: boolean;
}

export interface PatientListQuery {
  q?: string;
  therapistId?: string;
  alerts?: 'open';
  limit?: number;
  cursor?: string;
}

export type AuditOutcome = 'success' | 'failure' | 'denied';

export interface AuditEventView {
  id: string;
  occurredAt: string;
  actorUserId: string | null;
  actorRole: Role | null;
  action: string;
  outcome: AuditOutcome;
  patientId: string | null;
  entityType: string | null;
  entityId: string | null;
  ip: string | null;
  requestId: string | null;
  detail: Record<string, unknown>;
}

/** Password rules shared by the API and the portal's forms. */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 128;
