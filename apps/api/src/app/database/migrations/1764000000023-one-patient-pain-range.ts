import type { MigrationInterface, QueryRunner } from 'typeorm';
import { patientDays } from './1764000000022-one-patient-rollups';

/**
 * Every write to a patient's day (a session, a pain entry, a measure) refreshes that day's
 * roll-up, and the refresh read all of the patient's pain entries to find the day's: after a
 * year of daily logging, about 300 rows on as many pages. On the 10,000-patient network
 * (`npm run bench:capacity`) that made a patient's first session of the day 20–45 ms, most of it
 * reading those pages. `reports_one_patient_days` now reads only the entries recorded within the
 * days refreshed, through the (patient_id, recorded_at) index. The `every` functions, which bulk
 * loads call and the tests compare the refreshed tables against, keep the old text.
 */
export class OnePatientPainRange1764000000023 implements MigrationInterface {
  name = 'OnePatientPainRange1764000000023';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(patientDays('one', 'instants'));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(patientDays('one'));
  }
}
