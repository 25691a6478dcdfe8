import { ApiPropertyOptional } from '@nestjs/swagger';
import { PAGE_LIMIT_DEFAULT, PAGE_LIMIT_MAX, type Page } from '@rehabit/contracts';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { ValidationProblem } from './problem';

/** `limit` and `cursor`, as every list endpoint takes them. */
export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: PAGE_LIMIT_MAX, default: PAGE_LIMIT_DEFAULT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(PAGE_LIMIT_MAX)
  limit: number = PAGE_LIMIT_DEFAULT;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}

/**
 * Keyset pagination: the cursor is the sort key of the last row seen, so pages stay stable
 * while rows are added and cost the same however deep a client pages.
 */
export interface Keyset {
  at: string;
  id: string;
}

const CURSOR_ID = {
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  /** A bigint identity, such as the audit trail's. */
  integer: /^[1-9]\d{0,17}$/,
} as const;
/** A UTC instant as toISOString() or to_char(... 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') writes it. */
const CURSOR_AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

/**
 * The keyset of a cursor this API issued. Anything else is a 400 naming `cursor`: a hand-made
 * cursor must never reach the SQL as a value of the wrong type (a 500).
 */
/**
 * A timestamp column as the cursor's `at`, to the microsecond PostgreSQL keeps: a JavaScript
 * Date keeps milliseconds, and rows created within one millisecond would be skipped.
 */
export function cursorAtSql(column: string): string {
  return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

/**
 * A timestamp column as the API shows instants: to the millisecond, exactly as
 * `new Date(value).toISOString()` writes the `Date` the driver makes of it (both truncate), for
 * JSON built in SQL.
 */
export function isoInstantSql(column: string): string {
  return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

export function decodeCursor(
  cursor: string | undefined,
  idKind: keyof typeof CURSOR_ID = 'uuid',
): Keyset | null {
  if (!cursor) return null;
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<Keyset>;
    if (
      typeof value.at === 'string' &&
      typeof value.id === 'string' &&
      CURSOR_AT.test(value.at) &&
      !Number.isNaN(Date.parse(value.at)) &&
      CURSOR_ID[idKind].test(value.id)
    ) {
      return { at: value.at, id: value.id };
    }
  } catch {
    // Falls through to the refusal below.
  }
  throw new ValidationProblem([{ field: 'cursor', message: 'cursor is not one this API issued' }]);
}

/** Given up to limit + 1 rows, the page and the cursor of the next one. */
export function pageOf<Row, Item>(
  rows: Row[],
  limit: number,
  keyOf: (row: Row) => Keyset,
  toItem: (row: Row) => Item,
): Page<Item> {
  const more = rows.length > limit;
  const pageRows = more ? rows.slice(0, limit) : rows;
  const last = pageRows[pageRows.length - 1];
  const nextCursor =
    more && last ? Buffer.from(JSON.stringify(keyOf(last))).toString('base64url') : null;
  return { items: pageRows.map(toItem), nextCursor };
}
