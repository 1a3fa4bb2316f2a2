/**
 * `sandboxSpec`: the spec containerd HEAD's CRI `RunPodSandbox` gives the pause container (podsandbox
 * `sandboxContainerSpec`, the privileged fix-ups of `CreateSandbox`, then `sandboxContainerSpecOpts`: seccomp and
 * user), as a plan of named steps. Always over the platform default: a runtime's base runtime spec never applies
 * to a sandbox.
 */
import { parsePlatform } from '@ocispec/core';
import type { CriBuildOptions, CriComposition, CriCompositionPlan, Resolved } from '../build.js';
import { plan, resolveBuild, run } from '../build.js';
import type { ParsedSandboxSpecInput, SandboxSpecInput } from '../inputs.js';
import { SandboxSpecInputSchema } from '../inputs.js';
import type { CriStep } from '../plan.js';
import { fail } from '../steps/common.js';
import { parseInput } from '../steps/util.js';
import { linuxSandboxSteps } from './linux.js';
import { windowsSandboxSteps } from './windows.js';

/** Parses (and checks) a sandbox input: a `BAD_PIPELINE` error naming the JSON pointer when it is malformed. */
export function parseSandboxSpecInput(
  input: SandboxSpecInput | ParsedSandboxSpecInput,
): ParsedSandboxSpecInput {
  return parseInput(SandboxSpecInputSchema, input);
}

function stepsOf(input: ParsedSandboxSpecInput, resolved: Resolved): CriStep[] {
  // RunPodSandbox refuses it before building anything.
  if (input.config.metadata == null) fail('sandbox config must include metadata');
  const os = parsePlatform(input.platform ?? 'linux/amd64').os;
  if (os === 'linux') return linuxSandboxSteps(input, resolved.host, resolved.pipeline.host);
  if (os === 'windows') return windowsSandboxSteps(input, resolved.host, resolved.pipeline.host);
  return fail(`unsupported spec platform: ${os}`);
}

/** The plan of a sandbox (pause container) spec: its named steps in containerd's order, each an option call. */
export function sandboxSpecSteps(
  input: SandboxSpecInput | ParsedSandboxSpecInput,
  options: CriBuildOptions = {},
): CriStep[] {
  return stepsOf(parseSandboxSpecInput(input), resolveBuild(options));
}

function planOf(
  input: SandboxSpecInput | ParsedSandboxSpecInput,
  options: CriBuildOptions,
  resolved: Resolved,
): CriCompositionPlan {
  const parsed = parseSandboxSpecInput(input);
  const steps = stepsOf(parsed, resolved);
  const edited = options.edit === undefined ? steps : [...options.edit(steps)];
  return plan(resolved, parsed.platform ?? 'linux/amd64', parsed.id ?? 'sandbox', undefined, edited);
}

/** What composing a sandbox spec runs (always over the platform default), for replaying or explaining it. */
export function sandboxSpecPlan(
  input: SandboxSpecInput | ParsedSandboxSpecInput,
  options: CriBuildOptions = {},
): CriCompositionPlan {
  return planOf(input, options, resolveBuild(options));
}

/**
 * The spec containerd's CRI `RunPodSandbox` gives the pause container: the steps of {@link sandboxSpecSteps}
 * (after `options.edit`) over the platform default, in namespace `k8s.io`. `runtime.baseRuntimeSpec` is ignored,
 * as in containerd.
 */
export async function sandboxSpec(
  input: SandboxSpecInput | ParsedSandboxSpecInput,
  options: CriBuildOptions = {},
): Promise<CriComposition> {
  const resolved = resolveBuild(options);
  return run(resolved, planOf(input, options, resolved));
}
