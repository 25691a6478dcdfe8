import type { BodyRegion, Dosage, ExerciseCategory, Schedule } from '@rehabit/domain';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Clinic } from '../clinics/clinic.entity';
import { User } from '../users/user.entity';

/** One exercise of the library: a built-in (`clinicId` null, slug id) or a clinic's own (UUID). */
@Entity('exercise')
@Index('exercise_clinic_name_idx', ['clinicId', 'name', 'id'])
export class Exercise {
  @PrimaryColumn({ type: 'varchar', length: 80 })
  id: string;

  @Column({ name: 'clinic_id', type: 'uuid', nullable: true })
  clinicId: string | null;

  @ManyToOne(() => Clinic)
  @JoinColumn({ name: 'clinic_id', foreignKeyConstraintName: 'exercise_clinic_id_fkey' })
  clinic?: Clinic;

  @Column({ length: 120 })
  name: string;

  @Column({ type: 'varchar', length: 32 })
  category: ExerciseCategory;

  @Column({ type: 'varchar', length: 32, array: true })
  regions: BodyRegion[];

  @Column({ type: 'jsonb' })
  instructions: string[];

  @Column({ type: 'jsonb' })
  cautions: string[];

  @Column({ name: 'default_dosage', type: 'jsonb', nullable: true })
  defaultDosage: Dosage | null;

  @Column({ name: 'default_schedule', type: 'jsonb' })
  defaultSchedule: Schedule;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @ManyToOne(() => User)
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'exercise_created_by_fkey' })
  creator?: User;

  @Column({ type: 'integer', default: 1 })
  version: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
