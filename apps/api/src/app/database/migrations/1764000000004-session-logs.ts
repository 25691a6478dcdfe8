import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Session logs (issue 6). A session is tied to the plan revision in force on the day it was
 * performed, and its items to that revision's plan items. Nothing logged is lost: a row of
 * `session_log` is never deleted (a trigger refuses; deletes are soft, with who and why), and
 * every state it has had — created, each update, the delete — is a row of the append-only
 * `session_log_version`.
 */
export class SessionLogs1764000000004 implements MigrationInterface {
  name = 'SessionLogs1764000000004';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE session_log (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        clinic_id uuid NOT NULL REFERENCES clinic(id),
        patient_id uuid NOT NULL REFERENCES patient(id),
        plan_id uuid NOT NULL REFERENCES plan(id),
        plan_revision_id uuid NOT NULL REFERENCES plan_revision(id),
        performed_on date NOT NULL,
        plan_status varchar(16) NOT NULL,
        pain_before smallint,
        pain_after smallint,
        duration_minutes smallint,
        notes varchar(2000),
        logged_by uuid NOT NULL REFERENCES app_user(id),
        logged_by_role varchar(16) NOT NULL,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz,
        deleted_by uuid REFERENCES app_user(id),
        delete_reason varchar(500),
        CONSTRAINT session_log_plan_status_check
          CHECK (plan_status IN ('active', 'paused', 'completed')),
        CONSTRAINT session_log_pain_before_check CHECK (pain_before BETWEEN 0 AND 10),
        CONSTRAINT session_log_pain_after_check CHECK (pain_after BETWEEN 0 AND 10),
        CONSTRAINT session_log_duration_minutes_check CHECK (duration_minutes BETWEEN 1 AND 600),
        CONSTRAINT session_log_logged_by_role_check
          CHECK (logged_by_role IN ('admin', 'therapist', 'patient')),
        CONSTRAINT session_log_version_check CHECK (version >= 1),
        CONSTRAINT session_log_deleted_check CHECK (
          (deleted_at IS NULL) = (deleted_by IS NULL) AND (deleted_at IS NULL) = (delete_reason IS NULL))
      )`);
    await queryRunner.query(
      `CREATE INDEX session_log_patient_day_idx ON session_log (clinic_id, patient_id, performed_on)`,
    );
    await queryRunner.query(`
      CREATE FUNCTION session_log_is_never_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'session_log rows are deleted softly (deleted_at), never removed' USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER session_log_no_delete BEFORE DELETE ON session_log
      FOR EACH ROW EXECUTE FUNCTION session_log_is_never_deleted()`);

    await queryRunner.query(`
      CREATE TABLE session_log_item (
        session_id uuid NOT NULL REFERENCES session_log(id),
        plan_item_id uuid NOT NULL REFERENCES plan_item(id),
        position smallint NOT NULL,
        completed boolean NOT NULL,
        sets_done smallint,
        reps_done smallint,
        hold_seconds_done smallint,
        CONSTRAINT session_log_item_pkey PRIMARY KEY (session_id, plan_item_id),
        CONSTRAINT session_log_item_position_check CHECK (position >= 0),
        CONSTRAINT session_log_item_sets_done_check CHECK (sets_done >= 0),
        CONSTRAINT session_log_item_reps_done_check CHECK (reps_done >= 0),
        CONSTRAINT session_log_item_hold_seconds_done_check CHECK (hold_seconds_done >= 0)
      )`);
    // GET /patients/:id/today counts each due item's completions of the day through this index.
    await queryRunner.query(
      `CREATE INDEX session_log_item_plan_item_idx ON session_log_item (plan_item_id)`,
    );

    await queryRunner.query(`
      CREATE TABLE session_log_version (
        session_id uuid NOT NULL REFERENCES session_log(id),
        version integer NOT NULL,
        change varchar(16) NOT NULL,
        snapshot jsonb NOT NULL,
        changed_by uuid NOT NULL REFERENCES app_user(id),
        changed_by_role varchar(16) NOT NULL,
        changed_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        reason varchar(500),
        CONSTRAINT session_log_version_pkey PRIMARY KEY (session_id, version),
        CONSTRAINT session_log_version_change_check CHECK (change IN ('created', 'updated', 'deleted'))
      )`);
    await queryRunner.query(`
      CREATE FUNCTION session_log_version_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'session_log_version is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER session_log_version_no_update_or_delete
      BEFORE UPDATE OR DELETE ON session_log_version
      FOR EACH ROW EXECUTE FUNCTION session_log_version_is_append_only()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE session_log_version`);
    await queryRunner.query(`DROP FUNCTION session_log_version_is_append_only`);
    await queryRunner.query(`DROP TABLE session_log_item`);
    await queryRunner.query(`DROP TABLE session_log`);
    await queryRunner.query(`DROP FUNCTION session_log_is_never_deleted`);
  }
}
