import type { FrozenSpec, Spec } from '@ocispec/core';
import { freezeSpec } from '@ocispec/core';
import { isJsonObject, replaceOrAppendEnvValues } from '@ocispec/core/internal';

type Json = Record<string, unknown>;

/** A JSON object (not an array, not a number kept as its text: an unknown field's `1e400` is a scalar). */
function isPlainObject(value: unknown): value is Json {
  return isJsonObject(value);
}

/** The key of a list element for a keyed merge, or undefined when the element has none (it is appended). */
type KeyOf = (element: unknown) => string | undefined;

function field(name: string): KeyOf {
  return (element) => {
    if (!isPlainObject(element)) return undefined;
    const key = element[name];
    return typeof key === 'string' ? key : undefined;
  };
}

/**
 * The lists merged by key rather than replaced, by JSON pointer: mounts by destination, namespaces by type,
 * rlimits by type, devices by path. (`/process/env` is merged by variable name, containerd's way.)
 */
export const KEYED_LISTS: Readonly<Record<string, string>> = Object.freeze({
  '/mounts': 'destination',
  '/linux/namespaces': 'type',
  '/process/rlimits': 'type',
  '/linux/devices': 'path',
});

const KEY_OF: Record<string, KeyOf> = Object.fromEntries(
  Object.entries(KEYED_LISTS).map(([pointer, name]) => [pointer, field(name)]),
);

const DELETE = Symbol('delete');

/**
 * Merges a keyed list: each element of `patch` replaces the element of `base` with the same key, in place, or is
 * appended (in `patch`'s order); elements of `base` no patch element names stay where they are.
 */
function mergeKeyed(base: readonly unknown[], patch: readonly unknown[], keyOf: KeyOf): unknown[] {
  const result = base.slice();
  const index = new Map<string, number>();
  base.forEach((element, i) => {
    const key = keyOf(element);
    if (key !== undefined) index.set(key, i);
  });
  for (const element of patch) {
    const key = keyOf(element);
    const at = key === undefined ? undefined : index.get(key);
    if (at === undefined) {
      if (key !== undefined) index.set(key, result.length);
      result.push(element);
    } else {
      result[at] = element;
    }
  }
  return result;
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

function mergeValue(base: unknown, patch: unknown, pointer: string): unknown {
  if (patch === null) return DELETE;
  if (isPlainObject(patch)) {
    if (!isPlainObject(base)) return patch;
    const entries: [string, unknown][] = [];
    for (const [key, value] of Object.entries(base)) {
      if (!Object.hasOwn(patch, key)) entries.push([key, value]);
      else {
        const merged = mergeValue(value, patch[key], `${pointer}/${key}`);
        if (merged !== DELETE) entries.push([key, merged]);
      }
    }
    for (const [key, value] of Object.entries(patch)) {
      if (Object.hasOwn(base, key) || value === null) continue;
      entries.push([key, value]);
    }
    // Object.fromEntries defines own data properties: a `__proto__` key stays data, never a prototype.
    return Object.fromEntries(entries);
  }
  if (Array.isArray(patch) && Array.isArray(base)) {
    if (pointer === '/process/env' && isStringArray(base) && isStringArray(patch)) {
      return replaceOrAppendEnvValues(base, patch);
    }
    const keyOf = KEY_OF[pointer];
    if (keyOf !== undefined) return mergeKeyed(base, patch, keyOf);
  }
  return patch;
}

/**
 * Merges base spec fragments over a spec, in order, and returns a new deep-frozen spec that shares every subtree
 * no fragment touched with its inputs (nothing is deep-copied, nothing is changed):
 *
 * - objects merge key by key (recursively); a `null` in a fragment deletes the key (as JSON merge patch, RFC 7396);
 * - keyed lists merge by key (`KEYED_LISTS`: mounts by destination, namespaces by type, rlimits by type,
 *   devices by path): a fragment's element replaces the whole element with the same key, or is appended;
 * - `process.env` merges by variable name as containerd's `replaceOrAppendEnvValues` (a bare `NAME` unsets it);
 * - every other list and every scalar is replaced.
 *
 * `__proto__` and `constructor` keys are merged as plain data.
 */
export function mergeSpecs(
  spec: Spec | FrozenSpec,
  ...fragments: readonly (Spec | FrozenSpec)[]
): FrozenSpec {
  let result: unknown = spec;
  for (const fragment of fragments) result = mergeValue(result, fragment, '');
  return freezeSpec(result as Spec);
}
