import { inject, Injectable } from '@angular/core';
import type { TodayResponse } from '@rehabit/contracts';
import type { Observable } from 'rxjs';
import { ApiClient } from '../core/http/api-client';
import { withoutErrorNotice } from '../core/http/request-context';

/** The signed-in patient's own data (`me` in every path). */
@Injectable({ providedIn: 'root' })
export class PatientApi {
  private readonly api = inject(ApiClient);

  today(): Observable<TodayResponse> {
    return this.api.get<TodayResponse>('/patients/me/today', { context: withoutErrorNotice() });
  }
}
