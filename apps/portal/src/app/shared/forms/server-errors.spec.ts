import { HttpErrorResponse, HttpHeaders } from '@angular/common/http';
import { FormArray, FormControl, FormGroup } from '@angular/forms';
import { applyFieldErrors, controlForField, fieldPathSegments, formFailure } from './server-errors';

function problem(status: number, errors: { field: string; message: string }[], headers = {}) {
  return new HttpErrorResponse({
    status,
    headers: new HttpHeaders(headers),
    error: { type: 'about:blank', title: 'Bad', status, detail: 'Invalid', errors },
  });
}

describe('server field errors', () => {
  const form = () =>
    new FormGroup({
      title: new FormControl(''),
      admin: new FormGroup({ email: new FormControl('') }),
      items: new FormArray([
        new FormGroup({ sets: new FormControl(1) }),
        new FormGroup({ sets: new FormControl(2) }),
        new FormGroup({ sets: new FormControl(3), daysOfWeek: new FormControl([]) }),
      ]),
    });

  it('splits API field paths into form paths', () => {
    expect(fieldPathSegments('items[2].sets')).toEqual(['items', 2, 'sets']);
    expect(fieldPathSegments('admin.email')).toEqual(['admin', 'email']);
    expect(fieldPathSegments('items[1].daysOfWeek[0]')).toEqual(['items', 1, 'daysOfWeek', 0]);
  });

  it('finds the control of an item in a form array', () => {
    const f = form();
    expect(controlForField(f, 'items[2].sets')).toBe(f.controls.items.at(2).controls.sets);
    expect(controlForField(f, 'items[7].sets')).toBeNull();
    expect(controlForField(f, 'nothing')).toBeNull();
  });

  it('puts each message on its control and returns those that have none', () => {
    const f = form();
    const left = applyFieldErrors(f, [
      { field: 'items[2].sets', message: 'Sets must be a whole number from 1 to 10' },
      { field: 'admin.email', message: 'email must be an email address' },
      { field: 'effectiveFrom', message: 'too early' },
    ]);
    expect(f.controls.items.at(2).controls.sets.errors).toEqual({
      server: 'Sets must be a whole number from 1 to 10',
    });
    expect(f.controls.items.at(0).controls.sets.errors).toBeNull();
    expect(f.controls.admin.controls.email.hasError('server')).toBeTrue();
    expect(left).toEqual([{ field: 'effectiveFrom', message: 'too early' }]);
  });

  it('keeps what was typed, and says what is wrong above the form', () => {
    const f = form();
    f.controls.title.setValue('My plan');
    const message = formFailure(
      f,
      problem(422, [{ field: 'title', message: 'Title is too long' }]),
    );
    expect(message).toBe('Please correct the highlighted fields.');
    expect(f.controls.title.value).toBe('My plan');
    expect(f.controls.title.errors).toEqual({ server: 'Title is too long' });
  });

  it('words a rate limit with its wait, and an unreachable server plainly', () => {
    const f = form();
    expect(formFailure(f, problem(429, [], { 'Retry-After': '42' }))).toContain('wait 42 s');
    expect(formFailure(f, new HttpErrorResponse({ status: 0 }))).toContain(
      "can't reach the server",
    );
  });
});
