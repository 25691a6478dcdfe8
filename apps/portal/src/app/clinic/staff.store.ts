import { inject, Injectable, signal } from '@angular/core';
import type {
  CreateStaffRequest,
  CreateStaffResponse,
  StaffMember,
  UpdateStaffRequest,
} from '@rehabit/contracts';
import { Observable, tap } from 'rxjs';
import { describeFailure } from '../core/http/problem';
import { ClinicApi } from './clinic-api';

/** The clinic's staff list, invitations and changes of role or access. */
@Injectable({ providedIn: 'root' })
export class StaffStore {
  private readonly api = inject(ClinicApi);

  readonly staff = signal<StaffMember[]>([]);
  readonly nextCursor = signal<string | null>(null);
  readonly loading = signal(false);
  readonly error = signal<string | null>(null);
  /** The outcome of the last change, read out by a live region. */
  readonly notice = signal<string | null>(null);
  readonly lastInvitation = signal<CreateStaffResponse | null>(null);

  load(cursor?: string): void {
    this.loading.set(true);
    this.api.staff(cursor).subscribe({
      next: (page) => {
        this.staff.update((rows) => (cursor ? [...rows, ...page.items] : page.items));
        this.nextCursor.set(page.nextCursor);
        this.loading.set(false);
      },
      error: () => {
        this.loading.set(false);
        this.error.set('The staff list could not be loaded.');
      },
    });
  }

  invite(body: CreateStaffRequest): Observable<CreateStaffResponse> {
    return this.api.invite(body).pipe(
      tap((created) => {
        this.lastInvitation.set(created);
        this.staff.update((rows) => [...rows, created]);
      }),
    );
  }

  /** Applies a change; a 409 (the last administrator) becomes the notice, not an exception. */
  update(member: StaffMember, body: UpdateStaffRequest, done: string): void {
    this.notice.set(null);
    this.api.updateStaff(member.id, body).subscribe({
      next: (updated) => {
        this.staff.update((rows) => rows.map((r) => (r.id === updated.id ? updated : r)));
        this.notice.set(done);
      },
      error: (error: unknown) => {
        this.notice.set(describeFailure(error, 'The change could not be saved.'));
        // Put the row back as the server has it (a select may show the refused value).
        this.staff.update((rows) => rows.map((r) => (r.id === member.id ? { ...member } : r)));
      },
    });
  }
}
