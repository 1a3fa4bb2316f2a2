/**
 * Failures are node's `assert.AssertionError`: every test runner (vitest, jest, `node:test`) shows its message and,
 * where given, the expected and actual values.
 */
import { AssertionError } from 'node:assert';

/**
 * Throws an `AssertionError` with `message` (one line per problem), and `actual`/`expected` when given (runners
 * show their diff). The operator stays `fail`: node appends its own diff to the message for the others.
 */
export function fail(message: string, values: { actual?: unknown; expected?: unknown } = {}): never {
  throw new AssertionError({ message, operator: 'fail', ...values });
}

/** A value shown in a message: JSON with bigints as `12n`, `undefined` as such. */
export function show(value: unknown): string {
  if (value === undefined) return 'undefined';
  try {
    return (
      JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)) ?? String(value)
    );
  } catch {
    return String(value);
  }
}

/** A plain, unfrozen deep copy of JSON data (bigints kept). */
export function cloneJson<T>(value: T): T {
  return structuredClone(value);
}

/**
 * Whether two JSON values are equal, whatever realm made them: node's `isDeepStrictEqual` also compares
 * prototypes, so a spec composed in jest's test environment never equals a copy `structuredClone` made outside it.
 * Objects are equal with the same own enumerable keys and equal values (their order aside), arrays element by
 * element; other values by `Object.is`.
 */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  return keys.every((key) => Object.hasOwn(y, key) && jsonEqual(x[key], y[key]));
}
