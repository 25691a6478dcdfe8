import type { PlanStatus } from '@rehabit/domain';
import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { User } from '../users/user.entity';
import { Plan } from './plan.entity';

/**
 * The plan's status history. A change applies from its local date in the patient's zone, that
 * whole day included (the domain's `PlanStatusChange`), so paused days prescribe nothing.
 */
@Entity('plan_status_change')
@Check('plan_status_change_status_check', `status IN ('active', 'paused', 'completed')`)
@Index('plan_status_change_plan_idx', ['planId', 'changedAt'])
export class PlanStatusChange {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'plan_id', type: 'uuid' })
  planId: string;

  @ManyToOne(() => Plan)
  @JoinColumn({ name: 'plan_id', foreignKeyConstraintName: 'plan_status_change_plan_id_fkey' })
  plan?: Plan;

  @Column({ type: 'varchar', length: 16 })
  status: PlanStatus;

  @Column({ name: 'changed_by', type: 'uuid' })
  changedBy: string;

  @ManyToOne(() => User)
  @JoinColumn({
    name: 'changed_by',
    foreignKeyConstraintName: 'plan_status_change_changed_by_fkey',
  })
  changer?: User;

  @Column({ name: 'changed_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  changedAt: Date;
}
