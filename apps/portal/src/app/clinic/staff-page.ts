import { FormatDatePipe } from '../shared/format-date';
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  ElementRef,
  inject,
  OnInit,
  signal,
} from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import type { StaffMember, StaffRole } from '@rehabit/contracts';
import { focusFirstInvalid } from '../auth/focus-invalid';
import { AuthStore } from '../core/auth/auth-store';
import { confirmAction } from '../shared/confirm-dialog';
import { fieldMessage, formFailure } from '../shared/forms/server-errors';
import { InvitationLink } from '../shared/invitation-link';
import { StaffStore } from './staff.store';

const ROLE_LABELS: Readonly<Record<StaffRole, string>> = {
  therapist: 'Therapist',
  admin: 'Administrator',
};

@Component({
  selector: 'rh-staff-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    FormatDatePipe,
    ReactiveFormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    InvitationLink,
  ],
  template: `
    <h1>Staff</h1>
    <p class="count" role="status">{{ store.notice() }}</p>
    @if (store.error()) {
      <p class="alert" role="alert">{{ store.error() }}</p>
    }
    <div class="table-wrap">
      <table class="rh-table" data-testid="staff-table">
        <caption class="visually-hidden">
          Clinic staff
        </caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            <th scope="col">Status</th>
            <th scope="col">Access</th>
          </tr>
        </thead>
        <tbody>
          @for (member of store.staff(); track member.id) {
            <tr [attr.data-email]="member.email">
              <th scope="row">
                {{ member.displayName }}
                @if (member.id === me()) {
                  <span class="meta">(you)</span>
                }
              </th>
              <td>{{ member.email }}</td>
              <td>
                <select
                  class="role"
                  [value]="member.role"
                  [attr.aria-label]="'Role of ' + member.displayName"
                  (change)="changeRole(member, $any($event.target))"
                >
                  <option value="therapist">Therapist</option>
                  <option value="admin">Administrator</option>
                </select>
              </td>
              <td>
                {{ !member.active ? 'Deactivated' : member.activated ? 'Active' : 'Invited' }}
                <span class="meta">since {{ member.createdAt | rhDate }}</span>
              </td>
              <td>
                <button
                  mat-stroked-button
                  type="button"
                  (click)="toggleActive(member)"
                  [attr.aria-label]="
                    (member.active ? 'Deactivate ' : 'Reactivate ') + member.displayName
                  "
                >
                  {{ member.active ? 'Deactivate' : 'Reactivate' }}
                </button>
              </td>
            </tr>
          }
        </tbody>
      </table>
    </div>
    @if (store.nextCursor(); as cursor) {
      <button mat-stroked-button type="button" (click)="store.load(cursor)">Load more staff</button>
    }

    <section class="card" aria-labelledby="invite-heading">
      <h2 id="invite-heading">Invite a colleague</h2>
      @if (store.lastInvitation(); as invited) {
        <rh-invitation-link [ticket]="invited.invitation" [name]="invited.displayName" />
      }
      @if (failure()) {
        <p class="alert" role="alert" data-testid="form-error">{{ failure() }}</p>
      }
      <form
        [formGroup]="form"
        (ngSubmit)="invite()"
        novalidate
        aria-labelledby="invite-heading"
        class="filters"
      >
        <mat-form-field appearance="outline">
          <mat-label>Name</mat-label>
          <input matInput formControlName="displayName" autocomplete="off" required />
          <mat-error>{{ msg(form.controls.displayName, 'Name', { maxLength: 120 }) }}</mat-error>
        </mat-form-field>
        <mat-form-field appearance="outline">
          <mat-label>Email</mat-label>
          <input matInput type="email" formControlName="email" autocomplete="off" required />
          <mat-error>{{ msg(form.controls.email, 'Email') }}</mat-error>
        </mat-form-field>
        <mat-form-field appearance="outline">
          <mat-label>Role</mat-label>
          <select matNativeControl formControlName="role">
            <option value="therapist">Therapist</option>
            <option value="admin">Administrator</option>
          </select>
        </mat-form-field>
        <button mat-flat-button type="submit" [disabled]="busy()">
          {{ busy() ? 'Inviting…' : 'Send invitation' }}
        </button>
      </form>
    </section>
  `,
  styleUrl: '../shared/page.scss',
  styles: `
    .role {
      min-height: 44px;
      font: inherit;
      padding: 0 0.25rem;
    }
    .meta {
      display: block;
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class StaffPage implements OnInit {
  protected readonly store = inject(StaffStore);
  private readonly dialog = inject(MatDialog);
  private readonly auth = inject(AuthStore);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;
  protected readonly msg = fieldMessage;
  protected readonly me = computed(() => this.auth.user()?.id);
  protected readonly form = inject(NonNullableFormBuilder).group({
    displayName: ['', [Validators.required, Validators.maxLength(120)]],
    email: ['', [Validators.required, Validators.email, Validators.maxLength(254)]],
    role: ['therapist' as StaffRole],
  });
  protected readonly busy = signal(false);
  protected readonly failure = signal('');

  ngOnInit(): void {
    this.store.lastInvitation.set(null);
    this.store.notice.set(null);
    this.store.load();
  }

  protected invite(): void {
    this.failure.set('');
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      focusFirstInvalid(this.host);
      return;
    }
    const v = this.form.getRawValue();
    this.busy.set(true);
    this.store
      .invite({ displayName: v.displayName.trim(), email: v.email.trim(), role: v.role })
      .subscribe({
        next: () => {
          this.busy.set(false);
          this.form.reset();
          setTimeout(() =>
            this.host.querySelector<HTMLElement>('[data-testid="invitation-url"]')?.focus(),
          );
        },
        error: (error: unknown) => {
          this.busy.set(false);
          this.failure.set(formFailure(this.form, error));
          focusFirstInvalid(this.host);
        },
      });
  }

  protected changeRole(member: StaffMember, select: HTMLSelectElement): void {
    const role = select.value as StaffRole;
    if (role === member.role) return;
    confirmAction(this.dialog, {
      title: `Make ${member.displayName} ${ROLE_LABELS[role].toLowerCase()}?`,
      message: `${member.displayName} will be signed out everywhere and sign in again as ${ROLE_LABELS[role].toLowerCase()}.`,
      confirm: 'Change role',
    }).subscribe((yes) => {
      if (yes)
        this.store.update(
          member,
          { role },
          `${member.displayName} is now ${ROLE_LABELS[role].toLowerCase()}.`,
        );
      else select.value = member.role;
    });
  }

  protected toggleActive(member: StaffMember): void {
    const active = !member.active;
    confirmAction(this.dialog, {
      title: `${active ? 'Reactivate' : 'Deactivate'} ${member.displayName}?`,
      message: active
        ? `${member.displayName} will be able to sign in again.`
        : `${member.displayName} will be signed out everywhere and cannot sign in until reactivated.`,
      confirm: active ? 'Reactivate' : 'Deactivate',
    }).subscribe((yes) => {
      if (yes)
        this.store.update(
          member,
          { active },
          `${member.displayName} was ${active ? 'reactivated' : 'deactivated'}.`,
        );
    });
  }
}
