// Checkers for values that come off the wire: each takes an unknown value and the field's name and
// returns the value typed, or throws a FieldError that names the field and says what is wrong.
// Written here rather than taken from a validation library: the protocol needs a dozen small
// checkers, and the helper and the extension bundle both carry this file (activation cost).
import * as path from 'node:path';

export class FieldError extends Error {
  constructor(readonly field: string, readonly problem: string) {
    super(`${field} ${problem}`);
  }
}

export type Checker<T> = (value: unknown, field: string) => T;

/** The checkers of an object's fields: every field of T, optional ones included, has one. */
export type Fields<T> = { [K in keyof T]-?: Checker<T[K]> };

/** What a value is, in a few words, for an error message (never the value itself: it may be huge). */
export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return value.length > 64 ? `a string of ${Buffer.byteLength(value)} bytes` : JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'object') return 'an object';
  return typeof value === 'undefined' ? 'nothing' : `a ${typeof value}`;
}

export function integer(min: number, max: number): Checker<number> {
  return (value, field) => {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      throw new FieldError(field, `must be a whole number from ${min} to ${max}, not ${kindOf(value)}`);
    }
    return value;
  };
}

export function number(min: number, max: number): Checker<number> {
  return (value, field) => {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
      throw new FieldError(field, `must be a number from ${min} to ${max}, not ${kindOf(value)}`);
    }
    return value;
  };
}

export const boolean: Checker<boolean> = (value, field) => {
  if (typeof value !== 'boolean') throw new FieldError(field, `must be true or false, not ${kindOf(value)}`);
  return value;
};

/** A string of at most maxBytes bytes of UTF-8, without NUL characters (C strings end there). */
export function text(maxBytes: number, options: { nonEmpty?: boolean } = {}): Checker<string> {
  return (value, field) => {
    if (typeof value !== 'string') throw new FieldError(field, `must be a string, not ${kindOf(value)}`);
    // Length first: a string of more than maxBytes characters has more than maxBytes bytes.
    if (value.length > maxBytes || Buffer.byteLength(value) > maxBytes) {
      throw new FieldError(field, `is too long: ${Buffer.byteLength(value)} bytes, at most ${maxBytes} allowed`);
    }
    if (value.includes('\0')) throw new FieldError(field, 'must not contain a NUL character');
    if (options.nonEmpty && !value.trim()) throw new FieldError(field, 'must not be empty');
    return value;
  };
}

/** An absolute file-system path of this platform. */
export function absolutePath(maxBytes = 4096): Checker<string> {
  const str = text(maxBytes, { nonEmpty: true });
  return (value, field) => {
    const p = str(value, field);
    if (!path.isAbsolute(p)) throw new FieldError(field, `must be an absolute path, not ${kindOf(p)}`);
    return p;
  };
}

export function oneOf<T extends string>(...values: readonly T[]): Checker<T> {
  return (value, field) => {
    if (typeof value !== 'string' || !(values as readonly string[]).includes(value)) {
      throw new FieldError(field, `must be one of ${values.join(', ')}, not ${kindOf(value)}`);
    }
    return value as T;
  };
}

export function optional<T>(check: Checker<T>): Checker<T | undefined> {
  return (value, field) => (value === undefined ? undefined : check(value, field));
}

export function nullable<T>(check: Checker<T>): Checker<T | null> {
  return (value, field) => (value === null ? null : check(value, field));
}

export function list<T>(item: Checker<T>, maxItems: number): Checker<T[]> {
  return (value, field) => {
    if (!Array.isArray(value)) throw new FieldError(field, `must be a list, not ${kindOf(value)}`);
    if (value.length > maxItems) throw new FieldError(field, `has ${value.length} entries, at most ${maxItems} allowed`);
    return value.map((v, i) => item(v, `${field}[${i}]`));
  };
}

/**
 * An object with exactly the fields T declares, each checked, then `rule` over the whole (fields
 * that go together). A field T does not declare is refused by name: a client that sends one
 * expects something this helper does not do.
 */
export function object<T>(fields: Fields<T>, rule?: (value: T) => FieldError | undefined): Checker<T> {
  const names = Object.keys(fields) as (keyof T & string)[];
  return (value, field) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new FieldError(field, `must be an object, not ${kindOf(value)}`);
    }
    const source = value as Record<string, unknown>;
    const unknown = Object.keys(source).find((key) => !(names as string[]).includes(key));
    if (unknown !== undefined) throw new FieldError(field ? `${field}.${unknown}` : unknown, `is not a parameter here (known: ${names.join(', ')})`);
    const out = {} as T;
    for (const name of names) {
      const checked = fields[name](source[name], field ? `${field}.${name}` : name);
      if (checked !== undefined) out[name] = checked;
    }
    const broken = rule?.(out);
    if (broken) throw new FieldError(field ? `${field}.${broken.field}` : broken.field, broken.problem);
    return out;
  };
}

/** A request without parameters: whatever came is dropped. */
export const nothing: Checker<void> = () => undefined;

/** Runs a checker that throws its own error type and reports it as a problem of this field. */
export function adapt<T>(check: (value: unknown) => T, problemOf: (err: unknown) => string | undefined): Checker<T> {
  return (value, field) => {
    try {
      return check(value);
    } catch (err) {
      const problem = problemOf(err);
      if (problem === undefined) throw err;
      throw new FieldError(field, problem);
    }
  };
}

/** A rule of `object`: the two optional fields are given together or not at all. */
export function together<T>(a: keyof T & string, b: keyof T & string): (value: T) => FieldError | undefined {
  return (value) => ((value[a] === undefined) !== (value[b] === undefined)
    ? new FieldError(value[a] === undefined ? a : b, `must be given with ${value[a] === undefined ? b : a}, or neither`)
    : undefined);
}

/** One of several object shapes, told apart by their `kind` field. */
export function byKind<T extends { kind: string }>(shapes: { [K in T['kind']]: Checker<Extract<T, { kind: K }>> }): Checker<T> {
  const kinds = Object.keys(shapes);
  return (value, field) => {
    const kind = typeof value === 'object' && value !== null ? (value as { kind?: unknown }).kind : undefined;
    if (typeof kind !== 'string' || !kinds.includes(kind)) {
      throw new FieldError(field ? `${field}.kind` : 'kind', `must be one of ${kinds.join(', ')}, not ${kindOf(kind)}`);
    }
    return (shapes as Record<string, Checker<T>>)[kind](value, field);
  };
}
