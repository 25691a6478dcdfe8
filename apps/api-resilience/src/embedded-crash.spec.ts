import { randomBytes } from 'node:crypto';
import { ApiProcess, type ApiSettings } from './support/api-process';
import { createClinic, painEntryIds } from './support/clinic';
import { expectCall } from './support/http';
import { scratchDir } from './support/scratch';
import { waitFor } from './support/wait';
import { WriteLoad } from './support/write-load';

const CRASHES = 10;

/** Each start of the embedded database costs seconds; ten restarts need more than the default. */
const CRASH_TEST_TIMEOUT_MS = 600_000;

function newDataDir(): ApiSettings {
  return { dataDir: scratchDir('embedded'), jwtSecret: randomBytes(32).toString('hex') };
}

describe('the embedded database', () => {
  it(
    `survives kill -9 during a write load ${CRASHES} times: every restart succeeds and keeps every acknowledged write`,
    async () => {
      const settings = newDataDir();
      let api = await ApiProcess.start(settings);
      try {
        const clinic = await api.explain(createClinic(api.baseUrl));
        const acknowledged: string[] = [];
        for (let crash = 1; crash <= CRASHES; crash++) {
          const load = new WriteLoad(api.baseUrl, clinic, 4);
          await waitFor(`writes before crash ${crash}`, () => load.acknowledged.length >= 20, {
            describe: () => api.output(),
          });
          api.signal('SIGKILL');
          await api.exited;
          await load.stop();
          acknowledged.push(...load.acknowledged);

          // A lock file naming the dead process is left behind; the restart must take it over.
          api = await ApiProcess.start(settings);
          const stored = await api.explain(painEntryIds(api.baseUrl, clinic));
          expect(acknowledged.filter((id) => !stored.has(id)))
            .withContext(`lost after crash ${crash}`)
            .toEqual([]);
        }
      } finally {
        await api.stop();
      }
    },
    CRASH_TEST_TIMEOUT_MS,
  );

  it('refuses a second process on the same data folder at once, with one clear line, while the first keeps serving', async () => {
    const settings = newDataDir();
    const first = await ApiProcess.start(settings);
    try {
      const clinic = await first.explain(createClinic(first.baseUrl));

      const second = ApiProcess.spawn(settings);
      const exit = await second.exited;
      expect(exit.code).toBe(1);
      expect(second.printed().trim()).toBe(
        `Cannot start: DATA_DIR ${settings.dataDir} is in use by another Rehabit process (pid ${first.pid}); stop it first or choose another DATA_DIR`,
      );

      await first.explain(
        expectCall(201, first.baseUrl, 'POST', '/patients/me/pain', {
          token: clinic.patientToken,
          body: { recordedAt: new Date().toISOString(), score: 3 },
        }),
      );
      expect((await painEntryIds(first.baseUrl, clinic)).size).toBe(1);
    } finally {
      await first.stop();
    }
  });
});
