/**
 * `containerSpec`: the spec containerd HEAD's CRI `CreateContainer` gives a container (`buildContainerSpec` with
 * `buildLinuxSpec` / `buildWindowsSpec`, then the `platformSpecOpts` containerd applies when it creates the
 * container: user, groups, AppArmor, seccomp, CDI), as a plan of named steps.
 */
import { parsePlatform } from '@ocispec/core';
import type { CriBuildOptions, CriComposition, CriCompositionPlan, Resolved } from '../build.js';
import { plan, resolveBuild, run } from '../build.js';
import type { ContainerSpecInput, ParsedContainerSpecInput } from '../inputs.js';
import { ContainerSpecInputSchema } from '../inputs.js';
import type { CriStep } from '../plan.js';
import { fail } from '../steps/common.js';
import { parseInput } from '../steps/util.js';
import { linuxContainerSteps } from './linux.js';
import { imageVolumeMounts } from './mounts.js';
import { windowsContainerSteps } from './windows.js';

/** Parses (and checks) a container input: a `BAD_PIPELINE` error naming the JSON pointer when it is malformed. */
export function parseContainerSpecInput(
  input: ContainerSpecInput | ParsedContainerSpecInput,
): ParsedContainerSpecInput {
  return parseInput(ContainerSpecInputSchema, input);
}

function stepsOf(input: ParsedContainerSpecInput, resolved: Resolved): CriStep[] {
  // CreateContainer refuses these before building anything.
  if (input.config.metadata == null) fail('container config must include metadata');
  if (input.sandboxConfig !== undefined && input.sandboxConfig.metadata == null) {
    fail('pod sandbox config must include metadata');
  }
  const os = parsePlatform(input.platform ?? 'linux/amd64').os;
  const volumes = imageVolumeMounts(input, resolved.volumeId);
  const withVolumes: ParsedContainerSpecInput =
    volumes.length === 0 ? input : { ...input, extraMounts: [...(input.extraMounts ?? []), ...volumes] };
  if (os === 'linux') return linuxContainerSteps(withVolumes, resolved.host);
  if (os === 'windows') return windowsContainerSteps(withVolumes, resolved.host);
  return fail(`unsupported spec platform: ${os}`);
}

/**
 * The plan of a container's spec: its named steps in containerd's order (see docs/cri.md for the list), each an
 * option call; exactly what {@link containerSpec} runs (before `options.edit`). Throws a `BAD_PIPELINE` error for
 * what containerd refuses before building (a privileged container in an unprivileged sandbox, a bad user-namespace
 * config, an unsupported platform …).
 */
export function containerSpecSteps(
  input: ContainerSpecInput | ParsedContainerSpecInput,
  options: CriBuildOptions = {},
): CriStep[] {
  return stepsOf(parseContainerSpecInput(input), resolveBuild(options));
}

function planOf(
  input: ContainerSpecInput | ParsedContainerSpecInput,
  options: CriBuildOptions,
  resolved: Resolved,
): CriCompositionPlan {
  const parsed = parseContainerSpecInput(input);
  const steps = stepsOf(parsed, resolved);
  const edited = options.edit === undefined ? steps : [...options.edit(steps)];
  const platform = parsed.platform ?? 'linux/amd64';
  return plan(resolved, platform, parsed.id ?? 'container', parsed.runtime?.baseRuntimeSpec, edited);
}

/**
 * What composing a container's spec runs, without running it: the composition input (base runtime spec and every
 * resolved step, `withNamespacedCgroup` first over a base) for tools that replay or explain it (`ocispec explain`).
 */
export function containerSpecPlan(
  input: ContainerSpecInput | ParsedContainerSpecInput,
  options: CriBuildOptions = {},
): CriCompositionPlan {
  return planOf(input, options, resolveBuild(options));
}

/**
 * The spec containerd's CRI `CreateContainer` gives this container: the steps of {@link containerSpecSteps} (after
 * `options.edit`) over the runtime's base runtime spec (via `BaseSpecStore.runtimeSpec`, `withNamespacedCgroup`
 * first) or the platform default, in namespace `k8s.io`. The pipeline's hooks (`beforeApply` …) run as usual.
 */
export async function containerSpec(
  input: ContainerSpecInput | ParsedContainerSpecInput,
  options: CriBuildOptions = {},
): Promise<CriComposition> {
  const resolved = resolveBuild(options);
  return run(resolved, planOf(input, options, resolved));
}

export { CONTAINER_PLATFORM_STEPS } from './linux-platform.js';
