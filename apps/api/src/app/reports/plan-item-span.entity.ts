import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Roll-up: the local dates a plan item is in force on an active plan, with its schedule, one row
 * per span; kept by triggers on every plan change (design: migration 1764000000014). Never
 * written by the app.
 */
@Entity('plan_item_span')
// The live spans of a range, by their last day (open spans last), with the columns the reports
// read: an expression index with INCLUDE columns, which TypeORM cannot declare (migration
// 1764000000018).
@Index('plan_item_span_live_idx', { synchronize: false })
export class PlanItemSpan {
  @PrimaryColumn({
    name: 'patient_id',
    type: 'uuid',
    primaryKeyConstraintName: 'plan_item_span_pkey',
  })
  patientId: string;

  @PrimaryColumn({
    name: 'plan_item_id',
    type: 'uuid',
    primaryKeyConstraintName: 'plan_item_span_pkey',
  })
  planItemId: string;

  @PrimaryColumn({
    name: 'span_from',
    type: 'date',
    primaryKeyConstraintName: 'plan_item_span_pkey',
  })
  spanFrom: string;

  @Column({ name: 'clinic_id', type: 'uuid' })
  clinicId: string;

  @Column({ name: 'span_to', type: 'date', nullable: true })
  spanTo: string | null;

  @Column({ name: 'days_of_week', type: 'smallint', array: true, nullable: true })
  daysOfWeek: number[] | null;

  @Column({ name: 'times_per_day', type: 'smallint' })
  timesPerDay: number;

  @Column({ name: 'times_per_week', type: 'smallint', nullable: true })
  timesPerWeek: number | null;
}
