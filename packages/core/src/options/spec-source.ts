/** Replacing the whole spec: from JSON bytes, from a host file, or with a platform's default spec. */
import { z } from 'zod';
import { replaceSpec } from '../compose.js';
import type { SpecContext, SpecOpt } from '../contract.js';
import { defineOpt } from '../define.js';
import { messageOf, SpecOptError } from '../errors.js';
import type { JsonValue } from '../json/index.js';
import { isJsonObject, parseJson, parseJsonBytes } from '../json/index.js';
import { parsePlatform } from '../platform.js';
import type { ParsedSpec } from '../spec-file.js';
import { checkSpecValue } from '../spec-file.js';
import { readHostFile } from './host-files.js';

/** The runtime-spec version containerd HEAD vendors (`specs.Version`), as its decode error names it. */
export const RUNTIME_SPEC_VERSION = '1.3.0';

const DECODE_FAILED = `decoding spec config file failed, current supported OCI runtime-spec : v${RUNTIME_SPEC_VERSION}: `;

function goJsonKind(value: JsonValue): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number' || typeof value === 'bigint') return 'number';
  return typeof value;
}

/**
 * Replaces the draft with a decoded spec: `null` decodes to the empty spec (Go leaves the zeroed struct), any
 * other non-object or a value the model rejects is containerd's decode error, unknown keys are kept and reported
 * through `ctx.warn`.
 */
function decodeInto(
  spec: Parameters<SpecOpt>[0],
  ctx: SpecContext,
  parse: () => JsonValue,
  source?: string,
): void {
  let value: JsonValue;
  try {
    value = parse();
  } catch (error) {
    throw new SpecOptError(`${DECODE_FAILED}${messageOf(error)}`, { cause: error });
  }
  if (value === null) {
    replaceSpec(spec, {});
    return;
  }
  if (!isJsonObject(value)) {
    throw new SpecOptError(
      `${DECODE_FAILED}json: cannot unmarshal ${goJsonKind(value)} into Go value of type specs.Spec`,
    );
  }
  let parsed: ParsedSpec;
  try {
    parsed = checkSpecValue(value, { source });
  } catch (error) {
    throw new SpecOptError(`${DECODE_FAILED}${messageOf(error)}`, { cause: error });
  }
  for (const warning of parsed.warnings) {
    ctx.warn(
      `${source === undefined ? '' : `${source}: `}unknown field ${warning.pointer} kept (containerd would drop it)`,
    );
  }
  // The parsed value is fresh and unfrozen: it goes into the draft as is (the model's unknown keys included).
  replaceSpec(spec, parsed.spec);
}

/**
 * Replaces the whole spec with the JSON text decoded as a runtime spec, losslessly: 64-bit integers exact, unknown
 * fields kept and reported through `ctx.warn`. Decode errors are containerd's `decoding spec config file failed,
 * current supported OCI runtime-spec : v1.3.0: <json error>`. Any OS.
 * containerd: `oci.WithSpecFromBytes`
 */
export const withSpecFromBytes = defineOpt({
  name: 'withSpecFromBytes',
  args: z.tuple([z.string()]),
  doc: 'Replaces the whole spec with the JSON text decoded as a runtime spec, losslessly: 64-bit integers exact, unknown fields kept and reported through `ctx.warn`.',
  containerd: 'oci.WithSpecFromBytes',
  apply(spec, ctx, text) {
    decodeInto(spec, ctx, () => parseJson(text));
  },
});

/**
 * Replaces the whole spec with a host file decoded as a runtime spec, as `withSpecFromBytes` does. The file is read
 * through `ctx.host.fs`; a read error is `cannot load spec config file: open <p>: <errno text>`. Any OS.
 * containerd: `oci.WithSpecFromFile`
 */
export const withSpecFromFile = defineOpt({
  name: 'withSpecFromFile',
  args: z.tuple([z.string()]),
  doc: 'Replaces the whole spec with a host file decoded as a runtime spec, as `withSpecFromBytes` does.',
  containerd: 'oci.WithSpecFromFile',
  apply(spec, ctx, filename) {
    const bytes = readHostFile(ctx, filename, 'cannot load spec config file: ');
    decodeInto(spec, ctx, () => parseJsonBytes(bytes, { source: filename }), filename);
  },
});

/**
 * Replaces the whole spec with the default spec of the pipeline's target platform (`ctx.defaultSpec`), so use it
 * first: earlier options are erased. Design decision: containerd uses the host's platform; ocispec the target's.
 * containerd: `oci.WithDefaultSpec`
 */
export const withDefaultSpec = defineOpt({
  name: 'withDefaultSpec',
  args: z.tuple([]),
  doc: "Replaces the whole spec with the default spec of the pipeline's target platform (`ctx.defaultSpec`), so use it first: earlier options are erased.",
  containerd: 'oci.WithDefaultSpec',
  apply(spec, ctx) {
    // The default is frozen and shared: the section helpers copy what a later option edits.
    replaceSpec(spec, ctx.defaultSpec(ctx.platform));
  },
});

/**
 * Replaces the whole spec with the default spec of the given platform (`ctx.defaultSpec`); use it first. A bad
 * specifier is containerd's `platforms.Parse` error; a one-component specifier (`linux`, `arm64`) completes from the
 * target platform, where containerd completes it from the host.
 * containerd: `oci.WithDefaultSpecForPlatform`
 */
export const withDefaultSpecForPlatform = defineOpt({
  name: 'withDefaultSpecForPlatform',
  args: z.tuple([z.string()]),
  doc: 'Replaces the whole spec with the default spec of the given platform (`ctx.defaultSpec`); use it first.',
  containerd: 'oci.WithDefaultSpecForPlatform',
  apply(spec, ctx, platform) {
    const parsed = parsePlatform(platform, { os: ctx.platform.os, architecture: ctx.platform.architecture });
    replaceSpec(spec, ctx.defaultSpec(parsed));
  },
});
