import { FieldReader, fieldPath, readEnumList, readTextList, type FieldError } from './validation';

function reader(input: unknown, errors: FieldError[] = []): FieldReader {
  return FieldReader.of(input, 'item', 'Item', errors) as FieldReader;
}

describe('validation helpers', () => {
  it('builds field paths the API and portal share', () => {
    expect(fieldPath('', 'sets')).toBe('sets');
    expect(fieldPath('items', 2)).toBe('items[2]');
    expect(fieldPath('items[2]', 'sets')).toBe('items[2].sets');
  });

  it('refuses a non-object input with one error on its path', () => {
    const errors: FieldError[] = [];
    for (const input of [null, 'x', 3, []])
      expect(FieldReader.of(input, '', 'Plan', errors)).toBeUndefined();
    expect(errors.length).toBe(4);
    expect(errors[0]).toEqual({ field: '', message: 'Plan must be an object with named fields' });
  });

  it('treats null like absent and blank text as absent', () => {
    const errors: FieldError[] = [];
    const r = reader({ a: null, b: '   ', c: ' x ' }, errors);
    expect(r.integer('a', 'A', { min: 0, max: 1 }, { optional: true })).toBeUndefined();
    expect(r.text('b', 'B', 10, { optional: true })).toBeUndefined();
    expect(r.text('c', 'C', 10)).toBe('x');
    expect(errors).toEqual([]);
    expect(r.text('b', 'B', 10)).toBeUndefined();
    expect(errors).toEqual([{ field: 'item.b', message: 'B is required' }]);
  });

  it('reports each kind of bad value under its own field', () => {
    const errors: FieldError[] = [];
    const r = reader({ n: Number.NaN, t: 5, long: 'abcdef', flag: 'yes', list: 'no' }, errors);
    r.number('n', 'Number', { min: 0, max: 1 });
    r.text('t', 'Text', 10);
    r.text('long', 'Long', 3);
    r.boolean('flag', 'Flag');
    r.list('list', 'List', { min: 0, max: 2 }, (x) => x);
    r.list('missing', 'Missing', { min: 0, max: 2 }, (x) => x, { optional: true });
    expect(errors).toEqual([
      { field: 'item.n', message: 'Number must be a number from 0 to 1' },
      { field: 'item.t', message: 'Text must be text' },
      { field: 'item.long', message: 'Long must be at most 3 characters' },
      { field: 'item.flag', message: 'Flag must be true or false' },
      { field: 'item.list', message: 'List must be a list' },
    ]);
  });

  it('checks list lengths and element values', () => {
    const errors: FieldError[] = [];
    const r = reader(
      { few: [], many: [1, 2, 3], tags: ['a', 'b', 'a', 'z'], steps: ['ok', '', 'x'.repeat(6)] },
      errors,
    );
    r.list('few', 'Few', { min: 1, max: 2 }, (x) => x);
    r.list('many', 'Many', { min: 1, max: 2 }, (x) => x);
    expect(readEnumList(r, 'tags', 'Tags', 'Tag', ['a', 'b'], { min: 0, max: 5 })).toBeUndefined();
    expect(readTextList(r, 'steps', 'Steps', 'Step', 5, { min: 1, max: 5 })).toBeUndefined();
    expect(errors).toEqual([
      { field: 'item.few', message: 'Few must have at least 1 item(s)' },
      { field: 'item.many', message: 'Many must have at most 2 items' },
      { field: 'item.tags[2]', message: 'Tag "a" is listed twice' },
      { field: 'item.tags[3]', message: 'Tag must be one of: a, b' },
      { field: 'item.steps[1]', message: 'Step must be non-empty text' },
      { field: 'item.steps[2]', message: 'Step must be at most 5 characters' },
    ]);
  });
});
