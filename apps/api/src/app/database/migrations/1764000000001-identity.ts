import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accounts, patients, sign-in sessions, invitations and the audit trail. The audit table is
 * append-only by the database's own rule, so not even a bug in the API can rewrite history.
 */
export class Identity1764000000001 implements MigrationInterface {
  name = 'Identity1764000000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE app_user (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        clinic_id uuid NOT NULL REFERENCES clinic(id),
        email varchar(254) NOT NULL,
        display_name varchar(120) NOT NULL,
        role varchar(16) NOT NULL CHECK (role IN ('admin', 'therapist', 'patient')),
        password_hash text,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX app_user_email_key ON app_user (lower(email))`);
    await queryRunner.query(
      `CREATE INDEX app_user_clinic_idx ON app_user (clinic_id, role, created_at DESC, id DESC)`,
    );

    await queryRunner.query(`
      CREATE TABLE patient (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        clinic_id uuid NOT NULL REFERENCES clinic(id),
        user_id uuid NOT NULL UNIQUE REFERENCES app_user(id),
        therapist_id uuid REFERENCES app_user(id),
        display_name varchar(120) NOT NULL,
        timezone varchar(64) NOT NULL,
        date_of_birth date,
        condition varchar(500),
        active boolean NOT NULL DEFAULT true,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX patient_clinic_idx ON patient (clinic_id, created_at DESC, id DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX patient_therapist_idx ON patient (clinic_id, therapist_id)`,
    );

    await queryRunner.query(`
      CREATE TABLE auth_session (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        revoked_reason varchar(32)
      )`);
    await queryRunner.query(
      `CREATE INDEX auth_session_user_idx ON auth_session (user_id) WHERE revoked_at IS NULL`,
    );

    await queryRunner.query(`
      CREATE TABLE refresh_token (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        session_id uuid NOT NULL REFERENCES auth_session(id),
        token_hash char(64) NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX refresh_token_session_idx ON refresh_token (session_id)`);

    await queryRunner.query(`
      CREATE TABLE invitation (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        clinic_id uuid NOT NULL REFERENCES clinic(id),
        user_id uuid NOT NULL REFERENCES app_user(id),
        token_hash char(64) NOT NULL UNIQUE,
        created_by uuid REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX invitation_user_idx ON invitation (user_id)`);

    await queryRunner.query(`
      CREATE TABLE audit_event (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        clinic_id uuid REFERENCES clinic(id),
        occurred_at timestamptz NOT NULL DEFAULT now(),
        actor_user_id uuid,
        actor_role varchar(16),
        action varchar(64) NOT NULL,
        outcome varchar(16) NOT NULL CHECK (outcome IN ('success', 'failure', 'denied')),
        patient_id uuid,
        entity_type varchar(32),
        entity_id varchar(64),
        ip varchar(64),
        request_id varchar(64),
        detail jsonb NOT NULL DEFAULT '{}'::jsonb
      )`);
    await queryRunner.query(
      `CREATE INDEX audit_event_clinic_idx ON audit_event (clinic_id, id DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX audit_event_patient_idx ON audit_event (clinic_id, patient_id, id DESC)`,
    );
    await queryRunner.query(`
      CREATE FUNCTION audit_event_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_event is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER audit_event_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_event
      FOR EACH ROW EXECUTE FUNCTION audit_event_is_append_only()`);
    await queryRunner.query(`
      CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
      FOR EACH STATEMENT EXECUTE FUNCTION audit_event_is_append_only()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE audit_event`);
    await queryRunner.query(`DROP FUNCTION audit_event_is_append_only`);
    await queryRunner.query(`DROP TABLE invitation`);
    await queryRunner.query(`DROP TABLE refresh_token`);
    await queryRunner.query(`DROP TABLE auth_session`);
    await queryRunner.query(`DROP TABLE patient`);
    await queryRunner.query(`DROP TABLE app_user`);
  }
}
