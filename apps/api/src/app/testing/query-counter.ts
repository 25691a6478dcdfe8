import type { BeforeQueryEvent, DataSource, EntitySubscriberInterface } from 'typeorm';

/**
 * Counts the SQL statements the app sends while `work` runs, through a TypeORM subscriber's
 * `beforeQuery` hook (every QueryRunner.query broadcasts it, transaction control included).
 * Meant for N+1 guards: run the same request over 1 and over 50 rows and compare the counts.
 * Specs run one at a time in a process, so nothing else adds statements meanwhile.
 */
export async function countQueries<T>(
  dataSource: DataSource,
  work: () => Promise<T>,
): Promise<{ result: T; count: number; statements: string[]; parameters: unknown[][] }> {
  const statements: string[] = [];
  const parameters: unknown[][] = [];
  const counter: EntitySubscriberInterface = {
    beforeQuery(event: BeforeQueryEvent) {
      statements.push(event.query);
      parameters.push(Array.isArray(event.parameters) ? event.parameters : []);
    },
  };
  const subscribers = dataSource.subscribers as EntitySubscriberInterface[];
  subscribers.push(counter);
  try {
    const result = await work();
    return { result, count: statements.length, statements, parameters };
  } finally {
    subscribers.splice(subscribers.indexOf(counter), 1);
  }
}
