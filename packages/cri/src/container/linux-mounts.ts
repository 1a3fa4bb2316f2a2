/** A linux container's mount steps (`buildLinuxSpec`): the cgroup namespace, the mounts, masked and read-only paths. */
import type { CriStep } from '../plan.js';
import type { LinuxContainerContext } from './context.js';
import { linuxContainerMounts } from './mounts.js';

/** cgroup v2 and not privileged: a cgroup namespace (containerd's compatibility rule). */
function cgroupNamespaceSteps(c: LinuxContainerContext): CriStep[] {
  if (!c.host.cgroupUnified() || c.privileged) return [];
  return [{ step: 'cgroupNamespace', call: ['withLinuxNamespace', { type: 'cgroup' }] }];
}

/** The default masked and read-only paths cleared, then the security context's (unless `disable_proc_mount`). */
function pathSteps(c: LinuxContainerContext): CriStep[] {
  if (c.cri.disableProcMount === true) return [];
  const steps: CriStep[] = [
    { step: 'defaultMaskedPaths', call: ['withMaskedPaths', []] },
    { step: 'defaultReadonlyPaths', call: ['withReadonlyPaths', []] },
  ];
  if (c.sc?.maskedPaths != null)
    steps.push({ step: 'maskedPaths', call: ['withMaskedPaths', c.sc.maskedPaths] });
  if (c.sc?.readonlyPaths != null) {
    steps.push({ step: 'readonlyPaths', call: ['withReadonlyPaths', c.sc.readonlyPaths] });
  }
  return steps;
}

/** The cgroup namespace, the CRI mounts (with the sandbox's files and the extra mounts) and the paths. */
export function mountSteps(c: LinuxContainerContext): CriStep[] {
  const extra = [...linuxContainerMounts(c.input, c.host), ...(c.input.extraMounts ?? [])];
  const name = c.runtime.cgroupWritable === true ? 'cri.withMountsCgroupWritable' : 'cri.withMounts';
  const handler = c.input.runtimeHandler ?? null;
  return [
    ...cgroupNamespaceSteps(c),
    { step: 'mounts', call: [name, c.config, extra, c.labels.mountLabel, handler] },
    ...pathSteps(c),
  ];
}
