import { HttpErrorResponse, HttpHeaders } from '@angular/common/http';
import { describeFailure, describeHttpError, problemOf } from './problem';

function errorResponse(status: number, error: unknown, headers?: Record<string, string>) {
  return new HttpErrorResponse({ status, error, headers: new HttpHeaders(headers) });
}

describe('problemOf', () => {
  it('reads a problem body that arrived as text', () => {
    const body = JSON.stringify({
      type: 'about:blank',
      title: 'Conflict',
      status: 409,
      detail: 'x',
    });
    expect(problemOf(errorResponse(409, body))?.title).toBe('Conflict');
  });

  it('ignores bodies that are not problem details', () => {
    expect(problemOf(errorResponse(502, '<html>Bad gateway</html>'))).toBeNull();
    expect(problemOf(errorResponse(500, { message: 'no title or status' }))).toBeNull();
    expect(problemOf(errorResponse(400, { title: 'x', status: 400, errors: 'nope' }))).toBeNull();
  });
});

describe('describeHttpError', () => {
  it('names the first offending field of a validation problem without a detail', () => {
    const problem = {
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      detail: '',
      errors: [{ field: 'items[0].sets', message: 'must be between 1 and 10' }],
    };
    expect(describeHttpError(errorResponse(400, problem))).toBe(
      'items[0].sets: must be between 1 and 10',
    );
  });

  it('asks to wait a moment when a 429 gives no Retry-After in seconds', () => {
    expect(describeHttpError(errorResponse(429, null))).toBe(
      'Too many requests. Please wait a moment and try again.',
    );
    expect(
      describeHttpError(
        errorResponse(429, null, { 'Retry-After': 'Wed, 21 Oct 2026 07:28:00 GMT' }),
      ),
    ).toBe('Too many requests. Please wait a moment and try again.');
  });

  it('prefers the server detail for a 5xx problem', () => {
    const problem = { type: 'about:blank', title: 'x', status: 503, detail: 'Database is down.' };
    expect(describeHttpError(errorResponse(503, problem))).toBe('Database is down.');
  });
});

describe('describeFailure', () => {
  it('describes an HTTP failure as describeHttpError does, anything else with the fallback', () => {
    const offline = errorResponse(0, null);
    expect(describeFailure(offline, 'Not loaded.')).toBe(describeHttpError(offline));
    expect(describeFailure(offline, 'Not loaded.')).toContain("can't reach the server");
    expect(describeFailure(new TypeError('x is undefined'), 'Not loaded.')).toBe('Not loaded.');
  });
});
