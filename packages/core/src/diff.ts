/**
 * A semantic diff of two specs by JSON pointer. Both specs are compared in their printed (canonical) form, so a
 * field Go omits when empty (`"env": []`) and an absent field are the same. Lists whose order means nothing are
 * matched by key, so a reordering is not a change; numbers are compared exactly (`1` = `1n`, 2^64−1 stays exact).
 */
import type { JsonValue } from './json/index.js';
import { isJsonObject, JsonNumber } from './json/index.js';
import type { Spec } from './model/index.js';
import { escapePointerToken } from './model/index.js';
import { decodeSpec } from './spec-decode.js';
import { printSpec } from './spec-file.js';

/** One difference: a value only in `b` (added), only in `a` (removed), or different. */
export interface SpecChange {
  readonly kind: 'added' | 'removed' | 'changed';
  /** Where the value is: in `b` for added and changed values, in `a` for removed ones. */
  readonly pointer: string;
  /** The pointer in `a`, when it differs from `pointer` (an element of a keyed list that moved). */
  readonly from?: string;
  /** A readable path naming keyed elements by their key: `/mounts[/etc/hosts]/source`. */
  readonly path: string;
  readonly before?: JsonValue;
  readonly after?: JsonValue;
}

/** How the elements of a list are matched: by a key, or (absent) by position. */
type KeyOf = (element: JsonValue) => string | undefined;

const field =
  (name: string): KeyOf =>
  (element) => {
    if (typeof element !== 'object' || element === null || Array.isArray(element)) return undefined;
    const value = (element as Record<string, JsonValue>)[name];
    return typeof value === 'string' ? value : undefined;
  };
const itself: KeyOf = (element) => (typeof element === 'string' ? element : undefined);
const envName: KeyOf = (element) => (typeof element === 'string' ? element.split('=', 1)[0] : undefined);

/**
 * The lists matched by key, by pointer pattern (`*` = any one token). Lists not named here are ordered (their
 * order is meaningful: `linux.resources.devices` rules apply in order, the last match wins; so do hooks, mount
 * options, seccomp syscalls, id mappings) and are compared by position.
 */
export const KEYED_LISTS: ReadonlyMap<string, { readonly key: string; readonly of: KeyOf }> = new Map([
  ['/mounts', { key: 'destination', of: field('destination') }],
  ['/process/env', { key: 'name', of: envName }],
  ['/process/rlimits', { key: 'type', of: field('type') }],
  ['/process/capabilities/*', { key: 'value', of: itself }],
  ['/process/user/additionalGids', { key: 'value', of: (e) => (e === null ? undefined : String(e)) }],
  ['/linux/namespaces', { key: 'type', of: field('type') }],
  ['/linux/devices', { key: 'path', of: field('path') }],
  ['/linux/maskedPaths', { key: 'value', of: itself }],
  ['/linux/readonlyPaths', { key: 'value', of: itself }],
]);

function keyedListAt(pointer: string): KeyOf | undefined {
  const exact = KEYED_LISTS.get(pointer);
  if (exact !== undefined) return exact.of;
  const cut = pointer.lastIndexOf('/');
  return cut < 0 ? undefined : KEYED_LISTS.get(`${pointer.slice(0, cut)}/*`)?.of;
}

/** Exact equality of two JSON scalars; integers compare by value whether `number` or `bigint`. */
function sameScalar(a: JsonValue, b: JsonValue): boolean {
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

function kindOf(value: JsonValue): 'array' | 'object' | 'scalar' {
  if (Array.isArray(value)) return 'array';
  return isJsonObject(value) ? 'object' : 'scalar';
}

/**
 * Canonical JSON value of a spec: printed (Go's rules: empty fields omitted, field order) and read back as Go
 * reads it (unknown fields' numbers kept as written).
 */
function canonical(spec: Spec): JsonValue {
  return decodeSpec(printSpec(spec)).value as JsonValue;
}

/**
 * The differences from `a` to `b`, by JSON pointer, in `b`'s printing order (removals where they were in `a`).
 * Empty when the two specs are the same up to the order of keyed lists (see {@link KEYED_LISTS}).
 */
export function diffSpecs(a: Spec, b: Spec): SpecChange[] {
  const out: SpecChange[] = [];
  diffValues(canonical(a), canonical(b), { pointer: '', from: '', path: '' }, out);
  return out;
}

interface Where {
  readonly pointer: string;
  readonly from: string;
  readonly path: string;
}

function child(where: Where, tokenB: string | number, tokenA: string | number, pathToken: string): Where {
  return {
    pointer: `${where.pointer}/${escapePointerToken(String(tokenB))}`,
    from: `${where.from}/${escapePointerToken(String(tokenA))}`,
    path: `${where.path}${pathToken}`,
  };
}

function change(kind: SpecChange['kind'], where: Where, before?: JsonValue, after?: JsonValue): SpecChange {
  const pointer = kind === 'removed' ? where.from : where.pointer;
  return {
    kind,
    pointer,
    ...(kind === 'changed' && where.from !== where.pointer ? { from: where.from } : {}),
    path: where.path,
    ...(before !== undefined ? { before } : {}),
    ...(after !== undefined ? { after } : {}),
  };
}

function diffValues(a: JsonValue, b: JsonValue, where: Where, out: SpecChange[]): void {
  const ka = kindOf(a);
  const kb = kindOf(b);
  if (ka !== kb) {
    out.push(change('changed', where, a, b));
    return;
  }
  if (ka === 'scalar') {
    if (!sameScalar(a, b)) out.push(change('changed', where, a, b));
    return;
  }
  if (ka === 'object') {
    const oa = a as Record<string, JsonValue>;
    const ob = b as Record<string, JsonValue>;
    for (const [key, vb] of Object.entries(ob)) {
      const token = `/${escapePointerToken(key)}`;
      const next = child(where, key, key, token);
      if (Object.hasOwn(oa, key)) diffValues(oa[key]!, vb, next, out);
      else out.push(change('added', next, undefined, vb));
    }
    for (const [key, va] of Object.entries(oa)) {
      if (!Object.hasOwn(ob, key))
        out.push(change('removed', child(where, key, key, `/${escapePointerToken(key)}`), va));
    }
    return;
  }
  const la = a as JsonValue[];
  const lb = b as JsonValue[];
  const keyOf = keyedListAt(where.pointer);
  const keysA = keyOf === undefined ? undefined : occurrenceKeys(la, keyOf);
  const keysB = keyOf === undefined ? undefined : occurrenceKeys(lb, keyOf);
  if (keysA === undefined || keysB === undefined) {
    for (let i = 0; i < lb.length; i++) {
      const next = child(where, i, i, `/${i}`);
      if (i < la.length) diffValues(la[i]!, lb[i]!, next, out);
      else out.push(change('added', next, undefined, lb[i]));
    }
    for (let i = lb.length; i < la.length; i++)
      out.push(change('removed', child(where, i, i, `/${i}`), la[i]));
    return;
  }
  const indexA = new Map(keysA.map((key, i) => [key, i]));
  const matched = new Set<number>();
  lb.forEach((vb, ib) => {
    const key = keysB[ib]!;
    const ia = indexA.get(key);
    const next = child(where, ib, ia ?? ib, `[${key}]`);
    if (ia === undefined) {
      out.push(change('added', next, undefined, vb));
      return;
    }
    matched.add(ia);
    diffValues(la[ia]!, vb, next, out);
  });
  la.forEach((va, ia) => {
    if (!matched.has(ia)) out.push(change('removed', child(where, ia, ia, `[${keysA[ia]!}]`), va));
  });
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
