import { randomBytes, randomUUID } from 'node:crypto';
import type { CapturedOperation, CapturedRun, CapturedStatement, Wire } from './capture';

/**
 * Replays the SQL an operation of the API sends, for the baseline server. Two captured requests
 * of the operation are compared once, at start-up, to learn which parameter values are the
 * request's inputs (client address, token claims, body), which come from an earlier statement's
 * rows (an id returned by an INSERT), and which the API makes up per request (random ids,
 * timestamps, token hashes). Each replay then sends the same statements, in the same order and
 * transactions, with those values taken from the live request, the live rows, or made afresh.
 */

/** What a request brings that may end up in SQL parameters. */
export interface RequestInputs {
  address: string | null;
  claims: { sub: string; sid: string } | null;
  body: unknown;
}

/** Values shorter than this are replaced only as whole parameters, never inside longer text. */
const MIN_EMBEDDED_LENGTH = 16;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const HEX = /^[0-9a-f]{16,}$/i;
const TOKEN = /^[A-Za-z0-9_-]{16,}$/;

/** Captured value → live value, applied to whole parameters and inside longer text. */
export class Substitutions {
  private readonly exact = new Map<string, string>();
  private embedded: Array<[string, string]> = [];

  /** `embedded`: also inside longer text even when short (a client address inside a key). */
  set(from: string, to: string, embedded = false): void {
    if (from === to || this.exact.has(from)) return;
    this.exact.set(from, to);
    if (embedded || from.length >= MIN_EMBEDDED_LENGTH) {
      this.embedded.push([from, to]);
      this.embedded.sort((a, b) => b[0].length - a[0].length);
    }
  }

  apply(value: Wire): Wire {
    if (typeof value !== 'string') return value;
    const whole = this.exact.get(value);
    if (whole !== undefined) return whole;
    if (value.length < MIN_EMBEDDED_LENGTH) return value;
    let result = value;
    for (const [from, to] of this.embedded)
      if (result.includes(from)) result = result.split(from).join(to);
    return result;
  }

  addInputs(captured: RequestInputs, live: RequestInputs): void {
    if (captured.address && live.address) this.set(captured.address, live.address, true);
    if (captured.claims && live.claims) {
      this.set(captured.claims.sub, live.claims.sub);
      this.set(captured.claims.sid, live.claims.sid);
    }
    walkPair(captured.body, live.body, (from, to) => this.set(from, to, true));
  }
}

type Recipe =
  | { kind: 'same' }
  | { kind: 'fresh' }
  /** JSON text with some leaves made afresh (by path); the others substituted. */
  | { kind: 'json'; freshPaths: Set<string> };

export interface ReplayStep {
  sql: string;
  params: Wire[];
  recipes: Recipe[];
  beginsTransaction: boolean;
  endsTransaction: boolean;
  /** Cells of this statement's rows whose values later statements use: [row, column, captured]. */
  feeds: Array<[number, string, string]>;
  /** The row column holding a password hash (sign-in): verified against the body's password. */
  passwordHashColumn: string | null;
}

export interface ReplayPlan {
  name: string;
  method: string;
  path: string;
  status: number;
  sentAt: number;
  inputs: RequestInputs;
  steps: ReplayStep[];
  /** Statements the API sent while another of the same request was still running. */
  concurrentStatements: number;
  /** Per-request values the replay could not classify and sends as captured (for the report). */
  unclassified: string[];
}

export function inputsOf(run: CapturedRun): RequestInputs {
  const authorization = run.request.headers['authorization'];
  return {
    address: run.request.headers['x-forwarded-for'] ?? null,
    claims: authorization ? claimsOf(authorization.slice('Bearer '.length)) : null,
    body: run.request.body ? JSON.parse(run.request.body) : null,
  };
}

function claimsOf(token: string): { sub: string; sid: string } {
  const payload = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
  return { sub: payload.sub, sid: payload.sid };
}

export function compilePlan(operation: CapturedOperation): ReplayPlan {
  const [first, second] = operation.runs;
  if (
    first.statements.length !== second.statements.length ||
    first.statements.some((statement, index) => statement.sql !== second.statements[index].sql)
  ) {
    throw new Error(`${operation.name}: the two captured requests sent different statements`);
  }
  const learned = new Substitutions();
  learned.addInputs(inputsOf(first), inputsOf(second));
  const unclassified: string[] = [];
  const steps: ReplayStep[] = [];
  const open = new Set<number>();
  for (const [index, statement] of second.statements.entries()) {
    const earlier = first.statements[index];
    const recipes = statement.params.map((value, position): Recipe => {
      const mapped = learned.apply(earlier.params[position]);
      if (same(mapped, value)) return { kind: 'same' };
      if (typeof value !== 'string' || typeof mapped !== 'string') return { kind: 'same' };
      learned.set(earlier.params[position] as string, value);
      const json = parseJson(value);
      if (json !== undefined) {
        const freshPaths = new Set<string>();
        walkPair(parseJson(mapped), json, (from, to, path) => {
          freshPaths.add(path);
          learned.set(from, to);
          if (!isFreshable(to)) unclassified.push(`${operation.name} #${index} ${path}`);
        });
        return { kind: 'json', freshPaths };
      }
      if (!isFreshable(value)) unclassified.push(`${operation.name} #${index} $${position + 1}`);
      return { kind: 'fresh' };
    });
    const begins = /^\s*(START TRANSACTION|BEGIN)\b/i.test(statement.sql);
    const ends = /^\s*(COMMIT|ROLLBACK)\b/i.test(statement.sql);
    if (begins) open.add(statement.connection);
    if (ends) open.delete(statement.connection);
    steps.push({
      sql: statement.sql,
      params: statement.params,
      recipes,
      beginsTransaction: begins,
      endsTransaction: ends,
      feeds: [],
      passwordHashColumn:
        Object.keys(statement.rows?.[0] ?? {}).find((column) => /password_?hash$/i.test(column)) ??
        null,
    });
    learnRows(learned, earlier, statement);
  }
  if (open.size > 0) throw new Error(`${operation.name}: a transaction was left open`);
  markFeeds(steps, second.statements);
  return {
    name: operation.name,
    method: operation.method,
    path: operation.path,
    status: second.status,
    sentAt: second.sentAt,
    inputs: inputsOf(second),
    steps,
    concurrentStatements: second.statements.filter((statement) => statement.concurrent).length,
    unclassified,
  };
}

function learnRows(
  learned: Substitutions,
  earlier: CapturedStatement,
  statement: CapturedStatement,
): void {
  for (const [row, cells] of (statement.rows ?? []).entries()) {
    for (const [column, value] of Object.entries(cells)) {
      const before = earlier.rows?.[row]?.[column];
      if (typeof value === 'string' && typeof before === 'string') learned.set(before, value);
    }
  }
}

/** Keeps, per statement, only the row cells whose values appear in later parameters. */
function markFeeds(steps: ReplayStep[], statements: CapturedStatement[]): void {
  for (const [index, statement] of statements.entries()) {
    const later = statements
      .slice(index + 1)
      .flatMap((next) => next.params)
      .filter((value): value is string => typeof value === 'string');
    for (const [row, cells] of (statement.rows ?? []).entries()) {
      for (const [column, value] of Object.entries(cells)) {
        if (typeof value !== 'string' || value.length < 8) continue;
        if (later.some((param) => param === value || param.includes(value)))
          steps[index].feeds.push([row, column, value]);
      }
    }
  }
}

function same(a: Wire, b: Wire): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function parseJson(value: Wire): unknown {
  if (typeof value !== 'string' || !/^[[{]/.test(value)) return undefined;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

/** Calls `visit` for each pair of string leaves that differ, with the leaf's path. */
function walkPair(
  a: unknown,
  b: unknown,
  visit: (from: string, to: string, path: string) => void,
  path = '',
): void {
  if (typeof a === 'string' && typeof b === 'string') {
    if (a !== b) visit(a, b, path);
  } else if (a && b && typeof a === 'object' && typeof b === 'object') {
    for (const key of Object.keys(b))
      walkPair(
        (a as Record<string, unknown>)[key],
        (b as Record<string, unknown>)[key],
        visit,
        `${path}/${key}`,
      );
  }
}

function isFreshable(value: string): boolean {
  return UUID.test(value) || TIMESTAMP.test(value) || HEX.test(value) || TOKEN.test(value);
}

/**
 * A new value of the same kind as a per-request value the API made up: a new UUID, a token of
 * the same length, or a timestamp as far from now as the captured one was from its request.
 */
export function freshValue(
  captured: string,
  sentAt: number,
  formatTime: (date: Date) => string,
): string {
  if (UUID.test(captured)) return randomUUID();
  if (TIMESTAMP.test(captured))
    return formatTime(new Date(Date.now() + (Date.parse(captured) - sentAt)));
  if (HEX.test(captured))
    return randomBytes(Math.ceil(captured.length / 2))
      .toString('hex')
      .slice(0, captured.length);
  if (TOKEN.test(captured))
    return randomBytes(captured.length).toString('base64url').slice(0, captured.length);
  return captured;
}

/** The parameters of a step for one live request; made-up values are remembered for later steps. */
export function liveParams(
  step: ReplayStep,
  live: Substitutions,
  sentAt: number,
  formatTime: (date: Date) => string,
): Wire[] {
  return step.params.map((value, position) => {
    const recipe = step.recipes[position];
    if (recipe.kind === 'same' || typeof value !== 'string') return live.apply(value);
    if (recipe.kind === 'fresh') {
      const substituted = live.apply(value);
      if (substituted !== value) return substituted;
      const made = freshValue(value, sentAt, formatTime);
      live.set(value, made);
      return made;
    }
    const rebuilt = mapLeaves(JSON.parse(value), '', (leaf, path) => {
      const substituted = live.apply(leaf) as string;
      if (substituted !== leaf || !recipe.freshPaths.has(path)) return substituted;
      const made = freshValue(leaf, sentAt, formatTime);
      live.set(leaf, made);
      return made;
    });
    return JSON.stringify(rebuilt);
  });
}

function mapLeaves(
  value: unknown,
  path: string,
  map: (leaf: string, path: string) => string,
): unknown {
  if (typeof value === 'string') return map(value, path);
  if (Array.isArray(value))
    return value.map((item, index) => mapLeaves(item, `${path}/${index}`, map));
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, mapLeaves(item, `${path}/${key}`, map)]),
    );
  return value;
}
