import type { ReadinessResponse } from '@rehabit/contracts';
import { randomBytes } from 'node:crypto';
import { ApiProcess } from './support/api-process';
import { createClinic } from './support/clinic';
import { call } from './support/http';
import { sharedCluster } from './support/postgres-cluster';
import { waitFor } from './support/wait';
import { WriteLoad } from './support/write-load';

/** What the issue asks: no error later than this after PostgreSQL accepts connections again. */
const RECOVERY_MS = 5000;

describe('PostgreSQL restarted under a write load', () => {
  it('leaves the API running, answers 503 while it is away, has no errors 5 s after it is back, and loses no acknowledged write', async () => {
    const cluster = await sharedCluster();
    const databaseUrl = await cluster.createDatabase();
    const api = await ApiProcess.start({
      databaseUrl,
      jwtSecret: randomBytes(32).toString('hex'),
    });
    let load: WriteLoad | null = null;
    try {
      const clinic = await api.explain(createClinic(api.baseUrl));
      const writes = new WriteLoad(api.baseUrl, clinic, 4);
      load = writes;
      await api.explain(
        waitFor('writes before the restart', () => writes.acknowledged.length >= 50),
      );
      // Reads beside the load leave more pooled connections than it keeps busy: idle ones,
      // which the restart breaks under no request (the pool idles them out only after 10 s).
      await Promise.all(
        Array.from({ length: 10 }, () =>
          call(api.baseUrl, 'GET', '/patients/me/pain?limit=1', { token: clinic.patientToken }),
        ),
      );

      await cluster.stop();
      await api.explain(
        waitFor('the API to report the database down', async () => {
          const ready = await call<ReadinessResponse>(api.baseUrl, 'GET', '/health/ready');
          return ready.status === 503 && ready.body.status === 'database_down';
        }),
      );
      await api.explain(waitFor('writes to fail', () => writes.failures.length > 0));

      const starting = cluster.start();
      const backAt = await firstAcceptedConnection(() => cluster.query('postgres', 'SELECT 1'));
      await starting;
      // Watch the load past the deadline, long enough to see that errors have stopped.
      await api.explain(
        waitFor(
          'the load to run past the recovery deadline',
          () => Date.now() > backAt + RECOVERY_MS + 2000 && writes.streak >= 100,
          { timeoutMs: 60_000, describe: () => JSON.stringify(writes.failures.slice(-5)) },
        ),
      );
      await writes.stop();

      expect(api.running).withContext(api.output()).toBeTrue();
      const late = writes.failures.filter((failure) => failure.at > backAt + RECOVERY_MS);
      expect(late).withContext(api.output()).toEqual([]);
      // A 4xx would tell the phone that its request was wrong (a 401 signs the patient out).
      const kinds = new Set(writes.failures.map((failure) => failure.what.slice(0, 3)));
      expect([...kinds])
        .withContext(JSON.stringify(writes.failures.slice(0, 5)))
        .toEqual(['503']);
      // The idle connections the restart broke were reported to the pool's error listener;
      // without one, the first of them would have ended the process.
      expect(api.printed()).toContain('Lost an idle database connection');

      const stored = await cluster.query<{ id: string }>(
        databaseUrl,
        'SELECT id FROM pain_entry WHERE id = ANY($1::uuid[])',
        [writes.acknowledged],
      );
      const storedIds = new Set(stored.map((row) => row.id));
      expect(writes.acknowledged.filter((id) => !storedIds.has(id))).toEqual([]);
      expect(writes.acknowledged.length).toBeGreaterThan(150);
    } finally {
      await load?.stop();
      await api.stop();
    }
  });
});

/** Polls until the database takes a connection again; returns that moment. */
async function firstAcceptedConnection(connect: () => Promise<unknown>): Promise<number> {
  await waitFor(
    'PostgreSQL to accept connections again',
    () =>
      connect().then(
        () => true,
        () => false,
      ),
    { timeoutMs: 60_000 },
  );
  return Date.now();
}
