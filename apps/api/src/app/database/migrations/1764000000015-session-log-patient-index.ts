import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Session logs by patient and date. The roll-up refreshes (`reports_patient_days`,
 * `reports_weekly_item_weeks`, run by triggers on every session log, item, plan and revision
 * write) select one patient's logs without the clinic, so the clinic-first index could not
 * serve them: each refresh read the whole table. On the 10,000-patient demo network (1.3 M
 * logs) that made logging a session take 3.4 s and saving a plan revision 0.37 s; with this
 * index, 52 ms and 32 ms (docs/PERFORMANCE.md).
 */
export class SessionLogPatientIndex1764000000015 implements MigrationInterface {
  name = 'SessionLogPatientIndex1764000000015';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX session_log_patient_idx ON session_log (patient_id, performed_on)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX session_log_patient_idx`);
  }
}
