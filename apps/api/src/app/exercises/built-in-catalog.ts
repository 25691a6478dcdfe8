import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { EXERCISE_CATALOG, PLAN_TEMPLATES } from '@rehabit/domain';
import { DataSource } from 'typeorm';

export interface CatalogSync {
  /** Built-in exercises inserted or changed by this run. */
  exercises: number;
  /** Built-in templates inserted or changed by this run. */
  templates: number;
}

/**
 * Puts the built-in exercise catalog and plan templates of @rehabit/domain into the database at
 * start-up. @rehabit/domain is their source of truth, so this is an idempotent upsert rather
 * than a data migration: a corrected instruction reaches every database on the next deploy
 * without a new migration, a row is written only when it differs (re-running changes nothing),
 * and several instances starting at once cannot collide (`ON CONFLICT`). Slug ids are never
 * renamed or reused, so nothing is ever deleted here. It runs in `onModuleInit`, before any
 * `onApplicationBootstrap` hook (such as a demo-data seed) can need the catalog.
 */
@Injectable()
export class BuiltInCatalog implements OnModuleInit {
  private readonly logger = new Logger(BuiltInCatalog.name);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async onModuleInit(): Promise<void> {
    const written = await this.sync();
    if (written.exercises + written.templates > 0)
      this.logger.log(
        `Built-in catalog: ${written.exercises} exercises and ${written.templates} templates written`,
      );
  }

  async sync(): Promise<CatalogSync> {
    return this.dataSource.transaction(async (manager) => {
      const exercises: unknown[] = await manager.query(
        `INSERT INTO exercise AS e (id, clinic_id, name, category, regions, instructions, cautions,
           default_dosage, default_schedule)
         SELECT x.id, NULL, x.name, x.category,
           ARRAY(SELECT jsonb_array_elements_text(x.regions))::varchar(32)[],
           x.instructions, x.cautions, NULLIF(x.default_dosage, 'null'::jsonb), x.default_schedule
           FROM jsonb_to_recordset($1::jsonb) AS x(id text, name text, category text,
             regions jsonb, instructions jsonb, cautions jsonb, default_dosage jsonb,
             default_schedule jsonb)
         ON CONFLICT (id) DO UPDATE SET
           name = EXCLUDED.name, category = EXCLUDED.category, regions = EXCLUDED.regions,
           instructions = EXCLUDED.instructions, cautions = EXCLUDED.cautions,
           default_dosage = EXCLUDED.default_dosage, default_schedule = EXCLUDED.default_schedule,
           version = e.version + 1, updated_at = now()
         WHERE e.clinic_id IS NULL
           AND (e.name, e.category, e.regions, e.instructions, e.cautions, e.default_dosage,
                e.default_schedule)
           IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.category, EXCLUDED.regions,
                EXCLUDED.instructions, EXCLUDED.cautions, EXCLUDED.default_dosage,
                EXCLUDED.default_schedule)
         RETURNING e.id`,
        [
          JSON.stringify(
            EXERCISE_CATALOG.map((exercise) => ({
              id: exercise.id,
              name: exercise.name,
              category: exercise.category,
              regions: exercise.regions,
              instructions: exercise.instructions,
              cautions: exercise.cautions,
              default_dosage: exercise.defaultDosage,
              default_schedule: exercise.defaultSchedule,
            })),
          ),
        ],
      );
      const templates: unknown[] = await manager.query(
        `INSERT INTO plan_template AS t (id, clinic_id, name, goal, duration_weeks, items)
         SELECT x.id, NULL, x.name, x.goal, x.duration_weeks, x.items
           FROM jsonb_to_recordset($1::jsonb) AS x(id text, name text, goal text,
             duration_weeks smallint, items jsonb)
         ON CONFLICT (id) DO UPDATE SET
           name = EXCLUDED.name, goal = EXCLUDED.goal, duration_weeks = EXCLUDED.duration_weeks,
           items = EXCLUDED.items, updated_at = now()
         WHERE t.clinic_id IS NULL
           AND (t.name, t.goal, t.duration_weeks, t.items)
           IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.goal, EXCLUDED.duration_weeks, EXCLUDED.items)
         RETURNING t.id`,
        [
          JSON.stringify(
            PLAN_TEMPLATES.map((template) => ({
              id: template.id,
              name: template.name,
              goal: template.goal,
              duration_weeks: template.durationWeeks,
              items: template.items,
            })),
          ),
        ],
      );
      return { exercises: exercises.length, templates: templates.length };
    });
  }
}
