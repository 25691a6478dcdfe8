import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Session logs by patient and date, in place of the clinic-first index. The roll-up refreshes
 * (`reports_patient_days`, `reports_weekly_item_weeks`, run by triggers on every session log,
 * item, plan and revision write) select one patient's logs without the clinic, which the
 * clinic-first index could not serve: each refresh read the whole table. On the 10,000-patient
 * demo network (1.3 M logs) that made logging a session take 3.4 s and saving a plan revision
 * 0.37 s; with this index, 50 ms and 31 ms (docs/PERFORMANCE.md). Every other read of
 * session_log names its patients too (a patient belongs to one clinic), so one index serves
 * them all and each write maintains one.
 */
export class SessionLogPatientIndex1764000000015 implements MigrationInterface {
  name = 'SessionLogPatientIndex1764000000015';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX session_log_patient_day_idx`);
    await queryRunner.query(
      `CREATE INDEX session_log_patient_idx ON session_log (patient_id, performed_on)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX session_log_patient_idx`);
    await queryRunner.query(
      `CREATE INDEX session_log_patient_day_idx ON session_log (clinic_id, patient_id, performed_on)`,
    );
  }
}
