/**
 * containerd's default seccomp profile (`contrib/seccomp/seccomp_default.go`, `DefaultProfile`, HEAD), ported as
 * data: the syscall lists are copied verbatim, in containerd's order. {@link defaultSeccompProfile} assembles the
 * profile for a target architecture (Go's GOARCH names), the spec's bounding capabilities and a kernel version.
 */
import type { LinuxSeccomp, LinuxSeccompArg, LinuxSyscall, Spec } from '@ocispec/core';

const ACT_ALLOW = 'SCMP_ACT_ALLOW';
const ACT_ERRNO = 'SCMP_ACT_ERRNO';

/** `golang.org/x/sys/unix` constants used by the profile (identical on every Linux architecture). */
const AF_ALG = 38;
const AF_VSOCK = 40;
const CLONE_NEWNS = 0x00020000;
const CLONE_NEWCGROUP = 0x02000000;
const CLONE_NEWUTS = 0x04000000;
const CLONE_NEWIPC = 0x08000000;
const CLONE_NEWUSER = 0x10000000;
const CLONE_NEWPID = 0x20000000;
const CLONE_NEWNET = 0x40000000;
/** The namespace flags a non-admin `clone` may not use: 2114060288. */
const CLONE_NAMESPACE_FLAGS =
  CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWCGROUP;

/** `unix.ENOSYS` of containerd built for `architecture`: 89 on the MIPS family, 38 elsewhere. */
export function enosysFor(architecture: string): number {
  return architecture.startsWith('mips') ? 89 : 38;
}

/** The seccomp architectures of the profile, by Go GOARCH (containerd's `arches()`); unknown → none. */
export const seccompArchitectures: Readonly<Record<string, readonly string[]>> = {
  amd64: ['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86', 'SCMP_ARCH_X32'],
  arm64: ['SCMP_ARCH_ARM', 'SCMP_ARCH_AARCH64'],
  mips64: ['SCMP_ARCH_MIPS', 'SCMP_ARCH_MIPS64', 'SCMP_ARCH_MIPS64N32'],
  mips64n32: ['SCMP_ARCH_MIPS', 'SCMP_ARCH_MIPS64', 'SCMP_ARCH_MIPS64N32'],
  mipsel64: ['SCMP_ARCH_MIPSEL', 'SCMP_ARCH_MIPSEL64', 'SCMP_ARCH_MIPSEL64N32'],
  mipsel64n32: ['SCMP_ARCH_MIPSEL', 'SCMP_ARCH_MIPSEL64', 'SCMP_ARCH_MIPSEL64N32'],
  s390x: ['SCMP_ARCH_S390', 'SCMP_ARCH_S390X'],
  // SCMP_ARCH_RISCV32 does not exist.
  riscv64: ['SCMP_ARCH_RISCV64'],
  loong64: ['SCMP_ARCH_LOONGARCH64'],
};

/** Syscalls allowed unconditionally (the profile's first rule). */
export const defaultAllowedSyscalls: readonly string[] = [
  'accept',
  'accept4',
  'access',
  'adjtimex',
  'alarm',
  'bind',
  'brk',
  'cachestat', // kernel v6.5, libseccomp v2.5.5
  'capget',
  'capset',
  'chdir',
  'chmod',
  'chown',
  'chown32',
  'clock_adjtime',
  'clock_adjtime64',
  'clock_getres',
  'clock_getres_time64',
  'clock_gettime',
  'clock_gettime64',
  'clock_nanosleep',
  'clock_nanosleep_time64',
  'close',
  'close_range',
  'connect',
  'copy_file_range',
  'creat',
  'dup',
  'dup2',
  'dup3',
  'epoll_create',
  'epoll_create1',
  'epoll_ctl',
  'epoll_ctl_old',
  'epoll_pwait',
  'epoll_pwait2',
  'epoll_wait',
  'epoll_wait_old',
  'eventfd',
  'eventfd2',
  'execve',
  'execveat',
  'exit',
  'exit_group',
  'faccessat',
  'faccessat2',
  'fadvise64',
  'fadvise64_64',
  'fallocate',
  'fanotify_mark',
  'fchdir',
  'fchmod',
  'fchmodat',
  'fchmodat2', // kernel v6.6, libseccomp v2.5.5
  'fchown',
  'fchown32',
  'fchownat',
  'fcntl',
  'fcntl64',
  'fdatasync',
  'fgetxattr',
  'flistxattr',
  'flock',
  'fork',
  'fremovexattr',
  'fsetxattr',
  'fstat',
  'fstat64',
  'fstatat64',
  'fstatfs',
  'fstatfs64',
  'fsync',
  'ftruncate',
  'ftruncate64',
  'futex',
  'futex_requeue', // kernel v6.7, libseccomp v2.5.5
  'futex_time64',
  'futex_wait', // kernel v6.7, libseccomp v2.5.5
  'futex_waitv',
  'futex_wake', // kernel v6.7, libseccomp v2.5.5
  'futimesat',
  'getcpu',
  'getcwd',
  'getdents',
  'getdents64',
  'getegid',
  'getegid32',
  'geteuid',
  'geteuid32',
  'getgid',
  'getgid32',
  'getgroups',
  'getgroups32',
  'getitimer',
  'getpeername',
  'getpgid',
  'getpgrp',
  'getpid',
  'getppid',
  'getpriority',
  'getrandom',
  'getresgid',
  'getresgid32',
  'getresuid',
  'getresuid32',
  'getrlimit',
  'get_robust_list',
  'getrusage',
  'getsid',
  'getsockname',
  'getsockopt',
  'get_thread_area',
  'gettid',
  'gettimeofday',
  'getuid',
  'getuid32',
  'getxattr',
  'getxattrat', // kernel v6.13, libseccomp v2.6.0
  'inotify_add_watch',
  'inotify_init',
  'inotify_init1',
  'inotify_rm_watch',
  'io_cancel',
  'ioctl',
  'io_destroy',
  'io_getevents',
  'io_pgetevents',
  'io_pgetevents_time64',
  'ioprio_get',
  'ioprio_set',
  'io_setup',
  'io_submit',
  'ipc',
  'kill',
  'landlock_add_rule',
  'landlock_create_ruleset',
  'landlock_restrict_self',
  'lchown',
  'lchown32',
  'lgetxattr',
  'link',
  'linkat',
  'listen',
  'listmount', // kernel v6.8, libseccomp v2.6.0
  'listxattr',
  'listxattrat', // kernel v6.13, libseccomp v2.6.0
  'llistxattr',
  '_llseek',
  'lremovexattr',
  'lseek',
  'lsetxattr',
  'lsm_get_self_attr', // kernel v6.8, libseccomp v2.6.0
  'lsm_list_modules', // kernel v6.8, libseccomp v2.6.0
  'lsm_set_self_attr', // kernel v6.8, libseccomp v2.6.0
  'lstat',
  'lstat64',
  'madvise',
  'membarrier',
  'memfd_create',
  'memfd_secret',
  'mincore',
  'mkdir',
  'mkdirat',
  'mknod',
  'mknodat',
  'mlock',
  'mlock2',
  'mlockall',
  'map_shadow_stack', // kernel v6.6, libseccomp v2.5.5
  'mmap',
  'mmap2',
  'mprotect',
  'mq_getsetattr',
  'mq_notify',
  'mq_open',
  'mq_timedreceive',
  'mq_timedreceive_time64',
  'mq_timedsend',
  'mq_timedsend_time64',
  'mq_unlink',
  'mremap',
  'mseal', // kernel v6.10, libseccomp v2.6.0
  'msgctl',
  'msgget',
  'msgrcv',
  'msgsnd',
  'msync',
  'munlock',
  'munlockall',
  'munmap',
  'name_to_handle_at',
  'nanosleep',
  'newfstatat',
  '_newselect',
  'open',
  'openat',
  'openat2',
  'pause',
  'pidfd_open',
  'pidfd_send_signal',
  'pipe',
  'pipe2',
  'pkey_alloc',
  'pkey_free',
  'pkey_mprotect',
  'poll',
  'ppoll',
  'ppoll_time64',
  'prctl',
  'pread64',
  'preadv',
  'preadv2',
  'prlimit64',
  'process_mrelease',
  'pselect6',
  'pselect6_time64',
  'pwrite64',
  'pwritev',
  'pwritev2',
  'read',
  'readahead',
  'readlink',
  'readlinkat',
  'readv',
  'recv',
  'recvfrom',
  'recvmmsg',
  'recvmmsg_time64',
  'recvmsg',
  'remap_file_pages',
  'removexattr',
  'removexattrat', // kernel v6.13, libseccomp v2.6.0
  'rename',
  'renameat',
  'renameat2',
  'restart_syscall',
  'rmdir',
  'rseq',
  'rt_sigaction',
  'rt_sigpending',
  'rt_sigprocmask',
  'rt_sigqueueinfo',
  'rt_sigreturn',
  'rt_sigsuspend',
  'rt_sigtimedwait',
  'rt_sigtimedwait_time64',
  'rt_tgsigqueueinfo',
  'sched_getaffinity',
  'sched_getattr',
  'sched_getparam',
  'sched_get_priority_max',
  'sched_get_priority_min',
  'sched_getscheduler',
  'sched_rr_get_interval',
  'sched_rr_get_interval_time64',
  'sched_setaffinity',
  'sched_setattr',
  'sched_setparam',
  'sched_setscheduler',
  'sched_yield',
  'seccomp',
  'select',
  'semctl',
  'semget',
  'semop',
  'semtimedop',
  'semtimedop_time64',
  'send',
  'sendfile',
  'sendfile64',
  'sendmmsg',
  'sendmsg',
  'sendto',
  'setfsgid',
  'setfsgid32',
  'setfsuid',
  'setfsuid32',
  'setgid',
  'setgid32',
  'setgroups',
  'setgroups32',
  'setitimer',
  'setpgid',
  'setpriority',
  'setregid',
  'setregid32',
  'setresgid',
  'setresgid32',
  'setresuid',
  'setresuid32',
  'setreuid',
  'setreuid32',
  'setrlimit',
  'set_robust_list',
  'setsid',
  'setsockopt',
  'set_thread_area',
  'set_tid_address',
  'setuid',
  'setuid32',
  'setxattr',
  'setxattrat', // kernel v6.13, libseccomp v2.6.0
  'shmat',
  'shmctl',
  'shmdt',
  'shmget',
  'shutdown',
  'sigaltstack',
  'signalfd',
  'signalfd4',
  'sigprocmask',
  'sigreturn',
  'socketcall',
  'socketpair',
  'splice',
  'stat',
  'stat64',
  'statfs',
  'statfs64',
  'statmount', // kernel v6.8, libseccomp v2.6.0
  'statx',
  'symlink',
  'symlinkat',
  'sync',
  'sync_file_range',
  'syncfs',
  'sysinfo',
  'tee',
  'tgkill',
  'time',
  'timer_create',
  'timer_delete',
  'timer_getoverrun',
  'timer_gettime',
  'timer_gettime64',
  'timer_settime',
  'timer_settime64',
  'timerfd_create',
  'timerfd_gettime',
  'timerfd_gettime64',
  'timerfd_settime',
  'timerfd_settime64',
  'times',
  'tkill',
  'truncate',
  'truncate64',
  'ugetrlimit',
  'umask',
  'uname',
  'unlink',
  'unlinkat',
  'uretprobe', // kernel v6.11, libseccomp v2.6.0
  'utime',
  'utimensat',
  'utimensat_time64',
  'utimes',
  'vfork',
  'vmsplice',
  'wait4',
  'waitid',
  'waitpid',
  'write',
  'writev',
];

/** Allowed from kernel 4.8 on (the ptrace/seccomp bypass was fixed there). */
export const kernel48Syscalls: readonly string[] = ['process_vm_readv', 'process_vm_writev', 'ptrace'];

/** Syscalls allowed per target GOARCH. */
export const archSyscalls: Readonly<Record<string, readonly string[]>> = {
  ppc64le: ['sync_file_range2', 'swapcontext'],
  arm: ['arm_fadvise64_64', 'arm_sync_file_range', 'sync_file_range2', 'breakpoint', 'cacheflush', 'set_tls'],
  arm64: [
    'arm_fadvise64_64',
    'arm_sync_file_range',
    'sync_file_range2',
    'breakpoint',
    'cacheflush',
    'set_tls',
  ],
  amd64: ['arch_prctl', 'modify_ldt'],
  '386': ['modify_ldt'],
  s390: ['s390_pci_mmio_read', 's390_pci_mmio_write', 's390_runtime_instr'],
  s390x: ['s390_pci_mmio_read', 's390_pci_mmio_write', 's390_runtime_instr'],
  riscv64: ['riscv_flush_icache', 'riscv_hwprobe'], // riscv_hwprobe: kernel v6.12, libseccomp v2.6.0
};

/** Syscalls allowed per capability in the spec's bounding set (one rule per occurrence of the capability). */
export const capabilitySyscalls: Readonly<Record<string, readonly string[]>> = {
  CAP_DAC_READ_SEARCH: ['open_by_handle_at'],
  CAP_SYS_ADMIN: [
    'bpf',
    'clone',
    'clone3',
    'fanotify_init',
    'fsconfig',
    'fsmount',
    'fsopen',
    'fspick',
    'lookup_dcookie',
    'mount',
    'mount_setattr',
    'move_mount',
    'open_tree',
    'perf_event_open',
    'quotactl',
    'quotactl_fd',
    'setdomainname',
    'sethostname',
    'setns',
    'syslog',
    'umount',
    'umount2',
    'unshare',
  ],
  CAP_SYS_BOOT: ['reboot'],
  CAP_SYS_CHROOT: ['chroot'],
  CAP_SYS_MODULE: ['delete_module', 'init_module', 'finit_module'],
  CAP_SYS_PACCT: ['acct'],
  CAP_SYS_PTRACE: [
    'kcmp',
    'pidfd_getfd',
    'process_madvise',
    'process_vm_readv',
    'process_vm_writev',
    'ptrace',
  ],
  CAP_SYS_RAWIO: ['iopl', 'ioperm'],
  CAP_SYS_TIME: ['settimeofday', 'stime', 'clock_settime', 'clock_settime64'],
  CAP_SYS_TTY_CONFIG: ['vhangup'],
  CAP_SYS_NICE: ['get_mempolicy', 'mbind', 'set_mempolicy', 'set_mempolicy_home_node'], // last: kernel v5.17
  CAP_SYSLOG: ['syslog'],
  CAP_BPF: ['bpf'],
  CAP_PERFMON: ['perf_event_open'],
};

/** A kernel version as containerd's `kernelversion` compares it: kernel and major revision only. */
export interface KernelVersion {
  readonly kernel: number;
  readonly major: number;
}

/**
 * Parses a kernel release (`uname -r`, e.g. `6.8.0-45-generic`, `3.12-1-amd64`) as containerd's
 * `kernelversion.parseRelease` (`%d.%d`); `undefined` when it does not start with two dot-separated numbers.
 */
export function parseKernelRelease(release: string): KernelVersion | undefined {
  const match = /^[ \t\r]*(\d+)\.(\d+)/.exec(release);
  if (match === null) return undefined;
  return { kernel: Number(match[1]), major: Number(match[2]) };
}

function allow(names: readonly string[]): LinuxSyscall {
  return { names: names.slice(), action: ACT_ALLOW };
}

function allowIf(names: readonly string[], arg: LinuxSeccompArg): LinuxSyscall {
  return { names: names.slice(), action: ACT_ALLOW, args: [arg] };
}

/** What {@link defaultSeccompProfile} depends on besides the spec. */
export interface DefaultSeccompProfileInput {
  /** Target architecture, Go's GOARCH name (`amd64`, `arm64`, ...). */
  readonly architecture: string;
  /**
   * The kernel version containerd would query (`uname`); `undefined` when unknown, which leaves out the
   * kernel ≥ 4.8 rule, as containerd does when its query fails.
   */
  readonly kernel: KernelVersion | undefined;
}

/**
 * containerd's default seccomp profile for `spec`: default action `SCMP_ACT_ERRNO`; the architectures of the target;
 * the unconditional allow list; `socket` except AF_ALG and AF_VSOCK; five `personality` values; the kernel ≥ 4.8,
 * per-architecture and per-capability (from `process.capabilities.bounding`, absent = none) rules; and without
 * CAP_SYS_ADMIN a namespace-less `clone` and `clone3` failing with ENOSYS. A fresh object on each call.
 * containerd: `seccomp.DefaultProfile` (linux build)
 */
export function defaultSeccompProfile(spec: Spec, input: DefaultSeccompProfileInput): LinuxSeccomp {
  const arch = input.architecture;
  const syscalls: LinuxSyscall[] = [
    allow(defaultAllowedSyscalls),
    // socket(2) for every address family except AF_ALG and AF_VSOCK: three single-condition ranges.
    allowIf(['socket'], { index: 0, value: AF_ALG, op: 'SCMP_CMP_LT' }),
    allowIf(['socket'], { index: 0, value: AF_ALG + 1, op: 'SCMP_CMP_EQ' }),
    allowIf(['socket'], { index: 0, value: AF_VSOCK, op: 'SCMP_CMP_GT' }),
    allowIf(['personality'], { index: 0, value: 0x0, op: 'SCMP_CMP_EQ' }),
    allowIf(['personality'], { index: 0, value: 0x0008, op: 'SCMP_CMP_EQ' }),
    allowIf(['personality'], { index: 0, value: 0x20000, op: 'SCMP_CMP_EQ' }),
    allowIf(['personality'], { index: 0, value: 0x20008, op: 'SCMP_CMP_EQ' }),
    allowIf(['personality'], { index: 0, value: 0xffffffff, op: 'SCMP_CMP_EQ' }),
  ];
  const kernel = input.kernel;
  if (kernel !== undefined && (kernel.kernel > 4 || (kernel.kernel === 4 && kernel.major >= 8))) {
    syscalls.push(allow(kernel48Syscalls));
  }
  const forArch = Object.hasOwn(archSyscalls, arch) ? archSyscalls[arch] : undefined;
  if (forArch !== undefined) syscalls.push(allow(forArch));
  let admin = false;
  for (const cap of spec.process?.capabilities?.bounding ?? []) {
    const names = Object.hasOwn(capabilitySyscalls, cap) ? capabilitySyscalls[cap] : undefined;
    if (names === undefined) continue;
    if (cap === 'CAP_SYS_ADMIN') admin = true;
    syscalls.push(allow(names));
  }
  if (!admin) {
    const index = arch === 's390' || arch === 's390x' ? 1 : 0;
    syscalls.push(
      allowIf(['clone'], { index, value: CLONE_NAMESPACE_FLAGS, valueTwo: 0, op: 'SCMP_CMP_MASKED_EQ' }),
    );
    // clone3 gives ENOSYS instead of the default EPERM without CAP_SYS_ADMIN (moby/moby#42681).
    syscalls.push({ names: ['clone3'], action: ACT_ERRNO, errnoRet: enosysFor(arch) });
  }
  const architectures = Object.hasOwn(seccompArchitectures, arch) ? seccompArchitectures[arch]! : [];
  return { defaultAction: ACT_ERRNO, architectures: architectures.slice(), syscalls };
}
