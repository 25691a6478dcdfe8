import { ChangeDetectionStrategy, Component, ElementRef, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { Router, RouterLink } from '@angular/router';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@rehabit/contracts';
import { switchMap } from 'rxjs';
import { AuthApi } from '../core/auth/auth-api';
import { AuthStore } from '../core/auth/auth-store';
import { homeOf } from '../core/auth/home';
import { Session } from '../core/auth/session';
import { fieldMessage, formFailure } from '../shared/forms/server-errors';
import {
  browserTimeZone,
  passwordsMatch,
  timeZone,
  timeZoneOptions,
} from '../shared/forms/validators';
import { focusFirstInvalid } from './focus-invalid';

@Component({
  selector: 'rh-clinic-sign-up-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatButtonModule, MatFormFieldModule, MatInputModule, RouterLink],
  template: `
    <h1>Sign up your clinic</h1>
    <p>You become the clinic's administrator, and can invite your therapists next.</p>
    @if (failure()) {
      <p class="alert" role="alert" data-testid="form-error">{{ failure() }}</p>
    }
    <form [formGroup]="form" (ngSubmit)="submit()" novalidate aria-label="Clinic sign-up">
      <fieldset>
        <legend>Clinic</legend>
        <mat-form-field appearance="outline">
          <mat-label>Clinic name</mat-label>
          <input matInput formControlName="name" autocomplete="organization" required />
          <mat-error>{{ msg(form.controls.name, 'Clinic name', { maxLength: 200 }) }}</mat-error>
        </mat-form-field>
        <mat-form-field appearance="outline">
          <mat-label>Time zone</mat-label>
          <select matNativeControl formControlName="timezone" required>
            @for (zone of zones; track zone) {
              <option [value]="zone">{{ zone }}</option>
            }
          </select>
          <mat-hint
            >Dates in plans and logs follow this zone unless a patient has their own.</mat-hint
          >
          <mat-error>{{ msg(form.controls.timezone, 'Time zone') }}</mat-error>
        </mat-form-field>
      </fieldset>
      <fieldset formGroupName="admin">
        <legend>You, the administrator</legend>
        <mat-form-field appearance="outline">
          <mat-label>Your name</mat-label>
          <input matInput formControlName="displayName" autocomplete="name" required />
          <mat-error>{{ msg(admin.controls.displayName, 'Name', { maxLength: 120 }) }}</mat-error>
        </mat-form-field>
        <mat-form-field appearance="outline">
          <mat-label>Email</mat-label>
          <input matInput formControlName="email" type="email" autocomplete="email" required />
          <mat-error>{{ msg(admin.controls.email, 'Email') }}</mat-error>
        </mat-form-field>
        <mat-form-field appearance="outline">
          <mat-label>Password</mat-label>
          <input
            matInput
            formControlName="password"
            type="password"
            autocomplete="new-password"
            required
          />
          <mat-hint>At least {{ minLength }} characters; not a common password.</mat-hint>
          <mat-error>{{ msg(admin.controls.password, 'Password', lengths) }}</mat-error>
        </mat-form-field>
        <mat-form-field appearance="outline">
          <mat-label>Password again</mat-label>
          <input
            matInput
            formControlName="confirm"
            type="password"
            autocomplete="new-password"
            required
          />
          <mat-error>{{ msg(admin.controls.confirm, 'Password again') }}</mat-error>
        </mat-form-field>
      </fieldset>
      <div class="actions">
        <button mat-flat-button type="submit" [disabled]="busy()">
          {{ busy() ? 'Creating the clinic…' : 'Create clinic' }}
        </button>
      </div>
    </form>
    <p class="aside">Already registered? <a routerLink="/auth/sign-in">Sign in</a></p>
  `,
  styleUrl: './auth-form.scss',
})
export class ClinicSignUpPage {
  private readonly api = inject(AuthApi);
  private readonly session = inject(Session);
  private readonly store = inject(AuthStore);
  private readonly router = inject(Router);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;
  private readonly fb = inject(NonNullableFormBuilder);

  protected readonly zones = timeZoneOptions();
  protected readonly minLength = PASSWORD_MIN_LENGTH;
  protected readonly lengths = { minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH };
  protected readonly msg = fieldMessage;

  protected readonly admin = this.fb.group(
    {
      displayName: ['', [Validators.required, Validators.maxLength(120)]],
      email: ['', [Validators.required, Validators.email, Validators.maxLength(254)]],
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
  protected readonly form = this.fb.group({
    name: ['', [Validators.required, Validators.maxLength(200)]],
    timezone: [browserTimeZone(), [Validators.required, timeZone]],
    admin: this.admin,
  });
  protected readonly busy = signal(false);
  protected readonly failure = signal('');

  protected submit(): void {
    this.failure.set('');
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      focusFirstInvalid(this.host);
      return;
    }
    this.busy.set(true);
    const { name, timezone, admin } = this.form.getRawValue();
    const email = admin.email.trim();
    this.api
      .signUpClinic({
        name: name.trim(),
        timezone,
        admin: { email, password: admin.password, displayName: admin.displayName.trim() },
      })
      .pipe(switchMap(() => this.api.login({ email, password: admin.password })))
      .subscribe({
        next: (response) => {
          this.session.start(response);
          this.busy.set(false);
          void this.router.navigateByUrl(homeOf(this.store.role()));
        },
        error: (error: unknown) => {
          this.busy.set(false);
          this.failure.set(formFailure(this.form, error));
          focusFirstInvalid(this.host);
        },
      });
  }
}
