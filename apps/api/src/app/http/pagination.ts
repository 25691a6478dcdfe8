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

export function decodeCursor(cursor: string | undefined): Keyset | null {
  if (!cursor) return null;
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<Keyset>;
    if (
      typeof value.at === 'string' &&
      typeof value.id === 'string' &&
      !Number.isNaN(Date.parse(value.at))
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
