import { loadDraft, saveDraft } from '../../shared/logging/drafts';
import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import type { AuthResponse } from '@rehabit/contracts';
import { authInterceptor } from '../http/auth.interceptor';
import { AuthStore } from './auth-store';
import { rememberedRole } from './last-role';
import { REFRESH_LEAD_MS, Session } from './session';

const answer = (token: string, expiresIn = 900): AuthResponse => ({
  accessToken: token,
  expiresIn,
  user: { id: 'p1', role: 'patient', clinicId: 'c1', displayName: 'Pat', email: 'p@x.io' },
});

describe('Session', () => {
  let session: Session;
  let store: AuthStore;
  let backend: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        provideRouter([]),
      ],
    });
    session = TestBed.inject(Session);
    store = TestBed.inject(AuthStore);
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    session.end();
    backend.verify();
  });

  it('restores the session from the refresh cookie on start', async () => {
    const restored = session.restore();
    backend.expectOne('/api/v1/auth/refresh').flush(answer('t1'));
    expect(await restored).toBeTrue();
    expect(store.accessToken()).toBe('t1');
    expect(store.role()).toBe('patient');
  });

  it('starts signed out when the refresh cookie is missing or refused', async () => {
    const restored = session.restore();
    backend.expectOne('/api/v1/auth/refresh').flush(
      { status: 401, title: 'Unauthorized', detail: 'x', type: 'about:blank' },
      {
        status: 401,
        statusText: 'Unauthorized',
      },
    );
    expect(await restored).toBeFalse();
    expect(store.signedIn()).toBeFalse();
  });

  it('remembers on this device who signed in, until the session ends', async () => {
    const restored = session.restore();
    backend.expectOne('/api/v1/auth/refresh').flush({
      ...answer('t1'),
      user: { ...answer('t1').user, role: 'therapist' },
    });
    await restored;
    expect(rememberedRole()).toBe('therapist');
    expect(localStorage.getItem('rehabit.lastRole')).toBe('therapist');

    session.end();
    expect(rememberedRole()).toBeNull();
    expect(localStorage.getItem('rehabit.lastRole')).toBeNull();
  });

  it('takes nothing but a known role from storage', () => {
    localStorage.setItem('rehabit.lastRole', 'superuser');
    expect(rememberedRole()).toBeNull();
    localStorage.removeItem('rehabit.lastRole');
  });

  it('starts signed out when the server cannot be reached', async () => {
    const restored = session.restore();
    backend.expectOne('/api/v1/auth/refresh').error(new ProgressEvent('error'), { status: 0 });
    expect(await restored).toBeFalse();
  });

  it('refreshes a minute before the access token expires', () => {
    jasmine.clock().install();
    try {
      session.start(answer('t1', 900));
      jasmine.clock().tick(900_000 - REFRESH_LEAD_MS - 1);
      backend.expectNone('/api/v1/auth/refresh');
      jasmine.clock().tick(1);
      backend.expectOne('/api/v1/auth/refresh').flush(answer('t2', 900));
      expect(store.accessToken()).toBe('t2');
      session.end();
    } finally {
      jasmine.clock().uninstall();
    }
  });

  it('signs out on the server, forgets the token and the drafts, and opens sign-in', async () => {
    session.start(answer('t1'));
    saveDraft('pain', 'p1', { score: 4 }, { unsent: true });
    const navigate = spyOn(TestBed.inject(Router), 'navigateByUrl').and.resolveTo(true);
    const done = session.signOut();
    const logout = backend.expectOne('/api/v1/auth/logout');
    expect(logout.request.headers.get('Authorization')).toBe('Bearer t1');
    logout.flush(null, { status: 204, statusText: 'No Content' });
    await done;
    expect(store.signedIn()).toBeFalse();
    expect(loadDraft('pain', 'p1')).toBeNull();
    expect(navigate).toHaveBeenCalledWith('/auth/sign-in');
  });
});
