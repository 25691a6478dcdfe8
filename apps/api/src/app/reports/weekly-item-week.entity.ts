import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Roll-up: a weekly plan item's completions in one ISO week, day by day (`d1` Monday … `d7`
 * Sunday, each capped per day), kept with `patient_day` by the triggers (design: migration
 * 1764000000013), with the days the item was in force that week and its times per week
 * (1764000000018). Never written by the app.
 */
@Entity('weekly_item_week')
@Index('weekly_item_week_clinic_idx', [
  'clinicId',
  'monday',
  'patientId',
  'planItemId',
  'd1',
  'd2',
  'd3',
  'd4',
  'd5',
  'd6',
  'd7',
  'inForce',
  'timesPerWeek',
])
export class WeeklyItemWeek {
  @PrimaryColumn({
    name: 'patient_id',
    type: 'uuid',
    primaryKeyConstraintName: 'weekly_item_week_pkey',
  })
  patientId: string;

  @PrimaryColumn({ type: 'date', primaryKeyConstraintName: 'weekly_item_week_pkey' })
  monday: string;

  @PrimaryColumn({
    name: 'plan_item_id',
    type: 'uuid',
    primaryKeyConstraintName: 'weekly_item_week_pkey',
  })
  planItemId: string;

  @Column({ name: 'clinic_id', type: 'uuid' })
  clinicId: string;

  @Column({ type: 'integer', default: 0 })
  d1: number;

  @Column({ type: 'integer', default: 0 })
  d2: number;

  @Column({ type: 'integer', default: 0 })
  d3: number;

  @Column({ type: 'integer', default: 0 })
  d4: number;

  @Column({ type: 'integer', default: 0 })
  d5: number;

  @Column({ type: 'integer', default: 0 })
  d6: number;

  @Column({ type: 'integer', default: 0 })
  d7: number;

  /** Bit k - 1 set when the item was in force on day k (1 Monday … 7 Sunday). */
  @Column({ name: 'in_force', type: 'smallint', default: 0 })
  inForce: number;

  /** NULL when no span of the item covers the week. */
  @Column({ name: 'times_per_week', type: 'smallint', nullable: true })
  timesPerWeek: number | null;
}
