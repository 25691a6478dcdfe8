import { Client } from 'pg';

/** One short-lived connection, for set-up statements (CREATE DATABASE, …) of the tests and benches. */
export async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
