import type { PlanItemInput } from '@rehabit/domain';
import {
  Check,
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

/** A named list of plan items: a built-in (`clinicId` null, slug id) or a clinic's own (UUID). */
@Entity('plan_template')
@Check('plan_template_duration_weeks_check', 'duration_weeks BETWEEN 1 AND 104')
@Index('plan_template_clinic_name_idx', ['clinicId', 'name', 'id'])
export class PlanTemplate {
  @PrimaryColumn({ type: 'varchar', length: 80 })
  id: string;

  @Column({ name: 'clinic_id', type: 'uuid', nullable: true })
  clinicId: string | null;

  @ManyToOne(() => Clinic)
  @JoinColumn({ name: 'clinic_id', foreignKeyConstraintName: 'plan_template_clinic_id_fkey' })
  clinic?: Clinic;

  @Column({ length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  goal: string | null;

  @Column({ name: 'duration_weeks', type: 'smallint', nullable: true })
  durationWeeks: number | null;

  /** Validated `PlanItemInput`s; exercise ids are checked again whenever a plan is made from them. */
  @Column({ type: 'jsonb' })
  items: PlanItemInput[];

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @ManyToOne(() => User)
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'plan_template_created_by_fkey' })
  creator?: User;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
