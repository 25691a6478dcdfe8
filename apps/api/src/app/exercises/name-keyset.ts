import { ValidationProblem } from '../http/problem';

/**
 * Keyset pagination for lists sorted by name (the exercise library, plan templates): the
 * cursor is the (name, id) of the last row seen. The shared `decodeCursor` keys on a
 * timestamp, which a catalog seeded in one statement does not have.
 */
export interface NameKeyset {
  name: string;
  id: string;
}

export function encodeNameCursor(key: NameKeyset): string {
  return Buffer.from(JSON.stringify([key.name, key.id])).toString('base64url');
}

export function decodeNameCursor(cursor: string | undefined): NameKeyset | null {
  if (!cursor) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === 'string' &&
      typeof value[1] === 'string'
    )
      return { name: value[0], id: value[1] };
  } catch {
    // Falls through to the refusal below.
  }
  throw new ValidationProblem([{ field: 'cursor', message: 'cursor is not one this API issued' }]);
}

/** Given up to limit + 1 rows sorted by (name, id), the page and the cursor of the next one. */
export function namePage<Row extends NameKeyset, Item>(
  rows: Row[],
  limit: number,
  toItem: (row: Row) => Item,
): { items: Item[]; nextCursor: string | null } {
  const more = rows.length > limit;
  const pageRows = more ? rows.slice(0, limit) : rows;
  const last = pageRows[pageRows.length - 1];
  return { items: pageRows.map(toItem), nextCursor: more && last ? encodeNameCursor(last) : null };
}

/** `q` as an ILIKE pattern that matches it literally. */
export function containsPattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (match) => `\\${match}`)}%`;
}
