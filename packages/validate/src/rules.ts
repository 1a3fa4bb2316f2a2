/** The validation rules: id → severity, spec level and meaning. `docs/validation.md` lists the same table. */

export interface RuleInfo {
  /** `error`: the spec breaks a MUST (a runtime fails or misbehaves); `warning`: a SHOULD, or likely a mistake. */
  readonly severity: 'error' | 'warning';
  /** Only checked with `hostSpecific: true`. */
  readonly hostSpecific?: true;
  readonly summary: string;
}

const e = (summary: string): RuleInfo => ({ severity: 'error', summary });
const w = (summary: string): RuleInfo => ({ severity: 'warning', summary });
const h = (summary: string): RuleInfo => ({ severity: 'error', hostSpecific: true, summary });

export const validationRules = {
  // schema
  'schema-type': e('a field has the wrong JSON type (the runtime-spec v1.3.0 model)'),
  'int-range': e(
    'an integer is out of its Go type range (int64, uint64, uint32, ...), checked on lossless numbers',
  ),
  'unknown-field': w('a field the model does not know (kept; containerd would drop it; often a misspelling)'),
  'int-syntax': e('an integer Go’s strconv rejects for its type (`1000.0`, `1e3`, unsigned `-0`): Go fails'),
  'ambiguous-key': e('a repeated key, keys Go folds to one field, or a key only Go reads (`Proceſs`)'),
  'invalid-utf8': e('a string holds invalid UTF-8: Go reads U+FFFD, strict readers refuse it'),
  'field-required': e(
    'a field runtime-spec marks REQUIRED is missing in an object that is present (every such field: see “What validate checks”)',
  ),
  'string-nul': e(
    'a string handed to the kernel or the OS holds a NUL byte (a C string ends there: the kernel sees less)',
  ),
  // version, platform, root
  'oci-version-required': e('`ociVersion` is missing or empty'),
  'oci-version-semver': e('`ociVersion` is not a SemVer 2.0.0 version'),
  'oci-version-unsupported': w('`ociVersion` is not a 1.x version up to 1.3.x (what ocispec knows)'),
  'windows-section-required': e('a windows target needs the `windows` section'),
  'root-required': e('`root` is required (except for Hyper-V containers)'),
  'root-hyperv': e('a Hyper-V container must not set `root`'),
  'root-path-required': e('`root.path` is empty'),
  'root-path-windows': e('on Windows, `root.path` must be a volume GUID path `\\\\?\\Volume{GUID}\\`'),
  'root-readonly-windows': e('on Windows, `root.readonly` must be false'),
  'root-path-name': w('the root path’s last element SHOULD be `rootfs`'),
  // process
  'process-missing': w(
    'no `process`: a runtime can create the container but not start it (fine for a template)',
  ),
  'console-size-ignored': w('`consoleSize` is set without `terminal: true`: runtimes ignore it'),
  'args-empty': e('`process.args` is an empty list (at least one entry is required)'),
  'args-missing': w(
    '`process` has no `args` (Windows: nor `commandLine`): a runtime cannot start it (fine for a template)',
  ),
  'cwd-absolute': e('`process.cwd` must be an absolute path'),
  'env-format': e('an env entry is not `KEY=VALUE` with a non-empty key'),
  'env-key-portable': w('an env key has characters outside `[A-Za-z0-9_]` or starts with a digit'),
  'env-duplicate': w('an env key is set twice (the last wins)'),
  'capability-unknown': e(
    'a capability name is not a known Linux capability (`CAP_CAP_SYS_ADMIN`, `SYS_ADMIN`)',
  ),
  'capability-duplicate': w('a capability is listed twice in one set'),
  'capability-effective-permitted': e('an effective capability is not permitted (capset(2) fails)'),
  'capability-ambient': w(
    'an ambient capability is not both permitted and inheritable: the kernel drops it (runc runs the container)',
  ),
  'rlimit-type-unknown': e(
    'an rlimit type is not one the platform knows (Linux: the 16 `RLIMIT_*` of getrlimit(2))',
  ),
  'rlimit-duplicate': e('an rlimit type is set twice'),
  'rlimit-soft-hard': e('an rlimit’s soft value is above its hard value'),
  'oom-score-adj-range': e('`oomScoreAdj` is outside -1000..1000'),
  'umask-range': e('`user.umask` is above 0777'),
  'selinux-label': e('an SELinux label is not `user:role:type[:level]`'),
  'scheduler-policy': e('`scheduler.policy` or a scheduler flag is not a known value'),
  'scheduler-nice': e('`scheduler.nice` is outside -20..19'),
  'scheduler-priority': e(
    '`scheduler.priority` is set outside 1..99 for SCHED_FIFO/SCHED_RR, or set for another policy',
  ),
  'scheduler-deadline': e('SCHED_DEADLINE needs runtime ≤ deadline ≤ period (period 0 = deadline)'),
  'io-priority': e('`ioPriority.class` is not IOPRIO_CLASS_RT|BE|IDLE, or `priority` is outside 0..7'),
  'exec-cpu-affinity': e('`execCPUAffinity.initial`/`final` is not a CPU list (`0-3,7`)'),
  // mounts
  'mount-destination-required': e('a mount has no destination'),
  'mount-destination-absolute': w(
    'a Linux mount destination is relative (allowed but deprecated since 1.2.0)',
  ),
  'mount-destination-absolute-required': e(
    'a mount destination is relative on a platform other than Linux and Windows (Solaris, FreeBSD, z/OS)',
  ),
  'mount-destination-windows': e('a Windows mount destination is not an absolute Windows path'),
  'mount-nested-windows': e('a Windows mount is nested in another one'),
  'mount-shadowed': w('a later mount hides an earlier one (same destination or a parent of it)'),
  'mount-option-unknown': e('a mount option is not valid for the mount’s type'),
  'mount-option-value': e('a mount option’s value is malformed (`mode=`, `uid=`, `gid=`, ...)'),
  'mount-option-conflict': w('a mount has contradicting flags (`ro` and `rw`, ...)'),
  'mount-bind-source': e('a bind mount has no source'),
  'mount-idmap': e('a mount sets only one of `uidMappings` and `gidMappings`'),
  'mount-idmap-userns': e(
    'an `idmap`/`ridmap` mount has no mappings of its own and the container has no user namespace',
  ),
  'mount-idmap-option': w('a mount has `uidMappings`/`gidMappings` but neither `idmap` nor `ridmap` option'),
  // hooks
  'hook-path-absolute': e('a hook path (any of the six kinds) is not absolute'),
  'hook-env-format': e('a hook env entry is not `KEY=VALUE`'),
  'hook-timeout': e('a hook timeout is not greater than zero'),
  'hook-prestart-deprecated': w('`prestart` hooks are deprecated: use createRuntime'),
  // annotations
  'annotation-key-empty': e('an annotation key is empty'),
  'annotation-reserved': e(
    'an annotation key uses the reserved `org.opencontainers` namespace (other than `org.opencontainers.image.*`)',
  ),
  'annotation-key-format': w('an annotation key SHOULD be in reverse domain notation (`com.example.key`)'),
  'annotation-image-value': e(
    'an `org.opencontainers.image.*` annotation runtime-spec lists has an invalid value (os, architecture, created, stopSignal)',
  ),
  'annotation-image-unlisted': w(
    'an `org.opencontainers.image.*` annotation key is not one of the eight runtime-spec v1.3.0 lists',
  ),
  'hostname-length': e('`hostname` or `domainname` is longer than the kernel’s 64 bytes'),
  // linux
  'namespace-type-unknown': e(
    'a namespace type is not one of pid, network, mount, ipc, uts, user, cgroup, time',
  ),
  'namespace-duplicate': e('a namespace type is listed twice'),
  'namespace-path-absolute': e('a namespace path is not absolute'),
  'namespace-path-type': e('a namespace path `/proc/<pid>/ns/<file>` names a namespace of another type'),
  'paths-mount-namespace': e(
    '`maskedPaths`/`readonlyPaths` without a new mount namespace (runc refuses to change the host’s mounts)',
  ),
  'idmapping-userns': e('uid/gid mappings need a user namespace'),
  'idmapping-range': e('an ID mapping has size 0 or overflows the 32-bit ID space'),
  'idmapping-overlap': e(
    'two ID mappings overlap, in the container or on the host (the kernel rejects the map)',
  ),
  'idmapping-count': e('more than 340 ID mappings (the kernel’s limit for `uid_map`/`gid_map`)'),
  'sysctl-namespace': e(
    'a sysctl needs a namespace the spec does not create (net.* → network, IPC ones → ipc, kernel.hostname → uts)',
  ),
  'sysctl-not-namespaced': e('a sysctl is not namespaced: setting it would change the host'),
  'hostname-uts': e('`hostname`/`domainname` need a new UTS namespace'),
  'time-offsets-timens': e('`timeOffsets` need a new time namespace'),
  'time-offsets-clock': e('a `timeOffsets` key is not `monotonic` or `boottime`'),
  'time-offsets-nanosecs': e('a `timeOffsets` entry has `nanosecs` of one second or more'),
  'masked-path-absolute': e('a masked path is not absolute'),
  'readonly-path-absolute': e('a readonly path is not absolute'),
  'device-path-absolute': e('a device path is not absolute'),
  'device-type': e('a device type is not b, c, u or p'),
  'device-number': e('a device major/minor is out of range (major < 4096, minor < 2^20; p: 0/0)'),
  'device-duplicate-path': e('two devices have the same path'),
  'device-duplicate-number': w('two devices have the same type, major and minor'),
  'device-file-mode': e('a device fileMode is above 0777'),
  'cgroups-path': e(
    '`cgroupsPath` has the wrong shape for its driver (cgroupfs path vs systemd `slice:prefix:name`)',
  ),
  'rootfs-propagation': e(
    '`rootfsPropagation` is not shared, slave, private or unbindable (or an r-variant)',
  ),
  'mount-label': e('`mountLabel` is not an SELinux label'),
  'memory-reservation': w('memory reservation is above the memory limit: the soft limit never takes effect'),
  'memory-swap': e('memory+swap limit is below the memory limit'),
  'memory-swappiness': e('swappiness is above 100'),
  'memory-limit-value': e('a memory limit is negative but not -1 (unlimited)'),
  'memory-kernel': w(
    '`memory.kernel` / `memory.kernelTCP` are NOT RECOMMENDED (ignored by cgroup v2 and runc)',
  ),
  'device-cgroup-rule': e(
    'a device cgroup rule has a type other than a, b, c or an access other than r, w, m',
  ),
  'device-cgroup-access': w('a device cgroup rule has no `access` (runc refuses it)'),
  'blkio-weight': e('a blkio weight is outside 10..1000'),
  'blkio-weight-device': e('a weightDevice entry sets neither weight nor leafWeight'),
  'cpu-period': e('cpu.period is outside 1000..1000000 µs'),
  'cpu-quota': e('cpu.quota is below 1000 µs and not -1 (unlimited) or 0 (unset)'),
  'cpu-burst': e('cpu.burst is larger than a positive cpu.quota'),
  'cpu-realtime': e('cpu.realtimeRuntime is larger than cpu.realtimePeriod'),
  'cpu-idle': e('cpu.idle is not 0 or 1'),
  'rdma-limit': e('an rdma entry sets neither hcaHandles nor hcaObjects'),
  'cpuset-list': e('cpu.cpus / cpu.mems is not a list like `0-3,5`'),
  'hugepage-size': e('a hugepage pageSize is not like `2MB`, `1GB`'),
  'unified-key': e('a cgroup v2 `unified` key is not `controller.file`'),
  'seccomp-default-action': e('seccomp `defaultAction` is empty or unknown'),
  'seccomp-action': e('a seccomp rule action is unknown'),
  'seccomp-architecture': e('a seccomp architecture is unknown'),
  'seccomp-flag': e('a seccomp flag is unknown'),
  'seccomp-syscall-names': e('a seccomp rule has no syscall names'),
  'seccomp-syscall-unknown': e('a syscall name is not a Linux syscall on any architecture'),
  'seccomp-syscall-arch': w(
    'a syscall rule has no effect: none of its names exists on the filter’s architectures',
  ),
  'seccomp-arg': e('a seccomp argument has an unknown op or an index above 5'),
  'seccomp-errno-ret': e('errnoRet is set for an action that takes no errno'),
  'seccomp-listener': e(
    'SCMP_ACT_NOTIFY needs an absolute `listenerPath` (and NOTIFY is not a default action)',
  ),
  'seccomp-listener-metadata': e('`listenerMetadata` is set without `listenerPath`'),
  'seccomp-allows-nothing': w(
    'the seccomp default action denies and no rule allows: the process dies or fails at its first syscall',
  ),
  'intel-rdt-closid': e(
    '`intelRdt.closID` is `.`, `..` or contains `/` (other than `/` itself, the default CLOS)',
  ),
  'intel-rdt-mb-schema': e('`intelRdt.memBwSchema` does not start with `MB:` or holds a newline'),
  'intel-rdt-l3-schema': w('`intelRdt.l3CacheSchema` does not start with `L3:` or holds a newline'),
  'intel-rdt-schemata': e('an `intelRdt.schemata` line holds a newline'),
  'personality-domain': e('`personality.domain` is not LINUX or LINUX32'),
  'personality-flags': e('`personality.flags` is not empty (runtime-spec supports no flag)'),
  'memory-policy': e('`memoryPolicy` mode, flags or nodes are invalid'),
  'net-device-name': e('a netDevices name is not a valid interface name'),
  'net-device-duplicate': e('two netDevices entries get the same name in the container (or the name `lo`)'),
  'net-device-netns': e('netDevices without a network namespace to move them into'),
  // windows
  'windows-layer-folders': e('`windows.layerFolders` needs at least one entry'),
  'windows-cpu-exclusive': e(
    'more than one of `windows.resources.cpu` count, shares and maximum (mutually exclusive)',
  ),
  'windows-cpu-range': e('`windows.resources.cpu` shares or maximum is outside 0..10000'),
  'windows-network-namespace': w(
    '`windows.network.networkNamespace` is set together with other network settings',
  ),
  // host-specific
  'capability-host': {
    severity: 'warning',
    hostSpecific: true,
    summary:
      'a capability is not supported by the running kernel (`/proc/sys/kernel/cap_last_cap`): runtimes warn',
  },
  'mount-type-host': h('a mount type is not in `/proc/filesystems`'),
  'root-path-host': h('the root path does not exist or is not a directory'),
  'device-rootfs-mismatch': h('a device node already in the rootfs has another type or major:minor'),
  'hook-executable': h(
    'a hook path is not an executable file on the host (startContainer hooks: in the container’s rootfs)',
  ),
  'namespace-path-host': h('a namespace path does not exist on the host or is not a namespace file'),
  'unified-controller-host': h('a `unified` key names a cgroup v2 controller the host does not have'),
  'hugepage-size-host': h('a hugepage size the host’s kernel does not offer (`/sys/kernel/mm/hugepages`)'),
  'net-priority-host': h('a `network.priorities` interface does not exist on the host'),
  'net-device-host': h('a `netDevices` interface does not exist on the host, so it cannot be moved'),
  'intel-rdt-host': h('`intelRdt` is set but no resctrl filesystem is mounted on the host'),
  'host-platform-mismatch': {
    severity: 'warning',
    hostSpecific: true,
    summary: 'host-specific checks skipped: the target OS is not the host’s',
  },
} as const satisfies Record<string, RuleInfo>;

export type ValidationRuleId = keyof typeof validationRules;
