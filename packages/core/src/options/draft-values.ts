/**
 * Reading and inserting values inside an immer draft without the two traps of drafts:
 * - reading a draft array element by element goes through a proxy trap each time (and drafts object elements);
 *   {@link peekArray} returns the plain current elements instead;
 * - immer never drafts a value assigned into a draft, so a frozen object put there (a frozen default spec, a
 *   frozen argument) makes any later in-place edit throw a TypeError; {@link cloneJson} copies what options insert.
 */
import type { Draft } from 'immer';
import { current, isDraft } from 'immer';

/**
 * The current elements of a (possibly drafted) array, as a plain read-only array: no proxy per element, nothing
 * marked modified. `null`/`undefined` (Go's nil slice) gives an empty array. Never write to the result.
 */
export function peekArray<T>(value: readonly T[] | null | undefined): readonly T[] {
  if (value == null) return [];
  return isDraft(value) ? current<T[]>(value as Draft<T[]>) : value;
}

/**
 * A deep copy of a JSON-shaped value (plain objects, arrays, strings, numbers, bigints, booleans, null), so that
 * what an option inserts into the draft is never shared with, or frozen like, its source. Key order is kept and
 * keys such as `__proto__` stay own data properties.
 */
export function cloneJson<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const out: unknown[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) out[i] = cloneJson(value[i] as unknown);
    return out as T;
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const child = cloneJson((value as Record<string, unknown>)[key]);
    if (key === '__proto__')
      Object.defineProperty(out, key, { value: child, enumerable: true, writable: true, configurable: true });
    else out[key] = child;
  }
  return out as T;
}
