/** A windows container's steps: `buildWindowsSpec`, group by group. */
import { annotations } from '../defaults.js';
import type { CriHostFacts } from '../host.js';
import type { ParsedContainerSpecInput } from '../inputs.js';
import type { CriStep } from '../plan.js';
import { fail } from '../steps/common.js';
import { criAnnotationSteps, passthroughAnnotationSteps } from './annotations.js';
import type { ContainerContext } from './context.js';
import { containerContext } from './context.js';
import { envOf } from './linux-process.js';

function hostProcess(c: ContainerContext): boolean {
  const container = c.config.windows?.securityContext?.hostProcess === true;
  const sandbox = c.sandboxConfig?.windows?.securityContext?.hostProcess === true;
  if (container !== sandbox) {
    fail('pod spec and all containers inside must have the HostProcess field set to be valid');
  }
  return sandbox;
}

/** The working dir: the CRI config's, else the image's, else `C:\hpc` for a host-process container. */
function cwdOf(c: ContainerContext, hpc: boolean): string {
  if ((c.config.workingDir ?? '') !== '') return c.config.workingDir!;
  if ((c.image?.WorkingDir ?? '') !== '') return c.image!.WorkingDir!;
  return hpc ? 'C:\\hpc' : '';
}

/** The command, working dir, tty, env, no root, the network namespace, hostname, mounts and devices. */
function processSteps(c: ContainerContext, hpc: boolean): CriStep[] {
  const steps: CriStep[] = [
    { step: 'processArgs', call: ['cri.withProcessCommandLineOrArgsForWindows', c.config, c.image ?? null] },
  ];
  const cwd = cwdOf(c, hpc);
  if (cwd !== '') steps.push({ step: 'cwd', call: ['withProcessCwd', cwd] });
  if (c.config.tty === true) steps.push({ step: 'tty', call: ['withTTY'] });
  steps.push(
    { step: 'env', call: ['withEnv', envOf(c)] },
    { step: 'withoutRoot', call: ['cri.withoutRoot'] },
    { step: 'networkNamespace', call: ['withWindowsNetworkNamespace', c.input.netnsPath ?? ''] },
    { step: 'hostname', call: ['withHostname', c.sandboxConfig?.hostname ?? ''] },
    { step: 'mounts', call: ['cri.withWindowsMounts', c.config, c.input.extraMounts ?? []] },
    { step: 'devices', call: ['cri.withWindowsDevices', c.config] },
  );
  return steps;
}

/** The resources, the credential spec and the user (the security context's name, else the image's user). */
function securitySteps(c: ContainerContext): CriStep[] {
  const windows = c.config.windows;
  const steps: CriStep[] = [];
  if (windows != null)
    steps.push({ step: 'resources', call: ['cri.withWindowsResources', windows.resources ?? null] });
  const sc = windows?.securityContext;
  if ((sc?.credentialSpec ?? '') !== '') {
    steps.push({ step: 'credentialSpec', call: ['cri.withWindowsCredentialSpec', sc!.credentialSpec!] });
  }
  const username = (sc?.runAsUsername ?? '') !== '' ? sc!.runAsUsername! : (c.image?.User ?? '');
  steps.push({ step: 'user', call: ['withUser', username] });
  return steps;
}

/** `buildWindowsSpec`. */
export function windowsContainerSteps(input: ParsedContainerSpecInput, host: CriHostFacts): CriStep[] {
  const c = containerContext(input, host);
  const hpc = hostProcess(c);
  const key = annotations.WindowsHostProcess;
  const windows = c.config.windows;
  const affinity: CriStep[] =
    windows == null ? [] : [{ step: 'affinityCPUs', call: ['cri.withWindowsAffinityCPUs', windows] }];
  return [
    ...processSteps(c, hpc),
    ...securitySteps(c),
    ...passthroughAnnotationSteps(c),
    { step: `annotation:${key}`, call: ['cri.withAnnotation', key, String(hpc)] },
    ...criAnnotationSteps(c),
    ...affinity,
  ];
}
