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
import { Clinic } from '../clinics/clinic.entity';
import { PlanTemplate } from '../exercises/plan-template.entity';
import { Patient } from '../patients/patient.entity';
import { User } from '../users/user.entity';

/**
 * A patient's plan. Its items live in numbered revisions; `currentRevision` is the latest
 * number and moves only by a conditional UPDATE, so two revisions of the same base cannot both win.
 */
@Entity('plan')
@Check('plan_status_check', `status IN ('active', 'paused', 'completed')`)
@Check('plan_current_revision_check', 'current_revision >= 1')
@Check('plan_end_after_start', 'end_date IS NULL OR end_date >= start_date')
@Index('plan_patient_idx', ['patientId', 'createdAt', 'id'])
@Index('plan_clinic_idx', ['clinicId', 'status'])
export class Plan {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'clinic_id', type: 'uuid' })
  clinicId: string;

  @ManyToOne(() => Clinic)
  @JoinColumn({ name: 'clinic_id', foreignKeyConstraintName: 'plan_clinic_id_fkey' })
  clinic?: Clinic;

  @Column({ name: 'patient_id', type: 'uuid' })
  patientId: string;

  @ManyToOne(() => Patient)
  @JoinColumn({ name: 'patient_id', foreignKeyConstraintName: 'plan_patient_id_fkey' })
  patient?: Patient;

  @Column({ length: 200 })
  title: string;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  goal: string | null;

  @Column({ name: 'start_date', type: 'date' })
  startDate: string;

  @Column({ name: 'end_date', type: 'date', nullable: true })
  endDate: string | null;

  @Column({ type: 'varchar', length: 16, default: 'active' })
  status: PlanStatus;

  @Column({ name: 'template_id', type: 'varchar', length: 80, nullable: true })
  templateId: string | null;

  @ManyToOne(() => PlanTemplate)
  @JoinColumn({ name: 'template_id', foreignKeyConstraintName: 'plan_template_id_fkey' })
  template?: PlanTemplate;

  @Column({ name: 'current_revision', type: 'integer', default: 1 })
  currentRevision: number;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy: string;

  @ManyToOne(() => User)
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'plan_created_by_fkey' })
  creator?: User;

  @Column({ type: 'integer', default: 1 })
  version: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
