import { HttpException, HttpStatus } from '@nestjs/common';
import type { FieldError, ProblemDetails } from '@rehabit/contracts';
import type { ValidationError } from 'class-validator';
import { STATUS_CODES } from 'node:http';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** A 400 (or 422) whose body names each offending field, as the API contract promises. */
export class ValidationProblem extends HttpException {
  constructor(
    readonly errors: FieldError[],
    status: HttpStatus.BAD_REQUEST | HttpStatus.UNPROCESSABLE_ENTITY = HttpStatus.BAD_REQUEST,
    detail = describeFieldErrors(errors),
  ) {
    super({ detail, errors }, status);
  }
}

/** A domain validator's field errors as the API's 422 (the shape was already checked: 400). */
export function unprocessable(errors: readonly FieldError[]): ValidationProblem {
  return new ValidationProblem([...errors], HttpStatus.UNPROCESSABLE_ENTITY);
}

/** Any other answer with a clear `detail`; `extra` adds members such as `currentRevision`. */
export class Problem extends HttpException {
  constructor(
    status: HttpStatus,
    detail: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super({ detail }, status);
  }
}

export function describeFieldErrors(errors: FieldError[]): string {
  if (errors.length === 0) return 'The request is invalid.';
  const first = errors[0];
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
  return `${first.field}: ${first.message}${more}`;
}

/** class-validator's error tree flattened into `items[0].sets`-style field paths. */
export function fieldErrorsFrom(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = joinPath(parent, error.property);
    const own = Object.values(error.constraints ?? {}).map((message) => ({
      field,
      message: humanize(message, error.property),
    }));
    return [...own, ...fieldErrorsFrom(error.children ?? [], field)];
  });
}

function joinPath(parent: string, property: string): string {
  if (/^\d+$/.test(property)) return `${parent}[${property}]`;
  return parent ? `${parent}.${property}` : property;
}

// class-validator says "property foo should not exist"; say it the way a client developer reads it.
function humanize(message: string, property: string): string {
  if (message === `property ${property} should not exist`) return 'is not an accepted field';
  return message;
}

export function problemBody(
  status: number,
  detail: string,
  extra: Partial<ProblemDetails> & Record<string, unknown> = {},
): ProblemDetails {
  return {
    type: 'about:blank',
    title: statusTitle(status),
    status,
    detail,
    ...extra,
  };
}

function statusTitle(status: number): string {
  const name = HttpStatus[status] as string | undefined;
  if (!name) return STATUS_CODES[status] ?? (status >= 500 ? 'Server Error' : 'Client Error');
  return name
    .toLowerCase()
    .split('_')
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join(' ');
}
