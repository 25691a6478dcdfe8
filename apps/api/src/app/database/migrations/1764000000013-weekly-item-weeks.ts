import type { MigrationInterface, QueryRunner } from 'typeorm';

const DAY_COLUMNS = [1, 2, 3, 4, 5, 6, 7].map((isodow) => `d${isodow}`);

/** Week rows from day rows (`patient_id, local_date, plan_item_id, clinic_id, done`). */
function weeksOf(dayRows: string): string {
  return `SELECT d.patient_id, d.plan_item_id,
             d.local_date - (extract(isodow FROM d.local_date)::int - 1) AS monday, d.clinic_id,
             ${DAY_COLUMNS.map(
               (_, i) =>
                 `coalesce(sum(d.done) FILTER (WHERE extract(isodow FROM d.local_date) = ${i + 1}), 0)::int`,
             ).join(',\n             ')}
        FROM ${dayRows} d
       GROUP BY d.patient_id, d.plan_item_id, 3, d.clinic_id`;
}

/** The refresh function as migration 1764000000008 left it (restored by `down`). */
const REFRESH_DAYS = `
  CREATE OR REPLACE FUNCTION reports_refresh_patient_days(p_patient uuid, p_from date, p_to date)
  RETURNS void LANGUAGE plpgsql AS $$
  BEGIN
    IF p_patient IS NULL THEN RETURN; END IF;
    PERFORM pg_advisory_xact_lock(hashtext('patient_day'), hashtext(p_patient::text));
    DELETE FROM patient_day
     WHERE patient_id = p_patient
       AND (p_from IS NULL OR local_date >= p_from) AND (p_to IS NULL OR local_date <= p_to);
    INSERT INTO patient_day SELECT * FROM reports_patient_days(p_patient, p_from, p_to);
    DELETE FROM weekly_item_day
     WHERE patient_id = p_patient
       AND (p_from IS NULL OR local_date >= p_from) AND (p_to IS NULL OR local_date <= p_to);
    INSERT INTO weekly_item_day SELECT * FROM reports_weekly_item_days(p_patient, p_from, p_to);
  END
  $$`;

/**
 * Weekly items' completions by ISO week instead of by day.
 *
 * The clinic dashboard caps each weekly item at its pro-rated prescription per ISO week. From
 * `weekly_item_day` it had to sum a clinic's day rows into weeks first — on the seeded network
 * (tools/seed-demo) about 46,000 rows for the largest clinic's 30 days, the largest part of the
 * dashboard's time. `weekly_item_week` holds one row per patient, weekly plan item and week,
 * with the week's seven days side by side (`d1` Monday … `d7` Sunday, each capped per day as
 * before), so a report reads about half the rows and sums only the days inside its range,
 * without grouping.
 *
 * The triggers' refresh rewrites the whole weeks a write touches, from the same day-level
 * function (`reports_weekly_item_days`), under the same advisory lock and in the same transaction
 * as the write. Bulk loads fill it with `INSERT … SELECT * FROM reports_weekly_item_weeks(NULL,
 * NULL, NULL)`.
 */
export class WeeklyItemWeeks1764000000013 implements MigrationInterface {
  name = 'WeeklyItemWeeks1764000000013';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE weekly_item_week (
        patient_id uuid NOT NULL,
        plan_item_id uuid NOT NULL,
        monday date NOT NULL,
        clinic_id uuid NOT NULL,
        ${DAY_COLUMNS.map((day) => `${day} integer NOT NULL DEFAULT 0`).join(',\n        ')},
        CONSTRAINT weekly_item_week_pkey PRIMARY KEY (patient_id, monday, plan_item_id)
      )`);
    // Every column the reports read, so a clinic's weeks come from the index alone.
    await queryRunner.query(
      `CREATE INDEX weekly_item_week_clinic_idx
         ON weekly_item_week (clinic_id, monday, patient_id, plan_item_id, ${DAY_COLUMNS.join(', ')})`,
    );

    // The weeks overlapping [p_from, p_to] (NULL = open), whole, from the day-level rows.
    await queryRunner.query(`
      CREATE FUNCTION reports_weekly_item_weeks(p_patient uuid, p_from date, p_to date)
      RETURNS TABLE (patient_id uuid, plan_item_id uuid, monday date, clinic_id uuid,
                     ${DAY_COLUMNS.map((day) => `${day} integer`).join(', ')})
      LANGUAGE sql STABLE AS $$
        -- Materialized: the planner cannot see how many spans there are, and with the grouping
        -- inlined on top it joined every patient to every day row (hours on a large database).
        WITH days AS MATERIALIZED (
          SELECT * FROM reports_weekly_item_days(
            p_patient,
            p_from - (extract(isodow FROM p_from)::int - 1),
            p_to + (7 - extract(isodow FROM p_to)::int)))
        ${weeksOf('days')}
      $$`);

    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION reports_refresh_patient_days(p_patient uuid, p_from date, p_to date)
      RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        IF p_patient IS NULL THEN RETURN; END IF;
        -- Concurrent writes for one patient would both delete and then both insert the same
        -- day: one at a time per patient, until the writing transaction commits.
        PERFORM pg_advisory_xact_lock(hashtext('patient_day'), hashtext(p_patient::text));
        DELETE FROM patient_day
         WHERE patient_id = p_patient
           AND (p_from IS NULL OR local_date >= p_from) AND (p_to IS NULL OR local_date <= p_to);
        INSERT INTO patient_day SELECT * FROM reports_patient_days(p_patient, p_from, p_to);
        -- Whole weeks: a week's row holds its seven days.
        DELETE FROM weekly_item_week
         WHERE patient_id = p_patient
           AND (p_from IS NULL OR monday >= p_from - (extract(isodow FROM p_from)::int - 1))
           AND (p_to IS NULL OR monday <= p_to);
        INSERT INTO weekly_item_week SELECT * FROM reports_weekly_item_weeks(p_patient, p_from, p_to);
      END
      $$`);

    // From the day roll-up the triggers kept up to now: the same rows as the function's, and
    // on a large database minutes faster than computing them again from the session logs.
    await queryRunner.query(`INSERT INTO weekly_item_week ${weeksOf('weekly_item_day')}`);
    await queryRunner.query(`DROP TABLE weekly_item_day`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE weekly_item_day (
        patient_id uuid NOT NULL,
        local_date date NOT NULL,
        plan_item_id uuid NOT NULL,
        clinic_id uuid NOT NULL,
        done integer NOT NULL,
        CONSTRAINT weekly_item_day_pkey PRIMARY KEY (patient_id, local_date, plan_item_id)
      )`);
    await queryRunner.query(
      `CREATE INDEX weekly_item_day_clinic_idx
         ON weekly_item_day (clinic_id, local_date, patient_id, plan_item_id, done)`,
    );
    await queryRunner.query(REFRESH_DAYS);
    await queryRunner.query(
      `INSERT INTO weekly_item_day SELECT * FROM reports_weekly_item_days(NULL, NULL, NULL)`,
    );
    await queryRunner.query(`DROP FUNCTION reports_weekly_item_weeks`);
    await queryRunner.query(`DROP TABLE weekly_item_week`);
  }
}
