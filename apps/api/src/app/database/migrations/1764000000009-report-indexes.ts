import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes that let the clinic reports read a clinic's roll-up rows of a date range from the
 * index alone (index-only scans, tools/bench/reports): the dashboard and the CSV export read
 * every patient's days of the range, and fetching each row from the table cost more than all
 * the arithmetic done on them. Both carry exactly the columns report-sql.ts reads.
 */
export class ReportIndexes1764000000009 implements MigrationInterface {
  name = 'ReportIndexes1764000000009';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX patient_day_clinic_idx`);
    await queryRunner.query(
      `CREATE INDEX patient_day_clinic_idx ON patient_day (clinic_id, local_date, patient_id, wd_done)`,
    );
    await queryRunner.query(
      `CREATE INDEX weekly_item_day_clinic_idx
         ON weekly_item_day (clinic_id, local_date, patient_id, plan_item_id, done)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX weekly_item_day_clinic_idx`);
    await queryRunner.query(`DROP INDEX patient_day_clinic_idx`);
    await queryRunner.query(
      `CREATE INDEX patient_day_clinic_idx ON patient_day (clinic_id, local_date)`,
    );
  }
}
