import { FormatDatePipe } from '../shared/format-date';
import { ChangeDetectionStrategy, Component, computed, inject, OnInit } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import type { TodayItem } from '@rehabit/contracts';
import { AuthStore } from '../core/auth/auth-store';
import { TodayStore } from './today.store';

const SIDE_WORDS = {
  left: 'left side',
  right: 'right side',
  both: 'each side',
  alternate: 'alternating sides',
} as const;

/** The dosage in words a patient reads at a glance: "2 sets of 10, hold 5 seconds, each side". */
export function plainDosage(dosage: TodayItem['dosage']): string {
  const sets = `${dosage.sets} ${dosage.sets === 1 ? 'set' : 'sets'}`;
  const parts = [dosage.reps ? `${sets} of ${dosage.reps}` : sets];
  if (dosage.holdSeconds) parts.push(`hold ${dosage.holdSeconds} seconds`);
  if (dosage.side) parts.push(SIDE_WORDS[dosage.side]);
  return parts.join(', ');
}

@Component({
  selector: 'rh-today-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormatDatePipe, MatButtonModule, RouterLink],
  template: `
    <h1>Today's exercises</h1>
    @if (store.today(); as today) {
      <p class="lead">
        {{ greeting() }} Here is your plan for
        <strong>{{ today.date | rhDate: 'longDay' }}</strong>.
      </p>
      <nav class="quick" aria-label="Log">
        @if (today.items.length) {
          <a mat-flat-button class="big" routerLink="/patient/log" data-testid="log-session-link"
            >Log a session</a
          >
        }
        <a mat-stroked-button class="big" routerLink="/patient/pain">Record today's pain</a>
        <a mat-stroked-button class="big" routerLink="/patient/questionnaire"
          >Back pain questionnaire</a
        >
      </nav>
      @if (today.items.length === 0) {
        <p class="empty" role="status">
          Nothing is due today. Rest, and keep moving gently. Your therapist will let you know when
          your plan changes.
        </p>
      }
      <ol class="exercises" data-testid="today-list">
        @for (item of today.items; track item.planItemId) {
          <li class="exercise" [attr.aria-labelledby]="'ex-' + item.planItemId">
            <h2 [id]="'ex-' + item.planItemId">{{ item.exercise.name }}</h2>
            <p class="dosage" data-testid="dosage">{{ dosage(item) }}</p>
            <p class="due">
              @if (item.timesDue > 1) {
                {{ item.timesDue }} times today ·
              }
              done {{ item.timesDone }} of {{ item.timesDue }}
            </p>
            @if (item.notes) {
              <p class="notes"><strong>From your therapist:</strong> {{ item.notes }}</p>
            }
            <h3>How to do it</h3>
            <ol class="steps">
              @for (step of item.exercise.instructions; track $index) {
                <li>{{ step }}</li>
              }
            </ol>
            @if (item.exercise.cautions.length) {
              <h3>Take care</h3>
              <ul class="cautions">
                @for (caution of item.exercise.cautions; track $index) {
                  <li>{{ caution }}</li>
                }
              </ul>
            }
          </li>
        }
      </ol>
    } @else if (store.error()) {
      <p class="error" role="alert">{{ store.error() }}</p>
      <button mat-flat-button type="button" class="big" (click)="store.load()">Try again</button>
    } @else {
      <p role="status">Loading your exercises…</p>
    }
  `,
  styles: `
    :host {
      display: block;
      max-width: 40rem;
      margin: 0 auto;
      font-size: 1.125rem;
      line-height: 1.55;
    }
    .lead {
      font-size: 1.25rem;
    }
    .exercises {
      list-style: none;
      padding: 0;
      margin: 0;
    }
    .exercise {
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: var(--mat-sys-corner-large);
      padding: 1rem;
      margin-bottom: 1rem;
      background: var(--mat-sys-surface-container-low);
    }
    h2 {
      margin: 0 0 0.5rem;
      font-size: 1.5rem;
      line-height: 1.3;
    }
    h3 {
      font-size: 1.125rem;
      margin: 1rem 0 0.25rem;
    }
    .dosage {
      font-size: 1.375rem;
      font-weight: 600;
      margin: 0 0 0.25rem;
      color: var(--mat-sys-on-surface);
    }
    .due {
      margin: 0;
      color: var(--mat-sys-on-surface-variant);
    }
    .notes {
      padding: 0.5rem 0.75rem;
      border-radius: var(--mat-sys-corner-medium);
      background: var(--mat-sys-secondary-container);
      color: var(--mat-sys-on-secondary-container);
    }
    .steps li,
    .cautions li {
      margin-bottom: 0.375rem;
    }
    .error {
      padding: 0.75rem 1rem;
      border-radius: var(--mat-sys-corner-medium);
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
    .quick {
      display: flex;
      flex-wrap: wrap;
      gap: 0.75rem;
      margin: 0 0 1.5rem;
    }
    .big {
      min-height: 48px;
      font-size: 1.125rem;
    }
  `,
})
export class TodayPage implements OnInit {
  protected readonly store = inject(TodayStore);
  private readonly auth = inject(AuthStore);
  protected readonly greeting = computed(() => {
    const name = this.auth.user()?.displayName?.split(' ')[0];
    return name ? `Hello, ${name}.` : 'Hello.';
  });

  ngOnInit(): void {
    this.store.load();
  }

  protected dosage(item: TodayItem): string {
    return plainDosage(item.dosage);
  }
}
