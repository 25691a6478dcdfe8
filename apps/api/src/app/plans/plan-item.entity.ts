import type { IsoWeekday, Side } from '@rehabit/domain';
import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
} from 'typeorm';
import { Exercise } from '../exercises/exercise.entity';
import { PlanRevision } from './plan-revision.entity';

/** One exercise of one revision, with its dosage and schedule (weekdays or a weekly count). */
@Entity('plan_item')
@Check('plan_item_position_check', 'position >= 0')
@Check('plan_item_sets_check', 'sets BETWEEN 1 AND 10')
@Check('plan_item_reps_check', 'reps BETWEEN 1 AND 100')
@Check('plan_item_hold_seconds_check', 'hold_seconds BETWEEN 1 AND 600')
@Check('plan_item_side_check', `side IN ('left', 'right', 'both', 'alternate')`)
@Check('plan_item_days_of_week_check', 'days_of_week <@ ARRAY[1, 2, 3, 4, 5, 6, 7]::smallint[]')
@Check('plan_item_times_per_week_check', 'times_per_week BETWEEN 1 AND 14')
@Check('plan_item_times_per_day_check', 'times_per_day BETWEEN 1 AND 4')
@Check('plan_item_one_schedule', '(days_of_week IS NULL) <> (times_per_week IS NULL)')
@Unique('plan_item_position_key', ['revisionId', 'position'])
@Index('plan_item_exercise_idx', ['exerciseId'])
export class PlanItem {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'revision_id', type: 'uuid' })
  revisionId: string;

  @ManyToOne(() => PlanRevision)
  @JoinColumn({ name: 'revision_id', foreignKeyConstraintName: 'plan_item_revision_id_fkey' })
  revision?: PlanRevision;

  @Column({ type: 'smallint' })
  position: number;

  @Column({ name: 'exercise_id', type: 'varchar', length: 80 })
  exerciseId: string;

  @ManyToOne(() => Exercise)
  @JoinColumn({ name: 'exercise_id', foreignKeyConstraintName: 'plan_item_exercise_id_fkey' })
  exercise?: Exercise;

  @Column({ type: 'smallint' })
  sets: number;

  @Column({ type: 'smallint', nullable: true })
  reps: number | null;

  @Column({ name: 'hold_seconds', type: 'smallint', nullable: true })
  holdSeconds: number | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  side: Side | null;

  @Column({ name: 'days_of_week', type: 'smallint', array: true, nullable: true })
  daysOfWeek: IsoWeekday[] | null;

  @Column({ name: 'times_per_week', type: 'smallint', nullable: true })
  timesPerWeek: number | null;

  @Column({ name: 'times_per_day', type: 'smallint', default: 1 })
  timesPerDay: number;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  notes: string | null;
}
