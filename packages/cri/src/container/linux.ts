/** A linux container's steps: `buildLinuxSpec`, then what `CreateContainer` adds, group by group. */
import type { CriHostFacts } from '../host.js';
import type { ParsedContainerSpecInput } from '../inputs.js';
import type { CriStep } from '../plan.js';
import { criAnnotationSteps, passthroughAnnotationSteps } from './annotations.js';
import { linuxContainerContext } from './context.js';
import { mountSteps } from './linux-mounts.js';
import { namespaceSteps } from './linux-namespaces.js';
import { platformSteps, privilegedLabelSteps } from './linux-platform.js';
import { preambleSteps, processSteps } from './linux-process.js';
import { resourceSteps } from './linux-resources.js';
import { deviceAndCapabilitySteps, hardeningSteps } from './linux-security.js';

/** The step groups, in containerd's order (each may refuse the input, as containerd does, in this order). */
const GROUPS = [
  preambleSteps,
  processSteps,
  mountSteps,
  deviceAndCapabilitySteps,
  hardeningSteps,
  resourceSteps,
  passthroughAnnotationSteps,
  namespaceSteps,
  criAnnotationSteps,
  privilegedLabelSteps,
  platformSteps,
] as const;

/** `buildLinuxSpec`, the privileged label rule of `CreateContainer`, then the linux `platformSpecOpts`. */
export function linuxContainerSteps(input: ParsedContainerSpecInput, host: CriHostFacts): CriStep[] {
  const c = linuxContainerContext(input, host);
  return GROUPS.flatMap((group) => group(c));
}
