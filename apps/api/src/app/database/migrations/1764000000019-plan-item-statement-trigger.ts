import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The spans' refresh for each patient whose plans hold the items `$revisions` names, once each. */
const REFRESH_SPANS_OF = (revisions: string) => `
        FOR pid IN SELECT DISTINCT p.patient_id
                     FROM plan_revision rv JOIN plan p ON p.id = rv.plan_id
                    WHERE rv.id IN (${revisions})
        LOOP
          PERFORM reports_refresh_plan_item_spans(pid);
        END LOOP;`;

/**
 * The plan items' span trigger, once per statement instead of once per row. A plan or a
 * revision inserts all its items in one statement, and per row each of them recomputed the
 * patient's spans and week rows again: a six-item revision refreshed them six times, about
 * 3.5 ms each for a patient with a year of history on the 10,000-patient network. Now each
 * patient the statement touched is refreshed once, from its transition tables (single-event
 * triggers only, hence three, as for the session-log items in migration 1764000000016).
 */
export class PlanItemStatementTrigger1764000000019 implements MigrationInterface {
  name = 'PlanItemStatementTrigger1764000000019';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER plan_item_plan_item_span ON plan_item`);
    await queryRunner.query(`
      CREATE FUNCTION reports_plan_items_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE pid uuid;
      BEGIN
        IF TG_OP = 'INSERT' THEN${REFRESH_SPANS_OF('SELECT revision_id FROM new_items')}
        ELSIF TG_OP = 'DELETE' THEN${REFRESH_SPANS_OF('SELECT revision_id FROM old_items')}
        ELSE${REFRESH_SPANS_OF(
          'SELECT revision_id FROM old_items UNION SELECT revision_id FROM new_items',
        )}
        END IF;
        RETURN NULL;
      END
      $$`);
    for (const [event, tables] of [
      ['INSERT', 'NEW TABLE AS new_items'],
      ['UPDATE', 'OLD TABLE AS old_items NEW TABLE AS new_items'],
      ['DELETE', 'OLD TABLE AS old_items'],
    ])
      await queryRunner.query(`
        CREATE TRIGGER plan_items_${event.toLowerCase()}_plan_item_span AFTER ${event} ON plan_item
        REFERENCING ${tables}
        FOR EACH STATEMENT EXECUTE FUNCTION reports_plan_items_changed()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const event of ['insert', 'update', 'delete'])
      await queryRunner.query(`DROP TRIGGER plan_items_${event}_plan_item_span ON plan_item`);
    await queryRunner.query(`DROP FUNCTION reports_plan_items_changed`);
    await queryRunner.query(`
      CREATE TRIGGER plan_item_plan_item_span AFTER INSERT OR UPDATE OR DELETE ON plan_item
      FOR EACH ROW EXECUTE FUNCTION reports_plan_spans_changed()`);
  }
}
