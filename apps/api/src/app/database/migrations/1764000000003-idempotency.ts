import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Remembered answers to POSTs sent with an Idempotency-Key, per caller, for 24 hours. */
export class Idempotency1764000000003 implements MigrationInterface {
  name = 'Idempotency1764000000003';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE idempotency_key (
        user_id uuid NOT NULL REFERENCES app_user(id),
        key varchar(255) NOT NULL,
        fingerprint char(64) NOT NULL,
        state varchar(16) NOT NULL CHECK (state IN ('in_flight', 'done')),
        response_status smallint,
        response_body jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        PRIMARY KEY (user_id, key)
      )`);
    await queryRunner.query(
      `CREATE INDEX idempotency_key_expires_idx ON idempotency_key (expires_at)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE idempotency_key`);
  }
}
