/**
 * The configs compared: pods (each a sandbox config, compared too) and the containers created in them, shaped by
 * kubelet.ts. Every pod is host-network (the suite has no CNI). Containers marked `probe` are started and checked
 * from inside.
 */
import type { ImageConfig } from '@ocispec/core';
import type { ContainerConfig } from '@ocispec/cri';
import type { HandlerName } from './handlers.js';
import type { ContainerShape, PodShape } from './kubelet.js';

/** The suite's images: one layer (the busybox rootfs), several configs. `sandbox` is the pods' sandbox image. */
export const IMAGES = {
  sandbox: {
    name: 'ocispec.test/busybox:e2e',
    config: {
      Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
      Entrypoint: ['/bin/sleep'],
      Cmd: ['infinity'],
    },
  },
  app: {
    name: 'ocispec.test/app:1.0',
    config: {
      Env: ['PATH=/bin:/usr/bin', 'APP_MODE=image', 'SHARED=from-image'],
      Entrypoint: ['/bin/sh', '-c'],
      Cmd: ['exec sleep infinity'],
      User: 'app',
      WorkingDir: '/home/app',
      Labels: { 'org.opencontainers.image.title': 'app' },
    },
  },
  volumes: {
    name: 'ocispec.test/volumes:1.0',
    config: {
      Env: ['DATA_DIR=/data'],
      Cmd: ['sleep', 'infinity'],
      User: '1000:50',
      WorkingDir: '/work',
      // At different depths: containerd mounts image volumes in Go map order, sorted (stably) by depth only.
      Volumes: { '/data': {}, '/var/cache/app': {}, '/var/log/app/archive': {} },
    },
  },
  cmdonly: {
    name: 'ocispec.test/cmdonly:1.0',
    config: { Cmd: ['/bin/sleep', 'infinity'], User: '65534' },
  },
  named: {
    name: 'ocispec.test/named:1.0',
    config: {
      Env: ['PATH=/usr/bin:/bin', 'PATH_EXTRA=1'],
      Entrypoint: ['/bin/sleep'],
      Cmd: ['infinity'],
      User: 'app:audio',
      WorkingDir: 'relative/dir',
    },
  },
} as const satisfies Record<string, { name: string; config: ImageConfig }>;

export type ImageName = keyof typeof IMAGES;

export interface PodCase {
  readonly shape: PodShape;
  readonly handler: HandlerName;
}

export interface ContainerCase {
  /** The test's name. */
  readonly title: string;
  readonly pod: PodName;
  readonly image: ImageName;
  readonly shape: ContainerShape;
  /** Start it and check from inside that the spec holds. */
  readonly probe?: boolean;
}

const RUNTIME_DEFAULT = { profileType: 'RuntimeDefault' } as const;
const UNCONFINED = { profileType: 'Unconfined' } as const;
const SLEEP = ['/bin/sh', '-c', 'exec sleep infinity'];

export const PODS = {
  web: {
    handler: 'runc',
    shape: {
      name: 'web',
      labels: { app: 'web', tier: 'frontend' },
      annotations: { 'team.example.org/owner': 'web' },
      dns: true,
      ports: [8080],
      security: { seccomp: RUNTIME_DEFAULT },
      resources: { cpuPeriod: 100000, cpuQuota: 50000, cpuShares: 512, memoryLimitInBytes: 268435456 },
      qos: 'burstable',
    },
  },
  secure: {
    handler: 'hardened',
    shape: {
      name: 'secure',
      namespace: 'payments',
      labels: { app: 'secure' },
      annotations: { 'example.com/audit': 'on', 'example.com/owner': 'payments', 'other.org/x': 'no' },
      security: {
        runAsUser: { value: 1000 },
        runAsGroup: { value: 1000 },
        supplementalGroups: [2000, 3000],
        seccomp: RUNTIME_DEFAULT,
      },
      sysctls: { 'kernel.shm_rmid_forced': '1' },
    },
  },
  legacy: {
    handler: 'hardened',
    // As crictl sends it: no seccomp field anywhere (kubelet always sends one).
    shape: { name: 'legacy', namespace: 'payments', annotations: { 'example.com/owner': 'legacy' } },
  },
  hostpid: {
    handler: 'runc',
    shape: { name: 'hostpid', namespace: 'monitoring', hostPID: true, security: { seccomp: UNCONFINED } },
  },
  admin: {
    handler: 'runc',
    shape: {
      name: 'admin',
      namespace: 'kube-system',
      hostPID: true,
      hostIPC: true,
      qos: 'guaranteed',
      security: { privileged: true, seccomp: UNCONFINED },
      resources: { cpuPeriod: 100000, cpuQuota: 100000, cpuShares: 1024, memoryLimitInBytes: 134217728 },
    },
  },
  limits: {
    handler: 'limits',
    shape: {
      name: 'limits',
      labels: { app: 'batch' },
      annotations: { 'example.com/audit': 'off' },
      security: { seccomp: RUNTIME_DEFAULT },
    },
  },
  nodev: {
    handler: 'nodev',
    shape: { name: 'nodev', namespace: 'kube-system', security: { privileged: true } },
  },
  bare: {
    handler: 'runc',
    shape: {
      name: 'bare',
      cgroupParent: false,
      sysctls: { 'kernel.msgmax': '65536', 'kernel.shm_rmid_forced': '1' },
    },
  },
  restarted: {
    handler: 'runc',
    shape: {
      name: 'restarted',
      namespace: 'jobs',
      attempt: 2,
      labels: { 'job-name': 'nightly', 'controller-uid': '7f1e' },
      annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-11-30T09:00:00Z' },
      security: {
        runAsUser: { value: 0 },
        supplementalGroups: [44],
        seccomp: { profileType: 'Localhost', localhostRef: 'audit.json' },
      },
    },
  },
} as const satisfies Record<string, PodCase>;

export type PodName = keyof typeof PODS;

export const CONTAINERS: readonly ContainerCase[] = [
  // --- web (default handler, seccomp RuntimeDefault, burstable)
  {
    title: 'command and args',
    pod: 'web',
    image: 'sandbox',
    shape: { name: 'cmd', command: ['/bin/sh', '-c'], args: ['exec sleep infinity'] },
    probe: true,
  },
  {
    title: 'args only over the image entrypoint, env, working dir',
    pod: 'web',
    image: 'sandbox',
    shape: {
      name: 'args',
      args: ['infinity'],
      env: { GREETING: 'hello world', EMPTY: '' },
      workingDir: '/tmp',
    },
    probe: true,
  },
  {
    title: 'image env, entrypoint, cmd, user and working dir',
    pod: 'web',
    image: 'app',
    shape: { name: 'image-config', env: { SHARED: 'from-cri', EXTRA: '1' } },
    probe: true,
  },
  {
    title: 'mounts: read-only, rw, host-to-container and a missing host path',
    pod: 'web',
    image: 'sandbox',
    shape: {
      name: 'mounts',
      command: SLEEP,
      mounts: [
        { containerPath: '/config', volume: 'kubernetes.io~configmap/config', readonly: true },
        { containerPath: '/data', volume: 'kubernetes.io~empty-dir/data' },
        { containerPath: '/shared', volume: '@shared', propagation: 'PROPAGATION_HOST_TO_CONTAINER' },
        { containerPath: '/created', volume: '@missing' },
      ],
    },
    probe: true,
  },
  {
    title: 'capabilities added and dropped',
    pod: 'web',
    image: 'sandbox',
    shape: {
      name: 'caps',
      command: SLEEP,
      security: {
        capabilities: { addCapabilities: ['NET_ADMIN', 'SYS_TIME'], dropCapabilities: ['MKNOD', 'NET_RAW'] },
        seccomp: RUNTIME_DEFAULT,
      },
    },
    probe: true,
  },
  {
    title: 'drop ALL, add NET_BIND_SERVICE (restricted)',
    pod: 'web',
    image: 'sandbox',
    shape: {
      name: 'restricted',
      command: SLEEP,
      security: {
        capabilities: { addCapabilities: ['NET_BIND_SERVICE'], dropCapabilities: ['ALL'] },
        runAsUser: { value: 1000 },
        noNewPrivs: true,
        seccomp: RUNTIME_DEFAULT,
      },
    },
    probe: true,
  },
  {
    title: 'add ALL',
    pod: 'web',
    image: 'sandbox',
    shape: { name: 'allcaps', command: SLEEP, security: { capabilities: { addCapabilities: ['ALL'] } } },
  },
  {
    title: 'runAsUser, runAsGroup, supplemental groups, read-only rootfs, no new privileges',
    pod: 'web',
    image: 'sandbox',
    shape: {
      name: 'nonroot',
      command: SLEEP,
      security: {
        runAsUser: { value: 1000 },
        runAsGroup: { value: 3000 },
        supplementalGroups: [4000, 29],
        readonlyRootfs: true,
        noNewPrivs: true,
        seccomp: RUNTIME_DEFAULT,
      },
    },
    probe: true,
  },
  {
    title: 'runAsUser only: the group and groups from the image',
    pod: 'web',
    image: 'sandbox',
    shape: {
      name: 'uidonly',
      command: SLEEP,
      security: { runAsUser: { value: 1000 }, seccomp: RUNTIME_DEFAULT },
    },
  },
  {
    title: 'tty and stdin',
    pod: 'web',
    image: 'sandbox',
    shape: { name: 'tty', command: SLEEP, tty: true, stdin: true, security: { seccomp: RUNTIME_DEFAULT } },
  },
  {
    title: 'resources: cpu, memory, swap, cpuset, hugepages, oom score',
    pod: 'web',
    image: 'sandbox',
    shape: {
      name: 'resources',
      command: SLEEP,
      resources: {
        cpuPeriod: 100000,
        cpuQuota: 25000,
        cpuShares: 256,
        memoryLimitInBytes: 67108864,
        memorySwapLimitInBytes: 67108864,
        oomScoreAdj: 999,
        cpusetCpus: '0',
        cpusetMems: '0',
        hugepageLimits: [
          { pageSize: '2MB', limit: 0 },
          { pageSize: '1GB', limit: 0 },
        ],
      },
      security: { seccomp: RUNTIME_DEFAULT },
    },
  },
  {
    title: 'a negative oom score under restrict_oom_score_adj',
    pod: 'web',
    image: 'sandbox',
    shape: {
      name: 'oom',
      command: SLEEP,
      resources: { cpuPeriod: 100000, cpuShares: 1024, memoryLimitInBytes: 33554432, oomScoreAdj: -997 },
    },
  },
  {
    title: 'seccomp Unconfined in a RuntimeDefault pod',
    pod: 'web',
    image: 'sandbox',
    shape: { name: 'unconfined', command: SLEEP, security: { seccomp: UNCONFINED } },
  },
  {
    title: 'image volumes, one replaced by a CRI mount',
    pod: 'web',
    image: 'volumes',
    shape: {
      name: 'volumes',
      mounts: [{ containerPath: '/data', volume: 'kubernetes.io~empty-dir/data' }],
      security: { seccomp: RUNTIME_DEFAULT },
    },
    probe: true,
  },
  {
    title: 'a symlinked volume and an in-memory /dev/shm',
    pod: 'web',
    image: 'sandbox',
    shape: {
      name: 'dshm',
      command: SLEEP,
      mounts: [
        { containerPath: '/linked', volume: '@symlink' },
        { containerPath: '/dev/shm', volume: 'kubernetes.io~empty-dir/dshm' },
      ],
      security: { seccomp: RUNTIME_DEFAULT },
    },
    probe: true,
  },
  {
    title: 'a repeated env name and a memory limit past 2^53',
    pod: 'web',
    image: 'sandbox',
    shape: {
      name: 'bigmem',
      command: SLEEP,
      env: [
        ['MODE', 'first'],
        ['MODE', 'second'],
        ['PATH', '/opt/bin:/usr/bin:/bin'],
      ],
      resources: {
        cpuPeriod: 100000,
        cpuShares: 2,
        memoryLimitInBytes: '9223372036854771712',
        oomScoreAdj: 1000,
      },
    },
  },
  {
    title: "an ephemeral container in another container's PID namespace (pid TARGET)",
    pod: 'web',
    image: 'sandbox',
    shape: {
      name: 'debugger',
      command: SLEEP,
      pidTarget: 'cmd',
      security: { capabilities: { addCapabilities: ['SYS_PTRACE'] }, seccomp: RUNTIME_DEFAULT },
    },
    probe: true,
  },
  {
    title: 'image user name:group, relative image working dir',
    pod: 'web',
    image: 'named',
    shape: { name: 'named' },
  },
  {
    title: 'image cmd only, numeric image user, CRI working dir',
    pod: 'web',
    image: 'cmdonly',
    shape: { name: 'cmdonly', workingDir: '/', noToken: true },
  },
  // --- secure (hardened base: pod/container annotation passthrough, pod security context)
  {
    title: 'restricted container over the hardened base, annotations passed through',
    pod: 'secure',
    image: 'sandbox',
    shape: {
      name: 'api',
      command: SLEEP,
      annotations: { 'example.com/checksum': 'abc123', 'other.org/ignored': 'x' },
      security: {
        capabilities: { dropCapabilities: ['ALL'] },
        runAsUser: { value: 1000 },
        runAsGroup: { value: 1000 },
        supplementalGroups: [2000, 3000],
        readonlyRootfs: true,
        noNewPrivs: true,
        seccomp: RUNTIME_DEFAULT,
      },
    },
    probe: true,
  },
  {
    title: 'the hardened base with seccomp Unconfined and an image user',
    pod: 'secure',
    image: 'app',
    shape: {
      name: 'worker',
      security: { runAsGroup: { value: 1000 }, runAsUser: { value: 1000 }, seccomp: UNCONFINED },
      mounts: [{ containerPath: '/cache', volume: 'kubernetes.io~empty-dir/cache', selinuxRelabel: true }],
    },
  },
  {
    title: 'the hardened base without any seccomp field',
    pod: 'legacy',
    image: 'sandbox',
    shape: { name: 'noseccomp', command: SLEEP, security: { runAsUser: { value: 1000 } } },
  },
  {
    title: 'supplementalGroupsPolicy Strict',
    pod: 'secure',
    image: 'app',
    shape: {
      name: 'strict',
      security: { runAsUser: { value: 1000 }, supplementalGroupsPolicy: 'Strict', seccomp: RUNTIME_DEFAULT },
    },
  },
  // --- hostpid (host PID namespace, pod seccomp Unconfined)
  {
    title: 'host PID namespace',
    pod: 'hostpid',
    image: 'sandbox',
    shape: { name: 'agent', command: SLEEP },
    probe: true,
  },
  {
    title: 'host PID with SYS_PTRACE',
    pod: 'hostpid',
    image: 'sandbox',
    shape: {
      name: 'debugger',
      command: SLEEP,
      security: { capabilities: { addCapabilities: ['SYS_PTRACE'] }, seccomp: UNCONFINED },
    },
  },
  // --- admin (privileged pod, host PID and IPC, guaranteed)
  {
    title: 'privileged container',
    pod: 'admin',
    image: 'sandbox',
    shape: {
      name: 'node-agent',
      command: SLEEP,
      security: { privileged: true },
      resources: { cpuPeriod: 100000, cpuQuota: 100000, cpuShares: 1024, memoryLimitInBytes: 134217728 },
    },
    probe: true,
  },
  {
    title: 'unprivileged container in a privileged pod with host IPC',
    pod: 'admin',
    image: 'sandbox',
    shape: { name: 'sidecar', command: SLEEP, security: { seccomp: RUNTIME_DEFAULT } },
  },
  {
    title: 'privileged, bidirectional propagation, unmasked proc',
    pod: 'admin',
    image: 'sandbox',
    shape: {
      name: 'csi',
      command: SLEEP,
      unmasked: true,
      mounts: [
        { containerPath: '/var/lib/csi', volume: '@shared', propagation: 'PROPAGATION_BIDIRECTIONAL' },
      ],
      security: { privileged: true },
    },
  },
  // --- limits (the limits base)
  {
    title: 'the limits base: rlimits, env, annotations, pids, shm',
    pod: 'limits',
    image: 'sandbox',
    shape: { name: 'batch', command: SLEEP },
    probe: true,
  },
  {
    title: 'CRI env over the base env, memory limit, oom score',
    pod: 'limits',
    image: 'app',
    shape: {
      name: 'batch-env',
      env: { TEAM: 'payments', GOMAXPROCS: '4' },
      resources: { cpuPeriod: 100000, cpuShares: 102, memoryLimitInBytes: 50331648, oomScoreAdj: 500 },
    },
  },
  // --- nodev (privileged_without_host_devices)
  {
    title: 'privileged without host devices',
    pod: 'nodev',
    image: 'sandbox',
    shape: { name: 'privileged-nodev', command: SLEEP, security: { privileged: true } },
  },
  // --- bare (no cgroup parent, pod sysctls, no seccomp anywhere)
  {
    title: 'no cgroup parent, no seccomp field',
    pod: 'bare',
    image: 'sandbox',
    shape: { name: 'plain', command: SLEEP },
  },
  {
    title: 'a device',
    pod: 'bare',
    image: 'sandbox',
    shape: {
      name: 'fuse',
      command: SLEEP,
      devices: [{ containerPath: '/dev/fuse', hostPath: '/dev/fuse', permissions: 'rw' }],
    },
  },
  // --- restarted (attempt 2, pod runAsUser 0)
  {
    title: 'a restarted container (attempt 3) in a restarted pod',
    pod: 'restarted',
    image: 'sandbox',
    shape: {
      name: 'job',
      attempt: 3,
      command: ['/bin/sleep'],
      args: ['infinity'],
      env: { JOB: 'nightly' },
      security: { runAsUser: { value: 0 }, supplementalGroups: [44], seccomp: RUNTIME_DEFAULT },
    },
  },
  {
    title: "the pod's Localhost seccomp profile",
    pod: 'restarted',
    image: 'sandbox',
    shape: { name: 'audited', command: SLEEP },
    probe: true,
  },
];

/** A container config containerd refuses: ocispec must refuse it too, for the same reason. */
export interface RefusedCase {
  readonly title: string;
  readonly pod: PodName;
  readonly image: ImageName;
  readonly shape: ContainerShape;
  /** Edits the kubelet-shaped config (to remove what kubelet always sends). */
  readonly edit?: (config: ContainerConfig) => ContainerConfig;
  /** What both errors say. */
  readonly reason: string;
}

export const REFUSED: readonly RefusedCase[] = [
  {
    title: 'no metadata',
    pod: 'web',
    image: 'sandbox',
    shape: { name: 'nometa', command: SLEEP },
    edit: ({ metadata: _, ...config }) => config,
    reason: 'container config must include metadata',
  },
  {
    title: 'runAsGroup without runAsUser',
    pod: 'web',
    image: 'sandbox',
    shape: { name: 'grouponly', command: SLEEP, security: { runAsGroup: { value: 1000 } } },
    reason: 'user group "1000" is specified without user',
  },
  {
    title: 'a privileged container in an unprivileged pod',
    pod: 'web',
    image: 'sandbox',
    shape: { name: 'escalate', command: SLEEP, security: { privileged: true } },
    reason: 'no privileged container allowed in sandbox',
  },
  {
    title: 'host-to-container propagation from a private mount',
    pod: 'web',
    image: 'sandbox',
    shape: {
      name: 'private-prop',
      command: SLEEP,
      mounts: [{ containerPath: '/p', volume: 'private', propagation: 'PROPAGATION_HOST_TO_CONTAINER' }],
    },
    reason: 'is not a shared or slave mount',
  },
  {
    title: 'bidirectional propagation from a private mount',
    pod: 'admin',
    image: 'sandbox',
    shape: {
      name: 'private-bidi',
      command: SLEEP,
      security: { privileged: true },
      mounts: [{ containerPath: '/p', volume: 'private', propagation: 'PROPAGATION_BIDIRECTIONAL' }],
    },
    reason: 'is not a shared mount',
  },
  {
    title: 'a badly formed SELinux level',
    pod: 'web',
    image: 'sandbox',
    shape: { name: 'badlevel', command: SLEEP, security: { selinuxOptions: { level: 'high' } } },
    reason: `the format of 'level' "high" is not correct`,
  },
  {
    title: 'a missing Localhost seccomp profile',
    pod: 'web',
    image: 'sandbox',
    shape: {
      name: 'noprofile',
      command: SLEEP,
      security: { seccomp: { profileType: 'Localhost', localhostRef: 'missing.json' } },
    },
    reason: 'no such file or directory',
  },
  {
    title: 'a missing device',
    pod: 'web',
    image: 'sandbox',
    shape: {
      name: 'nodevice',
      command: SLEEP,
      devices: [{ containerPath: '/dev/x', hostPath: '/dev/ocispec-e2e-missing', permissions: 'rwm' }],
    },
    reason: 'no such file or directory',
  },
  {
    title: "a user name missing from the image's /etc/passwd",
    pod: 'web',
    image: 'sandbox',
    shape: { name: 'ghost', command: SLEEP, security: { runAsUsername: 'ghost' } },
    reason: 'no users found',
  },
];
