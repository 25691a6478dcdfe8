import { HttpStatus } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { TextDecoder } from 'node:util';
import { Problem, ValidationProblem } from './problem';

/** Larger JSON bodies answer 413: nothing a client sends legitimately comes near it. */
export const JSON_BODY_LIMIT = '100kb';
export const JSON_BODY_LIMIT_BYTES = 100 * 1024;

/** What a JSON parse failure tells the client: no parser message, which quotes the body. */
const MALFORMED_JSON = 'The request body is not valid JSON.';

/**
 * The JSON body parser, as Express's body-parser behaved, which clients rely on: an empty body
 * is `{}`, only an object or an array is a body ("strict"), a UTF charset other than UTF-8 is
 * decoded, any other charset is a 415. Fastify's own parser refuses an empty body and takes
 * any JSON value.
 */
export function parseJsonBody(request: FastifyRequest, raw: Buffer): unknown {
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i
    .exec(request.headers['content-type'] ?? '')?.[1]
    ?.toLowerCase();
  let decoder: TextDecoder | null = null;
  try {
    if (!charset || charset.startsWith('utf-')) decoder = new TextDecoder(charset ?? 'utf-8');
  } catch {
    decoder = null;
  }
  if (!decoder)
    throw new Problem(
      HttpStatus.UNSUPPORTED_MEDIA_TYPE,
      `The charset ${String(charset).toUpperCase()} is not supported: send JSON as UTF-8.`,
    );
  // TextDecoder drops a leading byte order mark, as body-parser did.
  const text = decoder.decode(raw);
  if (text.length === 0) return {};
  if (!/^[\x20\x09\x0a\x0d]*[[{]/.test(text))
    throw new Problem(HttpStatus.BAD_REQUEST, MALFORMED_JSON);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new Problem(HttpStatus.BAD_REQUEST, MALFORMED_JSON);
  }
}

/**
 * Deeper JSON answers 400. The deepest body a route takes nests four levels (a plan's items and
 * their weekdays); class-transformer and class-validator walk nesting recursively, and a few
 * thousand levels, well within 100 kB, overflow their stack (a 500).
 */
export const JSON_DEPTH_LIMIT = 16;

/**
 * What no stored text may hold, with what the client reads about it. PostgreSQL text cannot
 * hold NUL; an unpaired surrogate (a JSON escape such as "\ud800") is not Unicode at all, and
 * validator.js's isEmail throws on one.
 */
const BAD_TEXT: [RegExp, string][] = [
  [/\u0000/, 'must not contain NUL characters'],
  [
    /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/,
    'must be well-formed Unicode (an unpaired surrogate is not)',
  ],
];

function textFault(text: string): string | null {
  return BAD_TEXT.find(([pattern]) => pattern.test(text))?.[1] ?? null;
}

/**
 * A preValidation hook: after the body parser, before guards. Refuses with a 400 what no route
 * takes and what would otherwise fail deep inside (a 500): a body nested deeper than
 * JSON_DEPTH_LIMIT, a NUL character in the URL, and text in the body that is not storable (see
 * BAD_TEXT).
 */
export async function refuseUnusableInput(request: FastifyRequest): Promise<void> {
  if (/%00/i.test(request.url))
    throw new Problem(HttpStatus.BAD_REQUEST, 'The URL contains a NUL character (%00).');
  const found = inspectBody(request.body);
  if (found?.tooDeep)
    throw new Problem(
      HttpStatus.BAD_REQUEST,
      `The request body nests deeper than ${JSON_DEPTH_LIMIT} levels.`,
    );
  if (found?.fault) throw new ValidationProblem([found.fault]);
}

/**
 * The first thing wrong with a parsed body, if any: too deep, or a string (or key) that is not
 * storable text, with its field path. Walks with a stack of its own, so the check itself cannot
 * overflow the call stack.
 */
function inspectBody(
  body: unknown,
): { tooDeep?: true; fault?: { field: string; message: string } } | null {
  const pending: [unknown, number, string][] = [[body, 1, '']];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [value, depth, path] = next;
    if (typeof value === 'string') {
      const message = textFault(value);
      if (message) return { fault: { field: path, message } };
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth > JSON_DEPTH_LIMIT) return { tooDeep: true };
    for (const [key, child] of Object.entries(value)) {
      const childPath = Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
      const message = textFault(key);
      if (message) return { fault: { field: childPath, message } };
      pending.push([child, depth + 1, childPath]);
    }
  }
  return null;
}
