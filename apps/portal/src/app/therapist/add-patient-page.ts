import {
  ChangeDetectionStrategy,
  Component,
  computed,
  ElementRef,
  inject,
  signal,
} from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { RouterLink } from '@angular/router';
import type { CreatePatientRequest, CreatePatientResponse } from '@rehabit/contracts';
import { focusFirstInvalid } from '../auth/focus-invalid';
import { AuthStore } from '../core/auth/auth-store';
import { InvitationLink } from '../shared/invitation-link';
import { fieldMessage, formFailure } from '../shared/forms/server-errors';
import { browserTimeZone, timeZone, timeZoneOptions } from '../shared/forms/validators';
import { CaseloadStore } from './caseload.store';
import { PatientsApi } from './patients-api';

@Component({
  selector: 'rh-add-patient-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    RouterLink,
    InvitationLink,
  ],
  template: `
    <p><a routerLink="/therapist">← All patients</a></p>
    <h1>Add patient</h1>
    @if (created(); as patient) {
      <p role="status" class="note">{{ patient.displayName }} was added.</p>
      <rh-invitation-link [ticket]="patient.invitation" [name]="patient.displayName" />
      <div class="actions">
        <a mat-flat-button [routerLink]="['/therapist/patients', patient.id]">Open patient</a>
        @if (isTherapist()) {
          <a mat-stroked-button [routerLink]="['/therapist/patients', patient.id, 'plans', 'new']">
            Build a plan
          </a>
        }
        <button mat-button type="button" (click)="another()">Add another patient</button>
      </div>
    } @else {
      @if (failure()) {
        <p class="alert" role="alert" data-testid="form-error">{{ failure() }}</p>
      }
      <form
        [formGroup]="form"
        (ngSubmit)="submit()"
        novalidate
        aria-label="New patient"
        class="stack"
      >
        <mat-form-field appearance="outline">
          <mat-label>Full name</mat-label>
          <input matInput formControlName="displayName" autocomplete="off" required />
          <mat-error>{{ msg(form.controls.displayName, 'Name', { maxLength: 120 }) }}</mat-error>
        </mat-form-field>
        <mat-form-field appearance="outline">
          <mat-label>Email</mat-label>
          <input matInput formControlName="email" type="email" autocomplete="off" required />
          <mat-error>{{ msg(form.controls.email, 'Email') }}</mat-error>
        </mat-form-field>
        <mat-form-field appearance="outline">
          <mat-label>Time zone</mat-label>
          <select matNativeControl formControlName="timezone">
            @for (zone of zones; track zone) {
              <option [value]="zone">{{ zone }}</option>
            }
          </select>
          <mat-hint>The patient's days start and end in this zone.</mat-hint>
          <mat-error>{{ msg(form.controls.timezone, 'Time zone') }}</mat-error>
        </mat-form-field>
        <mat-form-field appearance="outline">
          <mat-label>Date of birth (optional)</mat-label>
          <input matInput formControlName="dateOfBirth" type="date" />
          <mat-error>{{ msg(form.controls.dateOfBirth, 'Date of birth') }}</mat-error>
        </mat-form-field>
        <mat-form-field appearance="outline">
          <mat-label>Condition (optional)</mat-label>
          <input matInput formControlName="condition" />
          <mat-error>{{ msg(form.controls.condition, 'Condition', { maxLength: 500 }) }}</mat-error>
        </mat-form-field>
        <div class="actions">
          <button mat-flat-button type="submit" [disabled]="busy()">
            {{ busy() ? 'Adding…' : 'Add patient and create invitation' }}
          </button>
        </div>
      </form>
    }
  `,
  styleUrl: '../shared/page.scss',
  styles: `
    .stack {
      display: flex;
      flex-direction: column;
      max-width: 32rem;
    }
  `,
})
export class AddPatientPage {
  private readonly api = inject(PatientsApi);
  private readonly auth = inject(AuthStore);
  private readonly caseload = inject(CaseloadStore);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;
  private readonly fb = inject(NonNullableFormBuilder);

  protected readonly zones = timeZoneOptions();
  protected readonly msg = fieldMessage;
  protected readonly isTherapist = computed(() => this.auth.role() === 'therapist');
  protected readonly form = this.fb.group({
    displayName: ['', [Validators.required, Validators.maxLength(120)]],
    email: ['', [Validators.required, Validators.email, Validators.maxLength(254)]],
    timezone: [browserTimeZone(), [timeZone]],
    dateOfBirth: [''],
    condition: ['', [Validators.maxLength(500)]],
  });
  protected readonly busy = signal(false);
  protected readonly failure = signal('');
  protected readonly created = signal<CreatePatientResponse | null>(null);

  protected submit(): void {
    this.failure.set('');
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      focusFirstInvalid(this.host);
      return;
    }
    const value = this.form.getRawValue();
    const body: CreatePatientRequest = {
      displayName: value.displayName.trim(),
      email: value.email.trim(),
      timezone: value.timezone || undefined,
      dateOfBirth: value.dateOfBirth || undefined,
      condition: value.condition.trim() || undefined,
      // A therapist's new patient is theirs; an admin leaves the patient unassigned.
      therapistId: this.isTherapist() ? this.auth.user()?.id : undefined,
    };
    this.busy.set(true);
    this.api.create(body).subscribe({
      next: (patient) => {
        this.busy.set(false);
        this.created.set(patient);
        this.caseload.reload();
      },
      error: (error: unknown) => {
        this.busy.set(false);
        this.failure.set(formFailure(this.form, error));
        focusFirstInvalid(this.host);
      },
    });
  }

  protected another(): void {
    this.created.set(null);
    this.form.reset();
  }
}
