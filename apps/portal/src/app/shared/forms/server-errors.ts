import { HttpErrorResponse } from '@angular/common/http';
import { AbstractControl, FormArray, FormGroup, ValidationErrors } from '@angular/forms';
import type { FieldError } from '@rehabit/contracts';
import { describeHttpError, problemOf } from '../../core/http/problem';

/** `items[2].sets` → `['items', 2, 'sets']`. */
export function fieldPathSegments(field: string): (string | number)[] {
  const segments: (string | number)[] = [];
  for (const part of field.split('.')) {
    const match = /^([^[\]]*)((?:\[\d+\])*)$/.exec(part);
    if (!match) {
      segments.push(part);
      continue;
    }
    if (match[1]) segments.push(match[1]);
    for (const index of match[2].matchAll(/\[(\d+)\]/g)) segments.push(Number(index[1]));
  }
  return segments;
}

/** The control an API field path names, or null when the form has no such control. */
export function controlForField(root: AbstractControl, field: string): AbstractControl | null {
  if (!field) return null;
  let control: AbstractControl | null = root;
  for (const segment of fieldPathSegments(field)) {
    if (control instanceof FormArray && typeof segment === 'number') {
      control = control.at(segment) ?? null;
    } else if (control instanceof FormGroup && typeof segment === 'string') {
      control = control.get(segment);
    } else {
      return null;
    }
    if (!control) return null;
  }
  return control;
}

/**
 * Puts each API field error on the control it names (as `{ server: message }`, shown by the
 * field's mat-error) and returns the ones no control took, for a message above the form.
 * `aliases` renames API fields the form calls differently (`admin.email` → `email`).
 */
export function applyFieldErrors(
  root: AbstractControl,
  errors: readonly FieldError[],
  aliases: Readonly<Record<string, string>> = {},
): FieldError[] {
  const unplaced: FieldError[] = [];
  for (const error of errors) {
    const control = controlForField(root, aliases[error.field] ?? error.field);
    if (!control) {
      unplaced.push(error);
      continue;
    }
    const existing: ValidationErrors = control.errors ?? {};
    control.setErrors({ ...existing, server: error.message });
    control.markAsTouched();
  }
  return unplaced;
}

/** What a form shows above its fields after a failed submit, with field errors placed. */
export function formFailure(
  root: AbstractControl,
  error: unknown,
  aliases: Readonly<Record<string, string>> = {},
): string {
  if (!(error instanceof HttpErrorResponse)) return 'Something went wrong. Please try again.';
  const fieldErrors = problemOf(error)?.errors ?? [];
  if (fieldErrors.length === 0) return describeHttpError(error);
  const unplaced = applyFieldErrors(root, fieldErrors, aliases);
  if (unplaced.length === 0) return 'Please correct the highlighted fields.';
  return unplaced.map((e) => (e.field ? `${e.field}: ${e.message}` : e.message)).join(' ');
}

/** The message a field shows: the API's own words first, then the form's validators. */
export function fieldMessage(
  control: AbstractControl | null,
  label: string,
  limits: { min?: number; max?: number; minLength?: number; maxLength?: number } = {},
): string {
  const errors = control?.errors;
  if (!errors) return '';
  if (typeof errors['server'] === 'string') return errors['server'];
  if (errors['required']) return `${label} is required`;
  if (errors['email']) return 'Enter an email address like name@example.com';
  if (errors['minlength'])
    return `${label} must be at least ${limits.minLength ?? errors['minlength'].requiredLength} characters`;
  if (errors['maxlength'])
    return `${label} must be at most ${limits.maxLength ?? errors['maxlength'].requiredLength} characters`;
  if (errors['min'] || errors['max'] || errors['integer'])
    return `${label} must be a whole number from ${limits.min ?? errors['min']?.min} to ${limits.max ?? errors['max']?.max}`;
  if (errors['mismatch']) return 'The two passwords are not the same';
  if (errors['timeZone']) return 'Choose a time zone from the list';
  return `${label} is not valid`;
}
