/**
 * Exact comparison of the spec containerd generated with ocispec's prediction, in their canonical printed form
 * (so an empty list Go omits equals an absent one). Order counts everywhere: mounts, env, capabilities and device
 * rules are applied in order. Known containerd 1.6-vs-HEAD differences are explained by allowlist entries (see
 * `allowlist.ts`): each names one pointer and rewrites HEAD's value there into 1.6's; a pointer whose rewritten
 * prediction equals the daemon's value is explained, anything else that differs is reported by pointer.
 */
import type { FrozenSpec, JsonValue, Spec } from '@ocispec/core';
import { parseJson, printSpec } from '@ocispec/core';
import { escapePointerToken } from '@ocispec/core/internal';
import type { ParsedContainerSpecInput, ParsedSandboxSpecInput } from '@ocispec/cri';

/** One pointer where the daemon's spec and the prediction differ (`undefined` = absent on that side). */
export interface Difference {
  readonly pointer: string;
  readonly daemon: JsonValue | undefined;
  readonly predicted: JsonValue | undefined;
}

/** What the comparison knows about the spec being compared, for allowlist entries. */
export interface SpecContext {
  /** `container` or `sandbox`. */
  readonly kind: 'container' | 'sandbox';
  /** The daemon's containerd release, `[major, minor]`. */
  readonly release: readonly [number, number];
  /** Whether the spec was built over a base runtime spec. */
  readonly base: boolean;
  /** A container's prediction input (its CRI config, image config and rootfs). */
  readonly input?: ParsedContainerSpecInput;
  /** A sandbox's prediction input (its pod config). */
  readonly sandboxInput?: ParsedSandboxSpecInput;
  /** The prediction, canonical (set by {@link compareSpecs}). */
  readonly predicted?: JsonValue;
}

/**
 * A known difference between containerd 1.6 and HEAD (which ocispec follows) at one pointer: it turns HEAD's value
 * there into 1.6's by undoing one containerd change.
 */
export interface AllowEntry {
  /** A short name, printed in the report. */
  readonly id: string;
  /** The JSON pointer of the value it rewrites (exact, no wildcards). */
  readonly pointer: string;
  /** The containerd releases `[major, minor]` that differ from HEAD this way. */
  readonly releases: (release: readonly [number, number]) => boolean;
  /** Whether the entry applies to this spec at all (its kind, a base runtime spec, the CRI input …). */
  readonly applies?: (context: SpecContext) => boolean;
  /** HEAD's value → 1.6's (`undefined`: absent); the value itself when this change does not touch it. */
  readonly to16: (head: JsonValue | undefined, context: SpecContext) => JsonValue | undefined;
  /** What differs, in one sentence. */
  readonly what: string;
  /** The containerd change that explains it (PR and commit). */
  readonly citation: string;
}

export interface Comparison {
  /** Differences no allowlist entry explains. */
  readonly differences: readonly Difference[];
  /** The allowlist entries that explained a difference here. */
  readonly explained: readonly AllowEntry[];
}

/** The canonical JSON value of a spec: printed as Go prints it, parsed back losslessly. */
export function canonical(spec: Spec | FrozenSpec): JsonValue {
  return parseJson(printSpec(spec));
}

/**
 * Compares two specs exactly, except at the pointers where the applicable allowlist entries, applied in order to
 * the prediction's value, give the daemon's value: those pointers are explained by the entries that changed it.
 */
export function compareSpecs(
  daemon: Spec,
  predicted: FrozenSpec,
  context: SpecContext,
  allowlist: readonly AllowEntry[],
): Comparison {
  const a = canonical(daemon);
  const b = canonical(predicted);
  const ctx: SpecContext = { ...context, predicted: b };
  const byPointer = new Map<string, AllowEntry[]>();
  for (const entry of allowlist) {
    if (!entry.releases(ctx.release) || (entry.applies !== undefined && !entry.applies(ctx))) continue;
    byPointer.set(entry.pointer, [...(byPointer.get(entry.pointer) ?? []), entry]);
  }
  const explained: AllowEntry[] = [];
  const skip = new Set<string>();
  for (const [pointer, entries] of byPointer) {
    const x = at(a, pointer);
    let y = at(b, pointer);
    if (equal(x, y)) continue;
    const used: AllowEntry[] = [];
    for (const entry of entries) {
      const old = entry.to16(y, ctx);
      if (!equal(old, y)) used.push(entry);
      y = old;
    }
    if (equal(x, y)) {
      explained.push(...used);
      skip.add(pointer);
    }
  }
  const differences: Difference[] = [];
  diff(a, b, '', skip, differences);
  return { differences, explained };
}

/** The value at a JSON pointer, or `undefined`. */
export function at(value: JsonValue | undefined, pointer: string): JsonValue | undefined {
  if (pointer === '') return value;
  let current = value;
  for (const raw of pointer.slice(1).split('/')) {
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(current)) current = current[Number(token)];
    else if (isObject(current)) current = Object.hasOwn(current, token) ? current[token] : undefined;
    else return undefined;
  }
  return current;
}

function isObject(value: JsonValue | undefined): value is { [key: string]: JsonValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Exact equality of JSON values (integers compared by value, `1` = `1n`). */
export function equal(x: JsonValue | undefined, y: JsonValue | undefined): boolean {
  if (typeof x === 'bigint' || typeof y === 'bigint') {
    return (typeof x === 'bigint' || typeof x === 'number') &&
      (typeof y === 'bigint' || typeof y === 'number')
      ? BigInt(x) === BigInt(y)
      : false;
  }
  if (Array.isArray(x) || Array.isArray(y)) {
    return Array.isArray(x) && Array.isArray(y) && x.length === y.length && x.every((v, i) => equal(v, y[i]));
  }
  if (isObject(x) || isObject(y)) {
    if (!isObject(x) || !isObject(y)) return false;
    const keys = Object.keys(x);
    return (
      keys.length === Object.keys(y).length && keys.every((k) => Object.hasOwn(y, k) && equal(x[k], y[k]))
    );
  }
  return x === y;
}

function diff(
  a: JsonValue | undefined,
  b: JsonValue | undefined,
  pointer: string,
  skip: ReadonlySet<string>,
  out: Difference[],
): void {
  if (skip.has(pointer) || equal(a, b)) return;
  if (isObject(a) && isObject(b)) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      diff(a[key], b[key], `${pointer}/${escapePointerToken(key)}`, skip, out);
    }
    return;
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    for (let i = 0; i < a.length; i++) diff(a[i], b[i], `${pointer}/${i}`, skip, out);
    return;
  }
  out.push({ pointer, daemon: a, predicted: b });
}

/** A difference as one readable line. */
export function describeDifference(d: Difference): string {
  const show = (v: JsonValue | undefined): string =>
    v === undefined ? '(absent)' : JSON.stringify(v, (_, x: unknown) => (typeof x === 'bigint' ? `${x}` : x));
  return `${d.pointer}: containerd ${show(d.daemon)}, ocispec ${show(d.predicted)}`;
}
