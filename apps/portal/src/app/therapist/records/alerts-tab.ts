import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import type { Alert } from '@rehabit/contracts';
import { RED_FLAG_LABELS, type RedFlag } from '@rehabit/domain';
import { FormatDatePipe } from '../../shared/format-date';
import { PatientRecordsStore } from '../patient-records.store';

export const ALERT_KIND_LABELS: Readonly<Record<Alert['kind'], string>> = {
  red_flag: 'Red flag',
  pain_spike: 'Pain spike',
  missed_sessions: 'Missed sessions',
};

@Component({
  selector: 'rh-alerts-tab',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormatDatePipe, MatButtonModule],
  template: `
    <h2 id="alerts-heading">Open alerts</h2>
    <p class="count" role="status">{{ store.notice() }}</p>
    @if (store.alerts().length === 0) {
      <p>No open alerts.</p>
    }
    <ul class="alerts" aria-labelledby="alerts-heading" data-testid="alerts">
      @for (alert of store.alerts(); track alert.id) {
        <li class="card" [class.urgent]="alert.urgency === 'urgent'" data-testid="alert">
          <h3>
            {{ kindLabel(alert) }}
            @if (alert.urgency === 'urgent') {
              <span class="badge">Urgent</span>
            }
          </h3>
          <p>{{ alert.detail.summary }}</p>
          @if (alert.detail.redFlags?.length) {
            <ul>
              @for (flag of alert.detail.redFlags; track flag) {
                <li>{{ flagLabel(flag) }}</li>
              }
            </ul>
          }
          <p class="meta">
            Raised {{ alert.createdAt | rhDate: 'dateTime' }} · latest
            {{ alert.detail.date | rhDate }}
            @if (alert.detail.count > 1) {
              · {{ alert.detail.count }} occurrences
            }
          </p>
          <button
            mat-flat-button
            type="button"
            (click)="store.acknowledge(alert)"
            [disabled]="store.acknowledging() === alert.id"
            [attr.aria-label]="'Acknowledge ' + kindLabel(alert) + ' alert'"
          >
            Acknowledge
          </button>
        </li>
      }
    </ul>
  `,
  styleUrl: '../../shared/page.scss',
  styles: `
    .alerts {
      list-style: none;
      padding: 0;
    }
    .urgent {
      border: 2px solid var(--mat-sys-error);
    }
    .badge {
      margin-left: 0.5rem;
      padding: 0.125rem 0.5rem;
      border-radius: 1rem;
      background: var(--mat-sys-error);
      color: var(--mat-sys-on-error);
      font-size: 0.875rem;
    }
    .meta {
      color: var(--mat-sys-on-surface-variant);
    }
    h3 {
      margin: 0;
    }
  `,
})
export class AlertsTab {
  protected readonly store = inject(PatientRecordsStore);

  protected kindLabel(alert: Alert): string {
    return ALERT_KIND_LABELS[alert.kind];
  }

  protected flagLabel(flag: RedFlag): string {
    return RED_FLAG_LABELS[flag];
  }
}
