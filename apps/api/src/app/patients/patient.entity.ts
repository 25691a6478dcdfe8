import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  OneToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Clinic } from '../clinics/clinic.entity';
import { User } from '../users/user.entity';

@Entity('patient')
@Index('patient_clinic_idx', ['clinicId', 'createdAt', 'id'])
@Index('patient_therapist_idx', ['clinicId', 'therapistId'])
export class Patient {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'clinic_id', type: 'uuid' })
  clinicId: string;

  @ManyToOne(() => Clinic)
  @JoinColumn({ name: 'clinic_id', foreignKeyConstraintName: 'patient_clinic_id_fkey' })
  clinic?: Clinic;

  @Column({ name: 'user_id', type: 'uuid', unique: true })
  userId: string;

  @OneToOne(() => User)
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'patient_user_id_fkey' })
  user?: User;

  @Column({ name: 'therapist_id', type: 'uuid', nullable: true })
  therapistId: string | null;

  @ManyToOne(() => User)
  @JoinColumn({ name: 'therapist_id', foreignKeyConstraintName: 'patient_therapist_id_fkey' })
  therapist?: User;

  @Column({ name: 'display_name', length: 120 })
  displayName: string;

  @Column({ length: 64 })
  timezone: string;

  @Column({ name: 'date_of_birth', type: 'date', nullable: true })
  dateOfBirth: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  condition: string | null;

  @Column({ default: true })
  active: boolean;

  @Column({ type: 'integer', default: 1 })
  version: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
