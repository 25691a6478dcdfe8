import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Sign-in rate-limit counters shared by every API process (auth/shared-rate-limit.storage.ts). */
export class RateLimitCounters1764000000012 implements MigrationInterface {
  name = 'RateLimitCounters1764000000012';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE rate_limit_counter (
        key varchar(300) NOT NULL,
        hits integer NOT NULL,
        window_ends_at timestamptz NOT NULL,
        blocked_until timestamptz,
        CONSTRAINT rate_limit_counter_pkey PRIMARY KEY (key)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE rate_limit_counter`);
  }
}
