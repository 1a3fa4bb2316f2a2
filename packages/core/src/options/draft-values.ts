/** Copies of JSON values: `frozenCopy` (made once, shared by every composition) and `cloneJson`. */
import { freezeJson } from '../engine.js';
import { JsonNumber } from '../json/value.js';

/**
 * A deep-frozen copy of a JSON value, made once when an option is built: the option assigns it into every draft
 * it runs on without copying again (finishing skips frozen values), and compositions share it.
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
  if (typeof value !== 'object' || value === null || value instanceof JsonNumber) return value;
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
