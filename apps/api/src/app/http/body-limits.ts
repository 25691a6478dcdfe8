import { HttpStatus } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { Problem, ValidationProblem } from './problem';

/** Larger JSON bodies answer 413: nothing a client sends legitimately comes near it. */
export const JSON_BODY_LIMIT = '100kb';

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
 * Middleware after the JSON parser. Refuses with a 400 what no route takes and what would
 * otherwise fail deep inside (a 500): a body nested deeper than JSON_DEPTH_LIMIT, a NUL
 * character in the URL, and text in the body that is not storable (see BAD_TEXT).
 */
export function refuseUnusableInput(request: Request, _response: Response, next: NextFunction) {
  if (/%00/i.test(request.originalUrl))
    return next(new Problem(HttpStatus.BAD_REQUEST, 'The URL contains a NUL character (%00).'));
  const found = inspectBody(request.body);
  if (found?.tooDeep)
    return next(
      new Problem(
        HttpStatus.BAD_REQUEST,
        `The request body nests deeper than ${JSON_DEPTH_LIMIT} levels.`,
      ),
    );
  if (found?.fault) return next(new ValidationProblem([found.fault]));
  next();
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
