import type { Role, SessionLogChange, SessionLog as SessionLogView } from '@rehabit/contracts';
import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { User } from '../../users/user.entity';
import { SessionLog } from './session-log.entity';

/**
 * Every state a session has had, as the API showed it after each change. Append-only: a
 * trigger refuses UPDATE and DELETE.
 */
@Entity('session_log_version')
@Check('session_log_version_change_check', `change IN ('created', 'updated', 'deleted')`)
export class SessionLogVersion {
  @PrimaryColumn({ name: 'session_id', type: 'uuid' })
  sessionId: string;

  @ManyToOne(() => SessionLog)
  @JoinColumn({
    name: 'session_id',
    foreignKeyConstraintName: 'session_log_version_session_id_fkey',
  })
  session?: SessionLog;

  @PrimaryColumn({ type: 'integer' })
  version: number;

  @Column({ type: 'varchar', length: 16 })
  change: SessionLogChange;

  @Column({ type: 'jsonb' })
  snapshot: SessionLogView;

  @Column({ name: 'changed_by', type: 'uuid' })
  changedBy: string;

  @ManyToOne(() => User)
  @JoinColumn({
    name: 'changed_by',
    foreignKeyConstraintName: 'session_log_version_changed_by_fkey',
  })
  changer?: User;

  @Column({ name: 'changed_by_role', type: 'varchar', length: 16 })
  changedByRole: Role;

  @Column({ name: 'changed_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  changedAt: Date;

  /** Why, for a delete. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  reason: string | null;
}
