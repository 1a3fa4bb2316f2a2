/**
 * The one diff engine of `diff` (two specs, canonical form) and `explain` (each step of a composition, the values
 * it touched): it walks two JSON values side by side and reports what was added, removed, changed or moved, by JSON
 * pointer. Subtrees the two share by identity are skipped (a composition shares every untouched one). Lists are
 * matched element by element: the elements kept as they were by identity (when `kept` is asked for: a step's
 * untouched elements wherever they moved), then the lists whose order means nothing by key (`KEYED_LISTS`: mounts by
 * destination, env by name, ...), then the rest by position.
 */
import type { JsonValue } from './json/index.js';
import { isJsonObject, JsonNumber } from './json/index.js';
import { escapePointerToken } from './model/index.js';

/** Where a difference is: in `b` (`pointer`), in `a` (`from`), and as a readable path naming keyed elements. */
export interface DiffSite {
  readonly pointer: string;
  readonly from: string;
  /** `/mounts[/etc/hosts]/source`: keyed elements by key. */
  readonly path: string;
}

/** What the engine reports, in order: values only in `b`, only in `a`, different, and kept elements that moved. */
export interface DiffVisitor {
  added(site: DiffSite, value: JsonValue): void;
  removed(site: DiffSite, value: JsonValue): void;
  changed(site: DiffSite, before: JsonValue, after: JsonValue): void;
  /** Kept list elements whose position changed, `[from, to]` pointers, all of one list at once. */
  moved?(moves: readonly (readonly [from: string, to: string])[]): void;
}

/** How the elements of a list are keyed (`undefined`: an element without a key; the list is then positional). */
export type KeyOf = (element: JsonValue) => string | undefined;

/** How a diff treats lists and empty values. */
export interface DiffOptions {
  /** The key of the list at a pointer, if its order means nothing. */
  readonly keyed?: (pointer: string) => KeyOf | undefined;
  /** Match elements kept by identity first (a step's result against the value before it). */
  readonly kept?: boolean;
  /**
   * Report removals where they were in `a` (`explain`: an object's keys in `a`'s order, then `b`'s new ones; a
   * list's removed elements first) instead of after everything in `b` (`diff`).
   */
  readonly removalsFirst?: boolean;
  /** Whether an empty object or array is a value of its own (`explain`'s leaves) rather than a container. */
  readonly emptyIsValue?: boolean;
}

type Container = Record<string, JsonValue> | JsonValue[];

function isContainer(value: unknown): value is Container {
  return Array.isArray(value) || isJsonObject(value);
}

function isEmpty(value: Container): boolean {
  return Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0;
}

/** Exact equality of two JSON scalars; integers compare by value whether `number` or `bigint`. */
export function sameScalar(a: JsonValue, b: JsonValue): boolean {
  if (a === b) return true;
  // A number kept as its text (an unknown field's `1e400`): the same when written the same.
  if (a instanceof JsonNumber || b instanceof JsonNumber) return String(a) === String(b);
  if ((typeof a === 'bigint' || typeof a === 'number') && (typeof b === 'bigint' || typeof b === 'number')) {
    if (typeof a === 'number' && !Number.isInteger(a)) return false;
    if (typeof b === 'number' && !Number.isInteger(b)) return false;
    return BigInt(a) === BigInt(b);
  }
  return false;
}

function child(
  site: DiffSite,
  tokenB: string | number,
  tokenA: string | number,
  pathToken: string,
): DiffSite {
  return {
    pointer: `${site.pointer}/${escapePointerToken(String(tokenB))}`,
    from: `${site.from}/${escapePointerToken(String(tokenA))}`,
    path: `${site.path}${pathToken}`,
  };
}

/** Compares `a` and `b` (either may be `undefined`: absent) from `site`, reporting to `visitor`. */
export function diffJson(
  a: JsonValue | undefined,
  b: JsonValue | undefined,
  visitor: DiffVisitor,
  options: DiffOptions = {},
  site: DiffSite = { pointer: '', from: '', path: '' },
): void {
  if (a === b) return;
  if (a === undefined) {
    if (b !== undefined) visitor.added(site, b);
    return;
  }
  if (b === undefined) {
    visitor.removed(site, a);
    return;
  }
  const ca = isContainer(a) && !(options.emptyIsValue === true && isEmpty(a));
  const cb = isContainer(b) && !(options.emptyIsValue === true && isEmpty(b));
  if (!ca || !cb || Array.isArray(a) !== Array.isArray(b)) {
    if (!ca && !cb && !isContainer(a) && !isContainer(b) && sameScalar(a, b)) return;
    if (options.emptyIsValue === true && isContainer(a) && isContainer(b) && isEmpty(a) && isEmpty(b)) {
      if (Array.isArray(a) === Array.isArray(b)) return;
    }
    visitor.changed(site, a, b);
    return;
  }
  if (Array.isArray(a)) diffLists(a, b as JsonValue[], visitor, options, site);
  else diffObjects(a as Record<string, JsonValue>, b as Record<string, JsonValue>, visitor, options, site);
}

function diffObjects(
  a: Record<string, JsonValue>,
  b: Record<string, JsonValue>,
  visitor: DiffVisitor,
  options: DiffOptions,
  site: DiffSite,
): void {
  const at = (key: string) => child(site, key, key, `/${escapePointerToken(key)}`);
  const own = (o: Record<string, JsonValue>, key: string) => (Object.hasOwn(o, key) ? o[key] : undefined);
  if (options.removalsFirst === true) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)]))
      diffJson(own(a, key), own(b, key), visitor, options, at(key));
    return;
  }
  for (const key of Object.keys(b)) diffJson(own(a, key), b[key], visitor, options, at(key));
  for (const key of Object.keys(a)) if (!Object.hasOwn(b, key)) visitor.removed(at(key), a[key]!);
}

/**
 * Each element's key, made unique by occurrence (`/tmp`, `/tmp#2`); `undefined` when an element has no key (the
 * list is then compared by position).
 */
function occurrenceKeys(list: readonly JsonValue[], keyOf: KeyOf): string[] | undefined {
  const seen = new Map<string, number>();
  const keys: string[] = [];
  for (const element of list) {
    const key = keyOf(element);
    if (key === undefined) return undefined;
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    keys.push(n === 1 ? key : `${key}#${n}`);
  }
  return keys;
}

/** For each element of `b`, the index of its partner in `a` (or `undefined`), and whether it is a kept element. */
interface Match {
  readonly source: (number | undefined)[];
  readonly kept: boolean[];
  readonly keys: readonly string[] | undefined;
  readonly keysA: readonly string[] | undefined;
}

function match(
  a: readonly JsonValue[],
  b: readonly JsonValue[],
  options: DiffOptions,
  pointer: string,
): Match {
  const source: (number | undefined)[] = new Array(b.length).fill(undefined);
  const kept: boolean[] = new Array(b.length).fill(false);
  const used = new Set<number>();
  if (options.kept === true) {
    // Elements kept as they were, wherever they are now.
    const free = new Map<unknown, number[]>();
    a.forEach((element, i) => {
      const list = free.get(element);
      if (list === undefined) free.set(element, [i]);
      else list.push(i);
    });
    b.forEach((element, j) => {
      const i = free.get(element)?.shift();
      if (i === undefined) return;
      source[j] = i;
      kept[j] = true;
      used.add(i);
    });
  }
  const keyOf = options.keyed?.(pointer);
  const keysA = keyOf === undefined ? undefined : occurrenceKeys(a, keyOf);
  const keys = keyOf === undefined ? undefined : occurrenceKeys(b, keyOf);
  if (keysA !== undefined && keys !== undefined) {
    const byKey = new Map(keysA.map((key, i) => [key, i]));
    keys.forEach((key, j) => {
      if (source[j] !== undefined) return;
      const i = byKey.get(key);
      if (i !== undefined && !used.has(i)) {
        source[j] = i;
        used.add(i);
      }
    });
    return { source, kept, keys, keysA };
  }
  if (options.kept === true) {
    // The rest paired in order: edited elements.
    const unpaired = a.map((_, i) => i).filter((i) => !used.has(i));
    for (let j = 0; j < b.length && unpaired.length > 0; j++) {
      if (source[j] !== undefined) continue;
      source[j] = unpaired.shift();
      used.add(source[j]!);
    }
    return { source, kept, keys: undefined, keysA: undefined };
  }
  for (let j = 0; j < Math.min(a.length, b.length); j++) {
    source[j] = j;
    used.add(j);
  }
  return { source, kept, keys: undefined, keysA: undefined };
}

function diffLists(
  a: readonly JsonValue[],
  b: readonly JsonValue[],
  visitor: DiffVisitor,
  options: DiffOptions,
  site: DiffSite,
): void {
  const { source, kept, keys, keysA } = match(a, b, options, site.pointer);
  const used = new Set(source.filter((i): i is number => i !== undefined));
  const tokenOf = (index: number, key: string | undefined) => (key === undefined ? `/${index}` : `[${key}]`);
  const removals = () => {
    a.forEach((element, i) => {
      if (!used.has(i)) visitor.removed(child(site, i, i, tokenOf(i, keysA?.[i])), element);
    });
  };
  if (options.removalsFirst === true) removals();
  const moves = source.flatMap((i, j) =>
    i !== undefined && i !== j && kept[j] ? [[`${site.pointer}/${i}`, `${site.pointer}/${j}`] as const] : [],
  );
  if (moves.length > 0) visitor.moved?.(moves);
  b.forEach((element, j) => {
    const i = source[j];
    const next = child(site, j, i ?? j, tokenOf(j, keys?.[j]));
    if (i === undefined) visitor.added(next, element);
    else if (!kept[j]) diffJson(a[i], element, visitor, options, next);
  });
  if (options.removalsFirst !== true) removals();
}
