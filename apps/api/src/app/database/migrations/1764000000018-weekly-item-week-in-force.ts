import type { MigrationInterface, QueryRunner } from 'typeorm';

const DAY_COLUMNS = [1, 2, 3, 4, 5, 6, 7].map((isodow) => `d${isodow}`);
const WEEK_COLUMNS = `patient_id uuid, plan_item_id uuid, monday date, clinic_id uuid,
  ${DAY_COLUMNS.map((day) => `${day} integer`).join(', ')}`;

/** Migration 1764000000013's body of `reports_weekly_item_weeks`, unchanged. */
const WEEKS_FROM_DAYS = `
  WITH days AS MATERIALIZED (
    SELECT * FROM reports_weekly_item_days(
      p_patient,
      p_from - (extract(isodow FROM p_from)::int - 1),
      p_to + (7 - extract(isodow FROM p_to)::int)))
  SELECT d.patient_id, d.plan_item_id,
         d.local_date - (extract(isodow FROM d.local_date)::int - 1) AS monday, d.clinic_id,
         ${DAY_COLUMNS.map(
           (_, i) =>
             `coalesce(sum(d.done) FILTER (WHERE extract(isodow FROM d.local_date) = ${i + 1}), 0)::int`,
         ).join(',\n         ')}
    FROM days d
   GROUP BY d.patient_id, d.plan_item_id, 3, d.clinic_id`;

/** The spans' refresh as migration 1764000000014 left it (restored by `down`). */
const REFRESH_SPANS_0014 = `
  CREATE OR REPLACE FUNCTION reports_refresh_plan_item_spans(p_patient uuid)
  RETURNS void LANGUAGE plpgsql AS $$
  BEGIN
    IF p_patient IS NULL THEN RETURN; END IF;
    PERFORM pg_advisory_xact_lock(hashtext('plan_item_span'), hashtext(p_patient::text));
    DELETE FROM plan_item_span WHERE patient_id = p_patient;
    INSERT INTO plan_item_span SELECT * FROM reports_plan_item_spans(p_patient);
  END
  $$`;

/**
 * Each weekly item's week row says which of its days the item was in force and how many times
 * a week it asks for, so the clinic reports cap a week's completions at its pro-rated
 * prescription without joining the week rows to the plan item spans.
 *
 * That join (about 25 k week rows against 7 k spans for the largest clinic of the seeded
 * network, sorted, merged and grouped twice) was about 40 % of the dashboard's statement. Now
 * `in_force` holds the week's in-force days as bits (bit 0 Monday … bit 6 Sunday), from the
 * item's rows in `plan_item_span`, and `times_per_week` the item's schedule (NULL, with no bits,
 * when no span covers the week), so a report counts a week's prescription inside its range from
 * the row alone.
 *
 * Kept on both kinds of write:
 * - a session write recomputes its weeks (`reports_weekly_item_weeks`, now with the two columns
 *   read from the spans);
 * - a plan write recomputes the patient's spans and then the two columns of all the patient's
 *   week rows. It takes the patient's `patient_day` lock before the spans' one, as session writes
 *   take it, so neither kind of write can compute a week from the other's half-written state,
 *   and the locks are always taken in the same order.
 *
 * The live spans of a range (those ending on or after its first day) come from an index in that
 * order, with every column the reports read, instead of a scan of all the clinic's spans since
 * the first one.
 */
export class WeeklyItemWeekInForce1764000000018 implements MigrationInterface {
  name = 'WeeklyItemWeekInForce1764000000018';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX weekly_item_week_clinic_idx`);
    await queryRunner.query(`
      ALTER TABLE weekly_item_week
        ADD COLUMN in_force smallint NOT NULL DEFAULT 0,
        ADD COLUMN times_per_week smallint`);

    // Day k of the week starting p_monday is bit k - 1, set when a span of the item covers it.
    await queryRunner.query(`
      CREATE FUNCTION reports_week_in_force(p_patient uuid, p_item uuid, p_monday date)
      RETURNS TABLE (in_force smallint, times_per_week smallint)
      LANGUAGE sql STABLE AS $$
        SELECT coalesce(bit_or(
                 (1 << (least(coalesce(sp.span_to - p_monday, 6), 6) + 1))
                 - (1 << greatest(sp.span_from - p_monday, 0))), 0)::smallint,
               max(sp.times_per_week)
          FROM plan_item_span sp
         WHERE sp.patient_id = p_patient AND sp.plan_item_id = p_item
           AND sp.span_from <= p_monday + 6 AND (sp.span_to IS NULL OR sp.span_to >= p_monday)
      $$`);

    await queryRunner.query(`DROP FUNCTION reports_weekly_item_weeks(uuid, date, date)`);
    await queryRunner.query(`
      CREATE FUNCTION reports_weekly_item_weeks(p_patient uuid, p_from date, p_to date)
      RETURNS TABLE (${WEEK_COLUMNS}, in_force smallint, times_per_week smallint)
      LANGUAGE sql STABLE AS $$
        WITH weeks AS MATERIALIZED (${WEEKS_FROM_DAYS})
        SELECT w.*, f.in_force, f.times_per_week
          FROM weeks w CROSS JOIN LATERAL reports_week_in_force(w.patient_id, w.plan_item_id, w.monday) f
      $$`);

    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION reports_refresh_plan_item_spans(p_patient uuid)
      RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        IF p_patient IS NULL THEN RETURN; END IF;
        PERFORM pg_advisory_xact_lock(hashtext('patient_day'), hashtext(p_patient::text));
        PERFORM pg_advisory_xact_lock(hashtext('plan_item_span'), hashtext(p_patient::text));
        DELETE FROM plan_item_span WHERE patient_id = p_patient;
        INSERT INTO plan_item_span SELECT * FROM reports_plan_item_spans(p_patient);
        UPDATE weekly_item_week w SET in_force = f.in_force, times_per_week = f.times_per_week
          FROM weekly_item_week cur
          CROSS JOIN LATERAL reports_week_in_force(cur.patient_id, cur.plan_item_id, cur.monday) f
         WHERE cur.patient_id = p_patient AND w.patient_id = p_patient
           AND w.plan_item_id = cur.plan_item_id AND w.monday = cur.monday
           AND (w.in_force, w.times_per_week) IS DISTINCT FROM (f.in_force, f.times_per_week);
      END
      $$`);

    await queryRunner.query(`
      UPDATE weekly_item_week w SET (in_force, times_per_week) = (
        SELECT f.in_force, f.times_per_week
          FROM reports_week_in_force(w.patient_id, w.plan_item_id, w.monday) f)`);
    // Every column the reports read, so a clinic's weeks come from the index alone.
    await queryRunner.query(`
      CREATE INDEX weekly_item_week_clinic_idx ON weekly_item_week
        (clinic_id, monday, patient_id, plan_item_id, ${DAY_COLUMNS.join(', ')}, in_force, times_per_week)`);

    await queryRunner.query(`DROP INDEX plan_item_span_clinic_idx`);
    await queryRunner.query(`
      CREATE INDEX plan_item_span_live_idx ON plan_item_span
        (clinic_id, (coalesce(span_to, 'infinity'::date)))
        INCLUDE (span_from, patient_id, plan_item_id, days_of_week, times_per_day, times_per_week)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX plan_item_span_live_idx`);
    await queryRunner.query(
      `CREATE INDEX plan_item_span_clinic_idx ON plan_item_span (clinic_id, span_from)`,
    );
    await queryRunner.query(REFRESH_SPANS_0014);
    await queryRunner.query(`DROP FUNCTION reports_weekly_item_weeks(uuid, date, date)`);
    await queryRunner.query(`
      CREATE FUNCTION reports_weekly_item_weeks(p_patient uuid, p_from date, p_to date)
      RETURNS TABLE (${WEEK_COLUMNS})
      LANGUAGE sql STABLE AS $$ ${WEEKS_FROM_DAYS} $$`);
    await queryRunner.query(`DROP FUNCTION reports_week_in_force(uuid, uuid, date)`);
    await queryRunner.query(`DROP INDEX weekly_item_week_clinic_idx`);
    await queryRunner.query(
      `ALTER TABLE weekly_item_week DROP COLUMN in_force, DROP COLUMN times_per_week`,
    );
    await queryRunner.query(`
      CREATE INDEX weekly_item_week_clinic_idx
        ON weekly_item_week (clinic_id, monday, patient_id, plan_item_id, ${DAY_COLUMNS.join(', ')})`);
  }
}
