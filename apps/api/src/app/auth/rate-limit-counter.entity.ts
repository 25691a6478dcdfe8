import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A sign-in rate-limit counter; written only by SharedRateLimitStorage's SQL. */
@Entity('rate_limit_counter')
export class RateLimitCounter {
  @PrimaryColumn({ length: 300, primaryKeyConstraintName: 'rate_limit_counter_pkey' })
  key: string;

  @Column({ type: 'integer' })
  hits: number;

  @Column({ name: 'window_ends_at', type: 'timestamptz' })
  windowEndsAt: Date;

  @Column({ name: 'blocked_until', type: 'timestamptz', nullable: true })
  blockedUntil: Date | null;
}
