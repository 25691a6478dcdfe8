import { HttpErrorResponse, provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { AuthResponse } from '@rehabit/contracts';
import { firstValueFrom } from 'rxjs';
import { startEarlyRefresh, takeEarlyRefresh } from '../boot/early-start';
import { AuthApi } from './auth-api';

describe('AuthApi.refresh', () => {
  let api: AuthApi;
  let backend: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    api = TestBed.inject(AuthApi);
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    takeEarlyRefresh(window);
    backend.verify();
  });

  it('takes the early start’s answer first, failing as HttpClient would, and then asks itself', async () => {
    // Karma's server has no API: the early answer is a 404.
    startEarlyRefresh(window);
    const early = await firstValueFrom(api.refresh()).catch((error: unknown) => error);
    expect(early).toBeInstanceOf(HttpErrorResponse);
    expect((early as HttpErrorResponse).status).toBe(404);
    backend.expectNone('/api/v1/auth/refresh');

    const answer = { accessToken: 'a2', expiresIn: 900 } as AuthResponse;
    const next = firstValueFrom(api.refresh());
    backend.expectOne({ method: 'POST', url: '/api/v1/auth/refresh' }).flush(answer);
    expect(await next).toEqual(answer);
  });

  it('asks through HttpClient when nothing was started early', async () => {
    const next = firstValueFrom(api.refresh());
    backend
      .expectOne('/api/v1/auth/refresh')
      .flush({}, { status: 401, statusText: 'Unauthorized' });
    await expectAsync(next).toBeRejectedWith(jasmine.any(HttpErrorResponse));
  });
});
