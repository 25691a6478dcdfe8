import { ChangeDetectionStrategy, Component, input } from '@angular/core';

/**
 * The landing page of a role area whose real screens have not been built yet. Its text comes
 * from the route's `data` (bound as inputs), so each area states plainly what it will hold
 * instead of showing invented figures.
 */
@Component({
  selector: 'rh-area-placeholder',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section [attr.aria-labelledby]="headingId">
      <h1 [id]="headingId" data-testid="page-heading">{{ heading() }}</h1>
      <p>{{ intro() }}</p>
      @if (planned().length) {
        <h2>What this area will hold</h2>
        <ul data-testid="planned">
          @for (item of planned(); track item) {
            <li>{{ item }}</li>
          }
        </ul>
      }
      <p class="status" role="note">
        Not available yet: these screens arrive with later releases. Nothing here is live data.
      </p>
    </section>
  `,
  styles: `
    .status {
      padding: 0.75rem 1rem;
      border-radius: var(--mat-sys-corner-medium);
      background: var(--mat-sys-surface-container-high);
      color: var(--mat-sys-on-surface);
    }
  `,
})
export class AreaPlaceholder {
  readonly heading = input.required<string>();
  readonly intro = input.required<string>();
  readonly planned = input<readonly string[]>([]);

  protected readonly headingId = 'area-heading';
}
