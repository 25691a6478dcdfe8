import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/** COPY's text format: NULL, and free text with its four special characters escaped. */
export const NULL = '\\N';
const SPECIAL = /[\\\t\n\r]/;

export function text(value: string | null | undefined): string {
  if (value === null || value === undefined) return NULL;
  return SPECIAL.test(value)
    ? value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r')
    : value;
}

export function num(value: number | null | undefined): string {
  return value === null || value === undefined ? NULL : String(value);
}

const DAY_MS = 86_400_000;
let cachedDay = NaN;
let cachedDate = '';
const two = (n: number) => (n < 10 ? `0${n}` : `${n}`);

/** An instant as ISO 8601 (UTC, milliseconds): `toISOString` with the date part cached, it being the same for most rows in a row. */
export function instant(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return NULL;
  const day = Math.floor(ms / DAY_MS);
  if (day !== cachedDay) {
    cachedDay = day;
    cachedDate = new Date(day * DAY_MS).toISOString().slice(0, 11);
  }
  const time = ms - day * DAY_MS;
  const millis = time % 1000;
  const seconds = Math.floor(time / 1000);
  return `${cachedDate}${two(Math.floor(seconds / 3600))}:${two(Math.floor(seconds / 60) % 60)}:${two(seconds % 60)}.${millis < 10 ? '00' : millis < 100 ? '0' : ''}${millis}Z`;
}

/** A PostgreSQL array literal of numbers or simple words (no quoting needed). */
export function array(values: readonly (string | number | null)[] | null | undefined): string {
  return values ? `{${values.map((value) => (value === null ? 'NULL' : value)).join(',')}}` : NULL;
}

const CHUNK_CHARS = 1 << 20;

/**
 * Streams text lines into `COPY table (columns) FROM STDIN`. `freeze` writes the rows frozen
 * (and all-visible), allowed because the load truncated the table in the same transaction:
 * nothing has to set hint bits or freeze them later.
 */
export async function copyRows(
  client: Client,
  table: string,
  columns: readonly string[],
  chunks: AsyncIterable<string | Buffer> | Iterable<string | Buffer>,
  freeze = false,
): Promise<void> {
  const sql = `COPY ${table} (${columns.join(', ')}) FROM STDIN${freeze ? ' WITH (FREEZE)' : ''}`;
  await pipeline(Readable.from(chunks, { objectMode: false }), client.query(copyFrom(sql)));
}

/** Rows gathered for COPY, handed over in ~1 MB chunks so COPY gets few large writes. */
export class RowStream {
  private chunk = '';
  rows = 0;

  add(lines: string, rows = 1): void {
    this.chunk += lines;
    this.rows += rows;
  }

  get full(): boolean {
    return this.chunk.length > CHUNK_CHARS;
  }

  take(): string {
    const chunk = this.chunk;
    this.chunk = '';
    return chunk;
  }
}

/**
 * Rows kept for a later COPY, as ~1 MB buffers: millions of small strings held in the heap would
 * make every garbage collection walk them.
 */
export class RowBuffer {
  private chunk = '';
  private readonly chunks: Buffer[] = [];
  rows = 0;

  add(lines: string, rows = 1): void {
    this.chunk += lines;
    this.rows += rows;
    if (this.chunk.length > CHUNK_CHARS) this.seal();
  }

  /** The rows, handed over once: the buffer is empty afterwards. */
  take(): Buffer[] {
    this.seal();
    return this.chunks.splice(0);
  }

  private seal(): void {
    if (this.chunk) this.chunks.push(Buffer.from(this.chunk));
    this.chunk = '';
  }
}

/** Lines joined into ~1 MB chunks, so COPY gets few large writes. */
export function* chunked(lines: Iterable<string>): Generator<string> {
  let chunk = '';
  for (const line of lines) {
    chunk += line;
    if (chunk.length > CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}
