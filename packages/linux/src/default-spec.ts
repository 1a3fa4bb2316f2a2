/**
 * containerd's default specs for non-Windows platforms (`pkg/oci/spec.go`): the unix default used for every OS
 * other than `windows` and `darwin`, and the darwin default. Both are built from one deep-frozen template; a call
 * returns a frozen spec that shares every subtree with it (only the unix `linux` section is copied, to set
 * `cgroupsPath`).
 */
import type { FrozenSpec, LinuxNamespace, Mount } from '@ocispec/core';
import { freezeSpec } from '@ocispec/core';
import { freezeJson, joinPath, namespaceRequired } from '@ocispec/core/internal';

/** runtime-spec version of containerd HEAD (`specs.Version`). */
export const ociVersion = '1.3.0';

/** containerd's `defaultRootfsPath`. */
export const defaultRootfsPath = 'rootfs';

/** containerd's `rwm`: read, write and mknod access for device cgroup rules. */
export const rwm = 'rwm';

/** containerd's `defaultUnixEnv` (the PATH a unix process gets when an image sets no environment), from core. */
export { defaultUnixEnv } from '@ocispec/core/internal';

/** containerd's `defaultUnixCaps()`: the 14 capabilities of the unix default spec, in containerd's order. */
export const defaultUnixCaps: readonly string[] = Object.freeze([
  'CAP_CHOWN',
  'CAP_DAC_OVERRIDE',
  'CAP_FSETID',
  'CAP_FOWNER',
  'CAP_MKNOD',
  'CAP_NET_RAW',
  'CAP_SETGID',
  'CAP_SETUID',
  'CAP_SETFCAP',
  'CAP_SETPCAP',
  'CAP_NET_BIND_SERVICE',
  'CAP_SYS_CHROOT',
  'CAP_KILL',
  'CAP_AUDIT_WRITE',
]);

/**
 * The 41 capabilities containerd knows (`cap.Known()`), in kernel-number order: bit `n` of a capability mask is
 * `knownCapabilities[n]`.
 */
export const knownCapabilities = Object.freeze([
  'CAP_CHOWN',
  'CAP_DAC_OVERRIDE',
  'CAP_DAC_READ_SEARCH',
  'CAP_FOWNER',
  'CAP_FSETID',
  'CAP_KILL',
  'CAP_SETGID',
  'CAP_SETUID',
  'CAP_SETPCAP',
  'CAP_LINUX_IMMUTABLE',
  'CAP_NET_BIND_SERVICE',
  'CAP_NET_BROADCAST',
  'CAP_NET_ADMIN',
  'CAP_NET_RAW',
  'CAP_IPC_LOCK',
  'CAP_IPC_OWNER',
  'CAP_SYS_MODULE',
  'CAP_SYS_RAWIO',
  'CAP_SYS_CHROOT',
  'CAP_SYS_PTRACE',
  'CAP_SYS_PACCT',
  'CAP_SYS_ADMIN',
  'CAP_SYS_BOOT',
  'CAP_SYS_NICE',
  'CAP_SYS_RESOURCE',
  'CAP_SYS_TIME',
  'CAP_SYS_TTY_CONFIG',
  'CAP_MKNOD',
  'CAP_LEASE',
  'CAP_AUDIT_WRITE',
  'CAP_AUDIT_CONTROL',
  'CAP_SETFCAP',
  'CAP_MAC_OVERRIDE',
  'CAP_MAC_ADMIN',
  'CAP_SYSLOG',
  'CAP_WAKE_ALARM',
  'CAP_BLOCK_SUSPEND',
  'CAP_AUDIT_READ',
  'CAP_PERFMON',
  'CAP_BPF',
  'CAP_CHECKPOINT_RESTORE',
] as const);

/**
 * A capability name: one of the 41 containerd knows (`CAP_CHOWN` … `CAP_CHECKPOINT_RESTORE`, offered by editors), or
 * any other string, which containerd keeps as given (the composition warns, with a did-you-mean).
 */
export type CapabilityName = (typeof knownCapabilities)[number] | (string & {});

/** containerd's `defaultMounts()` on linux: the 7 mounts of the unix default spec, in order (deep-frozen). */
export const defaultMounts: readonly Mount[] = freezeJson<Mount[]>([
  { destination: '/proc', type: 'proc', source: 'proc', options: ['nosuid', 'noexec', 'nodev'] },
  {
    destination: '/dev',
    type: 'tmpfs',
    source: 'tmpfs',
    options: ['nosuid', 'strictatime', 'mode=755', 'size=65536k'],
  },
  {
    destination: '/dev/pts',
    type: 'devpts',
    source: 'devpts',
    options: ['nosuid', 'noexec', 'newinstance', 'ptmxmode=0666', 'mode=0620', 'gid=5'],
  },
  {
    destination: '/dev/shm',
    type: 'tmpfs',
    source: 'shm',
    options: ['nosuid', 'noexec', 'nodev', 'mode=1777', 'size=65536k'],
  },
  { destination: '/dev/mqueue', type: 'mqueue', source: 'mqueue', options: ['nosuid', 'noexec', 'nodev'] },
  { destination: '/sys', type: 'sysfs', source: 'sysfs', options: ['nosuid', 'noexec', 'nodev', 'ro'] },
  {
    destination: '/run',
    type: 'tmpfs',
    source: 'tmpfs',
    options: ['nosuid', 'strictatime', 'mode=755', 'size=65536k'],
  },
]);

/** containerd's `defaultUnixNamespaces()`: pid, ipc, uts, mount and network (no cgroup, no user namespace). */
export const defaultUnixNamespaces: readonly LinuxNamespace[] = freezeJson<LinuxNamespace[]>([
  { type: 'pid' },
  { type: 'ipc' },
  { type: 'uts' },
  { type: 'mount' },
  { type: 'network' },
]);

/** The 11 masked paths of containerd HEAD's unix default spec (1.6.20 lacks `/sys/devices/virtual/powercap`). */
export const defaultMaskedPaths: readonly string[] = Object.freeze([
  '/proc/acpi',
  '/proc/asound',
  '/proc/kcore',
  '/proc/keys',
  '/proc/latency_stats',
  '/proc/timer_list',
  '/proc/timer_stats',
  '/proc/sched_debug',
  '/sys/firmware',
  '/sys/devices/virtual/powercap',
  '/proc/scsi',
]);

/** The 5 read-only paths of containerd's unix default spec. */
export const defaultReadonlyPaths: readonly string[] = Object.freeze([
  '/proc/bus',
  '/proc/fs',
  '/proc/irq',
  '/proc/sys',
  '/proc/sysrq-trigger',
]);

/** The unix default without `linux.cgroupsPath`, deep-frozen once; bounding/effective/permitted are 3 arrays. */
const unixTemplate: FrozenSpec = freezeSpec({
  ociVersion,
  process: {
    user: { uid: 0, gid: 0 },
    cwd: '/',
    capabilities: {
      bounding: [...defaultUnixCaps],
      effective: [...defaultUnixCaps],
      permitted: [...defaultUnixCaps],
    },
    rlimits: [{ type: 'RLIMIT_NOFILE', hard: 1024, soft: 1024 }],
    noNewPrivileges: true,
  },
  root: { path: defaultRootfsPath },
  mounts: defaultMounts as Mount[],
  linux: {
    resources: { devices: [{ allow: false, access: rwm }] },
    namespaces: defaultUnixNamespaces as LinuxNamespace[],
    maskedPaths: defaultMaskedPaths as string[],
    readonlyPaths: defaultReadonlyPaths as string[],
  },
});

const unixLinux = unixTemplate.linux!;

/**
 * containerd's unix default spec (`populateDefaultUnixSpec`) for a namespace and container id, frozen: 14 default
 * capabilities, `RLIMIT_NOFILE` 1024, 7 mounts, 5 namespaces, masked and read-only paths, a deny-all device rule
 * and `linux.cgroupsPath` = `path.Join("/", namespace, id)` (cleaned: an id of `../../etc` gives `/etc`).
 * Every subtree but `linux` is shared with one template across calls.
 * Throws containerd's namespace errors (`namespace is required: failed precondition`, ...) first.
 */
export function defaultUnixSpec(namespace: string | undefined, id: string): FrozenSpec {
  const ns = validNamespaces.has(namespace as string) ? (namespace as string) : rememberValid(namespace);
  const linux = Object.freeze({ ...unixLinux, cgroupsPath: joinPath('/', ns, id) });
  return Object.freeze({ ...unixTemplate, linux });
}

/** Namespaces already validated (a container runtime uses a handful); bounded so it cannot grow without end. */
const validNamespaces = new Set<string>();

function rememberValid(namespace: string | undefined): string {
  const ns = namespaceRequired(namespace);
  if (validNamespaces.size >= 256) validNamespaces.clear();
  validNamespaces.add(ns);
  return ns;
}

const darwinTemplate: FrozenSpec = freezeSpec({
  ociVersion,
  process: { user: { uid: 0, gid: 0 }, cwd: '/' },
  root: { path: '' },
});

/**
 * containerd HEAD's darwin default spec (`populateDefaultDarwinSpec`): a process with cwd `/` and an empty root
 * path, no linux section; no namespace needed. Always the same frozen object.
 */
export function defaultDarwinSpec(): FrozenSpec {
  return darwinTemplate;
}
