import { AbstractControl, ValidationErrors, ValidatorFn } from '@angular/forms';
import { isValidTimeZone } from '@rehabit/domain';

/** Whole numbers only (the API refuses 2.5 sets). Empty is left to `required`. */
export const integer: ValidatorFn = (control: AbstractControl): ValidationErrors | null => {
  const value: unknown = control.value;
  if (value === null || value === undefined || value === '') return null;
  return Number.isInteger(Number(value)) ? null : { integer: true };
};

export const timeZone: ValidatorFn = (control: AbstractControl): ValidationErrors | null =>
  !control.value || isValidTimeZone(control.value) ? null : { timeZone: true };

/** On a group: its `password` and `confirm` controls hold the same text. */
export const passwordsMatch: ValidatorFn = (group: AbstractControl): ValidationErrors | null => {
  const confirm = group.get('confirm');
  const same = group.get('password')?.value === confirm?.value;
  if (!confirm) return null;
  const { mismatch: _dropped, ...others } = confirm.errors ?? {};
  if (same) {
    confirm.setErrors(Object.keys(others).length ? others : null);
    return null;
  }
  if (confirm.value) confirm.setErrors({ ...others, mismatch: true });
  return { mismatch: true };
};

/** The zones the browser knows, with the browser's own first-class default. */
export function timeZoneOptions(): string[] {
  const zones =
    typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  const list = zones.length ? [...zones] : ['UTC'];
  const own = browserTimeZone();
  if (!list.includes(own)) list.unshift(own);
  return list;
}

export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}
