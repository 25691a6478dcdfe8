import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IN_MEMORY_DATA_DIR } from '../config/app-config';

/** How the `pg` driver reaches the embedded database: a Unix socket in a private folder. */
export interface EmbeddedConnection {
  host: string;
  port: number;
  username: string;
  database: string;
}

export class DataDirLockedError extends Error {}

const SOCKET_PORT = 5432;

/**
 * PGlite (PostgreSQL in WebAssembly, in this process) behind a PostgreSQL wire-protocol socket,
 * so TypeORM uses the ordinary `pg` driver exactly as it does against a real server. Calling
 * PGlite directly from TypeORM would share one session between concurrent transactions.
 */
export class EmbeddedDatabase {
  private constructor(
    private readonly db: PGlite,
    private readonly server: PGLiteSocketServer,
    private readonly socketDir: string,
    private readonly lock: DataDirLock | null,
    readonly connection: EmbeddedConnection,
  ) {}

  static async start(dataDir: string): Promise<EmbeddedDatabase> {
    const inMemory = dataDir === IN_MEMORY_DATA_DIR;
    const lock = inMemory ? null : DataDirLock.acquire(dataDir);
    try {
      const db = await PGlite.create(inMemory ? undefined : join(dataDir, 'pgdata'));
      // A short private path: Unix socket paths are limited to ~107 bytes, data folders are not.
      const socketDir = mkdtempSync(join(tmpdir(), 'rehabit-pg-'));
      const server = new PGLiteSocketServer({
        db,
        path: join(socketDir, `.s.PGSQL.${SOCKET_PORT}`),
        // One client at a time: see typeorm-options.ts for why the app uses a single connection.
        maxConnections: 1,
      });
      await server.start();
      const connection = {
        host: socketDir,
        port: SOCKET_PORT,
        username: 'postgres',
        database: 'postgres',
      };
      return new EmbeddedDatabase(db, server, socketDir, lock, connection);
    } catch (error) {
      lock?.release();
      throw error;
    }
  }

  async stop(): Promise<void> {
    try {
      await this.server.stop();
      await this.db.close();
    } finally {
      rmSync(this.socketDir, { recursive: true, force: true });
      this.lock?.release();
    }
  }
}

/**
 * PGlite has no data-folder lock of its own, and two processes on one folder corrupt it.
 * A lock file holding the owner's pid refuses a second process at once, while a lock left by a
 * killed process (its pid no longer alive) is taken over, so a crash never blocks a restart.
 * Pids are reused (after a reboot above all), so on Linux the file also holds the process's
 * start time: a live process with the same pid but another start time is not the owner.
 */
class DataDirLock {
  private constructor(private readonly file: string) {}

  static acquire(dataDir: string): DataDirLock {
    mkdirSync(dataDir, { recursive: true });
    const file = join(dataDir, 'rehabit.lock');
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(file, 'wx', 0o600);
        writeSync(fd, identityOf(process.pid));
        closeSync(fd);
        return new DataDirLock(file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const [owner, startedAt] = readFileSync(file, 'utf8').trim().split(' ');
        if (Number(owner) !== process.pid && holds(Number(owner), startedAt)) {
          throw new DataDirLockedError(
            `DATA_DIR ${dataDir} is in use by another Rehabit process (pid ${owner}); stop it first or choose another DATA_DIR`,
          );
        }
        rmSync(file, { force: true });
      }
    }
    throw new DataDirLockedError(`Could not lock DATA_DIR ${dataDir}`);
  }

  release(): void {
    try {
      if (readFileSync(this.file, 'utf8').trim() === identityOf(process.pid))
        rmSync(this.file, { force: true });
    } catch {
      // Already gone: nothing to release.
    }
  }
}

/** `pid start-time` on Linux, the pid alone where /proc is not there to read. */
function identityOf(pid: number): string {
  const startedAt = startTimeOf(pid);
  return startedAt === null ? String(pid) : `${pid} ${startedAt}`;
}

/** Field 22 of /proc/<pid>/stat, counted after the parenthesised command name. */
function startTimeOf(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

/** Whether the process that wrote the lock still runs; when in doubt, it does. */
function holds(pid: number, startedAt: string | undefined): boolean {
  if (!isAlive(pid)) return false;
  const now = startTimeOf(pid);
  return startedAt === undefined || now === null || now === startedAt;
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
