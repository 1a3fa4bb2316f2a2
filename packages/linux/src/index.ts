/**
 * @ocispec/linux: containerd's linux default spec and linux options (users, capabilities, namespaces, ...).
 *
 * This entry holds the plugin, the options, the default spec's pieces, the capability and namespace names and the
 * error classes. What `@ocispec/cri` and `@ocispec/validate` share beyond that (host readers, passwd parsing, the
 * seccomp tables) is in `@ocispec/linux/internal`, which is not a public API (docs/architecture.md, "Entry points").
 */

// The options, by area.
export {
  withAddedCapabilities,
  withAllCurrentCapabilities,
  withAllKnownCapabilities,
  withAmbientCapabilities,
  withCapabilities,
  withDroppedCapabilities,
} from './capabilities.js';
export type { CapabilityName } from './default-spec.js';
// containerd's default spec and its pieces.
export {
  defaultDarwinSpec,
  defaultMaskedPaths,
  defaultMounts,
  defaultReadonlyPaths,
  defaultRootfsPath,
  defaultUnixCaps,
  defaultUnixEnv,
  defaultUnixNamespaces,
  defaultUnixSpec,
  knownCapabilities,
  ociVersion,
} from './default-spec.js';
// Error classes (each a SpecOptError with containerd's message).
export {
  ErrNotADevice,
  HostPathError,
  NotADeviceError,
  withDevices,
  withHostDevices,
  withLinuxDevice,
  withLinuxDeviceFollowSymlinks,
  withLinuxDevices,
} from './devices.js';
export {
  ErrNoShmMount,
  NoShmMountError,
  withDevShmSize,
  withoutRunMount,
  withWriteableCgroupfs,
  withWriteableSysfs,
} from './mounts.js';
export type { NamespaceType } from './names.js';
// Names that containerd accepts as any string (literal unions for autocomplete; schemas for option arguments).
export { capabilityName, namespaceType, namespaceTypes } from './names.js';
export { withHostNamespace, withLinuxNamespace, withUserNamespace } from './namespaces.js';
export { linuxOptions } from './options.js';
export { linuxPlugin } from './plugin.js';
export {
  defaultUnixDeviceRules,
  withAllDevicesAllowed,
  withBlockIO,
  withCgroup,
  withCPUBurst,
  withCPUCFS,
  withCPURT,
  withCPUShares,
  withCPUs,
  withCPUsMems,
  withDefaultUnixDevices,
  withMemorySwap,
  withNamespacedCgroup,
  withParentCgroupDevices,
  withPidsLimit,
  withRdt,
} from './resources.js';
export { RootfsPathError } from './rootfs.js';
export { withDefaultSeccompProfile, withSeccompProfile } from './seccomp.js';
export type { DefaultSeccompProfileInput, KernelVersion } from './seccomp-default-profile.js';
export { defaultSeccompProfile } from './seccomp-default-profile.js';
export {
  withApparmorProfile,
  withMaskedPaths,
  withPrivileged,
  withReadonlyPaths,
  withSeccompUnconfined,
  withSelinuxLabel,
} from './security.js';
export {
  NoGroupsFoundError,
  NoUsersFoundError,
  withAdditionalGIDs,
  withAppendAdditionalGroups,
  withUser,
  withUserID,
  withUsername,
} from './users.js';
