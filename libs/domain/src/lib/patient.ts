import type { LocalDate } from './dates';
import type { FieldError } from './validation';

/**
 * A patient's date of birth may not lie after the patient's own today: such a date is a typing
 * slip (2058 for 1958), and every age shown from it would be wrong.
 */
export function dateOfBirthErrors(
  dateOfBirth: LocalDate | null | undefined,
  today: LocalDate,
): FieldError[] {
  return dateOfBirth != null && dateOfBirth > today
    ? [{ field: 'dateOfBirth', message: 'Date of birth cannot be in the future' }]
    : [];
}
