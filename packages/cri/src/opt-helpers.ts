/**
 * What the linux and windows CRI options (`opts.ts`, `windows-opts.ts`) share: the parsed container config, the
 * host-path handling and mount merging of containerd's `WithMounts` and `WithWindowsMounts`. Not part of the
 * package's API: `index.ts` does not re-export this module.
 */
import type { ArgsOf, ArgsSchema, OptDefinition, SpecOpt } from '@ocispec/core';
import { defineOpt, SpecOptError } from '@ocispec/core';
import { errnoText, goQuote } from '@ocispec/core/internal';
import type { CriHostFacts } from './host.js';
import type { ContainerConfig, ParsedContainerConfig, ParsedCriMount } from './types.js';
import { ContainerConfigSchema } from './types.js';

const parsedConfigs = new WeakMap<object, ParsedContainerConfig>();

/**
 * The container config parsed (and checked), once per config object: the builders hand the same config to several
 * options (process args, mounts, devices, OOM score), and an option may run in many compositions.
 */
export function parseConfig(config: ContainerConfig | ParsedContainerConfig): ParsedContainerConfig {
  if (typeof config !== 'object' || config === null) return ContainerConfigSchema.parse(config);
  let parsed = parsedConfigs.get(config);
  if (parsed === undefined) {
    parsed = ContainerConfigSchema.parse(config);
    parsedConfigs.set(config, parsed);
  }
  return parsed;
}

/**
 * The CRI mounts followed by the extra mounts whose cleaned container path no CRI mount has (a CRI mount wins),
 * unsorted. `clean` is the platform's path cleaning.
 */
export function mergeMounts(
  criMounts: readonly ParsedCriMount[],
  extra: readonly ParsedCriMount[],
  clean: (p: string) => string,
): ParsedCriMount[] {
  const mounts = [...criMounts];
  for (const e of extra) {
    const dst = clean(e.containerPath ?? '');
    if (!criMounts.some((c) => clean(c.containerPath ?? '') === dst)) mounts.push(e);
  }
  return mounts;
}

/** `os.Stat`, then `MkdirAll(0755)` when missing; containerd's error text. */
export function ensureHostPath(host: CriHostFacts, src: string): void {
  if (host.exists(src)) return;
  try {
    host.mkdirAll(src);
  } catch (error) {
    throw new SpecOptError(`failed to mkdir ${goQuote(src)}: ${errnoText(error)}`);
  }
}

/** `ResolveSymbolicLink`; containerd's error text. */
export function resolveHostPath(host: CriHostFacts, src: string): string {
  try {
    return host.resolveSymlink(src);
  } catch (error) {
    throw new SpecOptError(`failed to resolve symlink ${goQuote(src)}: ${errnoText(error)}`);
  }
}

/** A CRI option as the builders use it: a factory of the parsed arguments (the Go function's shape). */
interface CriOptInit<N extends string, S extends ArgsSchema> {
  readonly name: N;
  readonly args: S;
  readonly factory: (...args: ArgsOf<S>) => SpecOpt;
  readonly doc: string;
  readonly containerd: string;
}

/**
 * Defines a CRI option (`defineOpt`) from its factory: the body builds the factory's option from the parsed
 * arguments and runs it (the CRI options are written as containerd's, one function returning the option).
 */
export function criOpt<const N extends string, S extends ArgsSchema>(
  init: CriOptInit<N, S>,
): OptDefinition<N, S> {
  const { factory, ...rest } = init;
  return defineOpt({ ...rest, apply: (spec, ctx, ...args) => factory(...args)(spec, ctx) });
}
