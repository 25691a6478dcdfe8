import { ChangeDetectionStrategy, Component, input, signal } from '@angular/core';
import { ChartSeries, formatCell } from './chart-types';

/**
 * The same figures as the chart beside it, as a table: always in the page for screen readers,
 * shown on demand for everyone else.
 */
@Component({
  selector: 'rh-chart-table',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <button
      type="button"
      class="toggle"
      [attr.aria-expanded]="shown()"
      (click)="shown.set(!shown())"
    >
      {{ shown() ? 'Hide table' : 'Show as table' }}
    </button>
    <div
      class="wrap"
      [class.visually-hidden]="!shown()"
      [attr.tabindex]="shown() ? 0 : null"
      [attr.role]="shown() ? 'region' : null"
      [attr.aria-label]="shown() ? caption() + ', table' : null"
      data-testid="chart-table"
    >
      <table class="rh-table">
        <caption>
          {{
            caption()
          }}
        </caption>
        <thead>
          <tr>
            <th scope="col">{{ labelHeader() }}</th>
            @for (s of series(); track s.label) {
              <th scope="col">{{ s.label }}</th>
            }
          </tr>
        </thead>
        <tbody>
          @for (label of labels(); track $index; let i = $index) {
            <tr>
              <th scope="row">{{ label }}</th>
              @for (s of series(); track s.label) {
                <td>{{ cell(s.data[i]) }}</td>
              }
            </tr>
          }
        </tbody>
      </table>
    </div>
  `,
  styles: `
    .toggle {
      min-height: 44px;
      padding: 0 0.75rem;
      border: 1px solid var(--mat-sys-outline);
      border-radius: var(--mat-sys-corner-small);
      background: var(--mat-sys-surface);
      color: var(--mat-sys-primary);
      font: inherit;
      cursor: pointer;
      margin-top: 0.5rem;
    }
    .wrap:not(.visually-hidden) {
      overflow-x: auto;
    }
    table {
      width: 100%;
      border-collapse: collapse;
    }
    caption {
      text-align: left;
      font-weight: 500;
      padding: 0.5rem 0;
    }
    th,
    td {
      text-align: left;
      padding: 0.4rem 0.6rem;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
    }
  `,
})
export class ChartTable {
  readonly caption = input.required<string>();
  readonly labelHeader = input('Date');
  readonly labels = input.required<readonly string[]>();
  readonly series = input.required<readonly ChartSeries[]>();
  readonly unit = input('');
  protected readonly shown = signal(false);

  protected cell(value: number | null | undefined): string {
    return formatCell(value, this.unit());
  }
}
