import { Patient } from './patient.entity';

/**
 * A patient record's columns (`p` being the patient table), shared by the statements that read
 * one. The date of birth is sent as text: `pg` would parse a `date` into a Date at local
 * midnight, where the entity (as TypeORM hydrates it) and the API both hold 'YYYY-MM-DD'.
 */
export const PATIENT_RECORD_COLUMNS = `p.id, p.clinic_id, p.user_id, p.therapist_id, p.display_name,
  p.timezone, to_char(p.date_of_birth, 'YYYY-MM-DD') AS date_of_birth, p.condition, p.active,
  p.version, p.created_at, p.updated_at`;

export interface PatientRecordRow {
  id: string;
  clinic_id: string;
  user_id: string;
  therapist_id: string | null;
  display_name: string;
  timezone: string;
  date_of_birth: string | null;
  condition: string | null;
  active: boolean;
  version: number;
  created_at: Date;
  updated_at: Date;
}

/** A Patient with the values and JS types findOne gave, so no caller sees a difference. */
export function toPatient(row: PatientRecordRow): Patient {
  return Object.assign(new Patient(), {
    id: row.id,
    clinicId: row.clinic_id,
    userId: row.user_id,
    therapistId: row.therapist_id,
    displayName: row.display_name,
    timezone: row.timezone,
    dateOfBirth: row.date_of_birth,
    condition: row.condition,
    active: row.active,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  });
}
