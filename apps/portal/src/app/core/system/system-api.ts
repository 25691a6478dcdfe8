import { HttpErrorResponse } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { HealthResponse } from '@rehabit/contracts';
import { catchError, Observable, of, throwError } from 'rxjs';
import { ApiClient } from '../http/api-client';
import { withoutErrorNotice } from '../http/request-context';

function isHealthResponse(value: unknown): value is HealthResponse {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return (
    (candidate['status'] === 'ok' || candidate['status'] === 'error') &&
    (candidate['database'] === 'up' || candidate['database'] === 'down')
  );
}

@Injectable({ providedIn: 'root' })
export class SystemApi {
  private readonly api = inject(ApiClient);

  /**
   * The API's own view of its health. An unhealthy API answers 503 with the same body, which is
   * an answer to show ("database down"), not a failure; only no answer at all is an error.
   */
  health(): Observable<HealthResponse> {
    return this.api
      .get<HealthResponse>('/health', { context: withoutErrorNotice() })
      .pipe(
        catchError((error: unknown) =>
          error instanceof HttpErrorResponse && isHealthResponse(error.error)
            ? of(error.error)
            : throwError(() => error),
        ),
      );
  }
}
