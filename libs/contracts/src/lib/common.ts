/** RFC 9457 problem details, as every API error is answered. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  /** Present on validation failures: one entry per offending field (`items[0].sets`). */
  errors?: FieldError[];
}

export interface FieldError {
  field: string;
  message: string;
}

/** Every list endpoint answers one page and the cursor of the next, if any. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface PageQuery {
  limit?: number;
  cursor?: string;
}

export const PAGE_LIMIT_DEFAULT = 50;
export const PAGE_LIMIT_MAX = 200;
