import {
  HttpClient,
  HttpErrorResponse,
  provideHttpClient,
  withInterceptors,
} from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { ProblemDetails } from '@rehabit/contracts';
import { AuthStore } from '../auth/auth-store';
import { authInterceptor } from './auth.interceptor';
import { shownNotice } from '../layout/notice.testing';
import { errorInterceptor } from './error.interceptor';
import { withoutErrorNotice } from './request-context';

const PROBLEM_HEADERS = { 'Content-Type': 'application/problem+json' };

describe('errorInterceptor', () => {
  let http: HttpClient;
  let backend: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([errorInterceptor, authInterceptor])),
        provideHttpClientTesting(),
        provideRouter([{ path: 'auth/sign-in', children: [] }]),
      ],
    });
    http = TestBed.inject(HttpClient);
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => backend.verify());

  /** Issues a GET, answers it with an error, and returns what the caller received. */
  function failGet(
    url: string,
    body: object | string | null,
    init: { status: number; statusText: string; headers?: Record<string, string> },
  ): HttpErrorResponse | null {
    const outcome: { error?: HttpErrorResponse } = {};
    http.get(url).subscribe({ error: (e: HttpErrorResponse) => (outcome.error = e) });
    backend.expectOne(url).flush(body, init);
    return outcome.error ?? null;
  }

  it('shows the detail of a problem+json 429 with advice to wait, and still fails the call', async () => {
    const problem: ProblemDetails = {
      type: 'about:blank',
      title: 'Too Many Requests',
      status: 429,
      detail: 'Too many sign-in attempts.',
    };
    const received = failGet('/api/v1/auth/login', problem, {
      status: 429,
      statusText: 'Too Many Requests',
      headers: { ...PROBLEM_HEADERS, 'Retry-After': '30' },
    });

    expect(await shownNotice()).toBe('Too many sign-in attempts. Please wait 30 s and try again.');
    expect(received).toEqual(jasmine.any(HttpErrorResponse));
    expect(received?.status).toBe(429);
  });

  it('tells the person the server cannot be reached when there is no answer at all', async () => {
    const outcome: { error?: HttpErrorResponse } = {};
    http.get('/api/v1/health').subscribe({ error: (e: HttpErrorResponse) => (outcome.error = e) });
    backend.expectOne('/api/v1/health').error(new ProgressEvent('error'), { status: 0 });

    expect(await shownNotice()).toContain("can't reach the server");
    expect(outcome.error?.status).toBe(0);
  });

  it('falls back to a plain sentence for a 500 that is not problem+json', async () => {
    failGet('/api/v1/patients', '<html>Bad gateway</html>', {
      status: 502,
      statusText: 'Bad Gateway',
    });
    expect(await shownNotice()).toBe(
      'Something went wrong on the server. Please try again in a moment.',
    );
  });

  it('explains a 403 without a body', async () => {
    failGet('/api/v1/clinic', null, { status: 403, statusText: 'Forbidden' });
    expect(await shownNotice()).toBe("You don't have permission to do that.");
  });

  it('forgets the session when the API rejects the token and no refresh is possible', async () => {
    const auth = TestBed.inject(AuthStore);
    auth.setAccessToken('expired');
    const outcome: { error?: HttpErrorResponse } = {};
    http
      .get('/api/v1/patients')
      .subscribe({ error: (e: HttpErrorResponse) => (outcome.error = e) });
    backend.expectOne('/api/v1/patients').flush(null, { status: 401, statusText: 'Unauthorized' });
    backend
      .expectOne('/api/v1/auth/refresh')
      .flush(null, { status: 401, statusText: 'Unauthorized' });

    expect(outcome.error?.status).toBe(401);

    expect(auth.signedIn()).toBeFalse();
    expect(await shownNotice()).toBe('Your session has ended. Please sign in again.');
  });

  it('stays quiet when the caller shows the failure itself', async () => {
    const outcome: { error?: HttpErrorResponse } = {};
    http
      .get('/api/v1/health', { context: withoutErrorNotice() })
      .subscribe({ error: (e: HttpErrorResponse) => (outcome.error = e) });
    backend
      .expectOne('/api/v1/health')
      .flush(null, { status: 503, statusText: 'Service Unavailable' });

    expect(await shownNotice()).toBeNull();
    expect(outcome.error?.status).toBe(503);
  });
});
