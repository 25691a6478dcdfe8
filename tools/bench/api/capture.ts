import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  OPERATIONS,
  type BenchRequest,
  type OperationName,
  type RequestFactory,
} from './operations';

/** A parameter or cell as pg puts it on the wire: text, NULL, or bytes. */
export type Wire = string | null | { base64: string };

export interface CapturedStatement {
  order: number;
  connection: number;
  concurrent: boolean;
  sql: string;
  params: Wire[];
  /** From sending the statement to its answer, in the capturing (otherwise idle) API. */
  ms: number;
  command?: string;
  rows?: Array<Record<string, Wire>>;
  error?: string;
}

export interface CapturedRun {
  request: BenchRequest;
  status: number;
  /** When the request was sent (ms since the epoch): the reference for captured timestamps. */
  sentAt: number;
  statements: CapturedStatement[];
}

export interface CapturedOperation {
  name: OperationName;
  method: string;
  path: string;
  /** Two requests after a warm-up one; comparing them tells per-request values from constants. */
  runs: [CapturedRun, CapturedRun];
}

const CAPTURE_HEADER = 'x-bench-capture';

/**
 * Sends each operation three times, one request at a time, to an API started with
 * capture-hook.cjs, and reads back the statements each request caused.
 */
export async function captureOperations(
  baseUrl: string,
  captureFile: string,
  factory: RequestFactory,
  names: readonly OperationName[],
): Promise<CapturedOperation[]> {
  const sent: Array<{ name: OperationName; label: string; run: Omit<CapturedRun, 'statements'> }> =
    [];
  for (const name of names) {
    const requests = await factory.requests(name, 3);
    for (const [index, request] of requests.entries()) {
      const label = `${name}#${index}`;
      const sentAt = Date.now();
      const response = await fetch(baseUrl + request.path, {
        method: request.method,
        headers: { ...request.headers, [CAPTURE_HEADER]: label },
        body: request.body,
      });
      const text = await response.text();
      if (!response.ok)
        throw new Error(`capture of ${label} answered ${response.status}: ${text.slice(0, 300)}`);
      sent.push({ name, label, run: { request, status: response.status, sentAt } });
      // Anything the request set off after answering (none expected) lands before the next one.
      await sleep(50);
    }
    if (name === 'login') factory.advanceLogins(3);
  }
  await sleep(200);

  const byLabel = new Map<string, CapturedStatement[]>();
  for (const line of readFileSync(captureFile, 'utf8').split('\n')) {
    if (!line) continue;
    const statement = JSON.parse(line) as CapturedStatement & { label: string };
    const list = byLabel.get(statement.label) ?? [];
    list.push(statement);
    byLabel.set(statement.label, list);
  }
  return names.map((name) => {
    const [first, second] = [1, 2].map((index) => {
      const entry = sent.find((item) => item.label === `${name}#${index}`);
      if (!entry) throw new Error(`no capture for ${name}#${index}`);
      const statements = (byLabel.get(entry.label) ?? []).sort((a, b) => a.order - b.order);
      if (statements.length === 0) throw new Error(`${entry.label} ran no SQL`);
      const failed = statements.find((statement) => statement.error);
      if (failed) throw new Error(`${entry.label}: statement failed: ${failed.error}`);
      return { ...entry.run, statements };
    });
    return {
      name,
      method: OPERATIONS[name].method,
      path: first.request.path,
      runs: [first, second] as [CapturedRun, CapturedRun],
    };
  });
}
