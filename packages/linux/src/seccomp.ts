/** `linux.seccomp` from a profile file or containerd's default profile (containerd's `contrib/seccomp`). */
import type { LinuxSeccomp, SpecContext } from '@ocispec/core';
import {
  defineOpt,
  ensureLinux,
  JsonSyntaxError,
  parseJsonBytes,
  requireSection,
  SpecOptError,
} from '@ocispec/core';
import { findUnknownFields, firstProblem, goErrorText, goQuote, jsonTypeOf } from '@ocispec/core/internal';
import { LinuxSeccompSchema } from '@ocispec/core/schemas';
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
 * ({@link hostKernelVersion}). HEAD reads `process.capabilities` and writes `linux` without creating them and panics
 * when one is missing: `MISSING_SECTION`, in HEAD's order (the capabilities first, for a linux target). For a
 * non-linux target the profile is empty (`{}`), as containerd's `!linux` build.
 * containerd: `seccomp.WithDefaultProfile`
 */
export const withDefaultSeccompProfile = defineOpt({
  name: 'withDefaultSeccompProfile',
  args: z.tuple([]),
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

/** Go's name of a JSON value's kind in `json: cannot unmarshal <kind> into Go value of type …`. */
function goJsonKind(value: unknown): string {
  const kind = jsonTypeOf(value);
  return kind === 'boolean' ? 'bool' : kind;
}

/**
 * Parses a seccomp profile file's bytes losslessly (unknown fields kept, reported through `warn`) and checks them
 * against the `LinuxSeccomp` model. JSON `null` gives an empty profile, as Go's decoder. Errors are
 * `decoding seccomp profile failed "<path>": <why>`.
 */
export function parseSeccompProfile(
  bytes: Uint8Array,
  path: string,
  warn?: (message: string) => void,
): LinuxSeccomp {
  const fail = (why: string, cause?: unknown): SpecOptError =>
    new SpecOptError(`decoding seccomp profile failed ${goQuote(path)}: ${why}`, { cause });
  let value: unknown;
  try {
    value = parseJsonBytes(bytes);
  } catch (error) {
    if (error instanceof JsonSyntaxError) throw fail(error.message, error);
    throw error;
  }
  if (value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw fail(`json: cannot unmarshal ${goJsonKind(value)} into Go value of type specs.LinuxSeccomp`);
  }
  const result = LinuxSeccompSchema.safeParse(value);
  if (!result.success) {
    const { pointer, message } = firstProblem(result.error);
    throw fail(`${pointer === '' ? '/' : pointer}: ${message}`);
  }
  if (warn !== undefined) {
    for (const pointer of findUnknownFields({ linux: { seccomp: value } })) {
      const inner = pointer.slice('/linux/seccomp'.length);
      warn(`seccomp profile ${goQuote(path)}: unknown field ${inner}, kept as is (containerd would drop it)`);
    }
  }
  return value as LinuxSeccomp;
}

/**
 * Replaces `linux.seccomp` with the JSON profile in a host file, read through `ctx.host.fs` and parsed losslessly
 * (unknown fields kept, with a warning). Errors are containerd's: `cannot load seccomp profile "<p>": open <p>: no
 * such file or directory`, `decoding seccomp profile failed "<p>": …` (the decoding detail is ocispec's). A spec
 * without `linux` is `MISSING_SECTION` (HEAD writes through a nil Linux and panics). Any target OS.
 * containerd: `seccomp.WithProfile`
 */
export const withSeccompProfile = defineOpt({
  name: 'withSeccompProfile',
  args: z.tuple([z.string()]),
  doc: 'Replaces `linux.seccomp` with the JSON profile in a host file, read through `ctx.host.fs` and parsed losslessly (unknown fields kept, with a warning).',
  containerd: 'seccomp.WithProfile',
  apply(spec, ctx, path) {
    requireSection(spec, 'linux');
    const linux = ensureLinux(spec);
    linux.seccomp = {};
    let bytes: Uint8Array;
    try {
      bytes = ctx.host.fs.readFile(path);
    } catch (error) {
      const syscall = (error as NodeJS.ErrnoException | undefined)?.syscall;
      const op = syscall === 'read' ? 'read' : 'open';
      throw new SpecOptError(
        `cannot load seccomp profile ${goQuote(path)}: ${goErrorText(op, path, error)}`,
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
