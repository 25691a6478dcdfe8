import { HttpErrorResponse, provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { Patient, Plan, ProblemDetails } from '@rehabit/contracts';
import { PatientDetailStore } from './patient-detail.store';

const PATIENT: Patient = {
  id: 'pat1',
  userId: 'u1',
  clinicId: 'c',
  displayName: 'Pat',
  email: 'pat@x.io',
  timezone: 'Europe/Berlin',
  dateOfBirth: null,
  therapistId: 't1',
  condition: null,
  active: true,
  activated: true,
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: '2026-11-01T00:00:00.000Z',
  etag: '"3"',
};

const PLAN = {
  id: 'plan1',
  patientId: 'pat1',
  title: 'Hamstrings',
  status: 'active',
  etag: '"5"',
} as Plan;

const STALE: ProblemDetails = {
  type: 'about:blank',
  title: 'Precondition Failed',
  status: 412,
  detail: 'If-Match does not match the current ETag.',
};
const STALE_INIT = {
  status: 412,
  statusText: 'Precondition Failed',
  headers: { 'Content-Type': 'application/problem+json' },
};

describe('PatientDetailStore', () => {
  let store: PatientDetailStore;
  let backend: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [PatientDetailStore, provideHttpClient(), provideHttpClientTesting()],
    });
    store = TestBed.inject(PatientDetailStore);
    backend = TestBed.inject(HttpTestingController);
    store.patient.set(PATIENT);
    store.plans.set([PLAN]);
  });

  afterEach(() => backend.verify());

  function answerToday(): void {
    backend
      .expectOne('/api/v1/patients/pat1/today')
      .flush({ date: '2026-11-02', timezone: 'Europe/Berlin', items: [] });
  }

  it('saves the profile with If-Match set to the ETag it was read with', () => {
    let saved: Patient | undefined;
    store.update({ condition: 'Sciatica' }).subscribe((patient) => (saved = patient));

    const patch = backend.expectOne('/api/v1/patients/pat1');
    expect(patch.request.method).toBe('PATCH');
    expect(patch.request.headers.get('If-Match')).toBe('"3"');
    expect(patch.request.body).toEqual({ condition: 'Sciatica' });
    patch.flush({ ...PATIENT, condition: 'Sciatica', etag: '"4"' });
    answerToday();

    expect(saved?.etag).toBe('"4"');
    // The next save builds on the answer, not on the record first read.
    store.update({ condition: 'Hamstrings' }).subscribe();
    expect(backend.expectOne('/api/v1/patients/pat1').request.headers.get('If-Match')).toBe('"4"');
  });

  it('reloads the patient before reporting a 412, so the page can show what is there now', () => {
    let failure: unknown;
    store.update({ condition: 'Mine' }).subscribe({ error: (error: unknown) => (failure = error) });

    backend.expectOne('/api/v1/patients/pat1').flush(STALE, STALE_INIT);
    expect(failure).toBeUndefined();
    const reload = backend.expectOne('/api/v1/patients/pat1');
    expect(reload.request.method).toBe('GET');
    reload.flush({ ...PATIENT, condition: 'Theirs', etag: '"4"' });

    expect((failure as HttpErrorResponse).status).toBe(412);
    expect(store.patient()?.condition).toBe('Theirs');
    expect(store.patient()?.etag).toBe('"4"');
  });

  it('changes a plan status with If-Match set to the plan ETag from the list', () => {
    store.setStatus(PLAN, 'paused');

    const patch = backend.expectOne('/api/v1/plans/plan1');
    expect(patch.request.method).toBe('PATCH');
    expect(patch.request.headers.get('If-Match')).toBe('"5"');
    expect(patch.request.body).toEqual({ status: 'paused' });
    patch.flush({ ...PLAN, status: 'paused', etag: '"6"' });
    answerToday();

    expect(store.plans()).toEqual([jasmine.objectContaining({ status: 'paused', etag: '"6"' })]);
    expect(store.statusNotice()).toBeNull();
    expect(store.statusBusy()).toBeNull();
  });

  it('says a plan changed meanwhile and reloads the plans on 412', () => {
    store.setStatus(PLAN, 'completed');
    backend.expectOne('/api/v1/plans/plan1').flush(STALE, STALE_INIT);

    expect(store.statusNotice()).toContain('changed by someone else');
    expect(store.statusNotice()).toContain('Hamstrings');
    backend
      .expectOne((request) => request.url === '/api/v1/patients/pat1/plans')
      .flush({ items: [{ ...PLAN, status: 'paused', etag: '"6"' }], nextCursor: null });
    expect(store.plans()).toEqual([jasmine.objectContaining({ status: 'paused', etag: '"6"' })]);
    expect(store.statusBusy()).toBeNull();
  });

  it('shows any other refusal of a status change in words', () => {
    store.setStatus(PLAN, 'active');
    backend
      .expectOne('/api/v1/plans/plan1')
      .flush(
        { ...STALE, title: 'Conflict', status: 409, detail: 'The plan is already active.' },
        { status: 409, statusText: 'Conflict', headers: STALE_INIT.headers },
      );
    expect(store.statusNotice()).toBe('The plan is already active.');
  });
});
