/** `process.capabilities`: containerd's capability options (HEAD rules for the inheritable set, §5.2). */
import type { SpecContext, SpecOpt } from '@ocispec/core';
import {
  defineOpt,
  ensureCapabilities,
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

const capList = z.array(z.string()).nullable();

/** A copy of `caps` to store (Go's nil slice becomes an absent list). */
function stored(caps: CapList): string[] | undefined {
  return caps == null ? undefined : caps.slice();
}

/**
 * Replaces `process.capabilities.bounding`, `.effective` and `.permitted` with `caps` (three copies). An empty or
 * `null` list also clears `inheritable`; otherwise a non-empty `inheritable` is filtered to the members of `caps`
 * (its own order kept; emptied → removed). `ambient` is never touched.
 * Creates `process` and `process.capabilities`. Any target OS.
 * containerd: `oci.WithCapabilities`
 */
export function withCapabilities(caps: CapList): SpecOpt {
  return specOpt('withCapabilities', (spec) => {
    const capabilities = ensureCapabilities(spec);
    capabilities.bounding = stored(caps);
    capabilities.effective = stored(caps);
    capabilities.permitted = stored(caps);
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
    for (const key of ['bounding', 'effective', 'permitted'] as const) {
      const list = peekArray(capabilities, key).slice();
      const before = list.length;
      for (const c of caps) if (!list.includes(c)) list.push(c);
      if (list.length !== before) capabilities[key] = list;
    }
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
    for (const key of ['bounding', 'effective', 'permitted', 'inheritable'] as const) {
      const current = peekArray(capabilities, key);
      const kept = current.filter((c) => !caps.includes(c));
      if (kept.length === current.length) continue;
      if (kept.length === 0) delete capabilities[key];
      else capabilities[key] = kept;
    }
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
  return specOpt('withAmbientCapabilities', (spec) => {
    const capabilities = ensureCapabilities(spec);
    capabilities.inheritable = stored(caps);
    capabilities.ambient = stored(caps);
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
 * Replaces the bounding, effective and permitted capabilities with those of the calling process (`CapEff` of
 * `/proc/self/status`, through `ctx.host.fs`; kernel order), as {@link withCapabilities}. Creates `process` and
 * `process.capabilities`. For a non-linux target OS it is `withCapabilities(null)` (containerd's `!linux` build).
 * containerd: `oci.WithAllCurrentCapabilities`
 */
export function withAllCurrentCapabilities(): SpecOpt {
  return specOpt('withAllCurrentCapabilities', (spec, ctx) => {
    if (ctx.platform.os !== 'linux') return withCapabilities(null)(spec, ctx);
    const caps = currentCapabilities(ctx);
    return withCapabilities(caps.length === 0 ? null : caps)(spec, ctx);
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
  return specOpt('withAllKnownCapabilities', (spec, ctx) => {
    const caps = ctx.platform.os === 'linux' ? [...knownCapabilities] : null;
    return withCapabilities(caps)(spec, ctx);
  });
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
