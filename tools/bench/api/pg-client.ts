import { Client } from 'pg';

/** One short-lived connection, for the bench's own set-up statements (CREATE DATABASE, …). */
export async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
