import { findCatalogExercise } from './catalog';
import { validatePlanItemInput } from './plan';
import { findPlanTemplate, PLAN_TEMPLATES, planFromTemplate } from './templates';

describe('plan templates', () => {
  it('ships the four built-in templates under stable ids', () => {
    expect(PLAN_TEMPLATES.map((template) => [template.id, template.name])).toEqual([
      ['hamstring-flexibility-6-weeks', 'Hamstring flexibility (6 weeks)'],
      ['core-stability', 'Core stability'],
      ['desk-posture-reset', 'Desk posture reset'],
      ['lbp-tight-hamstrings-starter', 'Low back pain with tight hamstrings — starter'],
    ]);
  });

  it('refers only to catalog exercises, with items that pass the plan-item validator', () => {
    for (const template of PLAN_TEMPLATES) {
      for (const item of template.items) {
        expect(findCatalogExercise(item.exerciseId))
          .withContext(`${template.id}: ${item.exerciseId}`)
          .toBeDefined();
        expect(
          validatePlanItemInput(item, {
            exerciseExists: (id) => findCatalogExercise(id) !== undefined,
          }),
        )
          .withContext(`${template.id}: ${item.exerciseId}`)
          .toEqual({ ok: true, value: item });
      }
      expect(template.items.length).toBeLessThanOrEqual(6);
    }
  });

  it('builds the starter from a warm-up, two static hamstring stretches, two core and one posture exercise', () => {
    const starter = findPlanTemplate('lbp-tight-hamstrings-starter');
    const categories = starter?.items.map((item) => findCatalogExercise(item.exerciseId)?.category);
    expect(categories).toEqual([
      'dynamic_stretch',
      'static_stretch',
      'static_stretch',
      'core_strength',
      'core_strength',
      'posture',
    ]);
    const stretches = starter?.items.filter(
      (item) =>
        findCatalogExercise(item.exerciseId)?.regions.includes('hamstrings') &&
        item.holdSeconds === 30,
    );
    expect(stretches?.length).toBe(2);
  });

  it('turns a template into a plan, ending after its suggested weeks', () => {
    const hamstrings = findPlanTemplate('hamstring-flexibility-6-weeks');
    const core = findPlanTemplate('core-stability');
    expect(hamstrings && planFromTemplate(hamstrings, '2026-03-02')).toEqual(
      jasmine.objectContaining({
        title: 'Hamstring flexibility (6 weeks)',
        startDate: '2026-03-02',
        endDate: '2026-04-12',
      }),
    );
    expect(core && 'endDate' in planFromTemplate(core, '2026-03-02')).toBeFalse();
    expect(findPlanTemplate('nope')).toBeUndefined();
  });
});
