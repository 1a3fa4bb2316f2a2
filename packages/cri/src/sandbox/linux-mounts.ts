/** A linux sandbox's mount steps: `/dev/shm`, `/etc/resolv.conf` and, for a host-network user namespace, `/sys`. */
import type { Mount } from '@ocispec/core';
import type { CriStep } from '../plan.js';
import type { LinuxSandboxContext } from './context.js';
import { usernsEnabled } from './linux-namespaces.js';

const BIND_RO = ['rbind', 'ro', 'nosuid', 'nodev', 'noexec'];

/** The sandbox's `/dev/shm` (the host's with host IPC) and `resolv.conf`, read-only binds; `/sys` as needed. */
export function mountSteps(c: LinuxSandboxContext): CriStep[] {
  const devShm = c.ns?.ipc === 'NODE' ? '/dev/shm' : `${c.stateDir}/shm`;
  const mounts: Mount[] = [
    { destination: '/dev/shm', type: 'bind', source: devShm, options: BIND_RO },
    { destination: '/etc/resolv.conf', type: 'bind', source: `${c.rootDir}/resolv.conf`, options: BIND_RO },
  ];
  const steps: CriStep[] = [{ step: 'withoutDevShm', call: ['withoutMounts', '/dev/shm'] }];
  if (c.hostNetwork && usernsEnabled(c)) {
    steps.push({ step: 'withoutSysMount', call: ['withoutMounts', '/sys'] });
    mounts.push({
      destination: '/sys',
      type: 'bind',
      source: '/sys',
      options: ['rbind', 'rro', 'nosuid', 'nodev', 'noexec'],
    });
  }
  steps.push({ step: 'mounts', call: ['withMounts', mounts] });
  return steps;
}
