import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import type { ProgressResponse } from '@rehabit/contracts';
import { ProgressCharts } from '../shared/charts/progress-charts';
import { LoggingApi } from '../shared/logging/logging-api';

@Component({
  selector: 'rh-progress-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ProgressCharts],
  template: `
    <h1>My progress</h1>
    @if (progress(); as p) {
      <p class="meta">The last weeks, from what you logged.</p>
      <rh-progress-charts [progress]="p" />
    } @else if (error()) {
      <p class="alert" role="alert">{{ error() }}</p>
    } @else {
      <p role="status">Loading…</p>
    }
  `,
  styleUrl: './patient-form.scss',
})
export class ProgressPage implements OnInit {
  private readonly api = inject(LoggingApi);
  protected readonly progress = signal<ProgressResponse | null>(null);
  protected readonly error = signal('');

  ngOnInit(): void {
    this.api.progress('me').subscribe({
      next: (p) => this.progress.set(p),
      error: () => this.error.set('Your progress could not be loaded. Please try again later.'),
    });
  }
}
