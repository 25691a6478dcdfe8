import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import type { PainEntry, SessionLog } from '@rehabit/contracts';
import { RED_FLAG_LABELS, type RedFlag } from '@rehabit/domain';
import { FormatDatePipe } from '../shared/format-date';
import { LoggingApi } from '../shared/logging/logging-api';

@Component({
  selector: 'rh-history-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormatDatePipe],
  template: `
    <h1>My history</h1>
    @if (error()) {
      <p class="alert" role="alert">{{ error() }}</p>
    }
    <section aria-labelledby="sessions-heading">
      <h2 id="sessions-heading">Sessions</h2>
      @if (!loaded()) {
        <p role="status">Loading…</p>
      } @else if (sessions().length === 0) {
        <p>No sessions logged yet.</p>
      }
      <ul class="list" data-testid="history-sessions">
        @for (s of sessions(); track s.id) {
          <li class="card">
            <strong>{{ s.performedOn | rhDate: 'longDay' }}</strong>: {{ doneCount(s) }} of
            {{ s.items.length }} exercises done
            @if (s.painBefore !== null || s.painAfter !== null) {
              · pain {{ s.painBefore ?? '–' }} → {{ s.painAfter ?? '–' }}
            }
            @if (s.notes) {
              <p class="meta">“{{ s.notes }}”</p>
            }
          </li>
        }
      </ul>
    </section>
    <section aria-labelledby="pain-heading">
      <h2 id="pain-heading">Pain entries</h2>
      @if (loaded() && pain().length === 0) {
        <p>No pain entries yet.</p>
      }
      <ul class="list" data-testid="history-pain">
        @for (p of pain(); track p.id) {
          <li class="card">
            <strong>{{ p.recordedAt | rhDate: 'dateTime' }}</strong>: pain {{ p.score }} of 10
            @if (p.redFlags.length) {
              <p class="meta">Reported: {{ flagText(p.redFlags) }}</p>
            }
          </li>
        }
      </ul>
    </section>
  `,
  styleUrl: './patient-form.scss',
  styles: `
    .list {
      list-style: none;
      padding: 0;
    }
  `,
})
export class HistoryPage implements OnInit {
  private readonly api = inject(LoggingApi);
  protected readonly sessions = signal<SessionLog[]>([]);
  protected readonly pain = signal<PainEntry[]>([]);
  protected readonly loaded = signal(false);
  protected readonly error = signal('');

  ngOnInit(): void {
    const failed = () => {
      this.loaded.set(true);
      this.error.set('Your history could not be loaded. Please try again later.');
    };
    this.api.sessions('me').subscribe({
      next: (page) => {
        this.sessions.set(page.items);
        this.loaded.set(true);
      },
      error: failed,
    });
    this.api.pain('me').subscribe({ next: (page) => this.pain.set(page.items), error: failed });
  }

  protected doneCount(s: SessionLog): number {
    return s.items.filter((i) => i.completed).length;
  }

  protected flagText(flags: readonly RedFlag[]): string {
    return flags.map((f) => RED_FLAG_LABELS[f]).join('; ');
  }
}
