import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
} from 'typeorm';
import { User } from '../users/user.entity';

@Entity('idempotency_key')
@Index('idempotency_key_expires_idx', ['expiresAt'])
@Check('idempotency_key_state_check', `state IN ('in_flight', 'committed', 'done')`)
export class IdempotencyKey {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne(() => User)
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'idempotency_key_user_id_fkey' })
  user?: User;

  @PrimaryColumn({ length: 255 })
  key: string;

  /** SHA-256 of method, path and canonical body: the same key must mean the same request. */
  @Column({ type: 'char', length: 64 })
  fingerprint: string;

  @Column({ type: 'varchar', length: 16 })
  /** in_flight → committed (with the request's record, same transaction) → done (answer kept). */
  state: 'in_flight' | 'committed' | 'done';

  @Column({ name: 'response_status', type: 'smallint', nullable: true })
  responseStatus: number | null;

  @Column({ name: 'response_body', type: 'jsonb', nullable: true })
  responseBody: unknown;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;
}
