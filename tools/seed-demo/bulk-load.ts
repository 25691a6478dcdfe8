import type { Client } from 'pg';

/**
 * Index handling for the load, which runs in ONE transaction: indexes dropped here and created
 * again from their own definitions commit together with the rows, so a load that dies midway
 * rolls back to the schema the migrations left.
 */

export interface DroppedIndex {
  table: string;
  name: string;
  /** Set when the index backs a primary-key or unique constraint. */
  constraint: string | null;
  definition: string;
}

/**
 * Drops the indexes of `tables` — only those behind no constraint, or with `constraints` also
 * primary keys and unique constraints (for tables no foreign key points at). Index entries
 * arriving in random key order cost a page write each once the index outgrows the buffer cache;
 * building the index afterwards sorts them once instead.
 */
export async function dropIndexes(
  client: Client,
  tables: readonly string[],
  constraints: boolean,
): Promise<DroppedIndex[]> {
  const { rows } = await client.query<DroppedIndex>(
    `SELECT t.relname AS "table", i.relname AS name, c.conname AS "constraint",
            CASE WHEN c.oid IS NULL THEN pg_get_indexdef(x.indexrelid)
                 ELSE pg_get_constraintdef(c.oid) END AS definition
       FROM pg_index x
       JOIN pg_class i ON i.oid = x.indexrelid
       JOIN pg_class t ON t.oid = x.indrelid
       LEFT JOIN pg_constraint c ON c.conindid = x.indexrelid AND c.conrelid = t.oid
      WHERE t.relnamespace = 'public'::regnamespace AND t.relname = ANY($1)
      ORDER BY t.relname, i.relname`,
    [tables],
  );
  const dropped = rows.filter((index) => constraints || index.constraint === null);
  for (const index of dropped)
    await client.query(
      index.constraint === null
        ? `DROP INDEX "${index.name}"`
        : `ALTER TABLE "${index.table}" DROP CONSTRAINT "${index.constraint}"`,
    );
  return dropped;
}

export async function createIndexes(
  client: Client,
  dropped: readonly DroppedIndex[],
): Promise<void> {
  for (const index of dropped)
    await client.query(
      index.constraint === null
        ? index.definition
        : `ALTER TABLE "${index.table}" ADD CONSTRAINT "${index.constraint}" ${index.definition}`,
    );
}

/**
 * The roll-ups the API's triggers keep (migrations 1764000000007, 0013, 0014 and 0018), each with
 * the function its trigger refreshes it from and the date its rows arrive by in a live database.
 * The load runs with triggers off and fills them here, in this order: the week rows read the
 * spans (which days each weekly item was in force).
 */
export const ROLLUPS = [
  { table: 'patient_day', rows: 'reports_patient_days(NULL, NULL, NULL)', by: 'local_date' },
  { table: 'plan_item_span', rows: 'reports_plan_item_spans(NULL)', by: 'span_from' },
  { table: 'weekly_item_week', rows: 'reports_weekly_item_weeks(NULL, NULL, NULL)', by: 'monday' },
] as const;

/**
 * Fills every roll-up in one statement each, from the every-patient form of the functions the
 * triggers call (migration 1764000000022 writes both forms from one text), so the result is
 * what the triggers would have written row by row. Rows go in by date, as triggers
 * add them in a live database.
 */
export async function fillRollups(
  client: Client,
  lap: (label: string) => void,
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  // Sorts and hashes of millions of rows: in memory, not in temporary files. The load's
  // transaction ends with these statements.
  await client.query(`SET LOCAL work_mem = '1GB'`);
  for (const rollup of ROLLUPS) {
    const dropped = await dropIndexes(client, [rollup.table], true);
    const result = await client.query(
      `INSERT INTO ${rollup.table} SELECT * FROM ${rollup.rows} ORDER BY ${rollup.by}`,
    );
    counts[rollup.table] = result.rowCount ?? 0;
    lap(`roll-up ${rollup.table}`);
    await createIndexes(client, dropped);
    lap(`roll-up ${rollup.table} indexes`);
  }
  return counts;
}
