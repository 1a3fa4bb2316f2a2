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
