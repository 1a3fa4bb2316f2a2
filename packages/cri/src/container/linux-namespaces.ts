/**
 * A linux container's namespace steps (`buildLinuxSpec`): the user-namespace checks, `/sys` for a host-network pod
 * with a user namespace, the OOM score, the pod's namespaces and the supplemental groups.
 */
import type { Mount } from '@ocispec/core';
import type { CriStep } from '../plan.js';
import { fail, orFail } from '../steps/common.js';
import { parseUsernsIDs, sameUsernsConfig } from '../steps/userns.js';
import type { LinuxContainerContext } from './context.js';

/** The pid whose namespace the container joins: the sandbox's, or the target container's (mode `TARGET`). */
function targetPidOf(c: LinuxContainerContext): number {
  const nsOpts = c.sc?.namespaceOptions;
  if (nsOpts?.pid !== 'TARGET') return c.input.sandboxPid ?? 0;
  if (c.input.targetPid === undefined) {
    fail(
      `invalid target container: no targetPid given for target container ${JSON.stringify(nsOpts.targetId ?? '')}`,
    );
  }
  return c.input.targetPid;
}

/** The container's user-namespace config must be the sandbox's (containerd's check). */
function checkSameUserns(c: LinuxContainerContext): void {
  const sandboxUserns = c.sandboxConfig?.linux?.securityContext?.namespaceOptions?.usernsOptions;
  const userns = c.sc?.namespaceOptions?.usernsOptions;
  if (sameUsernsConfig(sandboxUserns, userns)) return;
  fail(
    `user namespace config for sandbox is different from container. Sandbox userns config: ${JSON.stringify(sandboxUserns ?? null)} - Container userns config: ${JSON.stringify(userns ?? null)}`,
  );
}

const SYS_BIND: Mount = {
  destination: '/sys',
  type: 'bind',
  source: '/sys',
  options: ['rbind', 'rro', 'nosuid', 'nodev', 'noexec'],
};

/** A host-network pod with a user namespace gets the host's `/sys` bound read-only instead of a sysfs. */
function sysMountSteps(c: LinuxContainerContext): CriStep[] {
  const userns = c.sc?.namespaceOptions?.usernsOptions;
  const usernsEnabled = userns != null && (userns.mode ?? 'POD') === 'POD';
  const hostNetwork = c.sandboxConfig?.linux?.securityContext?.namespaceOptions?.network === 'NODE';
  if (!hostNetwork || !usernsEnabled) return [];
  return [
    { step: 'withoutSysMount', call: ['withoutMounts', '/sys'] },
    { step: 'sysBindMount', call: ['withMounts', [SYS_BIND]] },
  ];
}

/** The namespace steps, with containerd's checks first (target pid, user-namespace mappings and sameness). */
export function namespaceSteps(c: LinuxContainerContext): CriStep[] {
  const targetPid = targetPidOf(c);
  const ids = orFail('user namespace configuration', () =>
    parseUsernsIDs(c.sc?.namespaceOptions?.usernsOptions),
  );
  checkSameUserns(c);
  const sc = c.sc ?? null;
  const sandboxPid = c.input.sandboxPid ?? 0;
  return [
    ...sysMountSteps(c),
    { step: 'oomScoreAdj', call: ['cri.withOOMScoreAdj', c.config, c.cri.restrictOOMScoreAdj === true] },
    { step: 'podNamespaces', call: ['cri.withPodNamespaces', sc, sandboxPid, targetPid, ids.uids, ids.gids] },
    { step: 'supplementalGroups', call: ['cri.withSupplementalGroups', c.sc?.supplementalGroups ?? null] },
  ];
}
