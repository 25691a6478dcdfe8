import { FormatDatePipe } from '../shared/format-date';
import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import type { AuditEventView } from '@rehabit/contracts';
import { ClinicApi } from './clinic-api';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The clinic's audit trail, newest first, optionally for one patient. */
@Component({
  selector: 'rh-audit-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    FormatDatePipe,
    ReactiveFormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
  ],
  template: `
    <h1>Audit trail</h1>
    <p>Every read or change of patient data by staff, and every sign-in, newest first.</p>
    <form
      class="filters"
      role="search"
      aria-label="Filter the audit trail"
      [formGroup]="filters"
      (ngSubmit)="apply()"
    >
      <mat-form-field appearance="outline">
        <mat-label>Patient id</mat-label>
        <input matInput [formControl]="patientId" data-testid="audit-patient" />
        <mat-hint>Paste a patient's id to see only their events.</mat-hint>
        <mat-error>Enter a patient id (a UUID), or leave it empty</mat-error>
      </mat-form-field>
      <button mat-flat-button type="submit">Filter</button>
      @if (applied()) {
        <button mat-button type="button" (click)="clear()">Show all</button>
      }
    </form>
    <p class="count" aria-live="polite">{{ status() }}</p>
    @if (events().length) {
      <div class="table-wrap">
        <table class="rh-table" data-testid="audit-table">
          <caption class="visually-hidden">
            Audit events, newest first
          </caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Action</th>
              <th scope="col">Outcome</th>
              <th scope="col">By</th>
              <th scope="col">Patient</th>
              <th scope="col">Detail</th>
            </tr>
          </thead>
          <tbody>
            @for (event of events(); track event.id) {
              <tr>
                <td>{{ event.occurredAt | rhDate: 'dateTime' }}</td>
                <th scope="row">{{ event.action }}</th>
                <td>{{ event.outcome }}</td>
                <td>
                  {{ event.actorRole ?? '—' }} <span class="id">{{ event.actorUserId }}</span>
                </td>
                <td>
                  <span class="id">{{ event.patientId ?? '—' }}</span>
                </td>
                <td>
                  <code class="id">{{ detailOf(event) }}</code>
                </td>
              </tr>
            }
          </tbody>
        </table>
      </div>
    }
    @if (nextCursor(); as cursor) {
      <button mat-stroked-button type="button" (click)="load(cursor)">Load older events</button>
    }
  `,
  styleUrl: '../shared/page.scss',
  styles: `
    .id {
      font: var(--mat-sys-body-small);
      word-break: break-all;
    }
  `,
})
export class AuditPage implements OnInit {
  private readonly api = inject(ClinicApi);
  protected readonly patientId = new FormControl('', {
    nonNullable: true,
    validators: [Validators.pattern(UUID)],
  });
  // The form directive turns a submit into (ngSubmit) instead of a page reload.
  protected readonly filters = new FormGroup({ patientId: this.patientId });
  protected readonly events = signal<AuditEventView[]>([]);
  protected readonly nextCursor = signal<string | null>(null);
  protected readonly applied = signal<string | null>(null);
  protected readonly status = signal('Loading…');

  ngOnInit(): void {
    this.load();
  }

  protected detailOf(event: AuditEventView): string {
    const entries = Object.entries(event.detail ?? {});
    return entries.length ? entries.map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join(', ') : '—';
  }

  protected apply(): void {
    if (this.patientId.invalid) {
      this.patientId.markAsTouched();
      return;
    }
    this.applied.set(this.patientId.value.trim() || null);
    this.load();
  }

  protected clear(): void {
    this.patientId.setValue('');
    this.applied.set(null);
    this.load();
  }

  protected load(cursor?: string): void {
    this.status.set('Loading…');
    this.api.audit({ patientId: this.applied() ?? undefined, cursor }).subscribe({
      next: (page) => {
        this.events.update((rows) => (cursor ? [...rows, ...page.items] : page.items));
        this.nextCursor.set(page.nextCursor);
        const n = this.events().length;
        this.status.set(
          n
            ? `${n} event${n === 1 ? '' : 's'} shown${page.nextCursor ? ', newest first; more are older' : ''}.`
            : 'No events.',
        );
      },
      error: () => this.status.set('The audit trail could not be loaded.'),
    });
  }
}
