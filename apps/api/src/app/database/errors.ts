import { QueryFailedError } from 'typeorm';

/** PostgreSQL's unique_violation: a second row where only one may exist. */
export function isUniqueViolation(error: unknown): boolean {
  return (
    error instanceof QueryFailedError &&
    (error.driverError as { code?: string } | undefined)?.code === '23505'
  );
}
