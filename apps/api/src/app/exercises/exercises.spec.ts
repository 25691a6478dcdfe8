import type { Exercise, Page, PlanTemplate } from '@rehabit/contracts';
import { EXERCISE_CATALOG, PLAN_TEMPLATES } from '@rehabit/domain';
import request from 'supertest';
import {
  addTherapist,
  createTestClinic,
  signUpClinic,
  type Actor,
  type TestClinic,
} from '../testing/factories';
import { getTestApp, type TestApp } from '../testing/test-app';
import { BuiltInCatalog } from './built-in-catalog';
import { requestsAs } from '../testing/requests';

const ownExercise = {
  name: 'Wall angel',
  category: 'posture',
  regions: ['upper_back', 'shoulders'],
  instructions: ['Stand with your back to a wall.', 'Slide your arms up and down the wall.'],
  cautions: ['Stop if your shoulder pinches.'],
  defaultDosage: { sets: 2, reps: 10 },
  defaultSchedule: { daysOfWeek: [1, 3, 5] },
};

describe('exercise library', () => {
  let app: TestApp;
  let clinic: TestClinic;
  let foreign: { clinicId: string; admin: Actor; therapist: Actor };

  const as = (actor: Actor) => requestsAs(app, actor);

  async function allExercises(actor: Actor, query = ''): Promise<Exercise[]> {
    const response = await as(actor).get(`/exercises?limit=200${query}`).expect(200);
    return (response.body as Page<Exercise>).items;
  }

  beforeAll(async () => {
    app = await getTestApp();
    clinic = await createTestClinic(app, 'Library clinic');
    const other = await signUpClinic(app, 'Foreign library clinic');
    foreign = { ...other, therapist: await addTherapist(app, other.admin) };
  }, 60_000);

  describe('built-in catalog', () => {
    it('is in the database after start-up, all 27 exercises and 4 templates, read-only', async () => {
      const builtIns = (await allExercises(clinic.patient)).filter((exercise) => exercise.builtIn);
      expect(builtIns.map((exercise) => exercise.id).sort()).toEqual(
        EXERCISE_CATALOG.map((exercise) => exercise.id).sort(),
      );
      const strap = await as(clinic.patient).get('/exercises/supine-hamstring-strap').expect(200);
      const domain = EXERCISE_CATALOG.find((exercise) => exercise.id === 'supine-hamstring-strap')!;
      expect(strap.body).toEqual({
        id: domain.id,
        name: domain.name,
        category: domain.category,
        regions: domain.regions,
        instructions: domain.instructions,
        cautions: domain.cautions,
        defaultDosage: domain.defaultDosage,
        defaultSchedule: domain.defaultSchedule,
        builtIn: true,
      });
      const desk = await as(clinic.patient).get('/exercises/desk-setup-check').expect(200);
      expect(desk.body.defaultDosage).toBeNull();

      const templates = await as(clinic.therapist).get('/plan-templates').expect(200);
      const builtInTemplates = (templates.body as Page<PlanTemplate>).items.filter(
        (template) => template.builtIn,
      );
      expect(builtInTemplates.map((template) => template.id).sort()).toEqual(
        PLAN_TEMPLATES.map((template) => template.id).sort(),
      );
      const starter = builtInTemplates.find((t) => t.id === 'lbp-tight-hamstrings-starter')!;
      expect(starter.items.length).toBe(6);
      expect(starter.durationWeeks).toBe(6);
    });

    it('re-running the seed changes nothing, and it repairs a drifted built-in', async () => {
      const catalog = app.app.get(BuiltInCatalog);
      const before: { id: string; updated_at: Date; version: number }[] =
        await app.dataSource.query(
          `SELECT id, updated_at, version FROM exercise WHERE clinic_id IS NULL ORDER BY id`,
        );
      expect(await catalog.sync()).toEqual({ exercises: 0, templates: 0 });
      const after: typeof before = await app.dataSource.query(
        `SELECT id, updated_at, version FROM exercise WHERE clinic_id IS NULL ORDER BY id`,
      );
      expect(after).toEqual(before);

      await app.dataSource.query(`UPDATE exercise SET name = 'Drifted' WHERE id = 'leg-swings'`);
      await app.dataSource.query(
        `UPDATE plan_template SET items = '[]' WHERE id = 'core-stability'`,
      );
      expect(await catalog.sync()).toEqual({ exercises: 1, templates: 1 });
      const legSwings = await as(clinic.therapist).get('/exercises/leg-swings').expect(200);
      expect(legSwings.body.name).toBe('Leg swings');
      expect(await catalog.sync()).toEqual({ exercises: 0, templates: 0 });
    });

    it('refuses to edit a built-in exercise with 403', async () => {
      const response = await as(clinic.therapist)
        .patch('/exercises/leg-swings', { name: 'My leg swings' })
        .expect(403);
      expect(response.body.detail).toContain('read-only');
      const unchanged = await as(clinic.therapist).get('/exercises/leg-swings').expect(200);
      expect(unchanged.body.name).toBe('Leg swings');
    });
  });

  describe('GET /exercises', () => {
    it('filters by category, region and text', async () => {
      const stretches = await allExercises(clinic.therapist, '&category=static_stretch');
      expect(stretches.length).toBeGreaterThan(0);
      expect(stretches.every((exercise) => exercise.category === 'static_stretch')).toBeTrue();

      const hamstrings = await allExercises(clinic.therapist, '&region=hamstrings');
      expect(hamstrings.length).toBeGreaterThan(0);
      expect(hamstrings.every((exercise) => exercise.regions.includes('hamstrings'))).toBeTrue();

      const both = await allExercises(
        clinic.therapist,
        '&category=static_stretch&region=hamstrings',
      );
      expect(both.map((exercise) => exercise.id)).toContain('supine-hamstring-strap');
      expect(both.every((e) => e.category === 'static_stretch')).toBeTrue();

      const text = await allExercises(clinic.therapist, '&q=PLANK');
      expect(text.map((exercise) => exercise.id)).toEqual(
        jasmine.arrayContaining(['plank', 'side-plank']),
      );
      expect(await allExercises(clinic.therapist, '&q=%25')).toEqual([]);
    });

    it('pages by name with a cursor, every exercise exactly once', async () => {
      const all = await allExercises(clinic.therapist);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const query: string = cursor ? `&cursor=${cursor}` : '';
        const response = await as(clinic.therapist).get(`/exercises?limit=7${query}`).expect(200);
        const page = response.body as Page<Exercise>;
        expect(page.items.length).toBeLessThanOrEqual(7);
        seen.push(...page.items.map((exercise) => exercise.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual(all.map((exercise) => exercise.id));
      expect(new Set(seen).size).toBe(seen.length);
    });

    it('refuses bad filters and paging with 400 naming the field', async () => {
      const cases: [string, string][] = [
        ['category=cardio', 'category'],
        ['region=elbow', 'region'],
        ['limit=0', 'limit'],
        ['limit=201', 'limit'],
        ['cursor=not-a-cursor', 'cursor'],
        [`q=${'x'.repeat(101)}`, 'q'],
      ];
      for (const [query, field] of cases) {
        const response = await as(clinic.therapist).get(`/exercises?${query}`).expect(400);
        expect(response.body.errors).toContain(jasmine.objectContaining({ field }));
      }
    });

    it('needs a signed-in caller', async () => {
      await request(app.server).get('/api/v1/exercises').expect(401);
      await request(app.server).get('/api/v1/exercises/leg-swings').expect(401);
    });
  });

  describe("a clinic's own exercises", () => {
    it('are created by staff, visible to the clinic only and audited', async () => {
      const created = await as(clinic.therapist).post('/exercises', ownExercise).expect(201);
      const exercise = created.body as Exercise;
      expect(exercise).toEqual(
        jasmine.objectContaining({
          name: 'Wall angel',
          builtIn: false,
          defaultSchedule: { daysOfWeek: [1, 3, 5], timesPerDay: 1 },
        }),
      );
      expect(exercise.id).toMatch(/^[0-9a-f-]{36}$/);

      await as(clinic.patient).get(`/exercises/${exercise.id}`).expect(200);
      await as(clinic.admin).get(`/exercises/${exercise.id}`).expect(200);
      expect((await allExercises(clinic.patient)).map((e) => e.id)).toContain(exercise.id);

      await as(foreign.therapist).get(`/exercises/${exercise.id}`).expect(404);
      expect((await allExercises(foreign.therapist)).map((e) => e.id)).not.toContain(exercise.id);
      await as(foreign.admin).patch(`/exercises/${exercise.id}`, { name: 'Mine now' }).expect(404);

      const events: { action: string }[] = await app.dataSource.query(
        `SELECT action FROM audit_event WHERE entity_type = 'exercise' AND entity_id = $1`,
        [exercise.id],
      );
      expect(events.map((event) => event.action)).toEqual(['exercise.created']);
    });

    it('gives a schedule-less exercise three times a week', async () => {
      const { defaultSchedule: _schedule, ...withoutSchedule } = ownExercise;
      const created = await as(clinic.admin)
        .post('/exercises', { ...withoutSchedule, name: 'Cat-cow at the desk' })
        .expect(201);
      expect(created.body.defaultSchedule).toEqual({ timesPerWeek: 3, timesPerDay: 1 });
    });

    it('are edited by staff of the clinic, merging the fields given, and audited', async () => {
      const created = await as(clinic.therapist).post('/exercises', ownExercise).expect(201);
      const id = created.body.id as string;
      const updated = await as(clinic.admin)
        .patch(`/exercises/${id}`, { name: 'Wall slide', defaultDosage: null })
        .expect(200);
      expect(updated.body).toEqual(
        jasmine.objectContaining({
          id,
          name: 'Wall slide',
          category: 'posture',
          defaultDosage: null,
          instructions: ownExercise.instructions,
        }),
      );
      const events: { action: string; detail: { changed: string[] } }[] =
        await app.dataSource.query(
          `SELECT action, detail FROM audit_event WHERE entity_id = $1 ORDER BY id`,
          [id],
        );
      expect(events.map((event) => event.action)).toEqual(['exercise.created', 'exercise.updated']);
      expect(events[1].detail.changed.sort()).toEqual(['defaultDosage', 'name']);
    });

    it('may not be created or edited by patients', async () => {
      await as(clinic.patient).post('/exercises', ownExercise).expect(403);
      const created = await as(clinic.therapist).post('/exercises', ownExercise).expect(201);
      await as(clinic.patient).patch(`/exercises/${created.body.id}`, { name: 'x' }).expect(403);
    });

    it('answers 404 for an exercise that does not exist', async () => {
      await as(clinic.therapist).get('/exercises/no-such-exercise').expect(404);
      await as(clinic.therapist)
        .get(`/exercises/${'x'.repeat(300)}`)
        .expect(404);
      await as(clinic.therapist).patch('/exercises/no-such-exercise', { name: 'x' }).expect(404);
    });

    it('refuses bad input naming the field: 400 for the shape, 422 for the rules', async () => {
      const shape: [object, string][] = [
        [{ ...ownExercise, name: 'x'.repeat(121) }, 'name'],
        [{ ...ownExercise, instructions: 'Do it' }, 'instructions'],
        [{ ...ownExercise, defaultDosage: { sets: 'two' } }, 'defaultDosage.sets'],
        [{ ...ownExercise, colour: 'red' }, 'colour'],
        [{ ...ownExercise, regions: Array(13).fill('core') }, 'regions'],
      ];
      for (const [body, field] of shape) {
        const response = await as(clinic.therapist).post('/exercises', body).expect(400);
        expect(response.body.errors).toContain(jasmine.objectContaining({ field }));
      }
      const rules: [object, string][] = [
        [{ ...ownExercise, category: 'cardio' }, 'category'],
        [{ ...ownExercise, regions: ['elbow'] }, 'regions[0]'],
        [{ ...ownExercise, regions: [] }, 'regions'],
        [{ ...ownExercise, instructions: [] }, 'instructions'],
        [{ ...ownExercise, name: '   ' }, 'name'],
        [{ ...ownExercise, defaultDosage: { sets: 11 } }, 'defaultDosage.sets'],
        [
          { ...ownExercise, defaultDosage: { sets: 1, holdSeconds: 601 } },
          'defaultDosage.holdSeconds',
        ],
        [{ ...ownExercise, defaultSchedule: { daysOfWeek: [8] } }, 'defaultSchedule.daysOfWeek[0]'],
      ];
      for (const [body, field] of rules) {
        const response = await as(clinic.therapist).post('/exercises', body).expect(422);
        expect(response.body.errors).toContain(jasmine.objectContaining({ field }));
      }
      const created = await as(clinic.therapist).post('/exercises', ownExercise).expect(201);
      const response = await as(clinic.therapist)
        .patch(`/exercises/${created.body.id}`, { defaultDosage: { sets: 0 } })
        .expect(422);
      expect(response.body.errors).toContain(
        jasmine.objectContaining({ field: 'defaultDosage.sets' }),
      );
    });
  });

  describe('plan templates', () => {
    const template = {
      name: 'Our hamstring routine',
      goal: 'Loosen the hamstrings.',
      durationWeeks: 4,
      items: [
        { exerciseId: 'supine-hamstring-strap', sets: 3, holdSeconds: 30, timesPerWeek: 5 },
        { exerciseId: 'glute-bridge', sets: 2, reps: 10, daysOfWeek: [1, 4] },
      ],
    };

    it('are created by staff for their clinic only, and audited', async () => {
      const created = await as(clinic.therapist).post('/plan-templates', template).expect(201);
      expect(created.body).toEqual(
        jasmine.objectContaining({ name: template.name, durationWeeks: 4, builtIn: false }),
      );
      expect(created.body.items[1]).toEqual({
        exerciseId: 'glute-bridge',
        sets: 2,
        reps: 10,
        daysOfWeek: [1, 4],
        timesPerDay: 1,
      });
      const ours = await as(clinic.admin).get('/plan-templates?limit=200').expect(200);
      expect(ours.body.items.map((t: PlanTemplate) => t.id)).toContain(created.body.id);
      const theirs = await as(foreign.therapist).get('/plan-templates?limit=200').expect(200);
      expect(theirs.body.items.map((t: PlanTemplate) => t.id)).not.toContain(created.body.id);
      const events: { action: string }[] = await app.dataSource.query(
        `SELECT action FROM audit_event WHERE entity_id = $1`,
        [created.body.id],
      );
      expect(events.map((event) => event.action)).toEqual(['plan_template.created']);
    });

    it('may use the clinic exercises but not another clinic’s', async () => {
      const foreignExercise = await as(foreign.therapist)
        .post('/exercises', ownExercise)
        .expect(201);
      const response = await as(clinic.therapist)
        .post('/plan-templates', {
          ...template,
          items: [
            template.items[0],
            { exerciseId: foreignExercise.body.id, sets: 1, timesPerWeek: 2 },
          ],
        })
        .expect(422);
      expect(response.body.errors).toContain(
        jasmine.objectContaining({ field: 'items[1].exerciseId' }),
      );
    });

    it('refuse bad items naming the field', async () => {
      const cases: [object, number, string][] = [
        [{ ...template, items: [{ ...template.items[0], sets: 11 }] }, 422, 'items[0].sets'],
        [
          { ...template, items: [{ ...template.items[1], daysOfWeek: [8] }] },
          422,
          'items[0].daysOfWeek[0]',
        ],
        [
          { ...template, items: [template.items[0], template.items[0]] },
          422,
          'items[1].exerciseId',
        ],
        [{ ...template, items: [] }, 422, 'items'],
        [{ ...template, durationWeeks: 0 }, 422, 'durationWeeks'],
        [{ ...template, name: 'x'.repeat(201) }, 400, 'name'],
        [{ ...template, items: [{ ...template.items[0], sets: '3' }] }, 400, 'items[0].sets'],
      ];
      for (const [body, status, field] of cases) {
        const response = await as(clinic.therapist).post('/plan-templates', body).expect(status);
        expect(response.body.errors).toContain(jasmine.objectContaining({ field }));
      }
    });

    it('are for staff only', async () => {
      await as(clinic.patient).get('/plan-templates').expect(403);
      await as(clinic.patient).post('/plan-templates', template).expect(403);
      await request(app.server).get('/api/v1/plan-templates').expect(401);
    });
  });
});
