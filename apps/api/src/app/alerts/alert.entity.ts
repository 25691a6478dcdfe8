import type { AlertDetail } from '@rehabit/contracts';
import type { AlertKind } from '@rehabit/domain';
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
import { Patient } from '../patients/patient.entity';
import { User } from '../users/user.entity';

/**
 * Something a clinician should act on. At most one open (unacknowledged) alert per patient and
 * kind: a new occurrence while one is open updates that one (see AlertsService.raise).
 */
@Entity('alert')
@Check('alert_kind_check', `kind IN ('red_flag', 'pain_spike', 'missed_sessions')`)
@Check('alert_urgency_check', `urgency IN ('urgent', 'routine')`)
@Check('alert_acknowledged_check', '(acknowledged_at IS NULL) = (acknowledged_by IS NULL)')
@Index('alert_open_key', ['patientId', 'kind'], {
  unique: true,
  where: 'acknowledged_at IS NULL',
})
@Index('alert_clinic_idx', ['clinicId', 'acknowledgedAt', 'createdAt'])
// Expression indexes in the queue's order (migration 1764000000017), which TypeORM cannot declare.
@Index('alert_queue_idx', { synchronize: false })
@Index('alert_open_queue_idx', { synchronize: false })
export class Alert {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'clinic_id', type: 'uuid' })
  clinicId: string;

  @ManyToOne(() => Clinic)
  @JoinColumn({ name: 'clinic_id', foreignKeyConstraintName: 'alert_clinic_id_fkey' })
  clinic?: Clinic;

  @Column({ name: 'patient_id', type: 'uuid' })
  patientId: string;

  @ManyToOne(() => Patient)
  @JoinColumn({ name: 'patient_id', foreignKeyConstraintName: 'alert_patient_id_fkey' })
  patient?: Patient;

  @Column({ type: 'varchar', length: 32 })
  kind: AlertKind;

  @Column({ type: 'varchar', length: 16 })
  urgency: 'urgent' | 'routine';

  @Column({ type: 'jsonb' })
  detail: AlertDetail;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @Column({ name: 'acknowledged_at', type: 'timestamptz', nullable: true })
  acknowledgedAt: Date | null;

  @Column({ name: 'acknowledged_by', type: 'uuid', nullable: true })
  acknowledgedBy: string | null;

  @ManyToOne(() => User)
  @JoinColumn({ name: 'acknowledged_by', foreignKeyConstraintName: 'alert_acknowledged_by_fkey' })
  acknowledger?: User;
}
