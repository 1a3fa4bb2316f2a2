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
  'capability-ambient': e('an ambient capability is not both permitted and inheritable'),
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
  'mount-destination-windows': e('a Windows mount destination is not an absolute Windows path'),
  'mount-nested-windows': e('a Windows mount is nested in another one'),
  'mount-shadowed': w('a later mount hides an earlier one (same destination or a parent of it)'),
  'mount-option-unknown': e('a mount option is not valid for the mount’s type'),
  'mount-option-value': e('a mount option’s value is malformed (`mode=`, `uid=`, `gid=`, ...)'),
  'mount-option-conflict': w('a mount has contradicting flags (`ro` and `rw`, ...)'),
  'mount-bind-source': e('a bind mount has no source'),
  'mount-idmap': e('a mount sets only one of `uidMappings` and `gidMappings`'),
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
  // linux
  'namespace-type-unknown': e(
    'a namespace type is not one of pid, network, mount, ipc, uts, user, cgroup, time',
  ),
  'namespace-duplicate': e('a namespace type is listed twice'),
  'namespace-path-absolute': e('a namespace path is not absolute'),
  'idmapping-userns': e('uid/gid mappings need a user namespace'),
  'idmapping-range': e('an ID mapping has size 0 or overflows the 32-bit ID space'),
  'sysctl-namespace': e(
    'a sysctl needs a namespace the spec does not create (net.* → network, IPC ones → ipc, kernel.hostname → uts)',
  ),
  'sysctl-not-namespaced': e('a sysctl is not namespaced: setting it would change the host'),
  'hostname-uts': e('`hostname`/`domainname` need a new UTS namespace'),
  'time-offsets-timens': e('`timeOffsets` need a new time namespace'),
  'time-offsets-clock': e('a `timeOffsets` key is not `monotonic` or `boottime`'),
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
  'memory-reservation': e('memory reservation is above the memory limit'),
  'memory-swap': e('memory+swap limit is below the memory limit'),
  'memory-swappiness': e('swappiness is above 100'),
  'device-cgroup-rule': e(
    'a device cgroup rule has a type other than a, b, c or an access other than r, w, m',
  ),
  'blkio-weight': e('a blkio weight is outside 10..1000'),
  'blkio-weight-device': e('a weightDevice entry sets neither weight nor leafWeight'),
  'cpu-period': e('cpu.period is outside 1000..1000000 µs'),
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
  'intel-rdt-closid': e('`intelRdt.closID` is `.`, `..` or contains `/`'),
  'personality-domain': e('`personality.domain` is not LINUX or LINUX32'),
  'memory-policy': e('`memoryPolicy` mode, flags or nodes are invalid'),
  'net-device-name': e('a netDevices name is not a valid interface name'),
  // windows
  'windows-layer-folders': e('`windows.layerFolders` needs at least one entry'),
  // host-specific
  'capability-host': h(
    'a capability is not supported by the running kernel (`/proc/sys/kernel/cap_last_cap`)',
  ),
  'mount-type-host': h('a mount type is not in `/proc/filesystems`'),
  'root-path-host': h('the root path does not exist or is not a directory'),
  'device-rootfs-mismatch': h('a device node already in the rootfs has another type or major:minor'),
  'hook-executable': h('a hook path is not an executable file on the host'),
  'host-platform-mismatch': {
    severity: 'warning',
    hostSpecific: true,
    summary: 'host-specific checks skipped: the target OS is not the host’s',
  },
} as const satisfies Record<string, RuleInfo>;

export type ValidationRuleId = keyof typeof validationRules;
