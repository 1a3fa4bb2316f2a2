/** Replacing the whole spec: from JSON bytes, from a host file, or with a platform's default spec. */
import { z } from 'zod';
import { replaceSpec } from '../compose.js';
import type { SpecContext, SpecOpt } from '../contract.js';
import { defineOpt } from '../define.js';
import { messageOf, SpecOptError } from '../errors.js';
import { goJsonKindName } from '../go-format.js';
import { parsePlatform } from '../platform.js';
import type { DecodedSpec } from '../spec-decode.js';
import { decodeSpec } from '../spec-decode.js';
import { readHostFile } from './host-files.js';

/** The runtime-spec version containerd HEAD vendors (`specs.Version`), as its decode error names it. */
export const RUNTIME_SPEC_VERSION = '1.3.0';

const DECODE_FAILED = `decoding spec config file failed, current supported OCI runtime-spec : v${RUNTIME_SPEC_VERSION}: `;

/**
 * Replaces the draft with `bytes` decoded as Go decodes them into `specs.Spec` (`decodeSpec`): `null` is the empty
 * spec (Go leaves the zeroed struct), a value Go fails to decode is containerd's decode error (with ocispec's
 * pointer and reason), ambiguities and unknown keys are kept as Go reads them and reported through `ctx.warn`.
 */
function decodeInto(
  spec: Parameters<SpecOpt>[0],
  ctx: SpecContext,
  bytes: string | Uint8Array,
  source?: string,
): void {
  let decoded: DecodedSpec;
  try {
    decoded = decodeSpec(bytes, { source });
  } catch (error) {
    throw new SpecOptError(`${DECODE_FAILED}${messageOf(error)}`, { cause: error });
  }
  const problem = decoded.problems[0];
  if (problem !== undefined) {
    throw new SpecOptError(
      problem.pointer === ''
        ? `${DECODE_FAILED}json: cannot unmarshal ${goJsonKindName(problem.received)} into Go value of type specs.Spec`
        : `${DECODE_FAILED}${source === undefined ? '' : `${source}: `}${problem.pointer}: ${problem.message}`,
    );
  }
  const where = source === undefined ? '' : `${source}: `;
  for (const ambiguity of decoded.ambiguities) ctx.warn(`${where}${ambiguity.pointer}: ${ambiguity.message}`);
  for (const pointer of decoded.unknownFields) {
    ctx.warn(`${where}unknown field ${pointer} kept (containerd would drop it)`);
  }
  // The decoded value is fresh and unfrozen: it goes into the draft as is (the model's unknown keys included).
  replaceSpec(spec, decoded.value);
}

/**
 * Replaces the whole spec with the JSON text decoded as a runtime spec exactly as containerd's Go decoder reads it
 * (repeated and case-folded keys included), losslessly: 64-bit integers exact, unknown fields kept; ambiguities and
 * unknown fields reported through `ctx.warn`. Decode errors are containerd's `decoding spec config file failed,
 * current supported OCI runtime-spec : v1.3.0: <json error>`. Any OS.
 * containerd: `oci.WithSpecFromBytes`
 */
export const withSpecFromBytes = defineOpt({
  name: 'withSpecFromBytes',
  args: () => z.tuple([z.string()]),
  doc: "Replaces the whole spec with the JSON text decoded as a runtime spec exactly as containerd's Go decoder reads it (repeated and case-folded keys included), losslessly: 64-bit integers exact, unknown fields kept; ambiguities and unknown fields reported through `ctx.warn`.",
  containerd: 'oci.WithSpecFromBytes',
  apply(spec, ctx, text) {
    decodeInto(spec, ctx, text);
  },
});

/**
 * Replaces the whole spec with a host file decoded as a runtime spec, as `withSpecFromBytes` does. The file is read
 * through `ctx.host.fs`; a read error is `cannot load spec config file: open <p>: <errno text>`. Any OS.
 * containerd: `oci.WithSpecFromFile`
 */
export const withSpecFromFile = defineOpt({
  name: 'withSpecFromFile',
  args: () => z.tuple([z.string()]),
  doc: 'Replaces the whole spec with a host file decoded as a runtime spec, as `withSpecFromBytes` does.',
  containerd: 'oci.WithSpecFromFile',
  apply(spec, ctx, filename) {
    const bytes = readHostFile(ctx, filename, 'cannot load spec config file: ');
    decodeInto(spec, ctx, bytes, filename);
  },
});

/**
 * Replaces the whole spec with the default spec of the pipeline's target platform (`ctx.defaultSpec`), so use it
 * first: earlier options are erased. Design decision: containerd uses the host's platform; ocispec the target's.
 * containerd: `oci.WithDefaultSpec`
 */
export const withDefaultSpec = defineOpt({
  name: 'withDefaultSpec',
  args: () => z.tuple([]),
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
  args: () => z.tuple([z.string()]),
  doc: 'Replaces the whole spec with the default spec of the given platform (`ctx.defaultSpec`); use it first.',
  containerd: 'oci.WithDefaultSpecForPlatform',
  apply(spec, ctx, platform) {
    const parsed = parsePlatform(platform, { os: ctx.platform.os, architecture: ctx.platform.architecture });
    replaceSpec(spec, ctx.defaultSpec(parsed));
  },
});
