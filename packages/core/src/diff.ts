/**
 * A semantic diff of two specs by JSON pointer, on the one diff engine (`diff-engine.ts`). Both specs are compared
 * in their printed (canonical) form, so a field Go omits when empty (`"env": []`) and an absent field are the same.
 * Lists whose order means nothing are matched by key, so a reordering is not a change; numbers are compared exactly
 * (`1` = `1n`, 2^64−1 stays exact).
 */
import type { DiffSite, KeyOf } from './diff-engine.js';
import { diffJson } from './diff-engine.js';
import type { FrozenSpec } from './engine.js';
import type { JsonValue } from './json/index.js';
import { isJsonObject } from './json/index.js';
import type { Spec } from './model/index.js';
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

const field =
  (name: string): KeyOf =>
  (element) => {
    if (!isJsonObject(element)) return undefined;
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

/** The key of the list at a pointer, when it is one of `KEYED_LISTS`. */
export function keyedListAt(pointer: string): KeyOf | undefined {
  const exact = KEYED_LISTS.get(pointer);
  if (exact !== undefined) return exact.of;
  const cut = pointer.lastIndexOf('/');
  return cut < 0 ? undefined : KEYED_LISTS.get(`${pointer.slice(0, cut)}/*`)?.of;
}

/**
 * Canonical JSON value of a spec: printed (Go's rules: empty fields omitted, field order) and read back as Go
 * reads it (unknown fields' numbers kept as written: `1e400` is no crash).
 */
function canonical(spec: Spec | FrozenSpec): JsonValue {
  return decodeSpec(printSpec(spec)).value as JsonValue;
}

/**
 * The differences from `a` to `b`, by JSON pointer, in `b`'s printing order (removals where they were in `a`).
 * Empty when the two specs are the same up to the order of keyed lists (see `KEYED_LISTS`).
 */
export function diffSpecs(a: Spec | FrozenSpec, b: Spec | FrozenSpec): SpecChange[] {
  const out: SpecChange[] = [];
  const change = (kind: SpecChange['kind'], site: DiffSite, before?: JsonValue, after?: JsonValue): void => {
    out.push({
      kind,
      pointer: kind === 'removed' ? site.from : site.pointer,
      ...(kind === 'changed' && site.from !== site.pointer ? { from: site.from } : {}),
      path: site.path,
      ...(before !== undefined ? { before } : {}),
      ...(after !== undefined ? { after } : {}),
    });
  };
  diffJson(
    canonical(a),
    canonical(b),
    {
      added: (site, value) => change('added', site, undefined, value),
      removed: (site, value) => change('removed', site, value),
      changed: (site, before, after) => change('changed', site, before, after),
    },
    { keyed: keyedListAt },
  );
  return out;
}
