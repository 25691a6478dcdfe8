import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Pain entries, measures and alerts (issue 6). Nothing logged is lost: rows of `pain_entry` and
 * `measure` are never removed (a trigger refuses DELETE; deletes are soft, with who and why).
 * `alert` keeps one open alert per patient and kind (a partial unique index); a new occurrence
 * while one is open updates that one.
 */
export class PainMeasuresAlerts1764000000005 implements MigrationInterface {
  name = 'PainMeasuresAlerts1764000000005';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION log_row_is_never_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% rows are deleted softly (deleted_at), never removed', TG_TABLE_NAME
          USING ERRCODE = 'insufficient_privilege';
      END
      $$`);

    await queryRunner.query(`
      CREATE TABLE pain_entry (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        clinic_id uuid NOT NULL REFERENCES clinic(id),
        patient_id uuid NOT NULL REFERENCES patient(id),
        recorded_at timestamptz NOT NULL,
        score smallint NOT NULL,
        context varchar(500),
        red_flags varchar(32)[] NOT NULL DEFAULT '{}',
        recorded_by uuid NOT NULL REFERENCES app_user(id),
        recorded_by_role varchar(16) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz,
        deleted_by uuid REFERENCES app_user(id),
        delete_reason varchar(500),
        CONSTRAINT pain_entry_score_check CHECK (score BETWEEN 0 AND 10),
        CONSTRAINT pain_entry_red_flags_check CHECK (red_flags <@ ARRAY['bladder_bowel_change',
          'saddle_numbness', 'leg_weakness', 'fever_weight_loss', 'night_pain']::varchar[]),
        CONSTRAINT pain_entry_recorded_by_role_check
          CHECK (recorded_by_role IN ('admin', 'therapist', 'patient')),
        CONSTRAINT pain_entry_deleted_check CHECK (
          (deleted_at IS NULL) = (deleted_by IS NULL) AND (deleted_at IS NULL) = (delete_reason IS NULL))
      )`);
    // Lists (newest first) and the pain-spike rule's window read the patient's live entries by time.
    await queryRunner.query(
      `CREATE INDEX pain_entry_patient_idx ON pain_entry (patient_id, recorded_at, id)`,
    );
    await queryRunner.query(`
      CREATE TRIGGER pain_entry_no_delete BEFORE DELETE ON pain_entry
      FOR EACH ROW EXECUTE FUNCTION log_row_is_never_deleted()`);

    await queryRunner.query(`
      CREATE TABLE measure (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        clinic_id uuid NOT NULL REFERENCES clinic(id),
        patient_id uuid NOT NULL REFERENCES patient(id),
        type varchar(32) NOT NULL,
        recorded_on date NOT NULL,
        side varchar(8),
        value double precision,
        answers smallint[],
        score numeric(4,1),
        band varchar(16),
        recorded_by uuid NOT NULL REFERENCES app_user(id),
        recorded_by_role varchar(16) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz,
        deleted_by uuid REFERENCES app_user(id),
        delete_reason varchar(500),
        CONSTRAINT measure_type_check CHECK (type IN ('slr', 'ake', 'sit_and_reach', 'odi')),
        CONSTRAINT measure_side_check CHECK (CASE WHEN type IN ('slr', 'ake')
          THEN side IN ('left', 'right') ELSE side IS NULL END),
        CONSTRAINT measure_value_or_answers_check CHECK (CASE WHEN type = 'odi'
          THEN value IS NULL AND cardinality(answers) = 10 AND score BETWEEN 0 AND 100 AND band IS NOT NULL
          ELSE value IS NOT NULL AND answers IS NULL AND score IS NULL AND band IS NULL END),
        CONSTRAINT measure_recorded_by_role_check
          CHECK (recorded_by_role IN ('admin', 'therapist', 'patient')),
        CONSTRAINT measure_deleted_check CHECK (
          (deleted_at IS NULL) = (deleted_by IS NULL) AND (deleted_at IS NULL) = (delete_reason IS NULL))
      )`);
    await queryRunner.query(
      `CREATE INDEX measure_patient_idx ON measure (patient_id, type, recorded_on, id)`,
    );
    await queryRunner.query(`
      CREATE TRIGGER measure_no_delete BEFORE DELETE ON measure
      FOR EACH ROW EXECUTE FUNCTION log_row_is_never_deleted()`);

    await queryRunner.query(`
      CREATE TABLE alert (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        clinic_id uuid NOT NULL REFERENCES clinic(id),
        patient_id uuid NOT NULL REFERENCES patient(id),
        kind varchar(32) NOT NULL,
        urgency varchar(16) NOT NULL,
        detail jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        acknowledged_at timestamptz,
        acknowledged_by uuid REFERENCES app_user(id),
        CONSTRAINT alert_kind_check CHECK (kind IN ('red_flag', 'pain_spike', 'missed_sessions')),
        CONSTRAINT alert_urgency_check CHECK (urgency IN ('urgent', 'routine')),
        CONSTRAINT alert_acknowledged_check CHECK ((acknowledged_at IS NULL) = (acknowledged_by IS NULL))
      )`);
    // One open alert per patient and kind at a time; a new occurrence updates the open one.
    await queryRunner.query(
      `CREATE UNIQUE INDEX alert_open_key ON alert (patient_id, kind) WHERE acknowledged_at IS NULL`,
    );
    // GET /alerts?status=open: the clinic's open alerts.
    await queryRunner.query(
      `CREATE INDEX alert_clinic_idx ON alert (clinic_id, acknowledged_at, created_at)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE alert`);
    await queryRunner.query(`DROP TABLE measure`);
    await queryRunner.query(`DROP TABLE pain_entry`);
    await queryRunner.query(`DROP FUNCTION log_row_is_never_deleted`);
  }
}
