export type HealthStatus = 'ok' | 'error';
export type DatabaseStatus = 'up' | 'down';

export interface HealthResponse {
  status: HealthStatus;
  database: DatabaseStatus;
  /** `embedded` (PGlite in the API process) or `postgres` (a PostgreSQL server). */
  databaseKind: 'embedded' | 'postgres';
  version: string;
}

/**
 * GET /health/ready, for load balancers and orchestrators: 200 `ready` while the instance takes
 * traffic; 503 `shutting_down` from the first moment of a shutdown, or `database_down`.
 */
export interface ReadinessResponse {
  status: 'ready' | 'shutting_down' | 'database_down';
}
