import type { Role } from '@rehabit/contracts';
import type { PlanStatus } from '@rehabit/domain';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Clinic } from '../../clinics/clinic.entity';
import { Patient } from '../../patients/patient.entity';
import { PlanRevision } from '../../plans/plan-revision.entity';
import { Plan } from '../../plans/plan.entity';
import { User } from '../../users/user.entity';

/**
 * One logged exercise session, tied to the plan revision in force on `performedOn`. Never
 * removed (a trigger refuses DELETE): a delete sets `deleted_at`, `deleted_by` and
 * `delete_reason`, and every state is kept in `session_log_version`.
 */
@Entity('session_log')
@Check('session_log_plan_status_check', `plan_status IN ('active', 'paused', 'completed')`)
@Check('session_log_pain_before_check', 'pain_before BETWEEN 0 AND 10')
@Check('session_log_pain_after_check', 'pain_after BETWEEN 0 AND 10')
@Check('session_log_duration_minutes_check', 'duration_minutes BETWEEN 1 AND 600')
@Check('session_log_logged_by_role_check', `logged_by_role IN ('admin', 'therapist', 'patient')`)
@Check('session_log_version_check', 'version >= 1')
@Check(
  'session_log_deleted_check',
  '(deleted_at IS NULL) = (deleted_by IS NULL) AND (deleted_at IS NULL) = (delete_reason IS NULL)',
)
// One patient's logs by date: every read of session logs names its patients (migration 1764000000015).
@Index('session_log_patient_idx', ['patientId', 'performedOn'])
export class SessionLog {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'clinic_id', type: 'uuid' })
  clinicId: string;

  @ManyToOne(() => Clinic)
  @JoinColumn({ name: 'clinic_id', foreignKeyConstraintName: 'session_log_clinic_id_fkey' })
  clinic?: Clinic;

  @Column({ name: 'patient_id', type: 'uuid' })
  patientId: string;

  @ManyToOne(() => Patient)
  @JoinColumn({ name: 'patient_id', foreignKeyConstraintName: 'session_log_patient_id_fkey' })
  patient?: Patient;

  @Column({ name: 'plan_id', type: 'uuid' })
  planId: string;

  @ManyToOne(() => Plan)
  @JoinColumn({ name: 'plan_id', foreignKeyConstraintName: 'session_log_plan_id_fkey' })
  plan?: Plan;

  @Column({ name: 'plan_revision_id', type: 'uuid' })
  planRevisionId: string;

  @ManyToOne(() => PlanRevision)
  @JoinColumn({
    name: 'plan_revision_id',
    foreignKeyConstraintName: 'session_log_plan_revision_id_fkey',
  })
  planRevision?: PlanRevision;

  @Column({ name: 'performed_on', type: 'date' })
  performedOn: string;

  /** The plan's status on `performedOn`: patients may log paused or completed days too. */
  @Column({ name: 'plan_status', type: 'varchar', length: 16 })
  planStatus: PlanStatus;

  @Column({ name: 'pain_before', type: 'smallint', nullable: true })
  painBefore: number | null;

  @Column({ name: 'pain_after', type: 'smallint', nullable: true })
  painAfter: number | null;

  @Column({ name: 'duration_minutes', type: 'smallint', nullable: true })
  durationMinutes: number | null;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  notes: string | null;

  @Column({ name: 'logged_by', type: 'uuid' })
  loggedBy: string;

  @ManyToOne(() => User)
  @JoinColumn({ name: 'logged_by', foreignKeyConstraintName: 'session_log_logged_by_fkey' })
  logger?: User;

  @Column({ name: 'logged_by_role', type: 'varchar', length: 16 })
  loggedByRole: Role;

  @Column({ type: 'integer', default: 1 })
  version: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt: Date | null;

  @Column({ name: 'deleted_by', type: 'uuid', nullable: true })
  deletedBy: string | null;

  @ManyToOne(() => User)
  @JoinColumn({ name: 'deleted_by', foreignKeyConstraintName: 'session_log_deleted_by_fkey' })
  deleter?: User;

  @Column({ name: 'delete_reason', type: 'varchar', length: 500, nullable: true })
  deleteReason: string | null;
}
