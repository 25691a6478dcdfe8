import type { CreatePainEntryResponse, ReadinessResponse } from '@rehabit/contracts';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { Agent } from 'node:http';
import { join } from 'node:path';
import { ApiProcess, type ApiSettings } from './support/api-process';
import { createClinic, painEntryIds } from './support/clinic';
import { HeldPost, RawConnection, tryConnect } from './support/held-request';
import { sharedCluster } from './support/postgres-cluster';
import { scratchDir } from './support/scratch';
import { waitFor } from './support/wait';

const IN_FLIGHT = 100;

describe('SIGTERM with requests in flight', () => {
  const setups: Record<string, () => Promise<ApiSettings>> = {
    'the embedded database': async () => ({
      dataDir: scratchDir('shutdown'),
      jwtSecret: randomBytes(32).toString('hex'),
    }),
    PostgreSQL: async () => ({
      databaseUrl: await (await sharedCluster()).createDatabase(),
      jwtSecret: randomBytes(32).toString('hex'),
    }),
  };

  for (const [database, setup] of Object.entries(setups)) {
    it(`on ${database}: readiness turns 503 at once, no new connection is taken, every accepted request completes, and the process exits within 10 s`, async () => {
      const settings = await setup();
      const api = await ApiProcess.start(settings);
      const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
      try {
        const clinic = await api.explain(createClinic(api.baseUrl));
        // An idle keep-alive connection, as browsers keep them: it must not hold up the exit.
        const idle = await RawConnection.open(api.baseUrl);
        expect((await idle.get('/health/ready')).status).toBe(200);

        const posts = await Promise.all(
          Array.from({ length: IN_FLIGHT }, (_, index) =>
            HeldPost.open(
              api.baseUrl,
              '/patients/me/pain',
              clinic.patientToken,
              { recordedAt: new Date().toISOString(), score: index % 11, context: `held ${index}` },
              agent,
            ),
          ),
        );
        const probe = await RawConnection.open(api.baseUrl);
        await probe.startGet('/health/ready');
        // Answered on a connection opened after all of the above: by then the server has
        // accepted every one of them and read their first bytes.
        const barrier = await RawConnection.open(api.baseUrl);
        expect((await barrier.get('/health/ready')).status).toBe(200);
        barrier.close();

        const signalledAt = Date.now();
        api.signal('SIGTERM');
        // The listener closes in the same step as readiness turns, while all posts still wait.
        await api.explain(
          waitFor(
            'the listener to close',
            async () => (await tryConnect(api.baseUrl)) === 'ECONNREFUSED',
          ),
        );

        const readiness = await probe.finishGet();
        expect(readiness.status).withContext(api.output()).toBe(503);
        expect(JSON.parse(readiness.body) as ReadinessResponse).toEqual({
          status: 'shutting_down',
        });
        expect(readiness.headers['connection']).toBe('close');
        await waitFor('the server to close the answered probe', () => probe.closed);
        await waitFor('the server to close the idle keep-alive connection', () => idle.closed);

        const settled = await Promise.allSettled(posts.map((post) => post.finish()));
        const exit = await api.exited;
        const unanswered = settled.flatMap((result) =>
          result.status === 'rejected'
            ? [String(result.reason)]
            : result.value.status === 201
              ? []
              : [`${result.value.status} ${result.value.body}`],
        );
        expect(unanswered).withContext(api.output()).toEqual([]);
        const answers = settled.flatMap((result) =>
          result.status === 'fulfilled' ? [result.value] : [],
        );
        expect(answers.every((answer) => answer.headers['connection'] === 'close')).toBeTrue();
        expect(exit.code).withContext(api.output()).toBe(0);
        expect(exit.at - signalledAt).toBeLessThan(10_000);
        if (settings.dataDir)
          expect(existsSync(join(settings.dataDir, 'rehabit.lock'))).toBeFalse();

        const again = await ApiProcess.start(settings);
        try {
          const stored = await painEntryIds(again.baseUrl, clinic);
          const ids = answers.map(
            (answer) => (JSON.parse(answer.body) as CreatePainEntryResponse).id,
          );
          expect(ids.filter((id) => !stored.has(id))).toEqual([]);
        } finally {
          await again.stop();
        }
      } finally {
        agent.destroy();
        await api.kill();
      }
    });
  }
});
