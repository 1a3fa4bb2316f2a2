/** `process.capabilities`: containerd's capability options (HEAD rules for the inheritable set, §5.2). */
import type { LinuxCapabilities, Section, SpecContext, SpecOpt } from '@ocispec/core';
import {
  defineOpt,
  ensureCapabilities,
  frozenCopy,
  goErrorText,
  goQuote,
  type OptDefinition,
  peekArray,
  SpecOptError,
  specOpt,
  z,
} from '@ocispec/core';
import { knownCapabilities } from './default-spec.js';

type CapList = readonly string[] | null;
type CapabilitySet = 'bounding' | 'effective' | 'permitted' | 'inheritable';

const capList = z.array(z.string()).nullable();

/** A frozen copy of `caps` to store, shared by every set and composition (Go's nil slice: an absent list). */
function stored(caps: CapList): readonly string[] | undefined {
  return caps == null ? undefined : frozenCopy(caps);
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
 * Replaces `process.capabilities.bounding`, `.effective` and `.permitted` with `caps` (three copies). An empty or
 * `null` list also clears `inheritable`; otherwise a non-empty `inheritable` is filtered to the members of `caps`
 * (its own order kept; emptied → removed). `ambient` is never touched.
 * Creates `process` and `process.capabilities`. Any target OS.
 * containerd: `oci.WithCapabilities`
 */
export function withCapabilities(caps: CapList): SpecOpt {
  const list = stored(caps);
  return specOpt('withCapabilities', (spec) => {
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
  });
}

export const withCapabilitiesDefinition = defineOpt({
  name: 'withCapabilities',
  args: z.tuple([capList]),
  factory: withCapabilities,
  doc: 'Replaces the bounding, effective and permitted capabilities; filters (or clears) inheritable.',
  containerd: 'oci.WithCapabilities',
});

/**
 * Appends each of `caps`, in order, to `process.capabilities.bounding`, `.effective` and `.permitted` where it is
 * not already present (duplicates in `caps` are skipped too; `"ALL"` is an ordinary string). `inheritable` and
 * `ambient` are untouched. Creates `process` and `process.capabilities`. Any target OS.
 * containerd: `oci.WithAddedCapabilities`
 */
export function withAddedCapabilities(caps: CapList): SpecOpt {
  return specOpt('withAddedCapabilities', (spec) => {
    const capabilities = ensureCapabilities(spec);
    if (caps == null || caps.length === 0) return;
    editSets(capabilities, ['bounding', 'effective', 'permitted'], (current) => {
      const list = [...current];
      for (const c of caps) if (!list.includes(c)) list.push(c);
      return list.length === current.length ? current : list;
    });
  });
}

export const withAddedCapabilitiesDefinition = defineOpt({
  name: 'withAddedCapabilities',
  args: z.tuple([capList]),
  factory: withAddedCapabilities,
  doc: 'Appends the capabilities missing from bounding, effective and permitted.',
  containerd: 'oci.WithAddedCapabilities',
});

/**
 * Removes every occurrence of each of `caps` from `process.capabilities.bounding`, `.effective`, `.permitted` and
 * (HEAD) `.inheritable`; a list left empty is removed (Go's nil). `ambient` is never touched; `"ALL"` is literal.
 * Creates `process` and `process.capabilities`. Any target OS.
 * containerd: `oci.WithDroppedCapabilities`
 */
export function withDroppedCapabilities(caps: CapList): SpecOpt {
  return specOpt('withDroppedCapabilities', (spec) => {
    const capabilities = ensureCapabilities(spec);
    if (caps == null || caps.length === 0) return;
    editSets(capabilities, ['bounding', 'effective', 'permitted', 'inheritable'], (current) => {
      const kept = current.filter((c) => !caps.includes(c));
      if (kept.length === current.length) return current;
      return kept.length === 0 ? undefined : kept;
    });
  });
}

export const withDroppedCapabilitiesDefinition = defineOpt({
  name: 'withDroppedCapabilities',
  args: z.tuple([capList]),
  factory: withDroppedCapabilities,
  doc: 'Removes the capabilities from bounding, effective, permitted and inheritable (never ambient).',
  containerd: 'oci.WithDroppedCapabilities',
});

/**
 * Replaces `process.capabilities.inheritable` and `.ambient` with `caps` (`null` removes both).
 * Creates `process` and `process.capabilities`. Any target OS.
 * containerd: `oci.WithAmbientCapabilities`
 */
export function withAmbientCapabilities(caps: CapList): SpecOpt {
  const list = stored(caps);
  return specOpt('withAmbientCapabilities', (spec) => {
    const capabilities = ensureCapabilities(spec);
    capabilities.inheritable = list;
    capabilities.ambient = list;
  });
}

export const withAmbientCapabilitiesDefinition = defineOpt({
  name: 'withAmbientCapabilities',
  args: z.tuple([capList]),
  factory: withAmbientCapabilities,
  doc: 'Replaces the inheritable and ambient capabilities.',
  containerd: 'oci.WithAmbientCapabilities',
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
 * `withCapabilities` of no capabilities (a non-linux target's outcome of the two options below) and of the 41 known
 * ones: built once and shared, so neither option copies or freezes a list per composition.
 */
const noCapabilities = withCapabilities(null);
const allKnownCapabilities = withCapabilities([...knownCapabilities]);

/**
 * Replaces the bounding, effective and permitted capabilities with those of the calling process (`CapEff` of
 * `/proc/self/status`, through `ctx.host.fs`; kernel order), as {@link withCapabilities}. Creates `process` and
 * `process.capabilities`. For a non-linux target OS it is `withCapabilities(null)` (containerd's `!linux` build).
 * containerd: `oci.WithAllCurrentCapabilities`
 */
export function withAllCurrentCapabilities(): SpecOpt {
  return specOpt('withAllCurrentCapabilities', (spec, ctx) => {
    if (ctx.platform.os !== 'linux') return noCapabilities(spec, ctx);
    const caps = currentCapabilities(ctx);
    return (caps.length === 0 ? noCapabilities : withCapabilities(caps))(spec, ctx);
  });
}

export const withAllCurrentCapabilitiesDefinition = defineOpt({
  name: 'withAllCurrentCapabilities',
  args: z.tuple([]),
  factory: withAllCurrentCapabilities,
  doc: "Sets the capabilities to the calling process's effective set (none for a non-linux target).",
  containerd: 'oci.WithAllCurrentCapabilities',
});

/**
 * Replaces the bounding, effective and permitted capabilities with the 41 known ones in kernel order, as
 * {@link withCapabilities}. Creates `process` and `process.capabilities`. For a non-linux target OS it is
 * `withCapabilities(null)` (containerd's `!linux` build).
 * containerd: `oci.WithAllKnownCapabilities`
 */
export function withAllKnownCapabilities(): SpecOpt {
  return specOpt('withAllKnownCapabilities', (spec, ctx) =>
    (ctx.platform.os === 'linux' ? allKnownCapabilities : noCapabilities)(spec, ctx),
  );
}

export const withAllKnownCapabilitiesDefinition = defineOpt({
  name: 'withAllKnownCapabilities',
  args: z.tuple([]),
  factory: withAllKnownCapabilities,
  doc: 'Sets the capabilities to all 41 known ones (none for a non-linux target).',
  containerd: 'oci.WithAllKnownCapabilities',
});

/** The registry definitions of this file. */
export const capabilityOptions = [
  withCapabilitiesDefinition,
  withAddedCapabilitiesDefinition,
  withDroppedCapabilitiesDefinition,
  withAmbientCapabilitiesDefinition,
  withAllCurrentCapabilitiesDefinition,
  withAllKnownCapabilitiesDefinition,
] as readonly OptDefinition[];
