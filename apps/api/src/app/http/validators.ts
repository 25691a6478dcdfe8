import {
  isRecordDate,
  isRecordMonth,
  isValidTimeZone,
  RECORD_DATES,
  RECORD_MONTHS,
} from '@rehabit/domain';
import { applyDecorators } from '@nestjs/common';
import { Type } from 'class-transformer';
import {
  IsObject,
  registerDecorator,
  ValidateIf,
  ValidateNested,
  ValidationOptions,
} from 'class-validator';

function rule(name: string, test: (value: unknown) => boolean, message: string) {
  return (options?: ValidationOptions) => (target: object, propertyName: string) =>
    registerDecorator({
      name,
      target: target.constructor,
      propertyName,
      options: { message: `${propertyName} ${message}`, ...options },
      validator: { validate: test },
    });
}

/** An IANA time zone such as Europe/Berlin, checked against the runtime's zone database. */
export const IsTimeZone = rule(
  'isTimeZone',
  isValidTimeZone,
  'must be an IANA time zone such as Europe/Berlin',
);

/** A real calendar date as YYYY-MM-DD (2026-02-30 is refused) within the domain's RECORD_DATES. */
export const IsCalendarDate = rule(
  'isCalendarDate',
  isRecordDate,
  `must be a real date as YYYY-MM-DD, from ${RECORD_DATES.earliest} to ${RECORD_DATES.latest}`,
);

/** A month as YYYY-MM within the domain's RECORD_MONTHS. */
export const IsRecordMonth = rule(
  'isRecordMonth',
  isRecordMonth,
  `must be a month as YYYY-MM, from ${RECORD_MONTHS.earliest} to ${RECORD_MONTHS.latest}`,
);

/**
 * Text with at least one non-space character, for required names and titles that the service
 * trims: "   " would otherwise pass `@MinLength(1)` and be stored as ''. Non-strings are left to
 * `@IsString()`, so a wrong type is reported once.
 */
export const IsNotBlank = rule(
  'isNotBlank',
  (value) => typeof value !== 'string' || value.trim() !== '',
  'must not be blank',
);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A UUID in its text form: ids from paths and tokens are checked before they reach SQL. */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/**
 * Optional but not nullable: an absent field skips validation, `null` is validated (and refused)
 * like any other value. class-validator's @IsOptional() lets null through too, which for a field
 * stored in a NOT NULL column turns a client's mistake into a 500 instead of a 400 naming it.
 */
export function IsOptionalNonNull(options?: ValidationOptions): PropertyDecorator {
  return ValidateIf((_object, value) => value !== undefined, options);
}

/**
 * One object of `type`, checked field by field. @ValidateNested() alone checks an array element
 * by element, so `[]` passed with nothing checked and the service failed on the missing fields
 * (a 500 the fuzzer found on clinic sign-up); @IsObject() refuses arrays and scalars first.
 */
export function IsNestedObject(type: () => new () => object): PropertyDecorator {
  return applyDecorators(IsObject(), ValidateNested(), Type(type));
}
