import { getTestApp } from '../testing/test-app';
import { MIGRATIONS } from './migrations';

describe('database schema', () => {
  it('has every committed migration applied', async () => {
    const { dataSource } = await getTestApp();
    const applied: { name: string }[] = await dataSource.query(
      'SELECT name FROM migrations ORDER BY id',
    );
    expect(applied.map((row) => row.name)).toEqual(MIGRATIONS.map((migration) => migration.name));
  });

  // The entities and the migrations describe the same schema: otherwise migration:generate
  // would write a migration that drops what the committed ones created, or TypeORM would
  // query columns that do not exist.
  it('matches the entities exactly (migration:generate would find nothing to do)', async () => {
    const { dataSource } = await getTestApp();
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((query) => query.query)).toEqual([]);
  });
});
