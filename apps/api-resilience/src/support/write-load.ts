import type { CreatePainEntryResponse } from '@rehabit/contracts';
import { randomUUID } from 'node:crypto';
import type { Clinic } from './clinic';
import { call } from './http';
import { sleep } from './wait';

/** A client backs off this long after a failed request, as a phone app would. */
const BACK_OFF_MS = 50;

/**
 * Patients logging pain as fast as `concurrency` clients can, each request with its own
 * Idempotency-Key. Every 201 is an acknowledged write: its id must survive whatever happens
 * to the server next. Failures are kept with their time, to see when they stop.
 */
export class WriteLoad {
  /** Ids of the entries the API answered 201 for. */
  readonly acknowledged: string[] = [];
  readonly failures: { at: number; what: string }[] = [];
  private successesSinceFailure = 0;
  private stopped = false;
  private readonly workers: Promise<void>[];

  constructor(
    private readonly baseUrl: string,
    private readonly clinic: Clinic,
    concurrency: number,
  ) {
    this.workers = Array.from({ length: concurrency }, () => this.work());
  }

  /** Acknowledged writes since the last failure: a recovered server keeps this growing. */
  get streak(): number {
    return this.successesSinceFailure;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.workers);
  }

  private async work(): Promise<void> {
    let sent = 0;
    while (!this.stopped) {
      try {
        const answer = await call<CreatePainEntryResponse>(
          this.baseUrl,
          'POST',
          '/patients/me/pain',
          {
            token: this.clinic.patientToken,
            headers: { 'Idempotency-Key': randomUUID() },
            body: { recordedAt: new Date().toISOString(), score: sent++ % 6 },
          },
        );
        if (answer.status === 201) {
          this.acknowledged.push(answer.body.id);
          this.successesSinceFailure++;
          continue;
        }
        this.failed(`${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`);
      } catch (error) {
        this.failed(String((error as Error).cause ?? error));
      }
      await sleep(BACK_OFF_MS);
    }
  }

  private failed(what: string): void {
    this.failures.push({ at: Date.now(), what });
    this.successesSinceFailure = 0;
  }
}
