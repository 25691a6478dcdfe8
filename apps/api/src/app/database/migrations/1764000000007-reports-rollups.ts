import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Clinic reports (issue 7, part B): the `patient_day` roll-up and the SQL that feeds it.
 *
 * One row per patient and local date that has any self-reported data (pain, a session, a
 * measure): the day's pain sum and count, how many sessions and measures, and what the day's
 * session items count for adherence as the domain's `computeAdherence` counts them — for
 * weekday items the completions capped at `times_per_day` (`wd_done`) and the not-done ones
 * after them (`wd_skipped`); for weekly items the same capped at the item's daily cap
 * (`wk_done`, `wk_skipped`), the week's cap being applied when a report reads them. A session
 * item counts only when its plan item belongs to the revision in force that day, the plan is
 * active that day (status changes apply from their local date in the patient's zone) and,
 * for weekday items, the day is due.
 *
 * The roll-up is kept by triggers in the same transaction as the write: every change to
 * pain_entry, measure, session_log or session_log_item recomputes the touched patient-days
 * from the source rows with `reports_patient_days` (deterministic, so edits, soft deletes
 * and moves of a session to another day stay right); a plan status change or revision
 * recomputes the patient's days from the date it applies; a patient's time-zone change or a
 * plan's dates recompute all the patient's days. Bulk loads (tools/seed-demo) disable the
 * triggers and fill the table with one `INSERT … SELECT * FROM reports_patient_days(NULL,
 * NULL, NULL)`.
 *
 * What is prescribed is not stored: `reports_item_spans` gives, per plan item, the local
 * dates it is in force on an active plan (revision spans ∩ active status spans ∩ the plan's
 * dates), and the reports count due days inside a range arithmetically, without a row per day.
 *
 * The week's cap on weekly items was first applied to a patient's weekly items together; migration
 * 1764000000008 (`weekly_item_day`) lets reports cap each item on its own, as the domain does.
 */
export class ReportsRollups1764000000007 implements MigrationInterface {
  name = 'ReportsRollups1764000000007';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE patient_day (
        patient_id uuid NOT NULL,
        local_date date NOT NULL,
        clinic_id uuid NOT NULL,
        pain_sum integer NOT NULL DEFAULT 0,
        pain_count integer NOT NULL DEFAULT 0,
        sessions integer NOT NULL DEFAULT 0,
        measures integer NOT NULL DEFAULT 0,
        wd_done integer NOT NULL DEFAULT 0,
        wd_skipped integer NOT NULL DEFAULT 0,
        wk_done integer NOT NULL DEFAULT 0,
        wk_skipped integer NOT NULL DEFAULT 0,
        CONSTRAINT patient_day_pkey PRIMARY KEY (patient_id, local_date)
      )`);
    await queryRunner.query(
      `CREATE INDEX patient_day_clinic_idx ON patient_day (clinic_id, local_date)`,
    );

    // Status spans: a plan starts active on its start date; each change applies from its
    // local date, the last change of a day winning that whole day.
    await queryRunner.query(`
      CREATE FUNCTION reports_active_spans(p_clinic uuid, p_patient uuid)
      RETURNS TABLE (plan_id uuid, patient_id uuid, span_from date, span_to date)
      LANGUAGE sql STABLE AS $$
        SELECT x.plan_id, x.patient_id, greatest(x.d_from, x.start_date), least(x.d_to, x.end_date)
          FROM (
            SELECT c.plan_id, c.patient_id, c.start_date, c.end_date, c.status, c.d_from,
                   lead(c.d_from) OVER (PARTITION BY c.plan_id ORDER BY c.at) - 1 AS d_to
              FROM (
                SELECT p.id AS plan_id, p.patient_id, p.start_date, p.end_date,
                       'active'::varchar AS status, p.start_date AS d_from, '-infinity'::timestamptz AS at
                  FROM plan p WHERE (p_clinic IS NULL OR p.clinic_id = p_clinic) AND (p_patient IS NULL OR p.patient_id = p_patient)
                UNION ALL
                SELECT p.id, p.patient_id, p.start_date, p.end_date, sc.status,
                       (sc.changed_at AT TIME ZONE pt.timezone)::date, sc.changed_at
                  FROM plan p
                  JOIN patient pt ON pt.id = p.patient_id
                  JOIN plan_status_change sc ON sc.plan_id = p.id
                 WHERE (p_clinic IS NULL OR p.clinic_id = p_clinic) AND (p_patient IS NULL OR p.patient_id = p_patient)
              ) c
          ) x
         WHERE x.status = 'active'
           AND (x.d_to IS NULL OR x.d_to >= x.d_from)
           AND (least(x.d_to, x.end_date) IS NULL
                OR least(x.d_to, x.end_date) >= greatest(x.d_from, x.start_date))
      $$`);

    // Item spans: the revision in force on a day is the highest-numbered one whose
    // effective_from is on or before it; intersected with the plan's active spans.
    await queryRunner.query(`
      CREATE FUNCTION reports_item_spans(p_clinic uuid, p_patient uuid)
      RETURNS TABLE (patient_id uuid, plan_item_id uuid, days_of_week smallint[],
                     times_per_day smallint, times_per_week smallint, span_from date, span_to date)
      LANGUAGE sql STABLE AS $$
        SELECT a.patient_id, pi.id, pi.days_of_week, pi.times_per_day, pi.times_per_week,
               greatest(a.span_from, r.r_from), least(a.span_to, r.r_to)
          FROM (
            SELECT rv.id, rv.plan_id, rv.effective_from AS r_from,
                   min(rv.effective_from) OVER (PARTITION BY rv.plan_id ORDER BY rv.number DESC
                     ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) - 1 AS r_to
              FROM plan_revision rv
              JOIN plan p ON p.id = rv.plan_id
             WHERE (p_clinic IS NULL OR p.clinic_id = p_clinic) AND (p_patient IS NULL OR p.patient_id = p_patient)
          ) r
          JOIN reports_active_spans(p_clinic, p_patient) a ON a.plan_id = r.plan_id
          JOIN plan_item pi ON pi.revision_id = r.id
         WHERE (r.r_to IS NULL OR r.r_to >= r.r_from)
           AND (a.span_to IS NULL OR a.span_to >= r.r_from)
           AND (r.r_to IS NULL OR r.r_to >= a.span_from)
      $$`);

    // The roll-up rows of one patient (or all, NULL) between two local dates (NULL = open).
    await queryRunner.query(`
      CREATE FUNCTION reports_patient_days(p_patient uuid, p_from date, p_to date)
      RETURNS TABLE (patient_id uuid, local_date date, clinic_id uuid, pain_sum integer,
                     pain_count integer, sessions integer, measures integer, wd_done integer,
                     wd_skipped integer, wk_done integer, wk_skipped integer)
      LANGUAGE sql STABLE AS $$
        WITH logged AS (
          SELECT s.patient_id, s.performed_on AS d, li.plan_item_id,
                 count(*) FILTER (WHERE li.completed)::int AS done,
                 count(*) FILTER (WHERE NOT li.completed)::int AS not_done
            FROM session_log s
            JOIN session_log_item li ON li.session_id = s.id
           WHERE s.deleted_at IS NULL
             AND (p_patient IS NULL OR s.patient_id = p_patient)
             AND (p_from IS NULL OR s.performed_on >= p_from)
             AND (p_to IS NULL OR s.performed_on <= p_to)
           GROUP BY 1, 2, 3
        ), counted AS (
          SELECT l.patient_id, l.d, sp.days_of_week IS NOT NULL AS weekday, l.done, l.not_done,
                 CASE WHEN sp.days_of_week IS NOT NULL THEN sp.times_per_day::int
                      ELSE greatest(sp.times_per_day::int, ceil(sp.times_per_week / 7.0)::int) END AS cap
            FROM logged l
            JOIN reports_item_spans(NULL, p_patient) sp
              ON sp.plan_item_id = l.plan_item_id AND l.d >= sp.span_from
             AND (sp.span_to IS NULL OR l.d <= sp.span_to)
           WHERE sp.days_of_week IS NULL
              OR extract(isodow FROM l.d)::smallint = ANY (sp.days_of_week)
        ), adherence AS (
          SELECT c.patient_id, c.d,
                 sum(CASE WHEN c.weekday THEN least(c.done, c.cap) ELSE 0 END)::int AS wd_done,
                 sum(CASE WHEN c.weekday THEN least(c.not_done, c.cap - least(c.done, c.cap)) ELSE 0 END)::int AS wd_skipped,
                 sum(CASE WHEN c.weekday THEN 0 ELSE least(c.done, c.cap) END)::int AS wk_done,
                 sum(CASE WHEN c.weekday THEN 0 ELSE least(c.not_done, c.cap - least(c.done, c.cap)) END)::int AS wk_skipped
            FROM counted c GROUP BY 1, 2
        ), sessions AS (
          SELECT s.patient_id, s.performed_on AS d, count(*)::int AS n
            FROM session_log s
           WHERE s.deleted_at IS NULL
             AND (p_patient IS NULL OR s.patient_id = p_patient)
             AND (p_from IS NULL OR s.performed_on >= p_from)
             AND (p_to IS NULL OR s.performed_on <= p_to)
           GROUP BY 1, 2
        ), pain AS (
          SELECT * FROM (
            SELECT e.patient_id, (e.recorded_at AT TIME ZONE pt.timezone)::date AS d,
                   sum(e.score)::int AS total, count(*)::int AS n
              FROM pain_entry e
              JOIN patient pt ON pt.id = e.patient_id
             WHERE e.deleted_at IS NULL AND (p_patient IS NULL OR e.patient_id = p_patient)
             GROUP BY 1, 2
          ) x WHERE (p_from IS NULL OR x.d >= p_from) AND (p_to IS NULL OR x.d <= p_to)
        ), measures AS (
          SELECT m.patient_id, m.recorded_on AS d, count(*)::int AS n
            FROM measure m
           WHERE m.deleted_at IS NULL
             AND (p_patient IS NULL OR m.patient_id = p_patient)
             AND (p_from IS NULL OR m.recorded_on >= p_from)
             AND (p_to IS NULL OR m.recorded_on <= p_to)
           GROUP BY 1, 2
        ), days AS (
          SELECT patient_id, d FROM sessions
          UNION SELECT patient_id, d FROM pain
          UNION SELECT patient_id, d FROM measures
        )
        SELECT k.patient_id, k.d, pt.clinic_id,
               coalesce(p.total, 0), coalesce(p.n, 0), coalesce(s.n, 0), coalesce(m.n, 0),
               coalesce(a.wd_done, 0), coalesce(a.wd_skipped, 0),
               coalesce(a.wk_done, 0), coalesce(a.wk_skipped, 0)
          FROM days k
          JOIN patient pt ON pt.id = k.patient_id
          LEFT JOIN pain p ON p.patient_id = k.patient_id AND p.d = k.d
          LEFT JOIN sessions s ON s.patient_id = k.patient_id AND s.d = k.d
          LEFT JOIN measures m ON m.patient_id = k.patient_id AND m.d = k.d
          LEFT JOIN adherence a ON a.patient_id = k.patient_id AND a.d = k.d
      $$`);

    await queryRunner.query(`
      CREATE FUNCTION reports_refresh_patient_days(p_patient uuid, p_from date, p_to date)
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
      END
      $$`);

    await queryRunner.query(`
      CREATE FUNCTION reports_pain_entry_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE tz varchar;
      BEGIN
        SELECT timezone INTO tz FROM patient WHERE id = NEW.patient_id;
        IF TG_OP = 'UPDATE' AND (OLD.patient_id <> NEW.patient_id OR OLD.recorded_at <> NEW.recorded_at) THEN
          PERFORM reports_refresh_patient_days(OLD.patient_id,
            (OLD.recorded_at AT TIME ZONE tz)::date, (OLD.recorded_at AT TIME ZONE tz)::date);
        END IF;
        PERFORM reports_refresh_patient_days(NEW.patient_id,
          (NEW.recorded_at AT TIME ZONE tz)::date, (NEW.recorded_at AT TIME ZONE tz)::date);
        RETURN NULL;
      END
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER pain_entry_patient_day AFTER INSERT OR UPDATE ON pain_entry
      FOR EACH ROW EXECUTE FUNCTION reports_pain_entry_changed()`);

    await queryRunner.query(`
      CREATE FUNCTION reports_measure_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND (OLD.patient_id <> NEW.patient_id OR OLD.recorded_on <> NEW.recorded_on) THEN
          PERFORM reports_refresh_patient_days(OLD.patient_id, OLD.recorded_on, OLD.recorded_on);
        END IF;
        PERFORM reports_refresh_patient_days(NEW.patient_id, NEW.recorded_on, NEW.recorded_on);
        RETURN NULL;
      END
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER measure_patient_day AFTER INSERT OR UPDATE ON measure
      FOR EACH ROW EXECUTE FUNCTION reports_measure_changed()`);

    await queryRunner.query(`
      CREATE FUNCTION reports_session_log_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND (OLD.patient_id <> NEW.patient_id OR OLD.performed_on <> NEW.performed_on) THEN
          PERFORM reports_refresh_patient_days(OLD.patient_id, OLD.performed_on, OLD.performed_on);
        END IF;
        PERFORM reports_refresh_patient_days(NEW.patient_id, NEW.performed_on, NEW.performed_on);
        RETURN NULL;
      END
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER session_log_patient_day AFTER INSERT OR UPDATE ON session_log
      FOR EACH ROW EXECUTE FUNCTION reports_session_log_changed()`);

    await queryRunner.query(`
      CREATE FUNCTION reports_session_log_item_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE s record;
      BEGIN
        FOR s IN SELECT DISTINCT patient_id, performed_on FROM session_log
                  WHERE id IN (CASE WHEN TG_OP = 'DELETE' THEN OLD.session_id ELSE NEW.session_id END,
                               CASE WHEN TG_OP = 'UPDATE' THEN OLD.session_id END)
        LOOP
          PERFORM reports_refresh_patient_days(s.patient_id, s.performed_on, s.performed_on);
        END LOOP;
        RETURN NULL;
      END
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER session_log_item_patient_day AFTER INSERT OR UPDATE OR DELETE ON session_log_item
      FOR EACH ROW EXECUTE FUNCTION reports_session_log_item_changed()`);

    // Plan changes move what sessions count for from the day they apply.
    await queryRunner.query(`
      CREATE FUNCTION reports_plan_history_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE pid uuid; since date;
      BEGIN
        IF TG_TABLE_NAME = 'plan_status_change' THEN
          SELECT p.patient_id, (NEW.changed_at AT TIME ZONE pt.timezone)::date INTO pid, since
            FROM plan p JOIN patient pt ON pt.id = p.patient_id WHERE p.id = NEW.plan_id;
        ELSE
          SELECT p.patient_id, NEW.effective_from INTO pid, since FROM plan p WHERE p.id = NEW.plan_id;
        END IF;
        PERFORM reports_refresh_patient_days(pid, since, NULL);
        RETURN NULL;
      END
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER plan_status_change_patient_day AFTER INSERT ON plan_status_change
      FOR EACH ROW EXECUTE FUNCTION reports_plan_history_changed()`);
    await queryRunner.query(`
      CREATE TRIGGER plan_revision_patient_day AFTER INSERT ON plan_revision
      FOR EACH ROW EXECUTE FUNCTION reports_plan_history_changed()`);

    await queryRunner.query(`
      CREATE FUNCTION reports_patient_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM reports_refresh_patient_days(NEW.patient_id, NULL, NULL);
        RETURN NULL;
      END
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER plan_dates_patient_day AFTER UPDATE OF start_date, end_date ON plan
      FOR EACH ROW WHEN (OLD.start_date IS DISTINCT FROM NEW.start_date OR OLD.end_date IS DISTINCT FROM NEW.end_date)
      EXECUTE FUNCTION reports_patient_changed()`);
    await queryRunner.query(`
      CREATE FUNCTION reports_patient_zone_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM reports_refresh_patient_days(NEW.id, NULL, NULL);
        RETURN NULL;
      END
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER patient_zone_patient_day AFTER UPDATE OF timezone, clinic_id ON patient
      FOR EACH ROW WHEN (OLD.timezone IS DISTINCT FROM NEW.timezone OR OLD.clinic_id IS DISTINCT FROM NEW.clinic_id)
      EXECUTE FUNCTION reports_patient_zone_changed()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER patient_zone_patient_day ON patient`);
    await queryRunner.query(`DROP FUNCTION reports_patient_zone_changed`);
    await queryRunner.query(`DROP TRIGGER plan_dates_patient_day ON plan`);
    await queryRunner.query(`DROP FUNCTION reports_patient_changed`);
    await queryRunner.query(`DROP TRIGGER plan_revision_patient_day ON plan_revision`);
    await queryRunner.query(`DROP TRIGGER plan_status_change_patient_day ON plan_status_change`);
    await queryRunner.query(`DROP FUNCTION reports_plan_history_changed`);
    await queryRunner.query(`DROP TRIGGER session_log_item_patient_day ON session_log_item`);
    await queryRunner.query(`DROP FUNCTION reports_session_log_item_changed`);
    await queryRunner.query(`DROP TRIGGER session_log_patient_day ON session_log`);
    await queryRunner.query(`DROP FUNCTION reports_session_log_changed`);
    await queryRunner.query(`DROP TRIGGER measure_patient_day ON measure`);
    await queryRunner.query(`DROP FUNCTION reports_measure_changed`);
    await queryRunner.query(`DROP TRIGGER pain_entry_patient_day ON pain_entry`);
    await queryRunner.query(`DROP FUNCTION reports_pain_entry_changed`);
    await queryRunner.query(`DROP FUNCTION reports_refresh_patient_days`);
    await queryRunner.query(`DROP FUNCTION reports_patient_days`);
    await queryRunner.query(`DROP FUNCTION reports_item_spans`);
    await queryRunner.query(`DROP FUNCTION reports_active_spans`);
    await queryRunner.query(`DROP TABLE patient_day`);
  }
}
