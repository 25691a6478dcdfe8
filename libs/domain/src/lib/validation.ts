import { isLocalDate, isRecordDate, RECORD_DATES, type LocalDate } from './dates';

/** One problem with one field. `field` is a path such as `items[2].sets`; `''` means the whole input. */
export interface FieldError {
  readonly field: string;
  readonly message: string;
}

export type ValidationResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly errors: readonly FieldError[] };

export interface NumberRange {
  readonly min: number;
  readonly max: number;
}

export function valid<T>(value: T): ValidationResult<T> {
  return { ok: true, value };
}

export function invalid<T>(errors: readonly FieldError[]): ValidationResult<T> {
  return { ok: false, errors };
}

export function fieldPath(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  return base === '' ? key : `${base}.${key}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function wholeNumberMessage(label: string, range: NumberRange): string {
  return `${label} must be a whole number from ${range.min} to ${range.max}`;
}

export function isIntegerIn(value: unknown, range: NumberRange): value is number {
  return (
    typeof value === 'number' && Number.isInteger(value) && value >= range.min && value <= range.max
  );
}

interface FieldOptions {
  readonly optional?: boolean;
  /** Replaces the generic message for a present but unacceptable value. */
  readonly message?: string;
}

/**
 * Reads fields of one object, collecting every problem instead of stopping at the first,
 * so a form can mark all bad fields at once. Absent means `undefined` or `null`: JSON
 * clients send either for "not given".
 */
export class FieldReader {
  private constructor(
    private readonly input: Record<string, unknown>,
    readonly path: string,
    readonly errors: FieldError[],
  ) {}

  /** Returns a reader, or records an error and returns `undefined` when `input` is not an object. */
  static of(
    input: unknown,
    path: string,
    label: string,
    errors: FieldError[],
  ): FieldReader | undefined {
    if (isRecord(input)) return new FieldReader(input, path, errors);
    errors.push({ field: path, message: `${label} must be an object with named fields` });
    return undefined;
  }

  has(key: string): boolean {
    return this.input[key] !== undefined && this.input[key] !== null;
  }

  raw(key: string): unknown {
    return this.input[key];
  }

  at(key: string | number): string {
    return fieldPath(this.path, key);
  }

  fail(key: string | number, message: string): undefined {
    this.errors.push({ field: this.at(key), message });
    return undefined;
  }

  private present(key: string, label: string, options: FieldOptions): boolean {
    if (this.has(key)) return true;
    if (!options.optional) this.fail(key, `${label} is required`);
    return false;
  }

  integer(
    key: string,
    label: string,
    range: NumberRange,
    options: FieldOptions = {},
  ): number | undefined {
    if (!this.present(key, label, options)) return undefined;
    const value = this.input[key];
    if (isIntegerIn(value, range)) return value;
    return this.fail(key, options.message ?? wholeNumberMessage(label, range));
  }

  number(
    key: string,
    label: string,
    range: NumberRange,
    options: FieldOptions = {},
  ): number | undefined {
    if (!this.present(key, label, options)) return undefined;
    const value = this.input[key];
    if (
      typeof value === 'number' &&
      Number.isFinite(value) &&
      value >= range.min &&
      value <= range.max
    )
      return value;
    return this.fail(
      key,
      options.message ?? `${label} must be a number from ${range.min} to ${range.max}`,
    );
  }

  oneOf<T extends string>(
    key: string,
    label: string,
    values: readonly T[],
    options: FieldOptions = {},
  ): T | undefined {
    if (!this.present(key, label, options)) return undefined;
    const value = this.input[key];
    if (typeof value === 'string' && (values as readonly string[]).includes(value))
      return value as T;
    return this.fail(key, options.message ?? `${label} must be one of: ${values.join(', ')}`);
  }

  date(key: string, label: string, options: FieldOptions = {}): LocalDate | undefined {
    if (!this.present(key, label, options)) return undefined;
    const value = this.input[key];
    if (isRecordDate(value)) return value;
    if (isLocalDate(value))
      return this.fail(
        key,
        `${label} must be between ${RECORD_DATES.earliest} and ${RECORD_DATES.latest}`,
      );
    return this.fail(key, options.message ?? `${label} must be a real date written as YYYY-MM-DD`);
  }

  boolean(key: string, label: string, options: FieldOptions = {}): boolean | undefined {
    if (!this.present(key, label, options)) return undefined;
    const value = this.input[key];
    if (typeof value === 'boolean') return value;
    return this.fail(key, `${label} must be true or false`);
  }

  /** Trimmed text; an empty string counts as absent so that a cleared form field is not an error. */
  text(
    key: string,
    label: string,
    maxLength: number,
    options: FieldOptions = {},
  ): string | undefined {
    const value = this.input[key];
    if (typeof value === 'string' && value.trim() === '') {
      return options.optional ? undefined : this.fail(key, `${label} is required`);
    }
    if (!this.present(key, label, options)) return undefined;
    if (typeof value !== 'string') return this.fail(key, `${label} must be text`);
    const trimmed = value.trim();
    if (trimmed.length > maxLength)
      return this.fail(key, `${label} must be at most ${maxLength} characters`);
    return trimmed;
  }

  /**
   * Reads a list, validating each element with `readItem` (which reports its own errors
   * under the element's path). Returns `undefined` when the list or any element is bad.
   */
  list<T>(
    key: string,
    label: string,
    limits: NumberRange,
    readItem: (item: unknown, path: string) => T | undefined,
    options: FieldOptions = {},
  ): T[] | undefined {
    if (!this.present(key, label, options)) return undefined;
    const value = this.input[key];
    if (!Array.isArray(value)) return this.fail(key, `${label} must be a list`);
    if (value.length < limits.min)
      return this.fail(key, options.message ?? `${label} must have at least ${limits.min} item(s)`);
    if (value.length > limits.max)
      return this.fail(key, `${label} must have at most ${limits.max} items`);
    const before = this.errors.length;
    const items = value.map((item, index) => readItem(item, fieldPath(this.at(key), index)));
    return this.errors.length === before ? (items as T[]) : undefined;
  }
}

/** Reads a list of unique strings, each one of `values`. */
export function readEnumList<T extends string>(
  reader: FieldReader,
  key: string,
  label: string,
  itemLabel: string,
  values: readonly T[],
  limits: NumberRange,
  options: FieldOptions = {},
): T[] | undefined {
  const seen = new Set<string>();
  return reader.list(
    key,
    label,
    limits,
    (item, path) => {
      if (typeof item !== 'string' || !(values as readonly string[]).includes(item)) {
        reader.errors.push({
          field: path,
          message: `${itemLabel} must be one of: ${values.join(', ')}`,
        });
        return undefined;
      }
      if (seen.has(item)) {
        reader.errors.push({ field: path, message: `${itemLabel} "${item}" is listed twice` });
        return undefined;
      }
      seen.add(item);
      return item as T;
    },
    options,
  );
}

/** Reads a list of non-empty texts, e.g. instruction steps. */
export function readTextList(
  reader: FieldReader,
  key: string,
  label: string,
  itemLabel: string,
  maxLength: number,
  limits: NumberRange,
): string[] | undefined {
  return reader.list(key, label, limits, (item, path) => {
    if (typeof item !== 'string' || item.trim() === '') {
      reader.errors.push({ field: path, message: `${itemLabel} must be non-empty text` });
      return undefined;
    }
    if (item.trim().length > maxLength) {
      reader.errors.push({
        field: path,
        message: `${itemLabel} must be at most ${maxLength} characters`,
      });
      return undefined;
    }
    return item.trim();
  });
}

/** Drops keys whose value is `undefined`, so validated values compare and serialise cleanly. */
export function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
