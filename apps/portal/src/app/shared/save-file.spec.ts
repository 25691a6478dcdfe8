import { filenameFrom } from './save-file';

describe('filenameFrom', () => {
  it('reads the file name of a Content-Disposition header, else the fallback', () => {
    expect(filenameFrom('attachment; filename="progress-2026-11-25.csv"', 'x.csv')).toBe(
      'progress-2026-11-25.csv',
    );
    expect(filenameFrom(null, 'x.csv')).toBe('x.csv');
  });
});
