import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Roll-up: a weekly plan item's completions on one local date, capped per day, kept with
 * `patient_day` by the triggers (design: migration 1764000000008). Never written by the app.
 */
@Entity('weekly_item_day')
@Index('weekly_item_day_clinic_idx', ['clinicId', 'localDate', 'patientId', 'planItemId', 'done'])
export class WeeklyItemDay {
  @PrimaryColumn({
    name: 'patient_id',
    type: 'uuid',
    primaryKeyConstraintName: 'weekly_item_day_pkey',
  })
  patientId: string;

  @PrimaryColumn({
    name: 'local_date',
    type: 'date',
    primaryKeyConstraintName: 'weekly_item_day_pkey',
  })
  localDate: string;

  @PrimaryColumn({
    name: 'plan_item_id',
    type: 'uuid',
    primaryKeyConstraintName: 'weekly_item_day_pkey',
  })
  planItemId: string;

  @Column({ name: 'clinic_id', type: 'uuid' })
  clinicId: string;

  @Column({ type: 'integer' })
  done: number;
}
