import {
  HttpClient,
  HttpErrorResponse,
  provideHttpClient,
  withInterceptors,
} from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { AuthUser } from '@rehabit/contracts';
import { AuthStore } from '../auth/auth-store';
import { Session } from '../auth/session';
import { authInterceptor } from './auth.interceptor';

describe('authInterceptor', () => {
  let http: HttpClient;
  let backend: HttpTestingController;
  let auth: AuthStore;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
      ],
    });
    http = TestBed.inject(HttpClient);
    backend = TestBed.inject(HttpTestingController);
    auth = TestBed.inject(AuthStore);
  });

  afterEach(() => backend.verify());

  function authorizationSentTo(url: string): string | null {
    http.get(url).subscribe();
    const req = backend.expectOne(url);
    req.flush({});
    return req.request.headers.get('Authorization');
  }

  it('sends the access token as a bearer token on API calls', () => {
    auth.setAccessToken('token-123');
    expect(authorizationSentTo('/api/v1/patients/me')).toBe('Bearer token-123');
  });

  it('never sends the token anywhere but our API', () => {
    auth.setAccessToken('token-123');
    expect(authorizationSentTo('https://cdn.example.com/api/v1/patients')).toBeNull();
    expect(authorizationSentTo('/assets/exercises.json')).toBeNull();
    // A path that merely starts with the same letters is not the API.
    expect(authorizationSentTo('/api/v10/patients')).toBeNull();
  });

  it('sends no Authorization header while signed out', () => {
    expect(authorizationSentTo('/api/v1/health')).toBeNull();
  });

  it('uses the token current at request time, not the one at start-up', () => {
    auth.setAccessToken('first');
    expect(authorizationSentTo('/api/v1/auth/me')).toBe('Bearer first');
    auth.setAccessToken('second');
    expect(authorizationSentTo('/api/v1/auth/me')).toBe('Bearer second');
    auth.clear();
    expect(authorizationSentTo('/api/v1/auth/me')).toBeNull();
  });
});

describe('authInterceptor refresh and replay', () => {
  let http: HttpClient;
  let backend: HttpTestingController;
  let auth: AuthStore;
  const user: AuthUser = {
    id: 'u1',
    role: 'therapist',
    clinicId: 'c1',
    displayName: 'Theo',
    email: 't@example.com',
  };

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        provideRouter([{ path: 'auth/sign-in', children: [] }]),
      ],
    });
    http = TestBed.inject(HttpClient);
    backend = TestBed.inject(HttpTestingController);
    auth = TestBed.inject(AuthStore);
    auth.setSession({ accessToken: 'old', expiresIn: 900, user });
  });

  afterEach(() => {
    TestBed.inject(Session).end();
    backend.verify();
  });

  it('refreshes once on a 401 and replays the call with the new token', () => {
    let answer: unknown;
    http.get('/api/v1/patients').subscribe((body) => (answer = body));
    const first = backend.expectOne('/api/v1/patients');
    expect(first.request.headers.get('Authorization')).toBe('Bearer old');
    first.flush(null, { status: 401, statusText: 'Unauthorized' });

    const refresh = backend.expectOne('/api/v1/auth/refresh');
    expect(refresh.request.method).toBe('POST');
    refresh.flush({ accessToken: 'new', expiresIn: 900, user });

    const replay = backend.expectOne('/api/v1/patients');
    expect(replay.request.headers.get('Authorization')).toBe('Bearer new');
    replay.flush({ items: [], nextCursor: null });
    expect(answer).toEqual({ items: [], nextCursor: null });
    expect(auth.accessToken()).toBe('new');
  });

  it('shares one refresh between calls that fail together', () => {
    http.get('/api/v1/a').subscribe();
    http.get('/api/v1/b').subscribe();
    backend.expectOne('/api/v1/a').flush(null, { status: 401, statusText: 'Unauthorized' });
    backend.expectOne('/api/v1/b').flush(null, { status: 401, statusText: 'Unauthorized' });
    backend.expectOne('/api/v1/auth/refresh').flush({ accessToken: 'new', expiresIn: 900, user });
    backend.expectOne('/api/v1/a').flush({});
    backend.expectOne('/api/v1/b').flush({});
  });

  it('does not refresh for other failures, nor replay twice', () => {
    let status = 0;
    http.get('/api/v1/patients').subscribe({
      error: (e: HttpErrorResponse) => (status = e.status),
    });
    backend.expectOne('/api/v1/patients').flush(null, { status: 403, statusText: 'Forbidden' });
    expect(status).toBe(403);

    http.get('/api/v1/patients').subscribe({
      error: (e: HttpErrorResponse) => (status = e.status),
    });
    backend.expectOne('/api/v1/patients').flush(null, { status: 401, statusText: 'Unauthorized' });
    backend.expectOne('/api/v1/auth/refresh').flush({ accessToken: 'new', expiresIn: 900, user });
    backend.expectOne('/api/v1/patients').flush(null, { status: 401, statusText: 'Unauthorized' });
    expect(status).toBe(401);
    backend.expectNone('/api/v1/auth/refresh');
  });
});
