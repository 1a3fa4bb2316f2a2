/**
 * A linux sandbox's security and kernel steps: SELinux labels, supplemental groups, sysctls (unprivileged ports
 * and ICMP), CPU shares and the resource annotations, the OOM score, the privileged fix-ups of `RunPodSandbox`,
 * then `sandboxContainerSpecOpts` (seccomp, user).
 */
import { annotations, DEFAULT_SANDBOX_OOM_ADJ } from '../defaults.js';
import type { CriStep } from '../plan.js';
import { annotationSteps } from '../steps/annotations.js';
import { orFail, userStep } from '../steps/common.js';
import { toLabel } from '../steps/labels.js';
import { seccompStepOf } from '../steps/security.js';
import { generateUserString } from '../steps/util.js';
import type { LinuxSandboxContext } from './context.js';
import { usernsEnabled } from './linux-namespaces.js';

/** The SELinux labels and the supplemental groups. */
export function labelSteps(c: LinuxSandboxContext): CriStep[] {
  const labels = orFail('failed to init selinux options', () =>
    c.host.initLabels(toLabel(c.sc?.selinuxOptions)),
  );
  return [
    { step: 'selinuxLabels', call: ['cri.withSelinuxLabels', labels.processLabel, labels.mountLabel] },
    { step: 'supplementalGroups', call: ['cri.withSupplementalGroups', c.sc?.supplementalGroups ?? null] },
  ];
}

/** The pod's sysctls, with unprivileged ports and ICMP (containerd 2.x's defaults) in a pod network. */
function sysctlsOf(c: LinuxSandboxContext): Record<string, string> {
  const sysctls: Record<string, string> = { ...(c.config.linux?.sysctls ?? {}) };
  if (c.hostNetwork) return sysctls;
  if (c.cri.enableUnprivilegedPorts !== false && !('net.ipv4.ip_unprivileged_port_start' in sysctls)) {
    sysctls['net.ipv4.ip_unprivileged_port_start'] = '0';
  }
  const icmp = c.cri.enableUnprivilegedICMP !== false && !('net.ipv4.ping_group_range' in sysctls);
  if (icmp && !c.access.runningInUserNS() && !usernsEnabled(c)) {
    sysctls['net.ipv4.ping_group_range'] = '0 2147483647';
  }
  return sysctls;
}

/** The sysctls, the default CPU shares, the pod's resources as annotations, the OOM score. */
export function kernelSteps(c: LinuxSandboxContext): CriStep[] {
  const res = c.config.linux?.resources;
  const resourceAnnotations: [string, string][] =
    res == null
      ? []
      : [
          [annotations.SandboxCPUPeriod, String(res.cpuPeriod ?? 0)],
          [annotations.SandboxCPUQuota, String(res.cpuQuota ?? 0)],
          [annotations.SandboxCPUShares, String(res.cpuShares ?? 0)],
          [annotations.SandboxMem, String(res.memoryLimitInBytes ?? 0)],
        ];
  return [
    { step: 'sysctls', call: ['cri.withSysctls', sysctlsOf(c)] },
    { step: 'defaultSandboxShares', call: ['cri.withDefaultSandboxShares'] },
    ...annotationSteps('annotation', resourceAnnotations),
    {
      step: 'oomScoreAdj',
      call: ['cri.withPodOOMScoreAdj', DEFAULT_SANDBOX_OOM_ADJ, c.cri.restrictOOMScoreAdj === true],
    },
  ];
}

/** `RunPodSandbox`: a privileged sandbox keeps no SELinux process label and gets a read-write `/sys`. */
export function privilegedSteps(c: LinuxSandboxContext): CriStep[] {
  if (c.sc?.privileged !== true) return [];
  return [
    { step: 'privilegedSelinuxLabel', call: ['cri.withoutSelinuxLabel'] },
    { step: 'privilegedSysfs', call: ['cri.withWritableSysfs'] },
  ];
}

/** `sandboxContainerSpecOpts`: seccomp, then the user (the security context's uid and gid, else the image's). */
export function sandboxSpecOptSteps(c: LinuxSandboxContext): CriStep[] {
  const sc = c.sc;
  const privileged = sc?.privileged === true;
  const seccomp = seccompStepOf(sc, c.cri.unsetSeccompProfile ?? '', privileged, c.host.seccompEnabled());
  const runAsUser = sc?.runAsUser == null ? undefined : (sc.runAsUser.value ?? 0);
  const runAsGroup = sc?.runAsGroup == null ? undefined : (sc.runAsGroup.value ?? 0);
  let userstr = orFail('failed to generate user string', () => generateUserString('', runAsUser, runAsGroup));
  if (userstr === '') userstr = c.image?.User ?? '';
  return [
    ...(seccomp === undefined ? [] : [seccomp]),
    ...(userstr === '' ? [] : [userStep(userstr, c.input.rootfs)]),
  ];
}
