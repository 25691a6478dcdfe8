import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { fieldMessage, formFailure } from '../shared/forms/server-errors';
import { timeZone, timeZoneOptions } from '../shared/forms/validators';
import { ClinicApi } from './clinic-api';

@Component({
  selector: 'rh-clinic-settings-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatButtonModule, MatFormFieldModule, MatInputModule],
  template: `
    <h1>Clinic settings</h1>
    <p class="count" role="status">{{ notice() }}</p>
    @if (failure()) {
      <p class="alert" role="alert">{{ failure() }}</p>
    }
    <form
      [formGroup]="form"
      (ngSubmit)="save()"
      novalidate
      aria-label="Clinic settings"
      class="stack"
    >
      <mat-form-field appearance="outline">
        <mat-label>Clinic name</mat-label>
        <input matInput formControlName="name" required />
        <mat-error>{{ msg(form.controls.name, 'Clinic name', { maxLength: 200 }) }}</mat-error>
      </mat-form-field>
      <mat-form-field appearance="outline">
        <mat-label>Time zone</mat-label>
        <select matNativeControl formControlName="timezone">
          @for (zone of zones; track zone) {
            <option [value]="zone">{{ zone }}</option>
          }
        </select>
        <mat-error>{{ msg(form.controls.timezone, 'Time zone') }}</mat-error>
      </mat-form-field>
      <div class="actions">
        <button mat-flat-button type="submit" [disabled]="busy() || form.pristine">
          Save settings
        </button>
      </div>
    </form>
  `,
  styleUrl: '../shared/page.scss',
  styles: `
    .stack {
      display: flex;
      flex-direction: column;
      max-width: 30rem;
    }
  `,
})
export class ClinicSettingsPage implements OnInit {
  private readonly api = inject(ClinicApi);
  protected readonly msg = fieldMessage;
  protected readonly zones = timeZoneOptions();
  protected readonly form = inject(NonNullableFormBuilder).group({
    name: ['', [Validators.required, Validators.maxLength(200)]],
    timezone: ['', [Validators.required, timeZone]],
  });
  protected readonly busy = signal(false);
  protected readonly notice = signal('');
  protected readonly failure = signal('');

  ngOnInit(): void {
    this.api
      .clinic()
      .subscribe((clinic) => this.form.reset({ name: clinic.name, timezone: clinic.timezone }));
  }

  protected save(): void {
    this.failure.set('');
    this.notice.set('');
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const v = this.form.getRawValue();
    this.busy.set(true);
    this.api.updateClinic({ name: v.name.trim(), timezone: v.timezone }).subscribe({
      next: (clinic) => {
        this.busy.set(false);
        this.form.reset({ name: clinic.name, timezone: clinic.timezone });
        this.notice.set('Settings saved.');
      },
      error: (error: unknown) => {
        this.busy.set(false);
        this.failure.set(formFailure(this.form, error));
      },
    });
  }
}
