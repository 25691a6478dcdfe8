import type { MigrationInterface, QueryRunner } from 'typeorm';

const SOURCES = ['plan', 'plan_revision', 'plan_item', 'plan_status_change'];

/**
 * Plan item spans as a roll-up: `plan_item_span` holds what `reports_item_spans` computes —
 * per plan item, the local dates it is in force on an active plan, with its schedule — one row
 * per span (an item paused and resumed has two).
 *
 * The clinic reports computed the spans of all the clinic's plans on every request, with window
 * functions over every revision and status change; on the seeded network (tools/seed-demo) that
 * was about a fifth of the dashboard's time. Spans change only when a plan does — rarely next to
 * the daily logs — so they are now kept on write: any insert, update or delete of a plan, revision,
 * item or status change, or a patient's time-zone or clinic change, recomputes that patient's
 * spans in the same transaction (under a per-patient advisory lock, as `patient_day`). Bulk loads
 * fill it with `INSERT … SELECT * FROM reports_plan_item_spans(NULL)`.
 */
export class PlanItemSpans1764000000014 implements MigrationInterface {
  name = 'PlanItemSpans1764000000014';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE plan_item_span (
        patient_id uuid NOT NULL,
        plan_item_id uuid NOT NULL,
        span_from date NOT NULL,
        clinic_id uuid NOT NULL,
        span_to date,
        days_of_week smallint[],
        times_per_day smallint NOT NULL,
        times_per_week smallint,
        CONSTRAINT plan_item_span_pkey PRIMARY KEY (patient_id, plan_item_id, span_from)
      )`);
    await queryRunner.query(
      `CREATE INDEX plan_item_span_clinic_idx ON plan_item_span (clinic_id, span_from)`,
    );

    await queryRunner.query(`
      CREATE FUNCTION reports_plan_item_spans(p_patient uuid)
      RETURNS TABLE (patient_id uuid, plan_item_id uuid, span_from date, clinic_id uuid,
                     span_to date, days_of_week smallint[], times_per_day smallint,
                     times_per_week smallint)
      LANGUAGE sql STABLE AS $$
        SELECT sp.patient_id, sp.plan_item_id, sp.span_from, pt.clinic_id, sp.span_to,
               sp.days_of_week, sp.times_per_day, sp.times_per_week
          FROM reports_item_spans(NULL, p_patient) sp JOIN patient pt ON pt.id = sp.patient_id
      $$`);

    await queryRunner.query(`
      CREATE FUNCTION reports_refresh_plan_item_spans(p_patient uuid)
      RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        IF p_patient IS NULL THEN RETURN; END IF;
        PERFORM pg_advisory_xact_lock(hashtext('plan_item_span'), hashtext(p_patient::text));
        DELETE FROM plan_item_span WHERE patient_id = p_patient;
        INSERT INTO plan_item_span SELECT * FROM reports_plan_item_spans(p_patient);
      END
      $$`);

    await queryRunner.query(`
      CREATE FUNCTION reports_plan_spans_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        changed record;
        pid uuid;
      BEGIN
        IF TG_OP = 'DELETE' THEN changed := OLD; ELSE changed := NEW; END IF;
        IF TG_TABLE_NAME = 'patient' THEN
          pid := changed.id;
        ELSIF TG_TABLE_NAME = 'plan' THEN
          pid := changed.patient_id;
        ELSIF TG_TABLE_NAME = 'plan_item' THEN
          SELECT p.patient_id INTO pid
            FROM plan_revision rv JOIN plan p ON p.id = rv.plan_id WHERE rv.id = changed.revision_id;
        ELSE
          SELECT p.patient_id INTO pid FROM plan p WHERE p.id = changed.plan_id;
        END IF;
        PERFORM reports_refresh_plan_item_spans(pid);
        -- A plan moved to another patient leaves spans behind at the first one. (Nested: a
        -- condition naming OLD.patient_id fails on tables without that column.)
        IF TG_TABLE_NAME = 'plan' AND TG_OP = 'UPDATE' THEN
          IF OLD.patient_id <> NEW.patient_id THEN
            PERFORM reports_refresh_plan_item_spans(OLD.patient_id);
          END IF;
        END IF;
        RETURN NULL;
      END
      $$`);
    for (const table of SOURCES)
      await queryRunner.query(`
        CREATE TRIGGER ${table}_plan_item_span AFTER INSERT OR UPDATE OR DELETE ON ${table}
        FOR EACH ROW EXECUTE FUNCTION reports_plan_spans_changed()`);
    await queryRunner.query(`
      CREATE TRIGGER patient_plan_item_span AFTER UPDATE OF timezone, clinic_id ON patient
      FOR EACH ROW WHEN (OLD.timezone IS DISTINCT FROM NEW.timezone OR OLD.clinic_id IS DISTINCT FROM NEW.clinic_id)
      EXECUTE FUNCTION reports_plan_spans_changed()`);

    await queryRunner.query(
      `INSERT INTO plan_item_span SELECT * FROM reports_plan_item_spans(NULL)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER patient_plan_item_span ON patient`);
    for (const table of SOURCES)
      await queryRunner.query(`DROP TRIGGER ${table}_plan_item_span ON ${table}`);
    await queryRunner.query(`DROP FUNCTION reports_plan_spans_changed`);
    await queryRunner.query(`DROP FUNCTION reports_refresh_plan_item_spans`);
    await queryRunner.query(`DROP FUNCTION reports_plan_item_spans`);
    await queryRunner.query(`DROP TABLE plan_item_span`);
  }
}
