import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { Measure } from '@rehabit/contracts';
import type { OdiAnswers } from '@rehabit/domain';
import { describeHttpError, problemOf } from '../core/http/problem';
import { LoggingApi } from '../shared/logging/logging-api';
import { ODI_BAND_LABELS, OdiForm } from '../shared/logging/odi-form';
import { TodayStore } from './today.store';

@Component({
  selector: 'rh-odi-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [OdiForm, RouterLink],
  template: `
    <h1>Back pain questionnaire</h1>
    @if (result(); as r) {
      <div class="success" role="status" data-testid="odi-score">
        <p>
          <strong>Your score: {{ r.score }} %</strong> — {{ bandLabel(r) }}. Your therapist will see
          it too. Lower scores mean your back pain gets in the way less.
        </p>
        <a routerLink="/patient">Back to today</a>
      </div>
    } @else {
      <p class="meta">
        Ten short sections about how your back affects daily life. Pick the answer that fits best
        today; you may skip a section that does not apply.
      </p>
      <rh-odi-form [busy]="busy()" [serverError]="failure()" (answered)="send($event)" />
    }
  `,
  styleUrl: './patient-form.scss',
})
export class OdiPage implements OnInit {
  private readonly api = inject(LoggingApi);
  private readonly today = inject(TodayStore);
  protected readonly busy = signal(false);
  protected readonly failure = signal('');
  protected readonly result = signal<Measure | null>(null);

  ngOnInit(): void {
    if (!this.today.today()) this.today.load();
  }

  protected bandLabel(m: Measure): string {
    return m.band ? ODI_BAND_LABELS[m.band] : '';
  }

  protected send(answers: OdiAnswers): void {
    this.failure.set('');
    this.busy.set(true);
    const recordedOn = this.today.today()?.date ?? new Date().toISOString().slice(0, 10);
    this.api.recordMeasure('me', { type: 'odi', recordedOn, answers: [...answers] }).subscribe({
      next: (measure) => {
        this.busy.set(false);
        this.result.set(measure);
      },
      error: (error: unknown) => {
        this.busy.set(false);
        if (!(error instanceof HttpErrorResponse)) return this.failure.set('Something went wrong.');
        const fieldErrors = problemOf(error)?.errors ?? [];
        this.failure.set(
          fieldErrors.length
            ? fieldErrors.map((e) => e.message).join(' ')
            : describeHttpError(error),
        );
      },
    });
  }
}
