/** A linux sandbox's first steps (podsandbox `sandboxContainerSpec`): the defaults, root, process and cgroup. */
import type { CriStep } from '../plan.js';
import { getCgroupsPath } from '../steps/util.js';
import type { LinuxSandboxContext } from './context.js';
import { sandboxArgs } from './context.js';

/** No run mount, no default security settings, a read-only root, the image's env, the hostname and command. */
export function processSteps(c: LinuxSandboxContext): CriStep[] {
  const steps: CriStep[] = [
    { step: 'withoutRunMount', call: ['withoutRunMount'] },
    { step: 'withoutDefaultSecuritySettings', call: ['cri.withoutDefaultSecuritySettings'] },
    { step: 'relativeRoot', call: ['cri.withRelativeRoot', 'rootfs'] },
    { step: 'env', call: ['withEnv', c.image?.Env ?? null] },
    { step: 'readonlyRootfs', call: ['withRootFSReadonly'] },
    { step: 'hostname', call: ['withHostname', c.config.hostname ?? ''] },
  ];
  const cwd = c.image?.WorkingDir ?? '';
  if (cwd !== '') steps.push({ step: 'cwd', call: ['withProcessCwd', cwd] });
  steps.push({ step: 'processArgs', call: ['withProcessArgs', ...sandboxArgs(c)] });
  const cgroupParent = c.config.linux?.cgroupParent ?? '';
  if (cgroupParent !== '') {
    steps.push({ step: 'cgroupsPath', call: ['withCgroup', getCgroupsPath(cgroupParent, c.id)] });
  }
  return steps;
}
