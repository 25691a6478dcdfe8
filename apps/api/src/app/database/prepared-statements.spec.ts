import { randomBytes } from 'node:crypto';
import type { Pool, PoolClient, QueryResult } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { IN_MEMORY_DATA_DIR, loadConfig } from '../config/app-config';
import { getTestApp } from '../testing/test-app';
import { MAX_PREPARED_STATEMENTS, PreparingClient } from './prepared-statements';
import { typeOrmOptions } from './typeorm-options';

describe('prepared statements (PreparingClient, the pool’s client)', () => {
  let dataSource: DataSource;
  let client: PoolClient;

  beforeAll(async () => ({ dataSource } = await getTestApp()));
  // The embedded database has one connection: holding it keeps every other statement out.
  beforeEach(async () => (client = await pool().connect()));
  afterEach(() => client.release());

  function pool(): Pool {
    return (dataSource.driver as PostgresDriver).master as Pool;
  }

  /** A statement text no other spec sends, so what the session holds for it is this spec's. */
  const unique = (sql: string) => `${sql} /* ${randomBytes(6).toString('hex')} */`;

  async function preparedOn(
    connection: PoolClient,
    text: string,
  ): Promise<Array<{ generic_plans: string; custom_plans: string }>> {
    const { rows } = await connection.query(
      'SELECT generic_plans::text, custom_plans::text FROM pg_prepared_statements WHERE statement = $1',
      [text],
    );
    return rows;
  }

  it('is the client of the app’s pool', () => {
    expect(client).toBeInstanceOf(PreparingClient);
  });

  it('prepares a statement with parameters once on a connection and runs it again from there', async () => {
    const text = unique('SELECT $1::int + 1 AS n');
    expect((await client.query(text, [1])).rows).toEqual([{ n: 2 }]);
    expect((await client.query(text, [41])).rows).toEqual([{ n: 42 }]);
    const [prepared] = await preparedOn(client, text);
    expect(Number(prepared.generic_plans) + Number(prepared.custom_plans)).toBe(2);
  });

  it('prepares it as well when called back instead of answering a promise (pg’s Pool.query)', async () => {
    const text = unique('SELECT $1::int * 2 AS n');
    const rows = await new Promise((resolve, reject) =>
      client.query(text, [21], (error: Error | undefined, result: QueryResult) =>
        error ? reject(error) : resolve(result.rows),
      ),
    );
    expect(rows).toEqual([{ n: 42 }]);
    expect(await preparedOn(client, text)).toEqual([jasmine.anything()]);
  });

  it('sends a text without parameters unprepared, so several statements in one still run', async () => {
    const text = unique('SELECT 1 AS a; SELECT 2 AS b');
    const results = (await client.query(text)) as unknown as Array<{ rows: unknown[] }>;
    expect(results.map((result) => result.rows)).toEqual([[{ a: 1 }], [{ b: 2 }]]);
    expect(await preparedOn(client, text)).toEqual([]);
  });

  it('reports a statement that does not parse every time, and keeps running after a failed run', async () => {
    const broken = unique('SELEC $1::int');
    for (let attempt = 0; attempt < 2; attempt++)
      await expectAsync(client.query(broken, [1])).toBeRejectedWithError(/syntax error/);

    const division = unique('SELECT 10 / $1::int AS n');
    await expectAsync(client.query(division, [0])).toBeRejectedWithError(/division by zero/);
    expect((await client.query(division, [5])).rows).toEqual([{ n: 2 }]);
    expect(await preparedOn(client, division)).toEqual([jasmine.anything()]);
  });

  it('prepares at most MAX_PREPARED_STATEMENTS on a connection, and a new connection starts afresh', async () => {
    const texts = Array.from({ length: MAX_PREPARED_STATEMENTS + 5 }, (_, index) =>
      unique(`SELECT $1::int + ${index} AS n`),
    );
    for (const [index, text] of texts.entries())
      expect((await client.query(text, [1])).rows).toEqual([{ n: index + 1 }]);
    const count = async (connection: PoolClient) =>
      Number((await connection.query('SELECT count(*) FROM pg_prepared_statements')).rows[0].count);
    expect(await count(client)).toBeLessThanOrEqual(MAX_PREPARED_STATEMENTS);
    expect(await preparedOn(client, texts[0])).toEqual([jasmine.anything()]);
    for (const text of texts.slice(-5)) expect(await preparedOn(client, text)).toEqual([]);

    // Closed, so the pool opens another. PGlite keeps its one session across connections, and
    // would still hold the statements of this one under the names the next one will choose.
    const closed = new Promise((resolve) => client.once('end', resolve));
    client.release(true);
    await closed;
    client = await pool().connect();
    expect(await preparedOn(client, texts[0])).toEqual([]);
    for (const [index, text] of texts.slice(0, 20).entries())
      expect((await client.query(text, [2])).rows).toEqual([{ n: index + 2 }]);
  });
});

describe('DB_PREPARED_STATEMENTS', () => {
  const poolOf = (env: Record<string, string>) =>
    typeOrmOptions(loadConfig({ DATA_DIR: IN_MEMORY_DATA_DIR, ...env }), null).extra as {
      Client?: unknown;
      onConnect?: unknown;
    };

  it('false leaves the pool the driver’s own client, for poolers that cannot keep them', () => {
    expect(poolOf({}).Client).toBe(PreparingClient);
    const unprepared = poolOf({ DB_PREPARED_STATEMENTS: 'false' });
    expect(unprepared.Client).toBeUndefined();
    expect(unprepared.onConnect).toBeUndefined();
  });
});
