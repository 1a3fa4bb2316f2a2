/** A linux container's first steps (`buildLinuxSpec`): the run mount, the defaults, the root and the process. */
import type { CriStep } from '../plan.js';
import type { ContainerContext, LinuxContainerContext } from './context.js';

/** The image's env, then the CRI envs (`KEY=value`). */
export function envOf(c: ContainerContext): string[] {
  const envs = (c.config.envs ?? []).map((e) => `${e.key ?? ''}=${e.value ?? ''}`);
  return [...(c.image?.Env ?? []), ...envs];
}

/** The run mount goes; the default security settings too, without a base runtime spec. */
export function preambleSteps(c: LinuxContainerContext): CriStep[] {
  const steps: CriStep[] = [{ step: 'withoutRunMount', call: ['withoutRunMount'] }];
  if ((c.runtime.baseRuntimeSpec ?? '') === '') {
    steps.push({ step: 'withoutDefaultSecuritySettings', call: ['cri.withoutDefaultSecuritySettings'] });
  }
  return steps;
}

/** The root, the command, `PATH`, new privileges, the working dir, the tty and the environment. */
export function processSteps(c: LinuxContainerContext): CriStep[] {
  const { config, image } = c;
  const steps: CriStep[] = [
    { step: 'relativeRoot', call: ['cri.withRelativeRoot', 'rootfs'] },
    { step: 'processArgs', call: ['cri.withProcessArgs', config, image ?? null] },
    { step: 'defaultPathEnv', call: ['withDefaultPathEnv'] },
    { step: 'newPrivileges', call: ['withNewPrivileges'] },
  ];
  const cwd = (config.workingDir ?? '') !== '' ? config.workingDir! : (image?.WorkingDir ?? '');
  if (cwd !== '') steps.push({ step: 'cwd', call: ['withProcessCwd', cwd] });
  if (config.tty === true) steps.push({ step: 'tty', call: ['withTTY'] });
  const sandboxHostname = c.sandboxConfig?.hostname ?? '';
  const hostname = sandboxHostname !== '' ? sandboxHostname : c.host.hostname();
  steps.push(
    { step: 'hostnameEnv', call: ['withEnv', [`HOSTNAME=${hostname}`]] },
    { step: 'env', call: ['withEnv', envOf(c)] },
  );
  return steps;
}
