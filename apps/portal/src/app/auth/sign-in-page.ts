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
import { PASSWORD_MAX_LENGTH } from '@rehabit/contracts';
import { AuthApi } from '../core/auth/auth-api';
import { AuthStore } from '../core/auth/auth-store';
import { homeOf } from '../core/auth/home';
import { Session } from '../core/auth/session';
import { describeHttpError, problemOf } from '../core/http/problem';
import { fieldMessage, formFailure } from '../shared/forms/server-errors';
import { focusFirstInvalid } from './focus-invalid';

/** Only a path inside the portal, and not back into the auth pages. */
export function safeReturnUrl(value: string | undefined): string | null {
  if (!value || !value.startsWith('/') || value.startsWith('//')) return null;
  if (value.startsWith('/auth')) return null;
  return value;
}

export function signInFailure(error: unknown): string {
  if (error instanceof HttpErrorResponse && error.status === 401) {
    return problemOf(error)?.detail?.trim() || 'The email or password is not right.';
  }
  if (error instanceof HttpErrorResponse && error.status === 429) return describeHttpError(error);
  return '';
}

@Component({
  selector: 'rh-sign-in-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatButtonModule, MatFormFieldModule, MatInputModule, RouterLink],
  template: `
    <h1>Sign in</h1>
    @if (failure()) {
      <p class="alert" role="alert" data-testid="form-error">{{ failure() }}</p>
    }
    <form [formGroup]="form" (ngSubmit)="submit()" novalidate aria-label="Sign in">
      <mat-form-field appearance="outline">
        <mat-label>Email</mat-label>
        <input matInput formControlName="email" type="email" autocomplete="username" required />
        <mat-error>{{ message('email', 'Email') }}</mat-error>
      </mat-form-field>
      <mat-form-field appearance="outline">
        <mat-label>Password</mat-label>
        <input
          matInput
          formControlName="password"
          type="password"
          autocomplete="current-password"
          required
        />
        <mat-error>{{ message('password', 'Password') }}</mat-error>
      </mat-form-field>
      <div class="actions">
        <button mat-flat-button type="submit" [disabled]="busy()">
          {{ busy() ? 'Signing in…' : 'Sign in' }}
        </button>
      </div>
    </form>
    <p class="aside">
      Patients: use the invitation link from your therapist to set your password first.
    </p>
    <p>New clinic? <a routerLink="/auth/sign-up">Sign up your clinic</a></p>
  `,
  styleUrl: './auth-form.scss',
})
export class SignInPage {
  /** Where the person was going before sign-in was asked for (query parameter). */
  readonly returnUrl = input<string>();

  private readonly api = inject(AuthApi);
  private readonly session = inject(Session);
  private readonly store = inject(AuthStore);
  private readonly router = inject(Router);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;

  protected readonly form = inject(NonNullableFormBuilder).group({
    email: ['', [Validators.required, Validators.email]],
    password: ['', [Validators.required, Validators.maxLength(PASSWORD_MAX_LENGTH)]],
  });
  protected readonly busy = signal(false);
  protected readonly failure = signal('');

  protected message(name: 'email' | 'password', label: string): string {
    return fieldMessage(this.form.controls[name], label);
  }

  protected submit(): void {
    this.failure.set('');
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      focusFirstInvalid(this.host);
      return;
    }
    this.busy.set(true);
    const { email, password } = this.form.getRawValue();
    this.api.login({ email: email.trim(), password }).subscribe({
      next: (response) => {
        this.session.start(response);
        this.busy.set(false);
        void this.router.navigateByUrl(
          safeReturnUrl(this.returnUrl()) ?? homeOf(this.store.role()),
        );
      },
      error: (error: unknown) => {
        this.busy.set(false);
        this.failure.set(signInFailure(error) || formFailure(this.form, error));
        focusFirstInvalid(this.host);
      },
    });
  }
}
