/**
 * Reading and inserting values inside a draft: `peekArray` returns the current elements of a drafted array without
 * a proxy per element; `appendList` extends a list without copying a frozen argument; `frozenCopy` and `cloneJson`
 * copy a JSON value (frozen, or not).
 */
import { freezeJson } from '../draft.js';

export { peekArray } from '../draft.js';

/**
 * `current` followed by `added`, as a new list; when `current` is empty, `added` itself (a frozen argument shared by
 * every composition costs no memory per spec). Neither list is changed.
 */
export function appendList<T>(current: readonly T[], added: readonly T[]): T[] {
  if (current.length === 0 && Object.isFrozen(added)) return added as T[];
  return [...current, ...added];
}

/**
 * A deep-frozen copy of a JSON value, made once when an option is built: the option inserts it into every draft
 * it runs on without copying again (a frozen value is drafted when a later option edits it), and compositions
 * share it.
 */
export function frozenCopy<T>(value: T): T {
  return freezeJson(cloneJson(value));
}

/**
 * A deep copy of a JSON-shaped value (plain objects, arrays, strings, numbers, bigints, booleans, null), so that
 * what an option keeps is never shared with its source. Key order is kept and
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
