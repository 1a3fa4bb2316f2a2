/** @ocispec/linux: containerd's linux default spec and linux options (users, capabilities, namespaces, ...). */
export * from './capabilities.js';
export * from './default-spec.js';
export * from './devices.js';
export * from './mounts.js';
export * from './names.js';
export * from './namespaces.js';
export * from './options.js';
export * from './passwd.js';
export * from './plugin.js';
export * from './resources.js';
export * from './rootfs.js';
export * from './seccomp.js';
export * from './seccomp-default-profile.js';
export * from './security.js';
export * from './users.js';
