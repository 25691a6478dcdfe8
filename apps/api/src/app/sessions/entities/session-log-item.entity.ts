import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { PlanItem } from '../../plans/plan-item.entity';
import { SessionLog } from './session-log.entity';

/** What was done of one plan item in one session; each plan item at most once per session. */
@Entity('session_log_item')
@Check('session_log_item_position_check', 'position >= 0')
@Check('session_log_item_sets_done_check', 'sets_done >= 0')
@Check('session_log_item_reps_done_check', 'reps_done >= 0')
@Check('session_log_item_hold_seconds_done_check', 'hold_seconds_done >= 0')
@Index('session_log_item_plan_item_idx', ['planItemId'])
export class SessionLogItem {
  @PrimaryColumn({ name: 'session_id', type: 'uuid' })
  sessionId: string;

  @ManyToOne(() => SessionLog)
  @JoinColumn({ name: 'session_id', foreignKeyConstraintName: 'session_log_item_session_id_fkey' })
  session?: SessionLog;

  @PrimaryColumn({ name: 'plan_item_id', type: 'uuid' })
  planItemId: string;

  @ManyToOne(() => PlanItem)
  @JoinColumn({
    name: 'plan_item_id',
    foreignKeyConstraintName: 'session_log_item_plan_item_id_fkey',
  })
  planItem?: PlanItem;

  /** The order the items were logged in. */
  @Column({ type: 'smallint' })
  position: number;

  @Column()
  completed: boolean;

  @Column({ name: 'sets_done', type: 'smallint', nullable: true })
  setsDone: number | null;

  @Column({ name: 'reps_done', type: 'smallint', nullable: true })
  repsDone: number | null;

  @Column({ name: 'hold_seconds_done', type: 'smallint', nullable: true })
  holdSecondsDone: number | null;
}
