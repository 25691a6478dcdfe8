import { QueryFailedError } from 'typeorm';
import { countQueries } from '../testing/query-counter';
import { getTestApp } from '../testing/test-app';
import { pooledQuery } from './pooled-query';

describe('pooledQuery', () => {
  it('answers the rows, and the statement counters see the statement', async () => {
    const { dataSource } = await getTestApp();
    const { result, statements } = await countQueries(dataSource, () =>
      pooledQuery<{ n: number }>(dataSource.manager, 'SELECT $1::int AS n', [7]),
    );
    expect(result).toEqual([{ n: 7 }]);
    expect(statements).toEqual(['SELECT $1::int AS n']);
  });

  it('throws a failed statement as TypeORM does, with the driver error inside', async () => {
    const { dataSource } = await getTestApp();
    const error: unknown = await pooledQuery(dataSource.manager, 'SELECT 1 / $1::int', [0]).then(
      () => null,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(QueryFailedError);
    expect(((error as QueryFailedError).driverError as { code?: string }).code).toBe('22012');
  });

  it("runs on a transaction's own connection when given its manager", async () => {
    const { dataSource } = await getTestApp();
    const seen = await dataSource.transaction(async (manager) => {
      await manager.query(`SELECT set_config('rehabit.spec', 'in the transaction', true)`);
      return pooledQuery<{ value: string }>(
        manager,
        `SELECT current_setting('rehabit.spec', true) AS value`,
        [],
      );
    });
    expect(seen).toEqual([{ value: 'in the transaction' }]);
  });
});
