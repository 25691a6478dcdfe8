import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per-item weekly caps for clinic reports.
 *
 * The domain caps each weekly item (`timesPerWeek`) at its own pro-rated prescription per
 * ISO week. `patient_day.wk_done` sums a day's weekly items together, so a report reading it
 * could only cap the patient's weekly items as a group: one item over-done in a week lifted
 * another under-done one. `weekly_item_day` keeps, per patient, local date and weekly plan item,
 * that day's completions capped at the item's daily cap (only days the item is in force, only
 * rows with a completion), so reports cap each item per week as `computeAdherence` does.
 *
 * It is refreshed together with `patient_day` by `reports_refresh_patient_days` (same
 * triggers, same advisory lock, same transaction as the write). Bulk loads fill it with
 * `INSERT … SELECT * FROM reports_weekly_item_days(NULL, NULL, NULL)`.
 */
export class WeeklyItemDays1764000000008 implements MigrationInterface {
  name = 'WeeklyItemDays1764000000008';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE weekly_item_day (
        patient_id uuid NOT NULL,
        local_date date NOT NULL,
        plan_item_id uuid NOT NULL,
        clinic_id uuid NOT NULL,
        done integer NOT NULL,
        CONSTRAINT weekly_item_day_pkey PRIMARY KEY (patient_id, local_date, plan_item_id)
      )`);

    await queryRunner.query(`
      CREATE FUNCTION reports_weekly_item_days(p_patient uuid, p_from date, p_to date)
      RETURNS TABLE (patient_id uuid, local_date date, plan_item_id uuid, clinic_id uuid, done integer)
      LANGUAGE sql STABLE AS $$
        SELECT l.patient_id, l.d, l.plan_item_id, pt.clinic_id,
               least(l.done, greatest(sp.times_per_day::int, ceil(sp.times_per_week / 7.0)::int))
          FROM (
            SELECT s.patient_id, s.performed_on AS d, li.plan_item_id, count(*)::int AS done
              FROM session_log s
              JOIN session_log_item li ON li.session_id = s.id
             WHERE s.deleted_at IS NULL AND li.completed
               AND (p_patient IS NULL OR s.patient_id = p_patient)
               AND (p_from IS NULL OR s.performed_on >= p_from)
               AND (p_to IS NULL OR s.performed_on <= p_to)
             GROUP BY 1, 2, 3
          ) l
          JOIN reports_item_spans(NULL, p_patient) sp
            ON sp.plan_item_id = l.plan_item_id AND l.d >= sp.span_from
           AND (sp.span_to IS NULL OR l.d <= sp.span_to)
          JOIN patient pt ON pt.id = l.patient_id
         WHERE sp.days_of_week IS NULL
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
        DELETE FROM weekly_item_day
         WHERE patient_id = p_patient
           AND (p_from IS NULL OR local_date >= p_from) AND (p_to IS NULL OR local_date <= p_to);
        INSERT INTO weekly_item_day SELECT * FROM reports_weekly_item_days(p_patient, p_from, p_to);
      END
      $$`);

    await queryRunner.query(
      `INSERT INTO weekly_item_day SELECT * FROM reports_weekly_item_days(NULL, NULL, NULL)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION reports_refresh_patient_days(p_patient uuid, p_from date, p_to date)
      RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        IF p_patient IS NULL THEN RETURN; END IF;
        PERFORM pg_advisory_xact_lock(hashtext('patient_day'), hashtext(p_patient::text));
        DELETE FROM patient_day
         WHERE patient_id = p_patient
           AND (p_from IS NULL OR local_date >= p_from) AND (p_to IS NULL OR local_date <= p_to);
        INSERT INTO patient_day SELECT * FROM reports_patient_days(p_patient, p_from, p_to);
      END
      $$`);
    await queryRunner.query(`DROP FUNCTION reports_weekly_item_days`);
    await queryRunner.query(`DROP TABLE weekly_item_day`);
  }
}
