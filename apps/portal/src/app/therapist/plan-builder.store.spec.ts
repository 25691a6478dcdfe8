import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { Exercise, Plan, PlanTemplate } from '@rehabit/contracts';
import { firstValueFrom } from 'rxjs';
import { PlanBuilderStore, toPlanItemInput } from './plan-builder.store';

const exercise = (id: string, name: string, category: Exercise['category']): Exercise => ({
  id,
  name,
  category,
  regions: ['hamstrings'],
  instructions: ['Do it'],
  cautions: [],
  defaultDosage: { sets: 3, holdSeconds: 30, side: 'both' },
  defaultSchedule: { timesPerWeek: 5, timesPerDay: 1 },
  builtIn: true,
});

const CATALOG = [
  exercise('strap', 'Hamstring strap', 'static_stretch'),
  exercise('bridge', 'Glute bridge', 'core_strength'),
];

const TEMPLATE: PlanTemplate = {
  id: 'starter',
  name: 'Starter',
  goal: 'Feel better',
  durationWeeks: 6,
  builtIn: true,
  items: [
    {
      exerciseId: 'strap',
      sets: 3,
      holdSeconds: 30,
      side: 'both',
      timesPerWeek: 5,
      timesPerDay: 1,
    },
    { exerciseId: 'bridge', sets: 2, reps: 10, daysOfWeek: [1, 3, 5], timesPerDay: 1 },
  ],
};

function plan(revision: number): Plan {
  return {
    id: 'plan1',
    patientId: 'pat1',
    title: 'Starter',
    goal: null,
    startDate: '2026-11-01',
    endDate: null,
    status: 'active',
    templateId: 'starter',
    createdBy: 't1',
    createdAt: '',
    updatedAt: '',
    currentRevision: {
      id: `r${revision}`,
      planId: 'plan1',
      number: revision,
      effectiveFrom: '2026-11-01',
      note: null,
      authorId: 't1',
      createdAt: '',
      items: [
        {
          id: 'i1',
          position: 0,
          exerciseId: 'bridge',
          exercise: { id: 'bridge', name: 'Glute bridge', category: 'core_strength' },
          sets: 2,
          reps: 10,
          holdSeconds: null,
          side: null,
          daysOfWeek: null,
          timesPerWeek: 3,
          timesPerDay: 1,
          notes: null,
        },
      ],
    },
    etag: `"${revision}"`,
  };
}

describe('PlanBuilderStore', () => {
  let store: PlanBuilderStore;
  let backend: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [PlanBuilderStore, provideHttpClient(), provideHttpClientTesting()],
    });
    store = TestBed.inject(PlanBuilderStore);
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => backend.verify());

  function flushCatalog(): void {
    backend
      .expectOne((r) => r.url === '/api/v1/exercises')
      .flush({ items: CATALOG, nextCursor: null });
  }

  function startFromTemplate(): void {
    store.startNew('pat1');
    flushCatalog();
    backend
      .expectOne((r) => r.url === '/api/v1/plan-templates')
      .flush({ items: [TEMPLATE], nextCursor: null });
    store.form.controls.startDate.setValue('2026-12-01');
    store.applyTemplate('starter');
  }

  it('fills title, goal, end date and items from a template', () => {
    startFromTemplate();
    expect(store.form.controls.title.value).toBe('Starter');
    expect(store.form.controls.endDate.value).toBe('2027-01-11');
    const items = store.form.controls.items.controls;
    expect(items.map((i) => i.controls.exerciseName.value)).toEqual([
      'Hamstring strap',
      'Glute bridge',
    ]);
    expect(toPlanItemInput(items[1])).toEqual({
      exerciseId: 'bridge',
      sets: 2,
      reps: 10,
      daysOfWeek: [1, 3, 5],
      timesPerDay: 1,
    });
  });

  it('moves items up and down', () => {
    startFromTemplate();
    store.moveItem(1, -1);
    expect(store.form.controls.items.controls.map((i) => i.controls.exerciseId.value)).toEqual([
      'bridge',
      'strap',
    ]);
    store.moveItem(0, -1);
    expect(store.form.controls.items.at(0).controls.exerciseId.value).toBe('bridge');
  });

  it('warns, as the API would, about a static stretch held 60 s, without blocking', () => {
    startFromTemplate();
    expect(store.warnings()).toEqual([]);
    store.form.controls.items.at(0).controls.holdSeconds.setValue(60);
    expect(store.warningsForItem(0).map((w) => w.field)).toEqual(['items[0].holdSeconds']);
  });

  it('refuses to submit out-of-range dosage with the domain limits, sending nothing', async () => {
    startFromTemplate();
    store.form.controls.items.at(1).controls.sets.setValue(11);
    expect(await firstValueFrom(store.submit())).toBeFalse();
    expect(store.form.controls.items.at(1).controls.sets.hasError('max')).toBeTrue();
    backend.expectNone((r) => r.method === 'POST');
  });

  it('creates the plan with the template id and the edited items', async () => {
    startFromTemplate();
    store.form.controls.items.at(1).controls.reps.setValue(12);
    const result = firstValueFrom(store.submit());
    const req = backend.expectOne('/api/v1/patients/pat1/plans');
    expect(req.request.body.templateId).toBe('starter');
    expect(req.request.body.items[1].reps).toBe(12);
    req.flush({ ...plan(1), warnings: [{ field: 'items', message: 'Long plan' }] });
    expect(await result).toBeTrue();
    expect(store.submitted()?.warnings.length).toBe(1);
  });

  it('puts the API field errors on the right item and keeps the edits', async () => {
    startFromTemplate();
    store.form.controls.items.at(1).controls.notes.setValue('Slowly');
    const result = firstValueFrom(store.submit());
    backend.expectOne('/api/v1/patients/pat1/plans').flush(
      {
        type: 'about:blank',
        title: 'Unprocessable',
        status: 422,
        detail: 'items[1].sets: nope',
        errors: [{ field: 'items[1].sets', message: 'nope' }],
      },
      { status: 422, statusText: 'Unprocessable Entity' },
    );
    expect(await result).toBeFalse();
    const item = store.form.controls.items.at(1);
    expect(item.controls.sets.errors).toEqual({ server: 'nope' });
    expect(item.controls.notes.value).toBe('Slowly');
    expect(store.form.controls.items.at(0).controls.sets.errors).toBeNull();
  });

  it('on a 409 names the new revision, and reloads it without losing the edits', async () => {
    store.startRevision('plan1');
    flushCatalog();
    backend.expectOne('/api/v1/plans/plan1').flush(plan(1));
    expect(store.basedOnRevision()).toBe(1);
    store.form.controls.items.at(0).controls.sets.setValue(4);

    const result = firstValueFrom(store.submit());
    const req = backend.expectOne('/api/v1/plans/plan1/revisions');
    expect(req.request.body.basedOnRevision).toBe(1);
    req.flush(
      {
        type: 'about:blank',
        title: 'Conflict',
        status: 409,
        detail: 'changed',
        currentRevision: 2,
      },
      { status: 409, statusText: 'Conflict' },
    );
    expect(await result).toBeFalse();
    expect(store.conflict()).toBe(2);
    expect(store.failure()).toContain('Someone else revised this plan first (now revision 2)');

    store.reloadLatest(true);
    backend.expectOne('/api/v1/plans/plan1').flush(plan(2));
    expect(store.basedOnRevision()).toBe(2);
    expect(store.conflict()).toBeNull();
    expect(store.form.controls.items.at(0).controls.sets.value).toBe(4);

    void firstValueFrom(store.submit());
    const retry = backend.expectOne('/api/v1/plans/plan1/revisions');
    expect(retry.request.body.basedOnRevision).toBe(2);
    retry.flush({ ...plan(3).currentRevision, warnings: [] });
  });
});
