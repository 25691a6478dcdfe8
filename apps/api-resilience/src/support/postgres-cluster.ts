import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { promisify } from 'node:util';
import { Client } from 'pg';

const run = promisify(execFile);
const NAME_PREFIX = 'rehabit_resilience_';

/**
 * A PostgreSQL cluster of this test run alone (Debian's postgresql-common tools, as root), so
 * that stopping and restarting it under load never touches the shared server on 5432. Named
 * after this process, so runs side by side do not meet, and clusters left behind by crashed
 * runs (their process gone) are dropped on the next start.
 */
export class PostgresCluster {
  private constructor(
    private readonly version: string,
    readonly name: string,
    readonly port: number,
  ) {}

  static async create(): Promise<PostgresCluster> {
    const version = readdirSync('/etc/postgresql').sort().at(-1);
    if (!version) throw new Error('No PostgreSQL installed (/etc/postgresql is empty)');
    await dropLeftovers(version);
    // Chosen here, bound when the cluster starts: another process may take it in between,
    // which pg_ctlcluster then reports as a failed start.
    const cluster = new PostgresCluster(version, `${NAME_PREFIX}${process.pid}`, await freePort());
    await run('pg_createcluster', [
      version,
      cluster.name,
      '-p',
      String(cluster.port),
      '--',
      '--auth=trust',
    ]);
    await cluster.start();
    return cluster;
  }

  /** A new empty database in the cluster, as a URL for DATABASE_URL. */
  async createDatabase(): Promise<string> {
    const name = `rehabit_${randomBytes(4).toString('hex')}`;
    await this.query('postgres', `CREATE DATABASE ${name}`);
    return `postgres://postgres@127.0.0.1:${this.port}/${name}`;
  }

  async query<T = Record<string, unknown>>(
    urlOrDatabase: string,
    sql: string,
    params: unknown[] = [],
  ): Promise<T[]> {
    const client = new Client(
      urlOrDatabase.includes('://')
        ? { connectionString: urlOrDatabase }
        : { host: '127.0.0.1', port: this.port, user: 'postgres', database: urlOrDatabase },
    );
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as T[];
    } finally {
      await client.end();
    }
  }

  /** pg_ctlcluster waits until the server accepts connections. */
  start(): Promise<unknown> {
    return this.ctl('start');
  }

  /** Fast shutdown: open sessions are terminated, as in a failover or a restart for an upgrade. */
  stop(): Promise<unknown> {
    return this.ctl('stop');
  }

  async drop(): Promise<void> {
    await run('pg_dropcluster', ['--stop', this.version, this.name]);
  }

  private ctl(action: string): Promise<unknown> {
    return run('pg_ctlcluster', ['--skip-systemctl-redirect', this.version, this.name, action]);
  }
}

async function dropLeftovers(version: string): Promise<void> {
  const { stdout } = await run('pg_lsclusters', ['--no-header']);
  for (const line of stdout.split('\n')) {
    const [lineVersion, name] = line.trim().split(/\s+/);
    if (lineVersion !== version || !name?.startsWith(NAME_PREFIX)) continue;
    const owner = Number(name.slice(NAME_PREFIX.length));
    // Our own name can only be a leftover of an earlier run whose pid this process now has.
    if (owner !== process.pid && isAlive(owner)) continue;
    await run('pg_dropcluster', ['--stop', version, name]);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

let shared: Promise<PostgresCluster> | null = null;

/** The run's one private cluster, created on first use; global-setup.ts drops it. */
export function sharedCluster(): Promise<PostgresCluster> {
  shared ??= PostgresCluster.create();
  return shared;
}

export async function dropSharedCluster(): Promise<void> {
  if (!shared) return;
  const cluster = await shared.catch(() => null);
  shared = null;
  await cluster?.drop();
}

/** A loopback port nothing listens on right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port assigned')),
      );
    });
  });
}
