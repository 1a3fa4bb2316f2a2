/**
 * The `cri` namespace: containerd CRI's own spec options (`internal/cri/opts`, HEAD), each defined once with
 * `defineOpt` under its `cri.` name (`cri.withMounts` is `cri.withMounts(...)` in code and
 * `["cri.withMounts", ...]` in a pipeline), so that none shadows the core or linux option of the same Go name.
 * Arguments keep the Go order without containerd's `osi`; CRI messages are their JSON form. The host facts an option
 * reads come from the composition's host (`withCriHostFacts`). One file per concern.
 */
export { withAnnotation } from './annotations.js';
export { withCDI } from './cdi.js';
export { withDevices } from './devices.js';
export { withMounts, withMountsCgroupWritable, withWritableSysfs } from './mounts.js';
export { withNamespacePath, withoutNamespace, withPodNamespaces, withSysctls } from './namespaces.js';
export { withoutRoot, withProcessArgs, withRelativeRoot } from './process.js';
export {
  withDefaultSandboxShares,
  withOOMScoreAdj,
  withPodOOMScoreAdj,
  withResources,
} from './resources.js';
export {
  withCapabilities,
  withoutAmbientCaps,
  withoutDefaultSecuritySettings,
  withoutSelinuxLabel,
  withSelinuxLabels,
} from './security.js';
export { inRootfs, withAdditionalGIDs, withSupplementalGroups } from './users.js';
export { withWindowsDevices } from './windows-devices.js';
export { withWindowsMounts } from './windows-mounts.js';
export { withProcessCommandLineOrArgsForWindows, withWindowsCredentialSpec } from './windows-process.js';
export {
  withWindowsAffinityCPUs,
  withWindowsDefaultSandboxShares,
  withWindowsResources,
} from './windows-resources.js';
