import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An idempotency key becomes `committed` in the transaction that stores its request's record
 * (idempotency-commit.subscriber.ts), before its answer is recorded as `done`.
 */
export class IdempotencyCommitted1764000000011 implements MigrationInterface {
  name = 'IdempotencyCommitted1764000000011';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE idempotency_key DROP CONSTRAINT idempotency_key_state_check`,
    );
    await queryRunner.query(
      `ALTER TABLE idempotency_key ADD CONSTRAINT idempotency_key_state_check CHECK (state IN ('in_flight', 'committed', 'done'))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM idempotency_key WHERE state = 'committed'`);
    await queryRunner.query(
      `ALTER TABLE idempotency_key DROP CONSTRAINT idempotency_key_state_check`,
    );
    await queryRunner.query(
      `ALTER TABLE idempotency_key ADD CONSTRAINT idempotency_key_state_check CHECK (state IN ('in_flight', 'done'))`,
    );
  }
}
