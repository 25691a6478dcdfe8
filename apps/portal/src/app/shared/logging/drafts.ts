/**
 * Unsent logs survive a reload or a dropped connection: each draft (the form's value and the
 * Idempotency-Key it will be sent with) lives in localStorage under its kind and the patient.
 * The key stays with the draft until the API has stored it, so a retry after a timeout can
 * never log the same session twice; the API keeps only successful answers, so a corrected
 * body may go out again under the same key after a refusal.
 */
export type DraftKind = 'session' | 'pain';

export interface Draft<T> {
  value: T;
  idempotencyKey: string;
  /** True once a send failed without an answer from the server: shown as "not sent yet". */
  unsent: boolean;
  savedAt: string;
}

const PREFIX = 'rehabit.draft';

function storageKey(kind: DraftKind, owner: string): string {
  return `${PREFIX}.${kind}.${owner}`;
}

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

export function newIdempotencyKey(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function')
    return crypto.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

export function loadDraft<T>(kind: DraftKind, owner: string): Draft<T> | null {
  const raw = storage()?.getItem(storageKey(kind, owner));
  if (!raw) return null;
  try {
    const draft = JSON.parse(raw) as Draft<T>;
    return typeof draft?.idempotencyKey === 'string' && draft.value !== undefined ? draft : null;
  } catch {
    return null;
  }
}

/** Saves the value, keeping the draft's key (or starting one) and its unsent mark. */
export function saveDraft<T>(
  kind: DraftKind,
  owner: string,
  value: T,
  changes: Partial<Pick<Draft<T>, 'unsent'>> = {},
): Draft<T> {
  const existing = loadDraft<T>(kind, owner);
  const draft: Draft<T> = {
    value,
    idempotencyKey: existing?.idempotencyKey ?? newIdempotencyKey(),
    unsent: changes.unsent ?? existing?.unsent ?? false,
    savedAt: new Date().toISOString(),
  };
  try {
    storage()?.setItem(storageKey(kind, owner), JSON.stringify(draft));
  } catch {
    // A full or disabled storage only loses the reload safety net, not the form.
  }
  return draft;
}

export function clearDraft(kind: DraftKind, owner: string): void {
  storage()?.removeItem(storageKey(kind, owner));
}

function draftKeys(store: Storage): string[] {
  return Array.from({ length: store.length }, (_, index) => store.key(index)).filter(
    (key): key is string => key?.startsWith(`${PREFIX}.`) ?? false,
  );
}

/** Whether any draft on this device failed to reach the server. */
export function hasUnsentDrafts(): boolean {
  const store = storage();
  if (!store) return false;
  return draftKeys(store).some((key) => {
    try {
      return (JSON.parse(store.getItem(key) ?? '{}') as Partial<Draft<unknown>>).unsent === true;
    } catch {
      return false;
    }
  });
}

/** Sign-out: health data does not stay behind on a device someone else may use next. */
export function clearAllDrafts(): void {
  const store = storage();
  if (store) for (const key of draftKeys(store)) store.removeItem(key);
}
