import { Clipboard } from '@angular/cdk/clipboard';
import { FormatDatePipe } from './format-date';
import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import type { InvitationTicket } from '@rehabit/contracts';

/** The absolute address of an invitation, built from the API's `acceptPath`. */
export function invitationUrl(ticket: InvitationTicket, origin = window.location.origin): string {
  return new URL(ticket.acceptPath, origin).toString();
}

/** Shows a one-time invitation link with a copy button, to pass on by email or message. */
@Component({
  selector: 'rh-invitation-link',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormatDatePipe, MatButtonModule],
  template: `
    <div class="invitation" data-testid="invitation">
      <p>
        Send this one-time link to <strong>{{ name() }}</strong>. It lets them choose a password and
        expires {{ ticket().expiresAt | rhDate: 'dateTime' }}.
      </p>
      <label class="link-label" [for]="inputId">Invitation link</label>
      <div class="row">
        <input
          [id]="inputId"
          class="link"
          readonly
          [value]="url()"
          data-testid="invitation-url"
          (focus)="$any($event.target).select()"
        />
        <button mat-flat-button type="button" (click)="copy()" data-testid="copy-invitation">
          Copy link
        </button>
      </div>
      <p class="status" role="status">{{ copied() }}</p>
    </div>
  `,
  styles: `
    .invitation {
      padding: 1rem;
      border-radius: var(--mat-sys-corner-medium);
      background: var(--mat-sys-surface-container-high);
      margin: 1rem 0;
    }
    .row {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
      align-items: center;
    }
    .link {
      flex: 1 1 16rem;
      min-height: 44px;
      padding: 0 0.5rem;
      font: var(--mat-sys-body-medium);
      border: 1px solid var(--mat-sys-outline);
      border-radius: var(--mat-sys-corner-extra-small);
      background: var(--mat-sys-surface);
      color: var(--mat-sys-on-surface);
    }
    .link-label {
      display: block;
      margin-bottom: 0.25rem;
      font: var(--mat-sys-label-large);
    }
    .status {
      min-height: 1.5em;
      margin: 0.25rem 0 0;
    }
  `,
})
export class InvitationLink {
  readonly ticket = input.required<InvitationTicket>();
  readonly name = input.required<string>();

  private readonly clipboard = inject(Clipboard);
  private static nextId = 0;
  protected readonly inputId = `invitation-url-${InvitationLink.nextId++}`;
  protected readonly url = computed(() => invitationUrl(this.ticket()));
  protected readonly copied = signal('');

  protected copy(): void {
    this.copied.set(
      this.clipboard.copy(this.url())
        ? 'Link copied to the clipboard.'
        : 'Copying failed: select the link and copy it yourself.',
    );
  }
}
