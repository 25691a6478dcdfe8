import { API_PREFIX } from '@rehabit/contracts';
import { localDateOf } from '@rehabit/domain';
import fc from 'fast-check';
import { randomInt } from 'node:crypto';
import request from 'supertest';
import { addTherapist, createTestClinic, type Actor } from '../testing/factories';
import { getTestApp, type TestApp } from '../testing/test-app';

/**
 * Hostile input, driven by the OpenAPI document: for every operation it describes, fast-check
 * builds requests from the schemas — path ids of real records of the fixture clinic, random and
 * hostile ids, query strings, headers and JSON bodies mixing plausible values with hostile ones
 * (deep nesting, 2 MB strings, nulls, huge numbers, SQL fragments, `__proto__` keys, unicode) —
 * and sends each one as the clinic's admin, therapist, patient and anonymously. No answer may be
 * a 5xx, an error that is not problem+json, lack helmet's headers, or carry a stack trace, SQL,
 * a driver error or a file path; the health check must still answer afterwards.
 *
 * FUZZ_SEED replays a run (the seed is printed), FUZZ_RUNS sets the requests per operation and
 * role (default 20); a failure names method, path, role, headers and the body, shrunk.
 */

const RUNS = Number(process.env['FUZZ_RUNS'] ?? 20);
const SEED = Number(process.env['FUZZ_SEED'] ?? randomInt(2 ** 31));
const MAX_SHOWN = 400;
const ROLES = ['admin', 'therapist', 'patient', 'anonymous'] as const;
type Role = (typeof ROLES)[number];

// --- What must never be in an answer -------------------------------------------------------

/**
 * Signs of an internal error reaching the client, given the app's table names. None of them can
 * be an echo of the hostile input below: its SQL names no table of ours and it holds no driver
 * message or path.
 */
const leaksFor = (tables: string[]): [string, RegExp][] => [
  ['stack frame', /\bat [\w$.<>]+ \([^)]*:\d+:\d+\)|\bat (?:file:\/\/|node:|\/)\S*:\d+:\d+/],
  ['stack property', /"stack"\s*:/],
  ['ORM error', /QueryFailedError|EntityNotFound|TypeORMError|EntityPropertyNotFound/],
  ['driver error', /syntax error at or near|invalid input syntax|violates [a-z-]+ constraint/],
  ['driver error', /out of range for type|value too long for type|null value in column/],
  ['driver error', /duplicate key value|relation "\w+" does not exist|column "\w+" (does not|of)/],
  ['driver error', /could not (?:determine|serialize)|invalid byte sequence|canceling statement/],
  ['SQL', new RegExp(`\\b(?:FROM|INTO|UPDATE|JOIN) "?(?:${tables.join('|')})"?\\b`)],
  ['file path', /(?:\/work|\/home|\/usr|\/app|\/tmp)\/|node_modules|\.(?:ts|js):\d+/],
  ['runtime error', /\b(?:TypeError|ReferenceError|RangeError|SyntaxError): /],
];

// --- Hostile values -------------------------------------------------------------------------

/** JSON text placed as is: numbers JSON.stringify cannot write, nesting it would overflow on. */
class RawJson {
  constructor(readonly text: string) {}
}
/** An object as ordered entries, so `__proto__` and duplicate keys survive serialisation. */
class JsonObject {
  constructor(readonly entries: [string, Json][]) {}
}
type Json = RawJson | JsonObject | Json[] | string | number | boolean | null;

function serialise(value: Json): string {
  if (value instanceof RawJson) return value.text;
  if (value instanceof JsonObject)
    return `{${value.entries.map(([key, item]) => `${JSON.stringify(key)}:${serialise(item)}`).join(',')}}`;
  if (Array.isArray(value)) return `[${value.map(serialise).join(',')}]`;
  return JSON.stringify(value);
}

const TWO_MB = 'x'.repeat(2 * 1024 * 1024);
const DEEP = 5000;

const hostileStrings = fc.constantFrom(
  '',
  ' ',
  "' OR '1'='1",
  '1; DROP TABLE users; --',
  "' UNION SELECT null, version() --",
  '%',
  '_',
  '\\',
  '\u0000',
  'nul\u0000inside',
  '\uD800',
  '\u202Eevil',
  'e\u0301\u0301\u0301',
  '👩‍⚕️🦵',
  '𝕽𝖊𝖍𝖆𝖇𝖎𝖙',
  '<script>alert(1)</script>',
  '{{constructor.constructor("return 1")()}}',
  '../../../../etc/passwd',
  '__proto__',
  'constructor',
  'NaN',
  'Infinity',
  '-infinity',
  'epoch',
  'now',
  'today',
  'allballs',
  '1e400',
  '-1',
  '0',
  '00000000-0000-0000-0000-000000000000',
  'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF',
  '2026-02-30',
  '2026-13-01',
  '0000-01-01',
  '0001-01-01',
  '9999-12-31',
  '+275760-09-13',
  '2026-01-01T25:00:00Z',
  '2026-01-01T00:00:00+99:00',
  'Europe/Nowhere',
  'x'.repeat(10_000),
  TWO_MB,
);
const hostileNumbers = fc.constantFrom<Json>(
  -1,
  0,
  0.5,
  1.5,
  -0,
  32768,
  2147483648,
  -2147483649,
  Number.MAX_SAFE_INTEGER + 2,
  1e21,
  -1e308,
  Number.MAX_VALUE,
  Number.MIN_VALUE,
  new RawJson('1e400'),
  new RawJson('-1e400'),
  new RawJson('123456789012345678901234567890'),
  new RawJson('1E-400'),
);
const deepArray = new RawJson(`${'['.repeat(DEEP)}${']'.repeat(DEEP)}`);
const deepObject = new RawJson(`${'{"a":'.repeat(DEEP)}1${'}'.repeat(DEEP)}`);
const protoObject = new JsonObject([
  [
    '__proto__',
    new JsonObject([
      ['role', 'admin'],
      ['isAdmin', true],
    ]),
  ],
  ['constructor', new JsonObject([['prototype', new JsonObject([['polluted', true]])]])],
]);

const hostileValue: fc.Arbitrary<Json> = fc.oneof(
  { weight: 4, arbitrary: hostileStrings },
  { weight: 3, arbitrary: hostileNumbers },
  { weight: 2, arbitrary: fc.constantFrom<Json>(null, true, false, [], new JsonObject([])) },
  { weight: 1, arbitrary: fc.constantFrom<Json>(deepArray, deepObject, protoObject) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.array(hostileStrings, { maxLength: 3 }) },
);

/**
 * Values that pass for text, or nearly for a number, yet trouble what lies behind validation:
 * the database, the SQL, the arithmetic. Swapped into otherwise plausible requests.
 */
const subtleValue: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(
    'nul\u0000inside',
    '\u0000',
    'lone \uD800 surrogate',
    '\u202Eright-to-left',
    "O'Brien",
    "' OR '1'='1",
    '%_\\',
    '$1',
    '👩‍⚕️',
    null,
    -1,
    0,
    2147483648,
    1e21,
    0.5,
  ),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 20 }),
);

/** Extra keys a body should refuse or ignore without harm. */
const hostileEntries = fc.array(
  fc.tuple(
    fc.constantFrom('__proto__', 'constructor', 'prototype', 'id', 'clinicId', 'role', 'version'),
    hostileValue,
  ),
  { maxLength: 2 },
);

// --- Values from the schema -----------------------------------------------------------------

interface Schema {
  $ref?: string;
  allOf?: Schema[];
  type?: string;
  enum?: Json[];
  example?: Json;
  default?: Json;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
}

interface Operation {
  method: 'get' | 'post' | 'patch' | 'delete';
  path: string;
  parameters: { name: string; in: 'path' | 'query' | 'header'; schema?: Schema }[];
  body: Schema | null;
}

interface Fixtures {
  actors: Record<Exclude<Role, 'anonymous'>, Actor>;
  /** Real ids by the path segment or field that names them. */
  ids: Record<string, string[]>;
}

function dateAround(days: number): string {
  return localDateOf(new Date(Date.now() + days * 86_400_000), 'Europe/Berlin');
}

const plausibleDates = fc.oneof(
  fc.integer({ min: -400, max: 30 }).map(dateAround),
  fc.constantFrom('2026-01-05', '2030-01-07', '2026-03'),
);
const plausibleInstants = fc
  .integer({ min: -30 * 86_400, max: 3600 })
  .map((seconds) => new Date(Date.now() + seconds * 1000).toISOString());

/**
 * How values are made: `plausible` stays within what the schema and the fixtures suggest, so a
 * request gets past validation and into the services; `hostile` mixes in limits, wrong types and
 * the values above.
 */
interface Maker {
  fixtures: Fixtures;
  components: Record<string, Schema>;
  hostile: boolean;
}

/** Property names whose values the schema types loosely but that mean something specific. */
function plausibleFor(name: string, fixtures: Fixtures): fc.Arbitrary<Json> | null {
  const ids = (key: string) => fixtures.ids[key] ?? [];
  if (/(^|[a-z])(date|Date|On|From)$|^(from|to|date)$/.test(name)) return plausibleDates;
  if (/At$/.test(name)) return plausibleInstants;
  if (name === 'month') return fc.constantFrom('2026-01', '2026-13', dateAround(0).slice(0, 7));
  if (name === 'timezone') return fc.constantFrom('Europe/Berlin', 'Pacific/Kiritimati', 'UTC');
  if (name === 'email') return fc.uuid().map((id) => `fuzz-${id.slice(0, 8)}@rehabit.test`);
  if (name === 'password') return fc.constantFrom('correct horse battery staple', 'short');
  if (name === 'redFlags') return fc.subarray(['night_pain', 'leg_weakness', 'saddle_numbness']);
  const key = /^(\w+?)Ids?$/.exec(name)?.[1];
  if (key && ids(key).length > 0) return fc.constantFrom(...ids(key));
  return null;
}

function resolve(schema: Schema, components: Record<string, Schema>): Schema {
  if (schema.$ref) return resolve(components[schema.$ref.split('/').pop() ?? ''] ?? {}, components);
  if (schema.allOf?.length) {
    const merged = schema.allOf.reduce<Schema>(
      (all, part) => ({ ...all, ...resolve(part, components) }),
      {},
    );
    return { ...merged, ...schema, allOf: undefined };
  }
  return schema;
}

/** A value for the schema of the property `name`. */
function valueFor(schema: Schema, name: string, maker: Maker, depth = 0): fc.Arbitrary<Json> {
  const resolved = resolve(schema, maker.components);
  const plausible = plausibleFor(name, maker.fixtures);
  const own = ownValue(resolved, name, maker, depth);
  if (!maker.hostile) return plausible ? fc.oneof(plausible, plausible, own) : own;
  return fc.oneof(
    { weight: 4, arbitrary: plausible ?? own },
    ...(plausible ? [{ weight: 2, arbitrary: own }] : []),
    { weight: 2, arbitrary: hostileValue },
    // A plain null, often: optional fields tend to let it through to code that expects a value.
    { weight: 1, arbitrary: fc.constant(null) },
  );
}

function ownValue(schema: Schema, name: string, maker: Maker, depth: number): fc.Arbitrary<Json> {
  const known = [schema.example, schema.default].filter((value) => value !== undefined);
  if (schema.enum?.length) return fc.constantFrom(...schema.enum);
  switch (schema.type) {
    case 'string': {
      const max = schema.maxLength ?? 60;
      const text = fc.oneof(
        fc.string({ minLength: 1, maxLength: Math.min(max, 60) }),
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: Math.min(max, 20) }),
        ...(known.length > 0 ? [fc.constantFrom(...known)] : []),
      );
      return maker.hostile
        ? fc.oneof(text, fc.constantFrom('x'.repeat(max), 'x'.repeat(max + 1)))
        : text;
    }
    case 'number':
    case 'integer': {
      const min = schema.minimum ?? Math.min(-1000, schema.maximum ?? 0);
      const max = schema.maximum ?? Math.max(1000, min);
      const whole = fc.integer({ min, max });
      return maker.hostile
        ? fc.oneof(whole, fc.constantFrom(min - 1, max + 1), fc.double({ min, max, noNaN: true }))
        : whole;
    }
    case 'boolean':
      return fc.boolean();
    case 'array': {
      const item = valueFor(schema.items ?? {}, name, maker, depth + 1);
      const min = schema.minItems ?? 0;
      const max = schema.maxItems ?? 4;
      const fitting = fc.array(item, {
        minLength: min,
        maxLength: Math.max(min, Math.min(max, 6)),
      });
      return maker.hostile
        ? fc.oneof(fitting, fc.array(item, { minLength: max + 1, maxLength: max + 1 }))
        : fitting;
    }
    default:
      if (schema.properties && depth < 4) return objectFor(schema, maker, depth);
      if (known.length > 0) return fc.constantFrom(...known);
      return maker.hostile ? hostileValue : fc.constant(null);
  }
}

function objectFor(schema: Schema, maker: Maker, depth: number): fc.Arbitrary<Json> {
  const properties = Object.entries(schema.properties ?? {});
  const required = new Set(schema.required ?? []);
  const fields = properties.map(([key, property]) =>
    fc.tuple(
      // Required fields are there (hostile: usually), optional ones about half the time.
      fc
        .integer({ min: 0, max: 9 })
        .map((roll) => (required.has(key) ? !maker.hostile || roll < 9 : roll < 5)),
      valueFor(property, key, maker, depth + 1),
    ),
  );
  return fc
    .tuple(fc.tuple(...fields), depth === 0 && maker.hostile ? hostileEntries : fc.constant([]))
    .map(
      ([values, extra]) =>
        new JsonObject([
          ...values.flatMap(([present, value], index): [string, Json][] =>
            present ? [[properties[index][0], value]] : [],
          ),
          ...extra,
        ]),
    );
}

// --- Requests -------------------------------------------------------------------------------

interface FuzzRequest {
  method: Operation['method'];
  path: string;
  query: string;
  headers: Record<string, string>;
  /** JSON text, or another content type's text; null sends no body. */
  body: string | null;
  contentType: string | null;
  /** The URL or a header is past what Node's HTTP parser takes: 414/431 or a closed socket. */
  oversized: boolean;
}

function shown(text: string): string {
  return text.length > MAX_SHOWN
    ? `${text.slice(0, MAX_SHOWN)}… (${text.length} characters)`
    : text;
}

function describeRequest(fuzz: FuzzRequest): string {
  const headers = Object.entries(fuzz.headers)
    .map(([name, value]) => `${name}: ${shown(value)}`)
    .join('; ');
  return [
    `${fuzz.method.toUpperCase()} ${shown(fuzz.path + fuzz.query)}`,
    headers && `headers ${headers}`,
    fuzz.contentType && `content-type ${fuzz.contentType}`,
    fuzz.body !== null && `body ${shown(fuzz.body)}`,
  ]
    .filter(Boolean)
    .join(' | ');
}

const hostilePathSegments = fc.constantFrom(
  '..%2F..%2Fetc%2Fpasswd',
  '%00',
  '%E2%80%AE',
  "'%20OR%201%3D1",
  'not-a-uuid',
  '00000000-0000-0000-0000-000000000000',
  'x'.repeat(5000),
  encodeURIComponent('👩‍⚕️'),
  '%25',
  '__proto__',
  'constructor',
);

const hostileQueries = fc.constantFrom(
  '',
  '?%',
  '?%zz=1',
  '?limit=1&limit=2',
  '?limit[]=5',
  '?limit=1e3',
  '?limit=-0',
  '?limit=0x10',
  '?cursor=eyJhdCI6MSwiaWQiOjF9',
  '?cursor=%00',
  '?__proto__[role]=admin',
  '?a[b][c]=1',
  `?q=${'x'.repeat(2 * 1024 * 1024)}`,
  `?from=${encodeURIComponent("' OR 1=1 --")}`,
);

/** Versions the fixture's records are likely at, and fresh idempotency keys. */
function plausibleHeaderValues(name: string): fc.Arbitrary<string> {
  return name === 'If-Match'
    ? fc.integer({ min: 1, max: 6 }).map((version) => `"${version}"`)
    : fc.uuid();
}

/** Bodies that are not the JSON they claim to be, or not JSON. */
const oddBodies = fc.constantFrom(
  { body: '{"broken": ', contentType: 'application/json' },
  { body: '{"a":1,"a":2}', contentType: 'application/json' },
  { body: 'status=paused', contentType: 'application/x-www-form-urlencoded' },
  { body: '{"status":"paused"}', contentType: 'text/plain' },
  { body: '{"status":"paused"}', contentType: 'application/json; charset=utf-16' },
  { body: '\uFEFF{}', contentType: 'application/json' },
  { body: '', contentType: 'application/json' },
);

const hostileHeaderValues = fc.oneof(
  fc
    .string({ unit: 'binary-ascii', maxLength: 60 })
    .map((text) => text.replace(/[^\x20-\x7e]/g, '')),
  fc.constantFrom(
    '*',
    'W/"1"',
    '"1"',
    '"2"',
    '"3"',
    '"1", "2"',
    '"99999999999999"',
    'x'.repeat(8000),
    TWO_MB,
  ),
);

/**
 * A query value as UTF-8 percent-encoding. encodeURIComponent throws on a lone surrogate; its
 * UTF-8 form (the replacement character) is what a client would send.
 */
function percentEncoded(value: string): string {
  return [...Buffer.from(value, 'utf8')]
    .map((byte) =>
      /[A-Za-z0-9\-_.~]/.test(String.fromCharCode(byte))
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');
}

/** A request before it is written out: query and body still values, so one can be swapped. */
interface Draft {
  path: string;
  /** Parameters by name, or a raw hostile query string. */
  query: [string, Json][] | string;
  headers: Record<string, string>;
  body: Json | undefined;
  /** A body that is not the JSON it claims to be, sent instead of `body`. */
  odd: { body: string; contentType: string } | null;
}

/**
 * Requests for the operation, in three kinds: plausible throughout; plausible but for one query
 * or body value swapped for a hostile one (what reaches deepest: everything else passes
 * validation); hostile throughout.
 */
function requestFor(
  operation: Operation,
  fixtures: Fixtures,
  components: Record<string, Schema>,
): fc.Arbitrary<FuzzRequest> {
  const plausible = draftsFor(operation, { fixtures, components, hostile: false });
  const mutated = fc
    .tuple(plausible, fc.nat(), fc.oneof({ weight: 3, arbitrary: subtleValue }, hostileValue))
    .map(([draft, position, value]) => withValueSwapped(draft, position, value));
  const hostile = draftsFor(operation, { fixtures, components, hostile: true });
  return fc
    .oneof(
      { weight: 1, arbitrary: plausible },
      { weight: 2, arbitrary: mutated },
      { weight: 1, arbitrary: hostile },
    )
    .map((draft) => writtenOut(operation, draft));
}

/** How many values `value` holds, itself included. */
function valueCount(value: Json): number {
  if (value instanceof JsonObject)
    return 1 + value.entries.reduce((sum, [, item]) => sum + valueCount(item), 0);
  if (Array.isArray(value))
    return 1 + value.reduce<number>((sum, item) => sum + valueCount(item), 0);
  return 1;
}

/** `value` with its n-th value, counted in document order, replaced. */
function replacedAt(value: Json, position: number, replacement: Json): Json {
  let remaining = position;
  const visit = (item: Json): Json => {
    if (remaining-- === 0) return replacement;
    if (item instanceof JsonObject)
      return new JsonObject(item.entries.map(([key, child]) => [key, visit(child)]));
    if (Array.isArray(item)) return item.map(visit);
    return item;
  };
  return visit(value);
}

/** The draft with one of its query or body values (position modulo their number) replaced. */
function withValueSwapped(draft: Draft, position: number, replacement: Json): Draft {
  const query = typeof draft.query === 'string' ? [] : draft.query;
  const bodyValues = draft.body === undefined ? 0 : valueCount(draft.body);
  const count = query.length + bodyValues;
  if (count === 0) return { ...draft, body: replacement };
  const at = position % count;
  if (at < query.length)
    return {
      ...draft,
      query: query.map(([name, value], index) => [name, index === at ? replacement : value]),
    };
  return { ...draft, body: replacedAt(draft.body as Json, at - query.length, replacement) };
}

function draftsFor(operation: Operation, maker: Maker): fc.Arbitrary<Draft> {
  const { fixtures, hostile } = maker;
  const pathParams = operation.parameters.filter((parameter) => parameter.in === 'path');
  const queryParams = operation.parameters.filter((parameter) => parameter.in === 'query');
  const headerParams = operation.parameters.filter((parameter) => parameter.in === 'header');

  const segment = /\/(\w[\w-]*)\/\{id\}/.exec(operation.path)?.[1] ?? '';
  const route = `${operation.method.toUpperCase()} ${operation.path.slice(API_PREFIX.length)}`;
  const realIds = fixtures.ids[route] ?? fixtures.ids[segment] ?? [];
  const pathValue = fc.oneof(
    ...(realIds.length > 0 ? [{ weight: 6, arbitrary: fc.constantFrom(...realIds) }] : []),
    { weight: 2, arbitrary: fc.uuid() },
    ...(hostile ? [{ weight: 2, arbitrary: hostilePathSegments }] : []),
  );
  const path = fc
    .tuple(...pathParams.map(() => pathValue))
    .map((values) =>
      pathParams.reduce(
        (path, parameter, index) => path.replace(`{${parameter.name}}`, values[index]),
        operation.path,
      ),
    );

  const parameters = fc
    .tuple(
      ...queryParams.map((parameter) =>
        fc.option(valueFor(parameter.schema ?? {}, parameter.name, maker), {
          nil: undefined,
          freq: 2,
        }),
      ),
    )
    .map((values) =>
      queryParams.flatMap((parameter, index): [string, Json][] =>
        values[index] === undefined ? [] : [[parameter.name, values[index]]],
      ),
    );
  const query: fc.Arbitrary<Draft['query']> = hostile
    ? fc.oneof({ weight: 5, arbitrary: parameters }, { weight: 1, arbitrary: hostileQueries })
    : parameters;

  const headerValue = (name: string) =>
    hostile ? hostileHeaderValues : plausibleHeaderValues(name);
  const headers = fc
    .tuple(
      ...headerParams.map((parameter) =>
        fc
          .option(headerValue(parameter.name), { nil: undefined, freq: 4 })
          .map((value) => ({ name: parameter.name, value })),
      ),
    )
    .map((values) =>
      Object.fromEntries(
        values.flatMap(({ name, value }) => (value === undefined ? [] : [[name, value]])),
      ),
    );

  const body: fc.Arbitrary<Json | undefined> = operation.body
    ? valueFor(operation.body, '', maker)
    : hostile
      ? fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, hostileValue)
      : fc.constant(undefined);
  const odd = hostile
    ? fc.oneof({ weight: 8, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: oddBodies })
    : fc.constant(null);

  return fc.record({ path, query, headers, body, odd });
}

function writtenOut(operation: Operation, draft: Draft): FuzzRequest {
  const query =
    typeof draft.query === 'string'
      ? draft.query
      : draft.query.length === 0
        ? ''
        : `?${draft.query
            .map(([name, value]) => {
              const text = typeof value === 'string' ? value : serialise(value);
              return `${name}=${percentEncoded(text)}`;
            })
            .join('&')}`;
  const json = draft.body === undefined ? null : serialise(draft.body);
  const fuzz: FuzzRequest = {
    method: operation.method,
    path: draft.path,
    query,
    headers: draft.headers,
    body: draft.odd?.body ?? json,
    contentType: draft.odd?.contentType ?? (json === null ? null : 'application/json'),
    oversized:
      draft.path.length + query.length > 16_000 ||
      Object.values(draft.headers).some((value) => value.length > 16_000),
  };
  return Object.assign(fuzz, { [fc.toStringMethod]: () => describeRequest(fuzz) });
}

/** Each request from an address of its own, so the per-address limits do not all answer 429. */
function fuzzAddress(): string {
  return `198.51.100.${randomInt(1, 255)}`;
}

async function send(app: TestApp, fuzz: FuzzRequest, token: string | null) {
  const url = fuzz.path + fuzz.query;
  let call = request(app.server)[fuzz.method](url).set('X-Forwarded-For', fuzzAddress());
  if (token) call = call.set('Authorization', `Bearer ${token}`);
  for (const [name, value] of Object.entries(fuzz.headers)) call = call.set(name, value);
  if (fuzz.body !== null) {
    call = call.set('Content-Type', fuzz.contentType ?? 'application/json').send(fuzz.body);
  }
  return call;
}

function problemWith(response: request.Response, leaks: [string, RegExp][]): string | null {
  if (response.status >= 500) return `answered ${response.status}`;
  // Node's own parser answers these before the app sees the request.
  if (response.status >= 400 && response.status !== 414 && response.status !== 431) {
    if (!String(response.headers['content-type']).startsWith('application/problem+json'))
      return `answered ${response.status} as ${response.headers['content-type']}, not problem+json`;
  }
  if (response.status !== 414 && response.status !== 431) {
    if (response.headers['x-content-type-options'] !== 'nosniff')
      return `answered ${response.status} without helmet's headers`;
  }
  for (const [kind, pattern] of leaks) {
    const match = pattern.exec(response.text ?? '');
    if (match) return `leaks a ${kind}: …${shown(match[0])}…`;
  }
  return null;
}

// --- The fixture clinic and its records -----------------------------------------------------

async function fixturesOf(app: TestApp): Promise<Fixtures> {
  const clinic = await createTestClinic(app, 'Fuzz clinic');
  const victim = await addTherapist(app, clinic.admin, 'Victim Therapist');
  const as = (actor: Actor) => ({
    post: async (path: string, body: object) =>
      (
        await request(app.server)
          .post(`${API_PREFIX}${path}`)
          .set('Authorization', `Bearer ${actor.token}`)
          .send(body)
          .expect(201)
      ).body,
  });
  const item = { exerciseId: 'supine-hamstring-strap', sets: 3, holdSeconds: 30, timesPerWeek: 7 };
  const plan = await as(clinic.therapist).post(`/patients/${clinic.patient.patientId}/plans`, {
    title: 'Fuzz plan',
    startDate: dateAround(-20),
    items: [item, { exerciseId: 'glute-bridge', sets: 2, reps: 10, daysOfWeek: [1, 3, 5] }],
  });
  const otherPlan = await as(clinic.therapist).post(
    `/patients/${clinic.otherPatient.patientId}/plans`,
    { title: 'Other plan', startDate: dateAround(-5), items: [item] },
  );
  const session = await as(clinic.patient).post('/patients/me/sessions', {
    performedOn: dateAround(0),
    items: [{ planItemId: plan.currentRevision.items[0].id, completed: true }],
  });
  const pain = await as(clinic.patient).post('/patients/me/pain', {
    recordedAt: new Date(Date.now() - 60_000).toISOString(),
    score: 8,
    redFlags: ['night_pain'],
  });
  const measure = await as(clinic.patient).post('/patients/me/measures', {
    type: 'slr',
    side: 'left',
    recordedOn: dateAround(0),
    value: 60,
  });
  const alerts = await request(app.server)
    .get(`${API_PREFIX}/alerts?status=open`)
    .set('Authorization', `Bearer ${clinic.therapist.token}`)
    .expect(200);
  const exercise = await as(clinic.therapist).post('/exercises', {
    name: 'Fuzz stretch',
    category: 'static_stretch',
    regions: ['hamstrings'],
    instructions: ['Sit tall.', 'Reach forward.'],
  });
  const template = await as(clinic.therapist).post('/plan-templates', {
    name: 'Fuzz template',
    items: [item],
  });
  const patients = [clinic.patient.patientId, clinic.otherPatient.patientId, 'me'];
  const therapists = [clinic.therapist.userId, victim.userId, clinic.admin.userId];
  return {
    actors: { admin: clinic.admin, therapist: clinic.therapist, patient: clinic.patient },
    ids: {
      patients,
      patient: patients,
      // Changes that could lock the fixture's own actors out aim at other people.
      'PATCH /patients/{id}': [clinic.otherPatient.patientId],
      'PATCH /staff/{id}': [victim.userId],
      staff: [victim.userId],
      therapist: therapists,
      plans: [plan.id, otherPlan.id],
      planRevision: [plan.currentRevision.id, otherPlan.currentRevision.id],
      planItem: [...plan.currentRevision.items, ...otherPlan.currentRevision.items].map(
        (planItem: { id: string }) => planItem.id,
      ),
      sessions: [session.id],
      pain: [pain.id],
      measures: [measure.id],
      alerts: alerts.body.items.map((alert: { id: string }) => alert.id),
      exercises: [exercise.id, 'supine-hamstring-strap'],
      exercise: [exercise.id, 'supine-hamstring-strap', 'glute-bridge', 'plank'],
      template: [template.id, 'lbp-tight-hamstrings-starter'],
    },
  };
}

interface OpenApiOperation {
  parameters?: Operation['parameters'];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}

/**
 * Every operation, those that end the caller's session last: run earlier, logout would leave the
 * fixture's actors signed out for the rest.
 */
function operationsOf(document: {
  paths: Record<string, Record<string, OpenApiOperation>>;
}): Operation[] {
  const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      method: method as Operation['method'],
      path,
      parameters: operation.parameters ?? [],
      body: operation.requestBody?.content?.['application/json']?.schema ?? null,
    })),
  );
  const endsSession = (operation: Operation) => operation.path.endsWith('/auth/logout');
  return [...operations.filter((op) => !endsSession(op)), ...operations.filter(endsSession)];
}

// --- The spec -------------------------------------------------------------------------------

describe('fuzzing every operation of the OpenAPI document', () => {
  let app: TestApp;
  let fixtures: Fixtures;
  let components: Record<string, Schema>;
  let operations: Operation[];
  let leaks: [string, RegExp][];

  beforeAll(async () => {
    app = await getTestApp();
    const document = await request(app.server).get('/api/docs-json').expect(200);
    components = document.body.components?.schemas ?? {};
    operations = operationsOf(document.body);
    fixtures = await fixturesOf(app);
    leaks = leaksFor(app.dataSource.entityMetadatas.map((entity) => entity.tableName));
    console.log(
      `\nfuzz: FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS}: ${operations.length} operations × ${ROLES.length} roles`,
    );
  }, 60_000);

  it('covers the whole document', () => {
    expect(operations.length).toBeGreaterThan(40);
    expect(operations.map((operation) => `${operation.method} ${operation.path}`)).toContain(
      'patch /api/v1/plans/{id}',
    );
  });

  it('never answers 5xx nor leaks internals, whoever asks, and stays healthy', async () => {
    for (const operation of operations.filter(isSelected)) {
      const property = fc.asyncProperty(
        requestFor(operation, fixtures, components),
        async (fuzz) => {
          for (const role of ROLES) {
            const token = role === 'anonymous' ? null : fixtures.actors[role].token;
            let response: request.Response;
            try {
              response = await send(app, fuzz, token);
            } catch (error) {
              // Node closes the socket on a URL or header past its limit; nothing else may.
              if (fuzz.oversized) continue;
              throw new Error(`as ${role}: the connection failed: ${String(error)}`);
            }
            const problem = problemWith(response, leaks);
            if (problem)
              throw new Error(`as ${role}: ${problem}\nanswer: ${shown(response.text ?? '')}`);
          }
        },
      );
      const result = await fc.check(property, {
        seed: SEED,
        numRuns: RUNS,
        includeErrorInReport: true,
        ...replayPath(),
      });
      // fail() prints the whole report; a matcher would cut the counterexample short.
      if (result.failed) {
        const name = `${operation.method.toUpperCase()} ${operation.path}`;
        const replay = `FUZZ_SEED=${SEED} FUZZ_ONLY='${name}' FUZZ_PATH='${result.counterexamplePath}'`;
        fail(`${name} (replay: ${replay}): ${fc.defaultReportMessage(result)}`);
      }
    }

    const health = await request(app.server).get(`${API_PREFIX}/health`).expect(200);
    expect(health.body.status).toBe('ok');
  }, 600_000);
});

/**
 * FUZZ_ONLY ("PATCH /api/v1/plans/{id}") limits the run to one operation, and FUZZ_PATH, from a
 * failure's report, replays its counterexample without searching again.
 */
function isSelected(operation: Operation): boolean {
  const only = process.env['FUZZ_ONLY'];
  return !only || `${operation.method.toUpperCase()} ${operation.path}` === only;
}

function replayPath(): { path?: string } {
  const path = process.env['FUZZ_PATH'];
  return path ? { path } : {};
}
