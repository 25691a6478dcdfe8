import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { AuthStore } from '../auth/auth-store';
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
