import { EXERCISE_CATALOG, findCatalogExercise } from './catalog';
import { EXERCISE_CATEGORIES, validateExerciseInput, type ExerciseCategory } from './exercise';

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

describe('exercise catalog', () => {
  it('holds at least the 27 seed exercises, every category represented', () => {
    expect(EXERCISE_CATALOG.length).toBeGreaterThanOrEqual(27);
    const counts = new Map<ExerciseCategory, number>();
    for (const exercise of EXERCISE_CATALOG)
      counts.set(exercise.category, (counts.get(exercise.category) ?? 0) + 1);
    expect(EXERCISE_CATEGORIES.map((category) => counts.get(category) ?? 0)).toEqual([
      3, 6, 5, 7, 6,
    ]);
  });

  it('includes every exercise named in REFERENCE.md', () => {
    const seeds = [
      'leg-swings',
      'high-knees',
      'walking-lunges',
      'standing-toe-touch',
      'seated-forward-bend',
      'supine-hamstring-strap',
      'standing-hamstring-step',
      'figure-four-piriformis',
      'kneeling-hip-flexor',
      'cat-cow',
      'childs-pose',
      'downward-dog',
      'pilates-roll-down',
      'spine-twist',
      'plank',
      'side-plank',
      'glute-bridge',
      'pelvic-tilt',
      'bird-dog',
      'dead-bug',
      'curl-up',
      'chin-tuck',
      'wall-angel',
      'scapular-retraction',
      'thoracic-extension-chair',
      'desk-setup-check',
    ];
    for (const id of seeds) expect(findCatalogExercise(id)).withContext(id).toBeDefined();
    expect(findCatalogExercise('unknown')).toBeUndefined();
  });

  it('gives every entry a unique stable slug', () => {
    const ids = EXERCISE_CATALOG.map((exercise) => exercise.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(SLUG.test(id)).withContext(id).toBeTrue();
  });

  it('passes the same validator as a clinic’s own exercises, with 3–6 steps and cautions', () => {
    for (const { id, builtIn, ...exercise } of EXERCISE_CATALOG) {
      expect(builtIn).toBeTrue();
      const result = validateExerciseInput(exercise);
      expect(result).withContext(id).toEqual({ ok: true, value: exercise });
      expect(exercise.instructions.length).withContext(id).toBeGreaterThanOrEqual(3);
      expect(exercise.instructions.length).withContext(id).toBeLessThanOrEqual(6);
      expect(exercise.cautions.length).withContext(id).toBeGreaterThan(0);
    }
  });

  it('doses static hamstring stretches at 30 s × 3 per leg, once a day, 5 days a week', () => {
    for (const id of ['supine-hamstring-strap', 'standing-hamstring-step']) {
      const exercise = findCatalogExercise(id);
      expect(exercise?.defaultDosage).toEqual(
        jasmine.objectContaining({ sets: 3, holdSeconds: 30, side: 'both' }),
      );
      expect(exercise?.defaultSchedule).toEqual({ timesPerWeek: 5, timesPerDay: 1 });
    }
  });

  it('leaves only the desk set-up checklist without a dosage', () => {
    expect(
      EXERCISE_CATALOG.filter((exercise) => exercise.defaultDosage === null).map(
        (exercise) => exercise.id,
      ),
    ).toEqual(['desk-setup-check']);
  });
});
