import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The exercise library, plan templates and plans. A plan is never edited in place: each change
 * is a numbered revision with its own items, so a logged session keeps pointing at the
 * prescription it was done against. Built-in exercises and templates (`clinic_id IS NULL`) are
 * upserted from @rehabit/domain at start-up by the exercises module, not here, so the catalog
 * in the database always matches the code that reads it.
 */
export class ExercisesAndPlans1764000000002 implements MigrationInterface {
  name = 'ExercisesAndPlans1764000000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE exercise (
        id varchar(80) PRIMARY KEY,
        clinic_id uuid REFERENCES clinic(id),
        name varchar(120) NOT NULL,
        category varchar(32) NOT NULL,
        regions varchar(32)[] NOT NULL,
        instructions jsonb NOT NULL,
        cautions jsonb NOT NULL,
        default_dosage jsonb,
        default_schedule jsonb NOT NULL,
        created_by uuid REFERENCES app_user(id),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Built-ins sort and page with each clinic's own: (clinic_id, name, id) serves both halves.
    await queryRunner.query(
      `CREATE INDEX exercise_clinic_name_idx ON exercise (clinic_id, name, id)`,
    );

    await queryRunner.query(`
      CREATE TABLE plan_template (
        id varchar(80) PRIMARY KEY,
        clinic_id uuid REFERENCES clinic(id),
        name varchar(200) NOT NULL,
        goal varchar(1000),
        duration_weeks smallint CHECK (duration_weeks BETWEEN 1 AND 104),
        items jsonb NOT NULL,
        created_by uuid REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX plan_template_clinic_name_idx ON plan_template (clinic_id, name, id)`,
    );

    await queryRunner.query(`
      CREATE TABLE plan (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        clinic_id uuid NOT NULL REFERENCES clinic(id),
        patient_id uuid NOT NULL REFERENCES patient(id),
        title varchar(200) NOT NULL,
        goal varchar(1000),
        start_date date NOT NULL,
        end_date date,
        status varchar(16) NOT NULL DEFAULT 'active'
          CHECK (status IN ('active', 'paused', 'completed')),
        template_id varchar(80) REFERENCES plan_template(id),
        current_revision integer NOT NULL DEFAULT 1 CHECK (current_revision >= 1),
        created_by uuid NOT NULL REFERENCES app_user(id),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT plan_end_after_start CHECK (end_date IS NULL OR end_date >= start_date)
      )`);
    await queryRunner.query(
      `CREATE INDEX plan_patient_idx ON plan (patient_id, created_at DESC, id DESC)`,
    );
    await queryRunner.query(`CREATE INDEX plan_clinic_idx ON plan (clinic_id, status)`);

    await queryRunner.query(`
      CREATE TABLE plan_revision (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        plan_id uuid NOT NULL REFERENCES plan(id),
        number integer NOT NULL CHECK (number >= 1),
        effective_from date NOT NULL,
        note varchar(1000),
        author_id uuid NOT NULL REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT plan_revision_number_key UNIQUE (plan_id, number)
      )`);

    await queryRunner.query(`
      CREATE TABLE plan_item (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        revision_id uuid NOT NULL REFERENCES plan_revision(id),
        position smallint NOT NULL CHECK (position >= 0),
        exercise_id varchar(80) NOT NULL REFERENCES exercise(id),
        sets smallint NOT NULL CHECK (sets BETWEEN 1 AND 10),
        reps smallint CHECK (reps BETWEEN 1 AND 100),
        hold_seconds smallint CHECK (hold_seconds BETWEEN 1 AND 600),
        side varchar(16) CHECK (side IN ('left', 'right', 'both', 'alternate')),
        days_of_week smallint[] CHECK (days_of_week <@ ARRAY[1, 2, 3, 4, 5, 6, 7]::smallint[]),
        times_per_week smallint CHECK (times_per_week BETWEEN 1 AND 14),
        times_per_day smallint NOT NULL DEFAULT 1 CHECK (times_per_day BETWEEN 1 AND 4),
        notes varchar(1000),
        CONSTRAINT plan_item_position_key UNIQUE (revision_id, position),
        CONSTRAINT plan_item_one_schedule CHECK ((days_of_week IS NULL) <> (times_per_week IS NULL))
      )`);
    await queryRunner.query(`CREATE INDEX plan_item_exercise_idx ON plan_item (exercise_id)`);

    // The status history: each change applies from its local date in the patient's zone,
    // that whole day included, so paused and completed days prescribe nothing.
    await queryRunner.query(`
      CREATE TABLE plan_status_change (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        plan_id uuid NOT NULL REFERENCES plan(id),
        status varchar(16) NOT NULL CHECK (status IN ('active', 'paused', 'completed')),
        changed_by uuid NOT NULL REFERENCES app_user(id),
        changed_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await queryRunner.query(
      `CREATE INDEX plan_status_change_plan_idx ON plan_status_change (plan_id, changed_at)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE plan_status_change`);
    await queryRunner.query(`DROP TABLE plan_item`);
    await queryRunner.query(`DROP TABLE plan_revision`);
    await queryRunner.query(`DROP TABLE plan`);
    await queryRunner.query(`DROP TABLE plan_template`);
    await queryRunner.query(`DROP TABLE exercise`);
  }
}
