/** Reading a draft's current values without drafting them. */
import { source, stateOf } from './state.js';

/** The element type of an array-valued property (Go's nil slice allowed). */
type ElementOf<V> = NonNullable<V> extends readonly (infer E)[] ? E : never;

/**
 * The current contents of an array, read-only and without drafting anything: options compute a new value from it
 * and assign that once. `peekArray(draft.process, 'env')` reads the property without making a draft of the array
 * (cheapest); `peekArray(array)` takes an array already read. An element drafted earlier is a draft, which reads
 * the same. `null`/`undefined` (Go's nil slice) gives an empty array. Never write to the result.
 */
export function peekArray<T>(value: readonly T[] | null | undefined): readonly T[];
export function peekArray<O extends object, K extends keyof O>(
  container: O,
  key: K,
): readonly ElementOf<O[K]>[];
export function peekArray(value: unknown, key?: PropertyKey): readonly unknown[] {
  if (key !== undefined) {
    const state = stateOf(value);
    const raw =
      state === undefined ? (value as Record<PropertyKey, unknown>)[key] : source(state)[key as never];
    return peekArray(raw as readonly unknown[] | null | undefined);
  }
  if (value == null) return [];
  const state = stateOf(value);
  const array = state === undefined ? (value as readonly unknown[]) : (source(state) as readonly unknown[]);
  // V8's array builtins (`slice`, `filter`, `some`, `findIndex`, `join`, ...) take a slow generic path on frozen
  // arrays, 10-35x slower than on a plain array of the same length; a spread copy is cheaper than any one of them.
  return Object.isFrozen(array) ? [...array] : array;
}

/** The frozen value a draft reads through (its base), or the value itself when it is not a draft. */
export function originalOf<T>(value: T): T {
  const state = stateOf(value);
  return state === undefined ? value : (state.base as unknown as T);
}
