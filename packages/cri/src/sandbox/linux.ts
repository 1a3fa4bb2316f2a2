/**
 * A linux sandbox's steps: podsandbox `sandboxContainerSpec`, the privileged fix-ups of `RunPodSandbox`, then
 * `sandboxContainerSpecOpts`, group by group.
 */
import type { HostAccess } from '@ocispec/core';
import type { CriHostFacts } from '../host.js';
import type { ParsedSandboxSpecInput } from '../inputs.js';
import type { CriStep } from '../plan.js';
import { criAnnotationSteps, podAnnotationSteps } from './annotations.js';
import { linuxSandboxContext } from './context.js';
import { mountSteps } from './linux-mounts.js';
import { namespaceSteps } from './linux-namespaces.js';
import { processSteps } from './linux-process.js';
import { kernelSteps, labelSteps, privilegedSteps, sandboxSpecOptSteps } from './linux-security.js';

/** The step groups, in containerd's order (each may refuse the input, as containerd does, in this order). */
const GROUPS = [
  processSteps,
  namespaceSteps,
  mountSteps,
  labelSteps,
  kernelSteps,
  podAnnotationSteps,
  criAnnotationSteps,
  privilegedSteps,
  sandboxSpecOptSteps,
] as const;

export function linuxSandboxSteps(
  input: ParsedSandboxSpecInput,
  host: CriHostFacts,
  access: HostAccess,
): CriStep[] {
  const c = linuxSandboxContext(input, host, access);
  return GROUPS.flatMap((group) => group(c));
}
