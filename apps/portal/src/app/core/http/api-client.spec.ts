import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { Page } from '@rehabit/contracts';
import { ApiClient } from './api-client';

describe('ApiClient', () => {
  let api: ApiClient;
  let backend: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    api = TestBed.inject(ApiClient);
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => backend.verify());

  it('puts every path under /api/v1 and leaves out absent query values', () => {
    api
      .get('/patients', { params: { q: 'ann', therapistId: undefined, alerts: null } })
      .subscribe();
    const req = backend.expectOne((r) => r.url === '/api/v1/patients');
    expect(req.request.method).toBe('GET');
    expect(req.request.params.keys()).toEqual(['q']);
    req.flush({ items: [], nextCursor: null });
  });

  it('asks for a page with limit and cursor and returns the typed page', () => {
    let page: Page<{ id: string }> | undefined;
    api
      .getPage<{ id: string }>('/alerts', { limit: 20, cursor: 'abc' })
      .subscribe((p) => (page = p));
    const req = backend.expectOne((r) => r.url === '/api/v1/alerts');
    expect(req.request.params.get('limit')).toBe('20');
    expect(req.request.params.get('cursor')).toBe('abc');
    req.flush({ items: [{ id: 'a1' }], nextCursor: null });
    expect(page).toEqual({ items: [{ id: 'a1' }], nextCursor: null });
  });

  it('sends bodies and headers on writes', () => {
    api
      .post('/patients/me/pain', { score: 3 }, { headers: { 'Idempotency-Key': 'k1' } })
      .subscribe();
    const req = backend.expectOne('/api/v1/patients/me/pain');
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({ score: 3 });
    expect(req.request.headers.get('Idempotency-Key')).toBe('k1');
    req.flush({});
  });
});
