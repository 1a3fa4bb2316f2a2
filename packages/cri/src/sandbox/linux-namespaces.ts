/**
 * A linux sandbox's namespace steps: the network (the netns path, or the host's), host pid and ipc, the user
 * namespace and its pinned path.
 */
import type { CriStep } from '../plan.js';
import { fail, orFail } from '../steps/common.js';
import { parseUsernsIDs } from '../steps/userns.js';
import type { LinuxSandboxContext } from './context.js';

/** Whether the sandbox has its own user namespace (mode `POD`). */
export function usernsEnabled(c: LinuxSandboxContext): boolean {
  const userns = c.ns?.usernsOptions;
  return userns != null && (userns.mode ?? 'POD') === 'POD';
}

function networkSteps(c: LinuxSandboxContext): CriStep[] {
  if (c.hostNetwork) {
    return [
      { step: 'withoutNetworkNamespace', call: ['cri.withoutNamespace', 'network'] },
      { step: 'withoutUTSNamespace', call: ['cri.withoutNamespace', 'uts'] },
    ];
  }
  return [
    {
      step: 'networkNamespace',
      call: ['withLinuxNamespace', { type: 'network', path: c.input.netnsPath ?? '' }],
    },
  ];
}

function userNamespaceSteps(c: LinuxSandboxContext): CriStep[] {
  const userns = c.ns?.usernsOptions;
  const ids = orFail('user namespace configuration', () => parseUsernsIDs(userns));
  if (userns == null) return [];
  const mode = userns.mode ?? 'POD';
  if (mode === 'NODE') return [{ step: 'withoutUserNamespace', call: ['cri.withoutNamespace', 'user'] }];
  if (mode !== 'POD') fail(`unsupported user namespace mode: "${mode}"`);
  const steps: CriStep[] = [{ step: 'userNamespace', call: ['withUserNamespace', ids.uids, ids.gids] }];
  if (!c.hostNetwork) {
    // containerd pins the user namespace there first (a host side effect ocispec does not perform).
    const pinned = `${c.stateDir}/pinned-namespaces/user`;
    steps.push({ step: 'userNamespacePath', call: ['cri.withNamespacePath', 'user', pinned] });
  }
  return steps;
}

/** The network, pid, ipc and user namespaces. */
export function namespaceSteps(c: LinuxSandboxContext): CriStep[] {
  const steps = networkSteps(c);
  if (c.ns?.pid === 'NODE')
    steps.push({ step: 'withoutPIDNamespace', call: ['cri.withoutNamespace', 'pid'] });
  if (c.ns?.ipc === 'NODE')
    steps.push({ step: 'withoutIPCNamespace', call: ['cri.withoutNamespace', 'ipc'] });
  return [...steps, ...userNamespaceSteps(c)];
}
