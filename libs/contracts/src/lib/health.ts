export type HealthStatus = 'ok' | 'error';
export type DatabaseStatus = 'up' | 'down';

export interface HealthResponse {
  status: HealthStatus;
  database: DatabaseStatus;
  /** `embedded` (PGlite in the API process) or `postgres` (a PostgreSQL server). */
  databaseKind: 'embedded' | 'postgres';
  version: string;
}
