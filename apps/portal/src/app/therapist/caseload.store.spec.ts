import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { Patient } from '@rehabit/contracts';
import { AuthStore } from '../core/auth/auth-store';
import { CaseloadStore } from './caseload.store';

const patient = (id: string, name: string, createdAt: string): Patient => ({
  id,
  userId: `u${id}`,
  clinicId: 'c',
  displayName: name,
  email: `${id}@x.io`,
  timezone: 'UTC',
  dateOfBirth: null,
  therapistId: 't1',
  condition: null,
  active: true,
  activated: false,
  createdAt,
  updatedAt: createdAt,
  etag: '"1"',
});

describe('CaseloadStore', () => {
  let store: CaseloadStore;
  let backend: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    TestBed.inject(AuthStore).setSession({
      accessToken: 't',
      expiresIn: 900,
      user: { id: 't1', role: 'therapist', clinicId: 'c', displayName: 'T', email: 't@x.io' },
    });
    store = TestBed.inject(CaseloadStore);
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => backend.verify());

  it("asks for the therapist's own patients first, then pages on with the cursor", () => {
    store.reload();
    const first = backend.expectOne((r) => r.url === '/api/v1/patients');
    expect(first.request.params.get('therapistId')).toBe('t1');
    expect(first.request.params.has('cursor')).toBeFalse();
    first.flush({ items: [patient('1', 'Zoe', '2026-11-02')], nextCursor: 'next' });
    expect(store.hasMore()).toBeTrue();

    store.loadMore();
    const second = backend.expectOne((r) => r.url === '/api/v1/patients');
    expect(second.request.params.get('cursor')).toBe('next');
    second.flush({ items: [patient('2', 'adam', '2026-11-01')], nextCursor: null });
    expect(store.patients().map((p) => p.displayName)).toEqual(['Zoe', 'adam']);

    store.sort.set('name');
    expect(store.patients().map((p) => p.displayName)).toEqual(['adam', 'Zoe']);
  });

  it('searches the whole clinic when asked, replacing the rows', () => {
    store.setScope('all');
    backend.expectOne((r) => r.url === '/api/v1/patients').flush({ items: [], nextCursor: null });
    store.search('  ann ');
    const req = backend.expectOne((r) => r.url === '/api/v1/patients');
    expect(req.request.params.get('q')).toBe('ann');
    expect(req.request.params.has('therapistId')).toBeFalse();
    req.flush({ items: [patient('3', 'Ann', '2026-11-03')], nextCursor: null });
    expect(store.patients().length).toBe(1);
  });
});

describe('CaseloadStore figures', () => {
  it('sorts by last pain and alerts, and filters open alerts through the API', () => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    const store = TestBed.inject(CaseloadStore);
    const backend = TestBed.inject(HttpTestingController);
    store.scope.set('all');
    store.setAlertsOnly(true);
    const request = backend.expectOne((r) => r.url === '/api/v1/patients');
    expect(request.request.params.get('alerts')).toBe('open');
    const row = (id: string, pain: number | null, alerts: number, adherence: number | null) => ({
      ...patient(id, id, '2026-11-01'),
      lastPain: pain === null ? null : { score: pain, recordedAt: '2026-11-20T08:00:00Z' },
      adherence7d: adherence,
      openAlerts: alerts,
      openAlertKinds: [],
    });
    request.flush({
      items: [row('a', 3, 0, 0.9), row('b', null, 2, null), row('c', 8, 1, 0.2)],
      nextCursor: null,
    });
    store.sort.set('pain');
    expect(store.patients().map((p) => p.id)).toEqual(['c', 'a', 'b']);
    store.sort.set('alerts');
    expect(store.patients().map((p) => p.id)).toEqual(['b', 'c', 'a']);
    store.sort.set('adherence');
    expect(store.patients().map((p) => p.id)).toEqual(['c', 'a', 'b']);
    backend.verify();
  });
});
