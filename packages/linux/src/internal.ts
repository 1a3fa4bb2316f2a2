/**
 * `@ocispec/linux/internal`: what `@ocispec/cri`, `@ocispec/validate` and `@ocispec/cdi` share with the linux
 * package beyond its public API. Not a public API: it follows the packages' needs and changes without notice.
 */
export {
  capabilitiesFromBitmap,
  capabilityOptions,
  currentCapabilities,
  parseCapEff,
} from './capabilities.js';
export { rwm } from './default-spec.js';
export {
  deviceFromPath,
  deviceMajor,
  deviceMinor,
  deviceOptions,
  evalSymlinks,
  getDevices,
  hostDevices,
} from './devices.js';
export { mountOptions } from './mounts.js';
export { warnUnknownCapabilities, warnUnknownNamespace } from './names.js';
export { namespaceOptions } from './namespaces.js';
export type { GoAtoiResult, GroupEntry, PasswdEntry } from './passwd.js';
export { goAtoi, goParseUint32, parseGroup, parsePasswd, toUint32 } from './passwd.js';
export { resourceOptions } from './resources.js';
export type { RootFS } from './rootfs.js';
export {
  isNotExist,
  maxUserFileBytes,
  openRootFS,
  openUserFile,
  resolveInRoot,
  splitPathComponents,
} from './rootfs.js';
export { hostKernelVersion, KERNEL_RELEASE_PATH, parseSeccompProfile, seccompOptions } from './seccomp.js';
export {
  archSyscalls,
  capabilitySyscalls,
  defaultAllowedSyscalls,
  enosysFor,
  kernel48Syscalls,
  parseKernelRelease,
  seccompArchitectures,
} from './seccomp-default-profile.js';
export { securityOptions } from './security.js';
export { gidFromRootFS, supplementalGroupsFromRootFS, userFromRootFS, userOptions } from './users.js';
