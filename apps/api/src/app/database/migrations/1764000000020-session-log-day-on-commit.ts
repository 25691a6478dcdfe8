import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A logged session's day is rolled up once, not twice. Logging a session is one INSERT into
 * `session_log` and one of its items. The session row's trigger refreshed the patient's day at
 * once, before any item existed, and the items' statement trigger (migration 1764000000016)
 * refreshed the same day again a moment later: about 4 ms of wasted work per session on the
 * 10,000-patient network, and more on PGlite. The insert is now looked at when the transaction
 * commits (a deferred constraint trigger) and refreshes the day only if the session has no items
 * by then, so a session written without items (by SQL; the API requires one) still counts on its
 * day. Edits, moves and soft deletes keep the immediate row trigger.
 */
export class SessionLogDayOnCommit1764000000020 implements MigrationInterface {
  name = 'SessionLogDayOnCommit1764000000020';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER session_log_patient_day ON session_log`);
    await queryRunner.query(`
      CREATE TRIGGER session_log_patient_day AFTER UPDATE ON session_log
      FOR EACH ROW EXECUTE FUNCTION reports_session_log_changed()`);
    await queryRunner.query(`
      CREATE FUNCTION reports_session_log_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM session_log_item WHERE session_id = NEW.id) THEN
          PERFORM reports_refresh_patient_days(NEW.patient_id, NEW.performed_on, NEW.performed_on);
        END IF;
        RETURN NULL;
      END
      $$`);
    await queryRunner.query(`
      CREATE CONSTRAINT TRIGGER session_log_inserted_patient_day AFTER INSERT ON session_log
      DEFERRABLE INITIALLY DEFERRED
      FOR EACH ROW EXECUTE FUNCTION reports_session_log_inserted()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER session_log_inserted_patient_day ON session_log`);
    await queryRunner.query(`DROP FUNCTION reports_session_log_inserted`);
    await queryRunner.query(`DROP TRIGGER session_log_patient_day ON session_log`);
    await queryRunner.query(`
      CREATE TRIGGER session_log_patient_day AFTER INSERT OR UPDATE ON session_log
      FOR EACH ROW EXECUTE FUNCTION reports_session_log_changed()`);
  }
}
