/** A windows sandbox's steps: podsandbox `sandboxContainerSpec` (windows). */
import type { HostAccess } from '@ocispec/core';
import { annotations } from '../defaults.js';
import type { CriHostFacts } from '../host.js';
import type { ParsedSandboxSpecInput } from '../inputs.js';
import type { CriStep } from '../plan.js';
import { criAnnotationSteps, podAnnotationSteps } from './annotations.js';
import type { SandboxContext } from './context.js';
import { sandboxArgs, sandboxContext } from './context.js';

/** The image's env, the hostname, working dir and command, no root, the network namespace, the CPU shares. */
function processSteps(c: SandboxContext): CriStep[] {
  const steps: CriStep[] = [
    { step: 'env', call: ['withEnv', c.image?.Env ?? null] },
    { step: 'hostname', call: ['withHostname', c.config.hostname ?? ''] },
  ];
  const cwd = c.image?.WorkingDir ?? '';
  if (cwd !== '') steps.push({ step: 'cwd', call: ['withProcessCwd', cwd] });
  steps.push(
    { step: 'processArgs', call: ['withProcessArgs', ...sandboxArgs(c)] },
    { step: 'withoutRoot', call: ['cri.withoutRoot'] },
    { step: 'networkNamespace', call: ['withWindowsNetworkNamespace', c.input.netnsPath ?? ''] },
    { step: 'defaultSandboxShares', call: ['cri.withWindowsDefaultSandboxShares'] },
  );
  return steps;
}

/** The credential spec and the user (the security context's name, else the image's user). */
function userSteps(c: SandboxContext): CriStep[] {
  const sc = c.config.windows?.securityContext;
  const steps: CriStep[] = [];
  if ((sc?.credentialSpec ?? '') !== '') {
    steps.push({ step: 'credentialSpec', call: ['cri.withWindowsCredentialSpec', sc!.credentialSpec!] });
  }
  const username = (sc?.runAsUsername ?? '') !== '' ? sc!.runAsUsername! : (c.image?.User ?? '');
  steps.push({ step: 'user', call: ['withUser', username] });
  return steps;
}

export function windowsSandboxSteps(
  input: ParsedSandboxSpecInput,
  host: CriHostFacts,
  access: HostAccess,
): CriStep[] {
  const c = sandboxContext(input, host, access);
  const key = annotations.WindowsHostProcess;
  const hpc = String(c.config.windows?.securityContext?.hostProcess === true);
  return [
    ...processSteps(c),
    ...userSteps(c),
    ...podAnnotationSteps(c),
    { step: `annotation:${key}`, call: ['cri.withAnnotation', key, hpc] },
    ...criAnnotationSteps(c),
  ];
}
