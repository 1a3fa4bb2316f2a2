/**
 * A linux container's device, capability and hardening steps (`buildLinuxSpec`): CRI devices and capabilities,
 * the privileged settings, ambient capabilities, SELinux labels, no-new-privileges, a read-only rootfs.
 */
import type { CriStep } from '../plan.js';
import { fail } from '../steps/common.js';
import type { LinuxContainerContext } from './context.js';

/** A privileged container (only in a privileged sandbox): privileged, with the host's devices unless told not to. */
function privilegedSteps(c: LinuxContainerContext): CriStep[] {
  if (!c.privileged) return [];
  if (c.sandboxConfig?.linux?.securityContext?.privileged !== true) {
    fail('no privileged container allowed in sandbox');
  }
  const steps: CriStep[] = [{ step: 'privileged', call: ['withPrivileged'] }];
  if (c.runtime.privilegedWithoutHostDevices !== true) {
    steps.push(
      { step: 'hostDevices', call: ['withHostDevices'] },
      { step: 'allDevicesAllowed', call: ['withAllDevicesAllowed'] },
    );
  } else if (c.runtime.privilegedWithoutHostDevicesAllDevicesAllowed === true) {
    steps.push({ step: 'allDevicesAllowed', call: ['withAllDevicesAllowed'] });
  }
  return steps;
}

/** The CRI devices, the capabilities (`ALL` is `allCaps` when given, else the daemon's) and the privileged set. */
export function deviceAndCapabilitySteps(c: LinuxContainerContext): CriStep[] {
  const ownership = c.cri.deviceOwnershipFromSecurityContext === true;
  const sc = c.sc ?? null;
  const allCaps = c.input.allCaps ?? undefined;
  return [
    { step: 'devices', call: ['cri.withDevices', c.config, ownership] },
    {
      step: 'capabilities',
      call: allCaps === undefined ? ['cri.withCapabilities', sc] : ['cri.withCapabilities', sc, allCaps],
    },
    ...privilegedSteps(c),
  ];
}

/** No ambient capabilities, the SELinux labels, then no-new-privileges and a read-only rootfs when asked. */
export function hardeningSteps(c: LinuxContainerContext): CriStep[] {
  const steps: CriStep[] = [
    { step: 'withoutAmbientCaps', call: ['cri.withoutAmbientCaps'] },
    { step: 'selinuxLabels', call: ['cri.withSelinuxLabels', c.labels.processLabel, c.labels.mountLabel] },
  ];
  if (c.sc?.noNewPrivs === true) steps.push({ step: 'noNewPrivileges', call: ['withNoNewPrivileges'] });
  if (c.sc?.readonlyRootfs === true) steps.push({ step: 'readonlyRootfs', call: ['withRootFSReadonly'] });
  return steps;
}
