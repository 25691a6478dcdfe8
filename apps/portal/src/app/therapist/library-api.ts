import { inject, Injectable } from '@angular/core';
import type { Exercise, ExerciseQuery, Page, PlanTemplate } from '@rehabit/contracts';
import type { Observable } from 'rxjs';
import { ApiClient } from '../core/http/api-client';

/** The exercise library and plan templates. */
@Injectable({ providedIn: 'root' })
export class LibraryApi {
  private readonly api = inject(ApiClient);

  exercises(query: ExerciseQuery): Observable<Page<Exercise>> {
    return this.api.getPage<Exercise>('/exercises', { ...query });
  }

  exercise(id: string): Observable<Exercise> {
    return this.api.get<Exercise>(`/exercises/${encodeURIComponent(id)}`);
  }

  templates(): Observable<Page<PlanTemplate>> {
    return this.api.getPage<PlanTemplate>('/plan-templates', { limit: 100 });
  }
}
