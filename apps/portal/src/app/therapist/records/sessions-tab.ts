import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import type { SessionLog } from '@rehabit/contracts';
import { SESSION_LIMITS } from '@rehabit/domain';
import { FormatDatePipe } from '../../shared/format-date';
import { fieldMessage, formFailure } from '../../shared/forms/server-errors';
import { PatientRecordsStore } from '../patient-records.store';

type Mode = { id: string; kind: 'edit' | 'delete' } | null;

@Component({
  selector: 'rh-sessions-tab',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    FormatDatePipe,
    ReactiveFormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
  ],
  template: `
    <h2 id="sessions-heading">Sessions</h2>
    <p class="count" role="status">{{ store.notice() }}</p>
    @if (store.sessions().length === 0) {
      <p>No sessions logged yet.</p>
    }
    <ul class="sessions" aria-labelledby="sessions-heading" data-testid="sessions">
      @for (s of store.sessions(); track s.id) {
        <li class="card" data-testid="session">
          <h3>{{ s.performedOn | rhDate: 'longDay' }}</h3>
          <p>
            {{ done(s) }} of {{ s.items.length }} exercises done · pain before
            {{ s.painBefore ?? '—' }}, after {{ s.painAfter ?? '—' }} · logged by
            {{ s.loggedBy.role }}
            @if (s.planStatus !== 'active') {
              · plan was {{ s.planStatus }}
            }
          </p>
          @if (s.notes) {
            <p class="meta">Note: {{ s.notes }}</p>
          }
          @if (mode()?.id === s.id) {
            @if (failure()) {
              <p class="alert" role="alert">{{ failure() }}</p>
            }
            @if (mode()?.kind === 'edit') {
              <form
                [formGroup]="editForm"
                (ngSubmit)="saveNotes(s)"
                novalidate
                aria-label="Edit session note"
              >
                <mat-form-field appearance="outline" class="wide">
                  <mat-label>Note</mat-label>
                  <textarea matInput rows="2" [formControl]="notes"></textarea>
                  <mat-error>{{ msg(notes, 'Note', { maxLength: notesMax }) }}</mat-error>
                </mat-form-field>
                <div class="actions">
                  <button mat-flat-button type="submit" [disabled]="busy()">Save note</button>
                  <button mat-button type="button" (click)="mode.set(null)">Cancel</button>
                </div>
              </form>
            } @else {
              <form
                [formGroup]="deleteForm"
                (ngSubmit)="remove(s)"
                novalidate
                aria-label="Delete session"
              >
                <mat-form-field appearance="outline" class="wide">
                  <mat-label>Reason for deleting</mat-label>
                  <input matInput [formControl]="reason" required />
                  <mat-error>{{ msg(reason, 'Reason', { maxLength: 500 }) }}</mat-error>
                </mat-form-field>
                <div class="actions">
                  <button mat-flat-button type="submit" [disabled]="busy()">Delete session</button>
                  <button mat-button type="button" (click)="mode.set(null)">Cancel</button>
                </div>
              </form>
            }
          } @else {
            <div class="actions">
              <button mat-stroked-button type="button" (click)="edit(s)">Edit note</button>
              <button mat-button type="button" (click)="startDelete(s)">Delete…</button>
            </div>
          }
          <details (toggle)="historyToggled(s.id, $event)">
            <summary>Change history</summary>
            @if (store.history()[s.id]; as versions) {
              <ol>
                @for (v of versions; track v.version) {
                  <li>
                    Version {{ v.version }}: {{ v.change }} by {{ v.changedBy.role }},
                    {{ v.changedAt | rhDate: 'dateTime' }}
                    @if (v.reason) {
                      — “{{ v.reason }}”
                    }
                  </li>
                }
              </ol>
            } @else {
              <p>Loading…</p>
            }
          </details>
        </li>
      }
    </ul>
  `,
  styleUrl: '../../shared/page.scss',
  styles: `
    .sessions {
      list-style: none;
      padding: 0;
    }
    h3 {
      margin: 0;
      font: var(--mat-sys-title-medium);
    }
    .meta {
      color: var(--mat-sys-on-surface-variant);
    }
    .wide {
      width: 100%;
    }
    summary {
      min-height: 44px;
      display: flex;
      align-items: center;
      cursor: pointer;
    }
  `,
})
export class SessionsTab {
  protected readonly store = inject(PatientRecordsStore);
  protected readonly msg = fieldMessage;
  protected readonly notesMax = SESSION_LIMITS.notes;
  protected readonly mode = signal<Mode>(null);
  protected readonly busy = signal(false);
  protected readonly failure = signal('');
  protected readonly notes = new FormControl('', {
    nonNullable: true,
    validators: [Validators.maxLength(SESSION_LIMITS.notes)],
  });
  protected readonly reason = new FormControl('', {
    nonNullable: true,
    validators: [Validators.required, Validators.maxLength(500)],
  });

  protected readonly editForm = new FormGroup({ notes: this.notes });
  protected readonly deleteForm = new FormGroup({ reason: this.reason });

  protected done(s: SessionLog): number {
    return s.items.filter((i) => i.completed).length;
  }

  protected edit(s: SessionLog): void {
    this.failure.set('');
    this.notes.reset(s.notes ?? '');
    this.mode.set({ id: s.id, kind: 'edit' });
  }

  protected startDelete(s: SessionLog): void {
    this.failure.set('');
    this.reason.reset('');
    this.mode.set({ id: s.id, kind: 'delete' });
  }

  protected saveNotes(s: SessionLog): void {
    if (this.notes.invalid) return this.notes.markAsTouched();
    this.busy.set(true);
    this.store.updateSessionNotes(s, this.notes.value.trim() || null).subscribe({
      next: () => {
        this.busy.set(false);
        this.mode.set(null);
      },
      error: (error: unknown) => {
        this.busy.set(false);
        this.failure.set(formFailure(this.editForm, error));
      },
    });
  }

  protected remove(s: SessionLog): void {
    if (this.reason.invalid || !this.reason.value.trim()) {
      this.reason.setErrors({ required: true });
      return this.reason.markAsTouched();
    }
    this.busy.set(true);
    this.store.deleteSession(s, this.reason.value.trim()).subscribe({
      next: () => {
        this.busy.set(false);
        this.mode.set(null);
      },
      error: (error: unknown) => {
        this.busy.set(false);
        this.failure.set(formFailure(this.deleteForm, error));
      },
    });
  }

  protected historyToggled(id: string, event: Event): void {
    if ((event.target as HTMLDetailsElement).open) this.store.loadHistory(id);
  }
}
