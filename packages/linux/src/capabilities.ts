/** `process.capabilities`: containerd's capability options (HEAD rules for the inheritable set, §5.2). */
import type { LinuxCapabilities, Section, Spec, SpecContext, SpecDraft } from '@ocispec/core';
import { defineOpt, ensureCapabilities, peekArray, SpecOptError } from '@ocispec/core';
import { goErrorText, goQuote } from '@ocispec/core/internal';
import { z } from 'zod';
import { knownCapabilities } from './default-spec.js';
import { capabilityName, warnUnknownCapabilities } from './names.js';

type CapList = readonly string[] | null;
type CapabilitySet = 'bounding' | 'effective' | 'permitted' | 'inheritable';

const capList = z.array(capabilityName).nullable();

/** `caps` frozen, to store in three sets at once (Go's nil slice: an absent list); parsed arguments already are. */
function stored(caps: CapList): readonly string[] | undefined {
  if (caps == null) return undefined;
  return Object.isFrozen(caps) ? caps : Object.freeze([...caps]);
}

/** Whether two capability lists hold the same names in the same order. */
function sameList(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Sets each of `keys` to `edit(current list)`. Sets holding the same names (the usual case: bounding, effective
 * and permitted are equal) get one shared result, frozen, so a spec keeps one list instead of three; a later
 * in-place edit of one set through a draft copies it first. An unchanged set is left as it is, and `undefined`
 * removes the set.
 */
function editSets(
  capabilities: Section<LinuxCapabilities>,
  keys: readonly CapabilitySet[],
  edit: (current: readonly string[]) => readonly string[] | undefined,
): void {
  let lastInput: readonly string[] | undefined;
  let lastOutput: readonly string[] | undefined;
  for (const key of keys) {
    const current = peekArray(capabilities, key);
    let next: readonly string[] | undefined;
    if (lastInput !== undefined && sameList(current, lastInput)) {
      next = lastOutput === lastInput ? current : lastOutput;
    } else {
      next = edit(current);
      if (next !== undefined && next !== current) Object.freeze(next);
      lastInput = current;
      lastOutput = next;
    }
    if (next === current) continue;
    if (next === undefined) delete capabilities[key];
    else capabilities[key] = next;
  }
}

/**
 * Replaces `process.capabilities.bounding`, `.effective` and `.permitted` with the capabilities. An empty or `null`
 * list also clears `inheritable`; otherwise a non-empty `inheritable` is filtered to the members of the list (its
 * own order kept; emptied → removed). `ambient` is never touched. The three sets share one frozen list.
 * Creates `process` and `process.capabilities`. Any target OS.
 * containerd: `oci.WithCapabilities`
 */
export const withCapabilities = defineOpt({
  name: 'withCapabilities',
  args: () => z.tuple([capList]),
  doc: 'Replaces `process.capabilities.bounding`, `.effective` and `.permitted` with the capabilities.',
  containerd: 'oci.WithCapabilities',
  apply(spec, ctx, caps) {
    warnUnknownCapabilities(ctx, 'withCapabilities', caps);
    setCapabilities(spec, caps);
  },
});

/** {@link withCapabilities}'s body, for the options built on it. */
function setCapabilities(spec: SpecDraft<Spec>, caps: CapList): void {
  const list = stored(caps);
  const capabilities = ensureCapabilities(spec);
  capabilities.bounding = list;
  capabilities.effective = list;
  capabilities.permitted = list;
  if (caps == null || caps.length === 0) {
    delete capabilities.inheritable;
    return;
  }
  const inheritable = peekArray(capabilities, 'inheritable');
  if (inheritable.length > 0) {
    const kept = inheritable.filter((c) => caps.includes(c));
    if (kept.length === 0) delete capabilities.inheritable;
    else capabilities.inheritable = kept;
  }
}

/**
 * Appends each capability, in order, to `process.capabilities.bounding`, `.effective` and `.permitted` where it is
 * missing. Duplicates in the list are skipped too; `"ALL"` is an ordinary string. `inheritable` and `ambient` are
 * untouched. Creates `process` and `process.capabilities`. Any target OS.
 * containerd: `oci.WithAddedCapabilities`
 */
export const withAddedCapabilities = defineOpt({
  name: 'withAddedCapabilities',
  args: () => z.tuple([capList]),
  doc: 'Appends each capability, in order, to `process.capabilities.bounding`, `.effective` and `.permitted` where it is missing.',
  containerd: 'oci.WithAddedCapabilities',
  apply(spec, ctx, caps) {
    warnUnknownCapabilities(ctx, 'withAddedCapabilities', caps);
    const capabilities = ensureCapabilities(spec);
    if (caps == null || caps.length === 0) return;
    editSets(capabilities, ['bounding', 'effective', 'permitted'], (current) => {
      const list = [...current];
      for (const c of caps) if (!list.includes(c)) list.push(c);
      return list.length === current.length ? current : list;
    });
  },
});

/**
 * Removes every occurrence of each capability from `process.capabilities.bounding`, `.effective`, `.permitted` and
 * (HEAD) `.inheritable`. A list left empty is removed (Go's nil). `ambient` is never touched; `"ALL"` is literal.
 * Creates `process` and `process.capabilities`. Any target OS.
 * containerd: `oci.WithDroppedCapabilities`
 */
export const withDroppedCapabilities = defineOpt({
  name: 'withDroppedCapabilities',
  args: () => z.tuple([capList]),
  doc: 'Removes every occurrence of each capability from `process.capabilities.bounding`, `.effective`, `.permitted` and (HEAD) `.inheritable`.',
  containerd: 'oci.WithDroppedCapabilities',
  apply(spec, ctx, caps) {
    warnUnknownCapabilities(ctx, 'withDroppedCapabilities', caps);
    const capabilities = ensureCapabilities(spec);
    if (caps == null || caps.length === 0) return;
    editSets(capabilities, ['bounding', 'effective', 'permitted', 'inheritable'], (current) => {
      const kept = current.filter((c) => !caps.includes(c));
      if (kept.length === current.length) return current;
      return kept.length === 0 ? undefined : kept;
    });
  },
});

/**
 * Replaces `process.capabilities.inheritable` and `.ambient` with the capabilities (`null` removes both).
 * Creates `process` and `process.capabilities`. Any target OS.
 * containerd: `oci.WithAmbientCapabilities`
 */
export const withAmbientCapabilities = defineOpt({
  name: 'withAmbientCapabilities',
  args: () => z.tuple([capList]),
  doc: 'Replaces `process.capabilities.inheritable` and `.ambient` with the capabilities (`null` removes both).',
  containerd: 'oci.WithAmbientCapabilities',
  apply(spec, ctx, caps) {
    warnUnknownCapabilities(ctx, 'withAmbientCapabilities', caps);
    const list = stored(caps);
    const capabilities = ensureCapabilities(spec);
    capabilities.inheritable = list;
    capabilities.ambient = list;
  },
});

const CAP_KEYS = new Set(['CapInh', 'CapPrm', 'CapEff', 'CapBnd', 'CapAmb']);
const HEX = /^[0-9a-fA-F]+$/;
const UINT64_MAX = (1n << 64n) - 1n;

/**
 * The `CapEff` bitmap of a `/proc/<pid>/status` text (0 when the line is absent), parsed as containerd's
 * `cap.ParseProcPIDStatus` does: lines split at the first `:`, key and value trimmed, the five `Cap*` values
 * parsed as 64-bit hex (a bad one is `failed to parse line "<line>"`); the last occurrence wins.
 */
export function parseCapEff(status: string): bigint {
  let capEff = 0n;
  const lines = status.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  for (const raw of lines) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const key = line.slice(0, colon).trim();
    if (!CAP_KEYS.has(key)) continue;
    const value = line.slice(colon + 1).trim();
    const parsed = HEX.test(value) ? BigInt(`0x${value}`) : -1n;
    if (parsed < 0n || parsed > UINT64_MAX) throw new SpecOptError(`failed to parse line ${goQuote(line)}`);
    if (key === 'CapEff') capEff = parsed;
  }
  return capEff;
}

/** Capability names of the set bits of `bitmap`, in bit (kernel) order; bits beyond the known 41 are skipped. */
export function capabilitiesFromBitmap(bitmap: bigint): string[] {
  const names: string[] = [];
  for (let bit = 0; bit <= 63; bit++) {
    if (((bitmap >> BigInt(bit)) & 1n) === 1n) {
      const name = knownCapabilities[bit];
      if (name !== undefined) names.push(name);
    }
  }
  return names;
}

/**
 * The effective capabilities of the process running the composition: `CapEff` of `/proc/self/status`, read
 * through `ctx.host.fs`, named by bit from the 41 known capabilities. containerd: `cap.Current`.
 */
export function currentCapabilities(ctx: SpecContext): string[] {
  let bytes: Uint8Array;
  try {
    bytes = ctx.host.fs.readFile('/proc/self/status');
  } catch (error) {
    throw new SpecOptError(goErrorText('open', '/proc/self/status', error), { cause: error });
  }
  return capabilitiesFromBitmap(parseCapEff(new TextDecoder().decode(bytes)));
}

/**
 * Replaces `process.capabilities.bounding`, `.effective` and `.permitted` with the calling process's effective
 * capabilities, as `withCapabilities` does. They are `CapEff` of `/proc/self/status`, read through `ctx.host.fs`, in
 * kernel order. Creates `process` and `process.capabilities`. For a non-linux target OS it is
 * `withCapabilities(null)` (containerd's `!linux` build).
 * containerd: `oci.WithAllCurrentCapabilities`
 */
export const withAllCurrentCapabilities = defineOpt({
  name: 'withAllCurrentCapabilities',
  args: () => z.tuple([]),
  doc: "Replaces `process.capabilities.bounding`, `.effective` and `.permitted` with the calling process's effective capabilities, as `withCapabilities` does.",
  containerd: 'oci.WithAllCurrentCapabilities',
  apply(spec, ctx) {
    const caps = ctx.platform.os === 'linux' ? currentCapabilities(ctx) : [];
    setCapabilities(spec, caps.length === 0 ? null : caps);
  },
});

/** The 41 known capabilities as one frozen list, shared by every composition. */
const KNOWN = Object.freeze([...knownCapabilities]);

/**
 * Replaces `process.capabilities.bounding`, `.effective` and `.permitted` with the 41 known capabilities in kernel
 * order, as `withCapabilities` does. Creates `process` and `process.capabilities`. For a non-linux target OS it is
 * `withCapabilities(null)` (containerd's `!linux` build).
 * containerd: `oci.WithAllKnownCapabilities`
 */
export const withAllKnownCapabilities = defineOpt({
  name: 'withAllKnownCapabilities',
  args: () => z.tuple([]),
  doc: 'Replaces `process.capabilities.bounding`, `.effective` and `.permitted` with the 41 known capabilities in kernel order, as `withCapabilities` does.',
  containerd: 'oci.WithAllKnownCapabilities',
  apply(spec, ctx) {
    setCapabilities(spec, ctx.platform.os === 'linux' ? KNOWN : null);
  },
});

/** The options of this file, in containerd's order. */
export const capabilityOptions = [
  withCapabilities,
  withAddedCapabilities,
  withDroppedCapabilities,
  withAmbientCapabilities,
  withAllCurrentCapabilities,
  withAllKnownCapabilities,
] as const;
