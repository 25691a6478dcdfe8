import { inject, Injectable } from '@angular/core';
import type { Alert, AlertQuery, Page } from '@rehabit/contracts';
import type { Observable } from 'rxjs';
import { ApiClient } from '../core/http/api-client';

/** Alerts the rules raised (pain spike, missed sessions, red flags) and their acknowledgement. */
@Injectable({ providedIn: 'root' })
export class AlertsApi {
  private readonly api = inject(ApiClient);

  list(query: AlertQuery): Observable<Page<Alert>> {
    return this.api.getPage<Alert>('/alerts', { limit: 100, ...query });
  }

  acknowledge(id: string): Observable<Alert> {
    return this.api.post<Alert>(`/alerts/${encodeURIComponent(id)}/acknowledge`, {});
  }
}
