import { API_PREFIX } from '@rehabit/contracts';
import { nextAddress } from './http';
import { BENCH_PASSWORD, type Actor, type Fixture } from './seed';

export const OPERATION_NAMES = [
  'health',
  'login',
  'session-log',
  'today',
  'patients',
  'progress',
  'dashboard',
] as const;
export type OperationName = (typeof OPERATION_NAMES)[number];

/** One HTTP request as autocannon sends it. */
export interface BenchRequest {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface Operation {
  name: OperationName;
  title: string;
  method: 'GET' | 'POST';
  path: string;
  /** Who sends it (for the report). */
  caller: string;
}

export const OPERATIONS: Record<OperationName, Operation> = {
  health: {
    name: 'health',
    title: 'trivial route (DB ping)',
    method: 'GET',
    path: '/health',
    caller: 'anyone',
  },
  login: {
    name: 'login',
    title: 'sign in (argon2id)',
    method: 'POST',
    path: '/auth/login',
    caller: 'patients, each request another account',
  },
  'session-log': {
    name: 'session-log',
    title: 'log a session',
    method: 'POST',
    path: '/patients/me/sessions',
    caller: 'patients, each request the next of 50',
  },
  today: {
    name: 'today',
    title: "today's exercises",
    method: 'GET',
    path: '/patients/me/today',
    caller: 'patient',
  },
  patients: {
    name: 'patients',
    title: 'patients list, 50 rows',
    method: 'GET',
    path: '/patients?limit=50',
    caller: 'therapist',
  },
  progress: {
    name: 'progress',
    title: 'progress, 12 weeks',
    method: 'GET',
    path: '/patients/me/progress',
    caller: 'patient',
  },
  dashboard: {
    name: 'dashboard',
    title: 'clinic dashboard, 30 days',
    method: 'GET',
    path: '/clinic/dashboard',
    caller: 'admin',
  },
};

/** The mix for the PGlite-vs-PostgreSQL comparison and the memory soak: a clinic's day, roughly. */
export const MIX: Array<Exclude<OperationName, 'login'>> = [
  'health',
  'today',
  'today',
  'today',
  'session-log',
  'session-log',
  'progress',
  'patients',
  'dashboard',
];

function fromNewAddress(request: BenchRequest): BenchRequest {
  return { ...request, headers: { ...request.headers, 'x-forwarded-for': nextAddress() } };
}

/**
 * Builds the requests of each operation for one round. Every request comes from its own client
 * address; sign-ins each use the next account, so per-address and per-account limits stay as
 * in production and are never tripped by a load that production would spread over many people.
 */
export class RequestFactory {
  private loginCursor = 0;

  constructor(
    private baseUrl: string,
    readonly fixture: Fixture,
    /** Sent with every GET when set, as a browser would (run.ts --accept-encoding). */
    private readonly acceptEncoding: string | null = null,
  ) {}

  /** Tokens are refreshed through this API (the one being measured, once it runs). */
  useApi(baseUrl: string): void {
    this.baseUrl = baseUrl;
  }

  async requests(name: OperationName, count: number): Promise<BenchRequest[]> {
    if (name === 'login') return this.logins(count);
    const templates = await this.templates(name);
    return Array.from({ length: count }, (_, index) =>
      fromNewAddress(templates[index % templates.length]),
    );
  }

  async mix(repeats: number): Promise<BenchRequest[]> {
    const templates = new Map<string, BenchRequest[]>();
    for (const name of new Set(MIX)) templates.set(name, await this.templates(name));
    const requests: BenchRequest[] = [];
    for (let repeat = 0; repeat < repeats; repeat++) {
      for (const [position, name] of MIX.entries()) {
        const list = templates.get(name) as BenchRequest[];
        requests.push(fromNewAddress(list[(repeat * MIX.length + position) % list.length]));
      }
    }
    return requests;
  }

  /** Sign-ins made against the API (not the baseline, which keeps no counters) move the cursor. */
  advanceLogins(made: number): void {
    this.loginCursor += made;
  }

  private logins(count: number): BenchRequest[] {
    const emails = this.fixture.loginEmails;
    return Array.from({ length: count }, (_, index) => ({
      method: 'POST' as const,
      path: API_PREFIX + OPERATIONS.login.path,
      headers: { 'content-type': 'application/json', 'x-forwarded-for': nextAddress() },
      body: JSON.stringify({
        email: emails[(this.loginCursor + index) % emails.length],
        password: BENCH_PASSWORD,
      }),
    }));
  }

  /** One request per caller of the operation (many patients log sessions, one reads). */
  private async templates(name: Exclude<OperationName, 'login'>): Promise<BenchRequest[]> {
    const path = API_PREFIX + OPERATIONS[name].path;
    if (name === 'session-log') {
      const requests: BenchRequest[] = [];
      for (const { actor, body } of this.fixture.loggers) {
        requests.push({
          method: 'POST',
          path,
          headers: {
            authorization: `Bearer ${await actor.token(this.baseUrl)}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify(body),
        });
      }
      return requests;
    }
    const actor = this.callerOf(name);
    const headers: Record<string, string> = {};
    if (actor) headers['authorization'] = `Bearer ${await actor.token(this.baseUrl)}`;
    if (this.acceptEncoding) headers['accept-encoding'] = this.acceptEncoding;
    return [{ method: 'GET', path, headers }];
  }

  private callerOf(name: Exclude<OperationName, 'login' | 'session-log'>): Actor | null {
    switch (name) {
      case 'health':
        return null;
      case 'today':
      case 'progress':
        return this.fixture.reader;
      case 'patients':
        return this.fixture.therapist;
      case 'dashboard':
        return this.fixture.admin;
    }
  }
}
