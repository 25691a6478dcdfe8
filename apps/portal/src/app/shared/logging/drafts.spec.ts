import { clearAllDrafts, clearDraft, hasUnsentDrafts, loadDraft, saveDraft } from './drafts';

describe('drafts', () => {
  beforeEach(() => localStorage.clear());
  afterAll(() => localStorage.clear());

  it('keeps one Idempotency-Key per draft across saves until it is cleared', () => {
    const first = saveDraft('session', 'p1', { notes: 'a' });
    const second = saveDraft('session', 'p1', { notes: 'ab' }, { unsent: true });
    expect(second.idempotencyKey).toBe(first.idempotencyKey);
    expect(loadDraft<{ notes: string }>('session', 'p1')).toEqual(
      jasmine.objectContaining({ value: { notes: 'ab' }, unsent: true }),
    );
    clearDraft('session', 'p1');
    expect(loadDraft('session', 'p1')).toBeNull();
    expect(saveDraft('session', 'p1', {}).idempotencyKey).not.toBe(first.idempotencyKey);
  });

  it('keeps drafts apart per patient and kind, and ignores garbage', () => {
    saveDraft('pain', 'p1', { score: 3 });
    expect(loadDraft('pain', 'p2')).toBeNull();
    expect(loadDraft('session', 'p1')).toBeNull();
    localStorage.setItem('rehabit.draft.pain.p3', '{not json');
    expect(loadDraft('pain', 'p3')).toBeNull();
  });

  it('tells whether anything is unsent, and forgets every draft on sign-out, nothing else', () => {
    localStorage.setItem('rehabit.settings', 'kept');
    saveDraft('pain', 'p1', { score: 3 });
    expect(hasUnsentDrafts()).toBeFalse();
    saveDraft('session', 'p1', { notes: 'x' }, { unsent: true });
    expect(hasUnsentDrafts()).toBeTrue();
    clearAllDrafts();
    expect(loadDraft('pain', 'p1')).toBeNull();
    expect(loadDraft('session', 'p1')).toBeNull();
    expect(hasUnsentDrafts()).toBeFalse();
    expect(localStorage.getItem('rehabit.settings')).toBe('kept');
  });
});
