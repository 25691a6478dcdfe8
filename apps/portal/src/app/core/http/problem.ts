import { HttpErrorResponse } from '@angular/common/http';
import type { FieldError, ProblemDetails } from '@rehabit/contracts';

function isFieldError(value: unknown): value is FieldError {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return typeof candidate['field'] === 'string' && typeof candidate['message'] === 'string';
}

function isProblemDetails(value: unknown): value is ProblemDetails {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  const errors = candidate['errors'];
  return (
    typeof candidate['status'] === 'number' &&
    typeof candidate['title'] === 'string' &&
    (errors === undefined || (Array.isArray(errors) && errors.every(isFieldError)))
  );
}

/**
 * The RFC 9457 body of a failed API call, or null when the answer was something else (a proxy's
 * HTML error page, a dropped connection). HttpClient hands over a parsed object when the body was
 * JSON and the raw text otherwise, so both are accepted.
 */
export function problemOf(error: HttpErrorResponse): ProblemDetails | null {
  let body: unknown = error.error;
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body);
    } catch {
      return null;
    }
  }
  return isProblemDetails(body) ? body : null;
}

function retryAfterSeconds(error: HttpErrorResponse): number | null {
  const value = error.headers?.get('Retry-After');
  if (!value || !/^\d+$/.test(value.trim())) return null;
  return Number(value.trim());
}

/** describeHttpError for an API call's failure, or `fallback` when it failed outside HTTP. */
export function describeFailure(error: unknown, fallback: string): string {
  return error instanceof HttpErrorResponse ? describeHttpError(error) : fallback;
}

/** What a person should read when an API call fails; worded for patients, not developers. */
export function describeHttpError(error: HttpErrorResponse): string {
  if (error.status === 0) {
    return "Rehabit can't reach the server. Check your internet connection and try again.";
  }
  const problem = problemOf(error);
  const detail = problem?.detail?.trim() || null;
  const firstFieldError = problem?.errors?.[0];

  if (error.status === 401) {
    return detail ?? 'Your session has ended. Please sign in again.';
  }
  if (error.status === 403) {
    return detail ?? "You don't have permission to do that.";
  }
  if (error.status === 429) {
    const wait = retryAfterSeconds(error);
    const advice = wait === null ? 'Please wait a moment' : `Please wait ${wait} s`;
    return `${detail ?? 'Too many requests.'} ${advice} and try again.`;
  }
  if (error.status >= 500) {
    return detail ?? 'Something went wrong on the server. Please try again in a moment.';
  }
  if (detail) return detail;
  if (firstFieldError) return `${firstFieldError.field}: ${firstFieldError.message}`;
  return problem?.title ?? `The request failed (HTTP ${error.status}).`;
}
