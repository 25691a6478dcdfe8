import type { RecordedByRole } from '@rehabit/contracts';
import type { MeasureSide, MeasureType, OdiBand } from '@rehabit/domain';
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

/**
 * A clinical measure: a flexibility test's raw value (per side where the test has sides) or a
 * questionnaire's answers with the score and band the domain computed. Never removed: a delete
 * is soft, with who and why.
 */
@Entity('measure')
@Check('measure_type_check', `type IN ('slr', 'ake', 'sit_and_reach', 'odi')`)
@Check(
  'measure_side_check',
  `CASE WHEN type IN ('slr', 'ake') THEN side IN ('left', 'right') ELSE side IS NULL END`,
)
@Check(
  'measure_value_or_answers_check',
  `CASE WHEN type = 'odi' THEN value IS NULL AND cardinality(answers) = 10 AND score BETWEEN 0 AND 100 AND band IS NOT NULL ELSE value IS NOT NULL AND answers IS NULL AND score IS NULL AND band IS NULL END`,
)
@Check('measure_recorded_by_role_check', `recorded_by_role IN ('admin', 'therapist', 'patient')`)
@Check(
  'measure_deleted_check',
  '(deleted_at IS NULL) = (deleted_by IS NULL) AND (deleted_at IS NULL) = (delete_reason IS NULL)',
)
@Index('measure_patient_idx', ['patientId', 'type', 'recordedOn', 'id'])
// A partial index with INCLUDE columns (migration 1764000000021), which TypeORM cannot declare.
@Index('measure_clinic_odi_idx', { synchronize: false })
export class Measure {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'clinic_id', type: 'uuid' })
  clinicId: string;

  @ManyToOne(() => Clinic)
  @JoinColumn({ name: 'clinic_id', foreignKeyConstraintName: 'measure_clinic_id_fkey' })
  clinic?: Clinic;

  @Column({ name: 'patient_id', type: 'uuid' })
  patientId: string;

  @ManyToOne(() => Patient)
  @JoinColumn({ name: 'patient_id', foreignKeyConstraintName: 'measure_patient_id_fkey' })
  patient?: Patient;

  @Column({ type: 'varchar', length: 32 })
  type: MeasureType;

  @Column({ name: 'recorded_on', type: 'date' })
  recordedOn: string;

  @Column({ type: 'varchar', length: 8, nullable: true })
  side: MeasureSide | null;

  @Column({ type: 'double precision', nullable: true })
  value: number | null;

  @Column({ type: 'smallint', array: true, nullable: true })
  answers: (number | null)[] | null;

  @Column({ type: 'numeric', precision: 4, scale: 1, nullable: true })
  score: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  band: OdiBand | null;

  @Column({ name: 'recorded_by', type: 'uuid' })
  recordedBy: string;

  @ManyToOne(() => User)
  @JoinColumn({ name: 'recorded_by', foreignKeyConstraintName: 'measure_recorded_by_fkey' })
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
  @JoinColumn({ name: 'deleted_by', foreignKeyConstraintName: 'measure_deleted_by_fkey' })
  deleter?: User;

  @Column({ name: 'delete_reason', type: 'varchar', length: 500, nullable: true })
  deleteReason: string | null;
}
