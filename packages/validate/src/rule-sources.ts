/**
 * Where each validation rule comes from: the runtime-spec v1.3.0 sentence it enforces (quoted), or, for what the
 * specification leaves to the kernel or the runtime, the kernel interface or runc behaviour that fails. The rules
 * table of `docs/validation.md` is checked against this one (`test/rules-doc.test.ts`).
 */
import type { ValidationRuleId } from './rules.js';

export interface RuleSource {
  /**
   * `config.md`, `config-linux.md`, `config-windows.md`: runtime-spec v1.3.0; `schema`: its JSON Schema;
   * `kernel`: a Linux interface (man page); `posix`: IEEE Std 1003.1; `runc`: what runc refuses or does;
   * `go`: Go's encoding/json (v1) `Unmarshal` documentation: containerd and runc decode config.json with it;
   * `ocispec`: a likely mistake this validator warns about.
   */
  readonly from:
    | 'config.md'
    | 'config-linux.md'
    | 'config-windows.md'
    | 'schema'
    | 'kernel'
    | 'posix'
    | 'runc'
    | 'go'
    | 'ocispec';
  /** The sentence, quoted (specification text verbatim; for the kernel and runc, the behaviour in one line). */
  readonly quote: string;
}

const spec = (quote: string): RuleSource => ({ from: 'config.md', quote });
const linux = (quote: string): RuleSource => ({ from: 'config-linux.md', quote });
const windows = (quote: string): RuleSource => ({ from: 'config-windows.md', quote });
const kernel = (quote: string): RuleSource => ({ from: 'kernel', quote });
const runc = (quote: string): RuleSource => ({ from: 'runc', quote });
const ours = (quote: string): RuleSource => ({ from: 'ocispec', quote });
const go = (quote: string): RuleSource => ({ from: 'go', quote });

const INVALID_VALUES = 'Runtimes MUST generate an error when invalid or unsupported values are encountered.';
const ENVIRON =
  '`env` (array of strings, OPTIONAL) with the same semantics as IEEE Std 1003.1-2008’s `environ`.';
const LIST_FORMAT = 'This is a comma-separated list, with dashes to represent ranges.';

export const validationRuleSources = {
  'schema-type': spec(
    'Below is a detailed description of each field defined in the configuration format and valid values are specified.',
  ),
  'int-range': spec(INVALID_VALUES),
  'unknown-field': spec('Runtimes MAY log unknown properties but MUST otherwise ignore them.'),
  'int-syntax': go(
    'If a JSON value is not appropriate for a given target type, or if a JSON number overflows the target type, Unmarshal skips that field and completes the unmarshaling as best it can. If no more serious errors are encountered, Unmarshal returns an UnmarshalTypeError describing the earliest such error.',
  ),
  'ambiguous-key': go(
    'To unmarshal JSON into a struct, Unmarshal matches incoming object keys to the keys used by Marshal (either the struct field name or its tag), preferring an exact match but also accepting a case-insensitive match.',
  ),
  'invalid-utf8': go(
    'When unmarshaling quoted strings, invalid UTF-8 or invalid UTF-16 surrogate pairs are not treated as an error. Instead, they are replaced by the Unicode replacement character U+FFFD.',
  ),
  'field-required': spec('**`type`** (string, REQUIRED) the platform resource being limited.'),
  'string-nul': kernel(
    'execve(2), mount(2), sethostname(2), open(2) and the other system calls take NUL-terminated strings: what follows a NUL never reaches the kernel',
  ),
  'oci-version-required': spec(
    '`ociVersion` (string, REQUIRED) MUST be in SemVer v2.0.0 format and specifies the version of the Open Container Initiative Runtime Specification with which the bundle complies.',
  ),
  'oci-version-semver': spec('`ociVersion` (string, REQUIRED) MUST be in SemVer v2.0.0 format'),
  'oci-version-unsupported': spec(
    'if a configuration is compliant with version 1.1 of this specification, it is compatible with all runtimes that support any 1.1 or later release of this specification, but is not compatible with a runtime that supports 1.0 and not 1.1.',
  ),
  'windows-section-required': spec('This MUST be set if the target platform of this spec is `windows`.'),
  'root-required': spec(
    'On Windows, for Windows Server Containers, this field is REQUIRED. … On all other platforms, this field is REQUIRED.',
  ),
  'root-hyperv': spec('For Hyper-V Containers, this field MUST NOT be set.'),
  'root-path-required': spec(
    '`path` (string, REQUIRED) Specifies the path to the root filesystem for the container.',
  ),
  'root-path-windows': spec('On Windows, `path` MUST be a volume GUID path.'),
  'root-readonly-windows': spec('On Windows, this field MUST be omitted or false.'),
  'root-path-name': spec('The value SHOULD be the conventional `rootfs`.'),
  'process-missing': spec('This property is REQUIRED when `start` is called.'),
  'console-size-ignored': spec('Runtimes MUST ignore `consoleSize` if `terminal` is `false` or unset.'),
  'args-empty': spec(
    'This specification extends the IEEE standard in that at least one entry is REQUIRED (non-Windows)',
  ),
  'args-missing': spec(
    'at least one entry is REQUIRED (non-Windows) … This field is OPTIONAL on Windows, and `commandLine` is REQUIRED if this field is omitted.',
  ),
  'cwd-absolute': spec(
    '`cwd` (string, REQUIRED) is the working directory that will be set for the executable. This value MUST be an absolute path.',
  ),
  'env-format': spec(ENVIRON),
  'env-key-portable': {
    from: 'posix',
    quote:
      'Environment variable names used by the utilities in the Shell and Utilities volume of IEEE Std 1003.1-2008 consist solely of uppercase letters, digits, and the <underscore>',
  },
  'env-duplicate': runc('the environment is built in order: a later `KEY=` replaces an earlier one'),
  'capability-unknown': spec(
    'Valid values are defined in the capabilities(7) man page, such as `CAP_CHOWN`.',
  ),
  'capability-duplicate': ours('a set lists a capability twice: the repeat does nothing'),
  'capability-effective-permitted': kernel(
    'capabilities(7), capset: "The new effective set must be a subset of the new permitted set." (EPERM otherwise)',
  ),
  'capability-ambient': kernel(
    'capabilities(7): "The ambient capability set obeys the invariant that no capability can ever be ambient if it is not both permitted and inheritable."',
  ),
  'rlimit-type-unknown': spec(
    'The runtime MUST generate an error for any values which cannot be mapped to a relevant kernel interface.',
  ),
  'rlimit-duplicate': spec(
    'If `rlimits` contains duplicated entries with same `type`, the runtime MUST generate an error.',
  ),
  'rlimit-soft-hard': kernel('setrlimit(2): "EINVAL … rlim->rlim_cur was greater than rlim->rlim_max."'),
  'oom-score-adj-range': kernel(
    'proc(5), /proc/pid/oom_score_adj: "The value … ranges from -1000 (OOM_SCORE_ADJ_MIN) to +1000 (OOM_SCORE_ADJ_MAX)."',
  ),
  'umask-range': kernel('umask(2): the mask is taken as `mask & 0777`: higher bits are dropped'),
  'selinux-label': spec('`selinuxLabel` (string, OPTIONAL) specifies the SELinux label for the process.'),
  'scheduler-policy': spec(
    '`policy` (string, REQUIRED) represents the scheduling policy. A valid list of values is:',
  ),
  'scheduler-nice': kernel(
    'sched(7): "The nice value is a number in the range -20 (high priority) to +19 (low priority)."',
  ),
  'scheduler-priority': kernel(
    'sched(7): real-time policies take a sched_priority "in the range 1 (low) to 99 (high)"; for the others "it must be specified as 0"',
  ),
  'scheduler-deadline': kernel(
    'sched(7): SCHED_DEADLINE needs "sched_runtime <= sched_deadline <= sched_period" (EINVAL otherwise)',
  ),
  'io-priority': spec(
    'Possible values are `IOPRIO_CLASS_RT`, `IOPRIO_CLASS_BE`, and `IOPRIO_CLASS_IDLE`. … The value should be an integer ranging from 0 (highest) to 7 (lowest).',
  ),
  'exec-cpu-affinity': spec(
    'This is a a comma-separated list, with dashes to represent ranges. For example, `0-3,7` represents CPUs 0,1,2,3, and 7.',
  ),
  'mount-destination-required': spec(
    '`destination` (string, REQUIRED) Destination of mount point: path inside container.',
  ),
  'mount-destination-absolute': spec(
    'Linux: This value SHOULD be an absolute path. … Relative paths are deprecated.',
  ),
  'mount-destination-absolute-required': spec(
    'Solaris: This value MUST be an absolute path. … For all other platforms: This value MUST be an absolute path.',
  ),
  'mount-destination-windows': spec('Windows: This value MUST be an absolute path.'),
  'mount-nested-windows': spec(
    'One mount destination MUST NOT be nested within another mount (e.g., c:\\\\foo and c:\\\\foo\\\\bar).',
  ),
  'mount-shadowed': spec('The runtime MUST mount entries in the listed order.'),
  'mount-option-unknown': spec(
    'Runtimes SHOULD treat unknown options as filesystem-specific ones … and pass those as a comma-separated string to the fifth (`const void *data`) argument of mount(2).',
  ),
  'mount-option-value': kernel(
    'mount(2): "EINVAL … the data argument holds an option the filesystem rejects"',
  ),
  'mount-option-conflict': runc(
    'options apply in order (specconv parseMountOptions): of `ro` and `rw` the last wins',
  ),
  'mount-bind-source': kernel(
    'mount(2) with MS_BIND: the source is the file or directory to bind; an empty one does not exist',
  ),
  'mount-idmap': spec('If specified, it MUST be specified along with `gidMappings`.'),
  'mount-idmap-userns': spec(
    'If there are no `uidMappings` and `gidMappings` specified and the container isn’t using user namespaces, an error MUST be returned.',
  ),
  'mount-idmap-option': spec(
    'If specified, the `options` field of the `mounts` structure SHOULD contain either `idmap` or `ridmap`',
  ),
  'hook-path-absolute': spec(
    'This specification extends the IEEE standard in that **`path`** MUST be absolute.',
  ),
  'hook-env-format': spec(ENVIRON),
  'hook-timeout': spec('If set, `timeout` MUST be greater than zero.'),
  'hook-prestart-deprecated': spec(
    'Note: `prestart` hooks were deprecated in favor of `createRuntime`, `createContainer` and `startContainer` hooks',
  ),
  'annotation-key-empty': spec('Keys MUST NOT be an empty string.'),
  'annotation-reserved': spec(
    'The `org.opencontainers` namespace for keys is reserved for use by this specification, annotations using keys in this namespace MUST be as described in this section.',
  ),
  'annotation-key-format': spec(
    'Keys SHOULD be named using a reverse domain notation - e.g. `com.example.myKey`.',
  ),
  'annotation-image-value': spec(
    'The annotation value MUST have a valid value for the `os` property as defined in the OCI image specification.',
  ),
  'annotation-image-unlisted': spec(
    'All other keys in the `org.opencontainers` namespace not specified in this above table are reserved',
  ),
  'hostname-length': kernel(
    'sethostname(2), setdomainname(2): "EINVAL … len is larger than the maximum allowed size" (64)',
  ),
  'namespace-type-unknown': linux(
    '`type` (string, REQUIRED) - namespace type. The following namespace types SHOULD be supported:',
  ),
  'namespace-duplicate': linux(
    'If a `namespaces` field contains duplicated namespaces with same `type`, the runtime MUST generate an error.',
  ),
  'namespace-path-absolute': linux('This value MUST be an absolute path in the runtime mount namespace.'),
  'namespace-path-type': linux(
    'The runtime MUST generate an error if `path` is not associated with a namespace of type `type`.',
  ),
  'paths-mount-namespace': runc('"unable to restrict sys entries without a private MNT namespace"'),
  'idmapping-userns': runc(
    '"user namespace mappings specified, but user namespace isn’t enabled in the config"',
  ),
  'idmapping-range': kernel(
    'user_namespaces(7): a uid_map/gid_map line of length 0, or whose range overflows 32 bits, is rejected (EINVAL)',
  ),
  'idmapping-overlap': kernel(
    'user_namespaces(7): "The range of user IDs (group IDs) specified in each line cannot overlap with the ranges in any other lines."',
  ),
  'idmapping-count': kernel('user_namespaces(7): "Since Linux 4.15, the limit is 340 lines."'),
  'sysctl-namespace': runc(
    'sysctls are allowed only in the namespace they belong to ("not allowed in the hosts ipc namespace")',
  ),
  'sysctl-not-namespaced': runc('"sysctl … is not in a separate kernel namespace"'),
  'hostname-uts': runc('"unable to set hostname without a private UTS namespace"'),
  'time-offsets-timens': linux('`timeOffsets` (object, OPTIONAL) sets the offset for Time Namespace.'),
  'time-offsets-clock': kernel('time_namespaces(7): only CLOCK_MONOTONIC and CLOCK_BOOTTIME have offsets'),
  'time-offsets-nanosecs': kernel(
    'time_namespaces(7), timens_offsets: nanoseconds must be below one second (EINVAL otherwise)',
  ),
  'masked-path-absolute': linux('The values MUST be absolute paths in the container namespace.'),
  'readonly-path-absolute': linux('The values MUST be absolute paths in the container namespace.'),
  'device-path-absolute': linux('`path` (string, REQUIRED) - full path to device inside container.'),
  'device-type': linux('`type` (string, REQUIRED) - type of device: `c`, `b`, `u` or `p`.'),
  'device-number': kernel('a dev_t holds a 12-bit major and a 20-bit minor (MKDEV); a FIFO has none'),
  'device-duplicate-path': linux(
    'If a file already exists at `path` that does not match the requested device, the runtime MUST generate an error.',
  ),
  'device-duplicate-number': linux(
    'The same `type`, `major` and `minor` SHOULD NOT be used for multiple devices.',
  ),
  'device-file-mode': { from: 'schema', quote: 'defs-linux.json: `fileMode` has "maximum": 511 (v1.3.0)' },
  'cgroups-path': linux(
    'Runtimes MAY consider certain `cgroupsPath` values to be invalid, and MUST generate an error if this is the case.',
  ),
  'rootfs-propagation': linux('Its value is either `shared`, `slave`, `private` or `unbindable`.'),
  'mount-label': linux(
    '`mountLabel` (string, OPTIONAL) will set the Selinux context for the mounts in the container.',
  ),
  'memory-reservation': ours(
    'the kernel accepts a soft limit above the hard limit, where it never takes effect',
  ),
  'memory-swap': kernel(
    'cgroup v1: memory.memsw.limit_in_bytes below memory.limit_in_bytes is refused (EINVAL)',
  ),
  'memory-swappiness': linux('The values are from 0 to 100. Higher means more swappy.'),
  'memory-limit-value': linux('Values for memory specify the limit in bytes, or `-1` for unlimited memory.'),
  'memory-kernel': linux('`kernel` (int64, OPTIONAL, NOT RECOMMENDED) - sets hard limit for kernel memory'),
  'device-cgroup-rule': linux(
    '`type` (string, OPTIONAL) - type of device: `a` (all), `c` (char), or `b` (block). … A composition of `r` (read), `w` (write), and `m` (mknod).',
  ),
  'device-cgroup-access': runc('"device access at %d field cannot be empty"'),
  'blkio-weight': kernel('blkio.weight: "weight can be in the range of 10 to 1000"'),
  'blkio-weight-device': linux(
    'You MUST specify at least one of `weight` or `leafWeight` in a given entry, and MAY specify both.',
  ),
  'cpu-period': kernel('cpu.cfs_period_us ranges from 1 ms to 1 s (EINVAL otherwise)'),
  'cpu-quota': kernel('cpu.cfs_quota_us is -1 (unlimited) or at least 1 ms (EINVAL otherwise)'),
  'cpu-burst': linux(
    'If specified with any (valid) positive value, it MUST be no smaller than `burst` (runtimes MAY generate an error).',
  ),
  'cpu-realtime': kernel('sched-rt-group: cpu.rt_runtime_us cannot exceed cpu.rt_period_us (EINVAL)'),
  'cpu-idle': linux(
    '`idle` (int64, OPTIONAL) - cgroups are configured with minimum weight, 0: default behavior, 1: SCHED_IDLE.',
  ),
  'rdma-limit': linux(
    'You MUST specify at least one of the `hcaHandles` or `hcaObjects` in a given entry, and MAY specify both.',
  ),
  'cpuset-list': linux(LIST_FORMAT),
  'hugepage-size': linux('The value has the format `<size><unit-prefix>B` (64KB, 2MB, 1GB)'),
  'unified-key': linux('Each key in the map refers to a file in the cgroup unified hierarchy.'),
  'seccomp-default-action': linux(
    '`defaultAction` (string, REQUIRED) - the default action for seccomp. Allowed values are the same as `syscalls[].action`.',
  ),
  'seccomp-action': linux(
    '`action` (string, REQUIRED) - the action for seccomp rules. A valid list of constants as of libseccomp v2.6.0 is shown below.',
  ),
  'seccomp-architecture': linux(
    '`architectures` (array of strings, OPTIONAL) - the architecture used for system calls. A valid list of constants as of libseccomp v2.6.0 is shown below.',
  ),
  'seccomp-flag': linux(
    '`flags` (array of strings, OPTIONAL) - list of flags to use with seccomp(2). A valid list of constants is shown below.',
  ),
  'seccomp-syscall-names': linux('`names` MUST contain at least one entry.'),
  'seccomp-syscall-unknown': linux('`names` (array of strings, REQUIRED) - the names of the syscalls.'),
  'seccomp-syscall-arch': ours(
    'a rule none of whose names exists on the filter’s architectures has no effect',
  ),
  'seccomp-arg': linux(
    '`op` (string, REQUIRED) - the operator for syscall arguments in seccomp. A valid list of constants as of libseccomp v2.6.0 is shown below.',
  ),
  'seccomp-errno-ret': linux(
    "When the action doesn't support an errno, the runtime MUST print and error and fail.",
  ),
  'seccomp-listener': linux(
    '`listenerPath` (string, OPTIONAL) - specifies the path of UNIX domain socket over which the runtime will send the container process state data structure when the `SCMP_ACT_NOTIFY` action is used.',
  ),
  'seccomp-listener-metadata': linux('This field MUST NOT be set if `listenerPath` is not set.'),
  'seccomp-allows-nothing': linux(
    'For example, if `defaultAction` is `SCMP_ACT_KILL` and `syscalls` is empty or unset, the kernel will kill the container process on its first syscall.',
  ),
  'intel-rdt-closid': linux(
    'As a special case, value `/` means that the container MUST be assigned to the default CLOS (the root of the resctrl filesystem).',
  ),
  'intel-rdt-mb-schema': linux('The value MUST start with `MB:` and MUST NOT contain newlines.'),
  'intel-rdt-l3-schema': linux('The value SHOULD start with `L3:` and SHOULD NOT contain newlines.'),
  'intel-rdt-schemata': linux(
    'Each element represents one line in the `schemata` file. The value MUST NOT contain newlines.',
  ),
  'personality-domain': linux(
    '`domain` (string, REQUIRED) - the execution domain. The valid list of constants is shown below.',
  ),
  'personality-flags': linux(
    '`flags` (array of strings, OPTIONAL) - the additional flags to apply. Currently no flag values are supported.',
  ),
  'memory-policy': linux(
    'Some modes require that there are no nodes, e.g. `MPOL_DEFAULT` and `MPOL_LOCAL`. Others that there is at least one node, e.g. `MPOL_BIND` and `MPOL_INTERLEAVE`.',
  ),
  'net-device-name': kernel('dev_valid_name: at most 15 bytes, not `.` or `..`, no `/`, `:` or whitespace'),
  'net-device-duplicate': linux(
    'If a network device with the specified name already exists in the container namespace, the runtime MUST generate an error, unless the user has provided a template by appending `%d` to the new name.',
  ),
  'net-device-netns': linux(
    '`netDevices` (object, OPTIONAL) - A set of network devices that MUST be made available in the container.',
  ),
  'windows-layer-folders': windows('`layerFolders` MUST contain at least one entry.'),
  'windows-cpu-exclusive': windows('The following parameters can be specified (mutually exclusive):'),
  'windows-cpu-range': windows(
    'The processor `shares` (`weight` at the platform level) is a value between 0 and 10,000. … Set processor `maximum` to a percentage times 100.',
  ),
  'windows-network-namespace': windows(
    'If a network namespace is specified no other parameter must be specified.',
  ),
  'capability-host': spec(
    'Any value which cannot be mapped to a relevant kernel interface, or cannot be granted otherwise MUST be logged as a warning by the runtime. Runtimes SHOULD NOT fail',
  ),
  'mount-type-host': spec('Linux: filesystem types supported by the kernel as listed in _/proc/filesystems_'),
  'root-path-host': spec('A directory MUST exist at the path declared by the field.'),
  'device-rootfs-mismatch': linux(
    'If a file already exists at `path` that does not match the requested device, the runtime MUST generate an error.',
  ),
  'hook-executable': spec(
    'The value of `path` MUST resolve in the runtime namespace. … The value of `path` MUST resolve in the container namespace.',
  ),
  'namespace-path-host': linux(
    'The runtime MUST generate an error if `path` is not associated with a namespace of type `type`.',
  ),
  'unified-controller-host': linux(
    'The runtime MUST generate an error when the configuration refers to a cgroup controller that is not present or that cannot be enabled.',
  ),
  'hugepage-size-host': linux(
    'must match the `<hugepagesize>` of the corresponding control file found in `/sys/fs/cgroup/hugetlb/hugetlb.<hugepagesize>.rsvd.limit_in_bytes`',
  ),
  'net-priority-host': linux('`name` (string, REQUIRED) - interface name in runtime network namespace'),
  'net-device-host': linux(
    'The runtime MUST check if moving the network interface to the container namespace is possible.',
  ),
  'intel-rdt-host': linux(
    'If no mounted `resctrl` pseudo-filesystem is available in the runtime mount namespace, the runtime MUST generate an error.',
  ),
  'host-platform-mismatch': ours(
    'host checks describe this host: a spec for another OS cannot be checked on it',
  ),
} as const satisfies Record<ValidationRuleId, RuleSource>;
