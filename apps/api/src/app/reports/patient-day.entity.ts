import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Roll-up: one row per patient and local date with any self-reported data, kept by the
 * triggers of migration 1764000000007 (its header documents the design). Never written by the app.
 */
@Entity('patient_day')
@Index('patient_day_clinic_idx', ['clinicId', 'localDate', 'patientId', 'wdDone'])
export class PatientDay {
  @PrimaryColumn({
    name: 'patient_id',
    type: 'uuid',
    primaryKeyConstraintName: 'patient_day_pkey',
  })
  patientId: string;

  @PrimaryColumn({
    name: 'local_date',
    type: 'date',
    primaryKeyConstraintName: 'patient_day_pkey',
  })
  localDate: string;

  @Column({ name: 'clinic_id', type: 'uuid' })
  clinicId: string;

  @Column({ name: 'pain_sum', type: 'integer', default: 0 })
  painSum: number;

  @Column({ name: 'pain_count', type: 'integer', default: 0 })
  painCount: number;

  @Column({ type: 'integer', default: 0 })
  sessions: number;

  @Column({ type: 'integer', default: 0 })
  measures: number;

  @Column({ name: 'wd_done', type: 'integer', default: 0 })
  wdDone: number;

  @Column({ name: 'wd_skipped', type: 'integer', default: 0 })
  wdSkipped: number;

  @Column({ name: 'wk_done', type: 'integer', default: 0 })
  wkDone: number;

  @Column({ name: 'wk_skipped', type: 'integer', default: 0 })
  wkSkipped: number;
}
