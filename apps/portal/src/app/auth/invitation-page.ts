import { HttpErrorResponse } from '@angular/common/http';
import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  inject,
  input,
  signal,
} from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { Router, RouterLink } from '@angular/router';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@rehabit/contracts';
import { AuthApi } from '../core/auth/auth-api';
import { AuthStore } from '../core/auth/auth-store';
import { homeOf } from '../core/auth/home';
import { Session } from '../core/auth/session';
import { problemOf } from '../core/http/problem';
import { fieldMessage, formFailure } from '../shared/forms/server-errors';
import { passwordsMatch } from '../shared/forms/validators';
import { focusFirstInvalid } from './focus-invalid';

@Component({
  selector: 'rh-invitation-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatButtonModule, MatFormFieldModule, MatInputModule, RouterLink],
  template: `
    <h1>Welcome to Rehabit</h1>
    @if (!token()) {
      <p class="alert" role="alert">
        This page needs the full link from your invitation. Open the link you were sent again, or
        ask for a new invitation.
      </p>
    } @else {
      <p>Choose a password. You will use it with your email address to sign in.</p>
      @if (failure()) {
        <p class="alert" role="alert" data-testid="form-error">{{ failure() }}</p>
      }
      <form [formGroup]="form" (ngSubmit)="submit()" novalidate aria-label="Set your password">
        <mat-form-field appearance="outline">
          <mat-label>New password</mat-label>
          <input
            matInput
            formControlName="password"
            type="password"
            autocomplete="new-password"
            required
          />
          <mat-hint>At least {{ minLength }} characters; not a common password.</mat-hint>
          <mat-error>{{ msg(form.controls.password, 'Password', lengths) }}</mat-error>
        </mat-form-field>
        <mat-form-field appearance="outline">
          <mat-label>New password again</mat-label>
          <input
            matInput
            formControlName="confirm"
            type="password"
            autocomplete="new-password"
            required
          />
          <mat-error>{{ msg(form.controls.confirm, 'Password again') }}</mat-error>
        </mat-form-field>
        <div class="actions">
          <button mat-flat-button type="submit" [disabled]="busy()">
            {{ busy() ? 'Saving…' : 'Set password and sign in' }}
          </button>
        </div>
      </form>
    }
    <p class="aside">Already set your password? <a routerLink="/auth/sign-in">Sign in</a></p>
  `,
  styleUrl: './auth-form.scss',
})
export class InvitationPage {
  /** The one-time token from the invitation link (`?token=`). */
  readonly token = input<string>();

  private readonly api = inject(AuthApi);
  private readonly session = inject(Session);
  private readonly store = inject(AuthStore);
  private readonly router = inject(Router);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;

  protected readonly minLength = PASSWORD_MIN_LENGTH;
  protected readonly lengths = { minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH };
  protected readonly msg = fieldMessage;
  protected readonly form = inject(NonNullableFormBuilder).group(
    {
      password: [
        '',
        [
          Validators.required,
          Validators.minLength(PASSWORD_MIN_LENGTH),
          Validators.maxLength(PASSWORD_MAX_LENGTH),
        ],
      ],
      confirm: ['', Validators.required],
    },
    { validators: passwordsMatch },
  );
  protected readonly busy = signal(false);
  protected readonly failure = signal('');

  protected submit(): void {
    const token = this.token();
    this.failure.set('');
    if (!token) return;
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      focusFirstInvalid(this.host);
      return;
    }
    this.busy.set(true);
    this.api.acceptInvitation({ token, password: this.form.getRawValue().password }).subscribe({
      next: (response) => {
        this.session.start(response);
        this.busy.set(false);
        void this.router.navigateByUrl(homeOf(this.store.role()));
      },
      error: (error: unknown) => {
        this.busy.set(false);
        const tokenProblem =
          error instanceof HttpErrorResponse &&
          (problemOf(error)?.errors ?? []).some((e) => e.field === 'token');
        this.failure.set(
          tokenProblem
            ? 'This invitation link is not valid any more (it may have been used or have expired). Ask for a new one.'
            : formFailure(this.form, error),
        );
        focusFirstInvalid(this.host);
      },
    });
  }
}
