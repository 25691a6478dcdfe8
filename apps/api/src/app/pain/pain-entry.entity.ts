import type { RecordedByRole } from '@rehabit/contracts';
import type { RedFlag } from '@rehabit/domain';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { Clinic } from '../clinics/clinic.entity';
import { Patient } from '../patients/patient.entity';
import { User } from '../users/user.entity';

/** A daily pain score (NPRS). Never removed: a delete is soft, with who and why. */
@Entity('pain_entry')
@Check('pain_entry_score_check', 'score BETWEEN 0 AND 10')
@Check(
  'pain_entry_red_flags_check',
  `red_flags <@ ARRAY['bladder_bowel_change', 'saddle_numbness', 'leg_weakness', 'fever_weight_loss', 'night_pain']::varchar[]`,
)
@Check('pain_entry_recorded_by_role_check', `recorded_by_role IN ('admin', 'therapist', 'patient')`)
@Check(
  'pain_entry_deleted_check',
  '(deleted_at IS NULL) = (deleted_by IS NULL) AND (deleted_at IS NULL) = (delete_reason IS NULL)',
)
@Index('pain_entry_patient_idx', ['patientId', 'recordedAt', 'id'])
export class PainEntry {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'clinic_id', type: 'uuid' })
  clinicId: string;

  @ManyToOne(() => Clinic)
  @JoinColumn({ name: 'clinic_id', foreignKeyConstraintName: 'pain_entry_clinic_id_fkey' })
  clinic?: Clinic;

  @Column({ name: 'patient_id', type: 'uuid' })
  patientId: string;

  @ManyToOne(() => Patient)
  @JoinColumn({ name: 'patient_id', foreignKeyConstraintName: 'pain_entry_patient_id_fkey' })
  patient?: Patient;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;

  @Column({ type: 'smallint' })
  score: number;

  @Column({ type: 'varchar', length: 500, nullable: true })
  context: string | null;

  @Column({ name: 'red_flags', type: 'varchar', length: 32, array: true, default: () => "'{}'" })
  redFlags: RedFlag[];

  @Column({ name: 'recorded_by', type: 'uuid' })
  recordedBy: string;

  @ManyToOne(() => User)
  @JoinColumn({ name: 'recorded_by', foreignKeyConstraintName: 'pain_entry_recorded_by_fkey' })
  recorder?: User;

  @Column({ name: 'recorded_by_role', type: 'varchar', length: 16 })
  recordedByRole: RecordedByRole;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt: Date | null;

  @Column({ name: 'deleted_by', type: 'uuid', nullable: true })
  deletedBy: string | null;

  @ManyToOne(() => User)
  @JoinColumn({ name: 'deleted_by', foreignKeyConstraintName: 'pain_entry_deleted_by_fkey' })
  deleter?: User;

  @Column({ name: 'delete_reason', type: 'varchar', length: 500, nullable: true })
  deleteReason: string | null;
}
