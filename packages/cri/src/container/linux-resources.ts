/** A linux container's resource steps (`buildLinuxSpec`): the CRI resources and the cgroups path. */
import type { CriStep } from '../plan.js';
import { getCgroupsPath } from '../steps/util.js';
import type { LinuxContainerContext } from './context.js';

/** The resources (hugetlb: containerd's default `tolerate_missing_hugetlb_controller = true`) and cgroups path. */
export function resourceSteps(c: LinuxContainerContext): CriStep[] {
  const tolerateHugetlb = c.cri.tolerateMissingHugetlbController !== false;
  const disableHugetlb = c.cri.disableHugetlbController === true;
  const resources = c.config.linux?.resources ?? null;
  const steps: CriStep[] = [
    { step: 'resources', call: ['cri.withResources', resources, tolerateHugetlb, disableHugetlb] },
  ];
  const cgroupParent = c.sandboxConfig?.linux?.cgroupParent ?? '';
  if (cgroupParent !== '') {
    const id = c.input.id ?? 'container';
    steps.push({ step: 'cgroupsPath', call: ['withCgroup', getCgroupsPath(cgroupParent, id)] });
  }
  return steps;
}
