import { Client, type PoolConfig, type QueryConfig } from 'pg';

/**
 * How many statement texts one connection prepares: more than the app sends (the API's test
 * suite, which reaches every endpoint, sent 306 distinct ones with parameters). Beyond it a new
 * text goes unnamed, as before, so a connection's prepared plans stay bounded.
 */
export const MAX_PREPARED_STATEMENTS = 512;

/**
 * The `pg` client of the app's pool (with PREPARED_STATEMENTS_POOL below). It sends each
 * statement that has parameters as a named prepared statement, so the database parses it once
 * per connection, and after five runs PostgreSQL may keep one generic plan for it instead of
 * planning it per request (its plan cache, `plan_cache_mode = auto`, keeps planning per call
 * when that pays).
 * Replaying the bench's requests on PGlite, where planning is single-threaded WebAssembly, it cut
 * the SQL time of GET today by 20 %, of the patients list by 24 % and of progress by 36 %
 * (docs/PERFORMANCE.md, ninth session).
 *
 * Statements without parameters stay on the simple protocol: several statements in one text
 * (migrations) need it. `DB_PREPARED_STATEMENTS=false` turns this off, for a pooler in
 * transaction mode that cannot carry prepared statements between server connections.
 */
export class PreparingClient extends Client {
  private readonly names = new Map<string, string>();

  // The driver's overloads take a config object, or a text with values, and either answer with
  // a promise or call back (pg's Pool.query does); only a text with values is rewritten.
  override query(...args: unknown[]): never {
    const [text, values, callback] = args;
    if (typeof text === 'string' && Array.isArray(values) && values.length > 0) {
      const name = this.nameFor(text);
      if (name) {
        const prepared = { name, text, values } as QueryConfig;
        return (super.query as (...passed: unknown[]) => never)(
          ...(typeof callback === 'function' ? [prepared, callback] : [prepared]),
        );
      }
    }
    return (super.query as (...passed: unknown[]) => never)(...args);
  }

  private nameFor(text: string): string | undefined {
    let name = this.names.get(text);
    if (name === undefined && this.names.size < MAX_PREPARED_STATEMENTS) {
      name = `rehabit_${this.names.size + 1}`;
      this.names.set(text, name);
    }
    return name;
  }
}

/** What a pool's options need for its connections to prepare their statements. */
export const PREPARED_STATEMENTS_POOL: Pick<PoolConfig, 'Client' | 'onConnect'> = {
  Client: PreparingClient,
  // PGlite is one session that outlives the socket connection to it: a client connecting again
  // (after an error) would find the statements of the one before under the same names. The pool
  // awaits this before handing the connection out, and closes it if this fails.
  onConnect: (client) => client.query('DEALLOCATE ALL'),
};
