import { inject, Injectable, signal } from '@angular/core';
import type { TodayResponse } from '@rehabit/contracts';
import { describeFailure } from '../core/http/problem';
import { PatientApi } from './patient-api';

/** Today's exercises for the signed-in patient. Logging joins here in a later release. */
@Injectable({ providedIn: 'root' })
export class TodayStore {
  private readonly api = inject(PatientApi);

  readonly today = signal<TodayResponse | null>(null);
  readonly loading = signal(false);
  readonly error = signal<string | null>(null);

  load(): void {
    this.loading.set(true);
    this.error.set(null);
    this.api.today().subscribe({
      next: (today) => {
        this.today.set(today);
        this.loading.set(false);
      },
      error: (error: unknown) => {
        this.loading.set(false);
        this.error.set(describeFailure(error, "Today's exercises could not be loaded."));
      },
    });
  }
}
