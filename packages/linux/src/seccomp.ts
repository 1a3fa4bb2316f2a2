/** `linux.seccomp` from a profile file or containerd's default profile (containerd's `contrib/seccomp`). */
import type { DecodedJson, LinuxSeccomp, SpecContext } from '@ocispec/core';
import {
  decodeSeccompProfile,
  defineOpt,
  ensureLinux,
  JsonSyntaxError,
  requireSection,
  SpecOptError,
} from '@ocispec/core';
import { goJsonKindName, goQuote, hostFileErrorText, readNamedFile } from '@ocispec/core/internal';
import { z } from 'zod';
import { defaultSeccompProfile, type KernelVersion, parseKernelRelease } from './seccomp-default-profile.js';

/** Where the kernel release is read from, through `ctx.host.fs` (the string `uname(2)` reports). */
export const KERNEL_RELEASE_PATH = '/proc/sys/kernel/osrelease';

/**
 * The version of the kernel containerd would run on, as its `kernelversion` package reads it from `uname(2)`: here
 * the release in `/proc/sys/kernel/osrelease`, read through `ctx.host.fs` (inject a fake host to choose it).
 * `undefined` when unreadable or unparsable (a non-Linux host): the default profile then leaves out the
 * kernel ≥ 4.8 rule, as containerd does when its query fails.
 */
export function hostKernelVersion(ctx: SpecContext): KernelVersion | undefined {
  let release: string;
  try {
    release = new TextDecoder().decode(ctx.host.fs.readFile(KERNEL_RELEASE_PATH));
  } catch {
    return undefined;
  }
  return parseKernelRelease(release);
}

/**
 * Replaces `linux.seccomp` with containerd's default profile, for the target architecture
 * (`ctx.platform.architecture`), the spec's bounding capabilities (set them first) and the host kernel version
 * (`hostKernelVersion`). HEAD reads `process.capabilities` and writes `linux` without creating them and panics
 * when one is missing: `MISSING_SECTION`, in HEAD's order (the capabilities first, for a linux target). For a
 * non-linux target the profile is empty (`{}`), as containerd's `!linux` build.
 * containerd: `seccomp.WithDefaultProfile`
 */
export const withDefaultSeccompProfile = defineOpt({
  name: 'withDefaultSeccompProfile',
  args: () => z.tuple([]),
  doc: "Replaces `linux.seccomp` with containerd's default profile, for the target architecture (`ctx.platform.architecture`), the spec's bounding capabilities (set them first) and the host kernel version (`hostKernelVersion`).",
  containerd: 'seccomp.WithDefaultProfile',
  apply(spec, ctx) {
    if (ctx.platform.os !== 'linux') {
      requireSection(spec, 'linux');
      ensureLinux(spec).seccomp = {};
      return;
    }
    requireSection(spec, 'process', 'capabilities');
    requireSection(spec, 'linux');
    const linux = ensureLinux(spec);
    linux.seccomp = defaultSeccompProfile(spec, {
      architecture: ctx.platform.architecture,
      kernel: hostKernelVersion(ctx),
    });
  },
});

/**
 * Decodes a seccomp profile file's bytes as containerd's `seccomp.WithProfile` does (Go's encoding/json into
 * `specs.LinuxSeccomp`, repeated and case-folded keys included; `decodeSeccompProfile`), losslessly: unknown
 * fields kept; ambiguities and unknown fields reported through `warn`. JSON `null` gives an empty profile, as Go's
 * decoder. Errors are `decoding seccomp profile failed "<path>": <why>`.
 */
export function parseSeccompProfile(
  bytes: Uint8Array,
  path: string,
  warn?: (message: string) => void,
): LinuxSeccomp {
  const fail = (why: string, cause?: unknown): SpecOptError =>
    new SpecOptError(`decoding seccomp profile failed ${goQuote(path)}: ${why}`, { cause });
  let decoded: DecodedJson<LinuxSeccomp>;
  try {
    decoded = decodeSeccompProfile(bytes);
  } catch (error) {
    if (error instanceof JsonSyntaxError) throw fail(error.message, error);
    throw error;
  }
  const problem = decoded.problems[0];
  if (problem !== undefined) {
    if (problem.pointer === '' && problem.kind === 'type') {
      const kind = goJsonKindName(problem.received);
      throw fail(`json: cannot unmarshal ${kind} into Go value of type specs.LinuxSeccomp`);
    }
    throw fail(`${problem.pointer}: ${problem.message}`);
  }
  if (warn !== undefined) {
    for (const ambiguity of decoded.ambiguities) {
      warn(`seccomp profile ${goQuote(path)}: ${ambiguity.pointer}: ${ambiguity.message}`);
    }
    for (const pointer of decoded.unknownFields) {
      warn(
        `seccomp profile ${goQuote(path)}: unknown field ${pointer}, kept as is (containerd would drop it)`,
      );
    }
  }
  return decoded.value;
}

/**
 * Replaces `linux.seccomp` with the JSON profile in a host file, read through `ctx.host` (the safe read; confined
 * by `ctx.host.namedFiles`) and decoded as containerd decodes it (see `parseSeccompProfile`): unknown fields
 * kept, ambiguities and unknown fields reported with a warning. Errors are containerd's: `cannot load seccomp
 * profile "<p>": open <p>: no such file or directory`, `decoding seccomp profile failed "<p>": …` (the decoding
 * detail is ocispec's). A spec without `linux` is `MISSING_SECTION` (HEAD writes through a nil Linux and panics).
 * Any target OS.
 * containerd: `seccomp.WithProfile`
 */
export const withSeccompProfile = defineOpt({
  name: 'withSeccompProfile',
  args: () => z.tuple([z.string()]),
  doc: 'Replaces `linux.seccomp` with the JSON profile in a host file, read through `ctx.host` (the safe read; confined by `ctx.host.namedFiles`) and decoded as containerd decodes it (see `parseSeccompProfile`): unknown fields kept, ambiguities and unknown fields reported with a warning.',
  containerd: 'seccomp.WithProfile',
  apply(spec, ctx, path) {
    requireSection(spec, 'linux');
    const linux = ensureLinux(spec);
    linux.seccomp = {};
    let bytes: Uint8Array;
    try {
      bytes = readNamedFile(ctx.host, path);
    } catch (error) {
      throw new SpecOptError(
        `cannot load seccomp profile ${goQuote(path)}: ${hostFileErrorText(path, error)}`,
        {
          cause: error,
        },
      );
    }
    linux.seccomp = parseSeccompProfile(bytes, path, (message) => ctx.warn(message));
  },
});

/** The options of this file. */
export const seccompOptions = [withDefaultSeccompProfile, withSeccompProfile] as const;
