import { getTestApp } from '../testing/test-app';
import { EmbeddedMaintenance } from './embedded-maintenance';

const onPostgres = Boolean(process.env['TEST_DATABASE_URL']);

async function statsOf(table: string): Promise<{ reltuples: number }> {
  const { dataSource } = await getTestApp();
  const [row] = await dataSource.query(
    `SELECT reltuples::float8 AS reltuples FROM pg_class WHERE relname = $1`,
    [table],
  );
  return row;
}

describe('embedded database maintenance', () => {
  const table = 'maintenance_probe';

  afterEach(async () => {
    const { dataSource } = await getTestApp();
    await dataSource.query(`DROP TABLE IF EXISTS ${table}`);
  });

  it('vacuums and analyses tables never analysed or grown since, and leaves the others', async () => {
    const { app, dataSource } = await getTestApp();
    const maintenance = app.get(EmbeddedMaintenance);
    await maintenance.run();
    await dataSource.query(`CREATE TABLE ${table} (id int PRIMARY KEY, note text)`);
    await dataSource.query(
      `INSERT INTO ${table} SELECT n, repeat('x', 100) FROM generate_series(1, 5000) AS n`,
    );

    const first = await maintenance.run();
    if (onPostgres) {
      // The server's autovacuum does this job there.
      expect(first).toEqual([]);
      return;
    }
    expect(first).toEqual([table]);
    expect((await statsOf(table)).reltuples).toBe(5000);
    expect(await maintenance.run()).toEqual([]);

    await dataSource.query(
      `INSERT INTO ${table} SELECT n, repeat('y', 100) FROM generate_series(5001, 8000) AS n`,
    );
    expect(await maintenance.run()).toEqual([table]);
    expect((await statsOf(table)).reltuples).toBe(8000);
  });
});
