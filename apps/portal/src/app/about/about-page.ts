import { ChangeDetectionStrategy, Component, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import type { HealthResponse } from '@rehabit/contracts';
import { Subscription } from 'rxjs';
import { describeFailure } from '../core/http/problem';
import { SystemApi } from '../core/system/system-api';

type HealthView =
  | { state: 'checking' }
  | { state: 'answered'; health: HealthResponse }
  | { state: 'unreachable'; message: string };

const KIND_DESCRIPTIONS: Record<HealthResponse['databaseKind'], string> = {
  embedded: 'PGlite, running inside the API process',
  postgres: 'a PostgreSQL server',
};

@Component({
  selector: 'rh-about-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, MatCardModule],
  templateUrl: './about-page.html',
  styleUrl: './about-page.scss',
})
export class AboutPage {
  private readonly system = inject(SystemApi);
  private readonly destroyRef = inject(DestroyRef);
  private pending: Subscription | null = null;

  protected readonly view = signal<HealthView>({ state: 'checking' });
  protected readonly kindDescriptions = KIND_DESCRIPTIONS;

  constructor() {
    this.check();
  }

  protected check(): void {
    // A second click restarts the check rather than being refused: disabling the focused button
    // would drop keyboard focus to the top of the page.
    this.pending?.unsubscribe();
    this.view.set({ state: 'checking' });
    this.pending = this.system
      .health()
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (health) => this.view.set({ state: 'answered', health }),
        error: (error: unknown) =>
          this.view.set({
            state: 'unreachable',
            message: describeFailure(error, 'The status check failed unexpectedly.'),
          }),
      });
  }
}
