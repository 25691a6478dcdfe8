import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataDirLockedError, EmbeddedDatabase } from './embedded-database';

async function query(database: EmbeddedDatabase, sql: string): Promise<unknown[]> {
  const client = new Client({ ...database.connection, user: database.connection.username });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('EmbeddedDatabase', () => {
  let dataDir: string;
  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'rehabit-embedded-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps its data across a clean stop and a new start', async () => {
    const first = await EmbeddedDatabase.start(dataDir);
    await query(first, `CREATE TABLE kept (note text); INSERT INTO kept VALUES ('still here')`);
    await first.stop();

    const second = await EmbeddedDatabase.start(dataDir);
    try {
      expect(await query(second, 'SELECT note FROM kept')).toEqual([{ note: 'still here' }]);
    } finally {
      await second.stop();
    }
  }, 60_000);

  describe('data-folder lock', () => {
    let other: ChildProcess;
    beforeEach(() => (other = spawn('sleep', ['30'])));
    afterEach(() => other.kill('SIGKILL'));

    it('refuses a folder that a live process holds, naming that process', async () => {
      writeFileSync(join(dataDir, 'rehabit.lock'), String(other.pid));
      await expectAsync(EmbeddedDatabase.start(dataDir)).toBeRejectedWith(
        jasmine.objectContaining({
          constructor: DataDirLockedError,
          message: jasmine.stringMatching(`pid ${other.pid}`),
        }),
      );
    });

    it('takes over a lock whose pid a different process has since been given', async () => {
      // The pid is alive, but its start time is not the one the lock's writer had.
      writeFileSync(join(dataDir, 'rehabit.lock'), `${other.pid} 1`);
      const database = await EmbeddedDatabase.start(dataDir);
      await database.stop();
    }, 60_000);

    it('takes over a lock left by a process that no longer runs', async () => {
      other.kill('SIGKILL');
      await new Promise((resolve) => other.once('exit', resolve));
      writeFileSync(join(dataDir, 'rehabit.lock'), String(other.pid));
      const database = await EmbeddedDatabase.start(dataDir);
      await database.stop();
    }, 60_000);
  });
});
