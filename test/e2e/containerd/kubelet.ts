/**
 * CRI configs shaped like what kubelet sends (pkg/kubelet/kuberuntime: generatePodSandboxConfig,
 * generateContainerConfig, determineEffectiveSecurityContext): kubelet's labels and annotations, log paths, the
 * service-account, /etc/hosts and termination-log mounts, cgroup parents per QoS class, resources with hugepage
 * limits, the default masked and read-only paths. The host paths live in the suite's workspace.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ContainerConfig, CriMount, PodSandboxConfig } from '@ocispec/cri';

/** Where kubelet's files of the suite's pods live, and the cgroup root of their QoS classes. */
export interface KubeletEnv {
  /** `/var/lib/kubelet` for the suite (pod dirs, volumes). */
  readonly root: string;
  /** `/var/log/pods` for the suite. */
  readonly logs: string;
  /** The cgroup parent of the QoS classes (`/kubepods`). */
  readonly cgroupRoot: string;
  /** A shared mount (for host-to-container and bidirectional propagation): the volume `@shared`. */
  readonly shared: string;
}

export type QosClass = 'guaranteed' | 'burstable' | 'besteffort';

/** kubelet's defaults for a container with `procMount: Default` (k8s.io/kubernetes pkg/securitycontext). */
export const KUBELET_MASKED_PATHS = [
  '/proc/asound',
  '/proc/acpi',
  '/proc/kcore',
  '/proc/keys',
  '/proc/latency_stats',
  '/proc/timer_list',
  '/proc/timer_stats',
  '/proc/sched_debug',
  '/proc/scsi',
  '/sys/firmware',
  '/sys/devices/virtual/powercap',
];
export const KUBELET_READONLY_PATHS = [
  '/proc/bus',
  '/proc/fs',
  '/proc/irq',
  '/proc/sys',
  '/proc/sysrq-trigger',
];

type LinuxPod = NonNullable<NonNullable<PodSandboxConfig['linux']>>;
type PodSecurity = NonNullable<LinuxPod['securityContext']>;
type LinuxContainer = NonNullable<NonNullable<ContainerConfig['linux']>>;
type ContainerSecurity = NonNullable<LinuxContainer['securityContext']>;

/** A pod as a test declares it; everything else is kubelet's. */
export interface PodShape {
  readonly name: string;
  readonly namespace?: string;
  readonly attempt?: number;
  readonly qos?: QosClass;
  /** `false`: no cgroup parent (containerd then uses `/k8s.io/<id>`); kubelet always sets one. */
  readonly cgroupParent?: boolean;
  readonly hostPID?: boolean;
  readonly hostIPC?: boolean;
  /**
   * The pod's security context (runAsUser, supplementalGroups, seccomp, privileged …); its namespaces come from
   * `hostPID` and `hostIPC`.
   */
  readonly security?: PodSecurity;
  readonly sysctls?: Record<string, string>;
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
  readonly dns?: boolean;
  readonly ports?: readonly number[];
  /** Pod-level resources kubelet sums for the sandbox (`linux.resources`). */
  readonly resources?: LinuxPod['resources'];
}

type Profile = NonNullable<PodSecurity['seccomp']>;

/** kubelet's Localhost profile: `localhostRef` relative to `<root>/seccomp`. */
function seccompOf(env: KubeletEnv, profile: Profile | null | undefined): Profile | null | undefined {
  if (profile?.profileType !== 'Localhost' || profile.localhostRef === undefined) return profile;
  return { ...profile, localhostRef: path.join(env.root, 'seccomp', profile.localhostRef) };
}

/** The pod's uid: deterministic, so that host paths and cgroups are predictable. */
export function podUid(shape: PodShape): string {
  return `0c7e5a1b-e2e0-4c0d-9a1e-${shape.name
    .padEnd(12, '0')
    .slice(0, 12)
    .replace(/[^0-9a-z]/g, '0')}`;
}

/** kubelet's cgroup parent of a pod: `<root>/<qos>/pod<uid>`, guaranteed pods directly under the root. */
export function podCgroupParent(env: KubeletEnv, shape: PodShape): string {
  const qos = shape.qos ?? 'besteffort';
  const pod = `pod${podUid(shape)}`;
  return qos === 'guaranteed' ? `${env.cgroupRoot}/${pod}` : `${env.cgroupRoot}/${qos}/${pod}`;
}

/** `RunPodSandbox`'s config for a host-network pod (the suite has no CNI). Creates the pod's log directory. */
export function podSandboxConfig(env: KubeletEnv, shape: PodShape): PodSandboxConfig {
  const namespace = shape.namespace ?? 'default';
  const uid = podUid(shape);
  const logDirectory = path.join(env.logs, `${namespace}_${shape.name}_${uid}`);
  fs.mkdirSync(logDirectory, { recursive: true });
  return {
    metadata: { name: shape.name, uid, namespace, attempt: shape.attempt ?? 0 },
    // kubelet sends no hostname for a host-network pod.
    logDirectory,
    ...(shape.dns === true
      ? {
          dnsConfig: {
            servers: ['10.96.0.10'],
            searches: [`${namespace}.svc.cluster.local`, 'svc.cluster.local', 'cluster.local'],
            options: ['ndots:5'],
          },
        }
      : {}),
    portMappings: (shape.ports ?? []).map((port) => ({
      protocol: 'TCP',
      containerPort: port,
      hostPort: port,
    })),
    labels: {
      'io.kubernetes.pod.name': shape.name,
      'io.kubernetes.pod.namespace': namespace,
      'io.kubernetes.pod.uid': uid,
      ...shape.labels,
    },
    annotations: {
      'kubernetes.io/config.seen': '2026-11-30T10:00:00.000000000Z',
      'kubernetes.io/config.source': 'api',
      ...shape.annotations,
    },
    linux: {
      ...(shape.cgroupParent === false ? {} : { cgroupParent: podCgroupParent(env, shape) }),
      securityContext: {
        ...shape.security,
        namespaceOptions: namespaces(shape),
        ...(shape.security?.seccomp == null ? {} : { seccomp: seccompOf(env, shape.security.seccomp) }),
      },
      sysctls: shape.sysctls ?? {},
      overhead: {},
      resources: shape.resources ?? { cpuPeriod: 100000, cpuShares: 2 },
    },
  };
}

/** The pod's namespace modes; a container targeting another's PID namespace (ephemeral containers) gets TARGET. */
function namespaces(shape: PodShape, targetId?: string): NonNullable<PodSecurity['namespaceOptions']> {
  return {
    network: 'NODE',
    pid: targetId !== undefined ? 'TARGET' : shape.hostPID === true ? 'NODE' : 'CONTAINER',
    ipc: shape.hostIPC === true ? 'NODE' : 'POD',
    ...(targetId === undefined ? {} : { targetId }),
  };
}

/** A container as a test declares it; kubelet's labels, annotations, mounts and defaults are added. */
export interface ContainerShape {
  readonly name: string;
  readonly attempt?: number;
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  readonly workingDir?: string;
  /** Variables (a list may repeat a name, as a pod spec's env list can). */
  readonly env?: Record<string, string> | readonly (readonly [string, string])[];
  /**
   * Volume mounts: `volume` is a dir under the pod's volumes (created), `@shared` the shared mount, `@missing` a
   * path that does not exist (the runtime creates it), `@symlink` a symlink to a dir (the runtime resolves it).
   */
  readonly mounts?: readonly (Omit<CriMount, 'hostPath'> & { readonly volume: string })[];
  readonly devices?: ContainerConfig['devices'];
  readonly annotations?: Record<string, string>;
  readonly stdin?: boolean;
  readonly tty?: boolean;
  readonly resources?: LinuxContainer['resources'];
  /** The container's security context; its namespaces are the pod's (or TARGET, see `pidTarget`). */
  readonly security?: ContainerSecurity;
  /** `procMount: Unmasked`: no masked or read-only paths. */
  readonly unmasked?: boolean;
  /** No service-account token (automountServiceAccountToken: false). */
  readonly noToken?: boolean;
  /** An ephemeral container sharing the PID namespace of the pod's container of this name (pid TARGET). */
  readonly pidTarget?: string;
}

/**
 * What a container inherits from its pod's security context (kubelet's determineEffectiveSecurityContext): the
 * user, group, supplemental groups and seccomp profile, unless the container sets its own.
 */
function inherited(pod: PodShape): ContainerSecurity {
  const p = pod.security ?? {};
  return {
    ...(p.runAsUser == null ? {} : { runAsUser: p.runAsUser }),
    ...(p.runAsGroup == null ? {} : { runAsGroup: p.runAsGroup }),
    ...(p.supplementalGroups == null ? {} : { supplementalGroups: p.supplementalGroups }),
    ...(p.seccomp == null ? {} : { seccomp: p.seccomp }),
  };
}

/** The pod's kubelet dir, `<root>/pods/<uid>`. */
export function podDir(env: KubeletEnv, pod: PodShape): string {
  return path.join(env.root, 'pods', podUid(pod));
}

/**
 * `CreateContainer`'s config for a container of `pod` running `image` (kubelet: the image id, and the name the
 * user wrote). Creates the host paths kubelet would: the pod's etc-hosts, the termination-log file, the
 * service-account token dir and the volumes.
 */
export function containerConfig(
  env: KubeletEnv,
  pod: PodShape,
  shape: ContainerShape,
  image: { readonly id: string; readonly name: string },
  /** The target container's id, for `pidTarget`. */
  target?: string,
): ContainerConfig {
  const dir = podDir(env, pod);
  const etcHosts = path.join(dir, 'etc-hosts');
  const termination = path.join(dir, 'containers', shape.name, 'b7c1e2f3');
  const token = path.join(dir, 'volumes', 'kubernetes.io~projected', 'kube-api-access-x7k2p');
  fs.mkdirSync(path.dirname(termination), { recursive: true });
  fs.mkdirSync(token, { recursive: true });
  fs.writeFileSync(etcHosts, '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n');
  fs.writeFileSync(termination, '');
  fs.writeFileSync(path.join(token, 'token'), 'e2e-token');
  const volumes: CriMount[] = (shape.mounts ?? []).map(({ volume, ...m }) => {
    let hostPath = path.join(dir, 'volumes', volume);
    if (volume === '@shared') hostPath = env.shared;
    else if (volume === '@missing') hostPath = path.join(dir, 'volumes', `missing-${shape.name}`);
    else if (volume === '@symlink') {
      const real = path.join(dir, 'volumes', `real-${shape.name}`);
      hostPath = path.join(dir, 'volumes', `link-${shape.name}`);
      fs.mkdirSync(real, { recursive: true });
      if (!fs.existsSync(hostPath)) fs.symlinkSync(real, hostPath);
    } else fs.mkdirSync(hostPath, { recursive: true });
    return { hostPath, selinuxRelabel: false, propagation: 'PROPAGATION_PRIVATE', ...m };
  });
  const namespace = pod.namespace ?? 'default';
  const sc = { ...inherited(pod), ...shape.security };
  const masked = shape.unmasked === true ? [] : KUBELET_MASKED_PATHS;
  const readonly = shape.unmasked === true ? [] : KUBELET_READONLY_PATHS;
  return {
    metadata: { name: shape.name, attempt: shape.attempt ?? 0 },
    image: { image: image.id, userSpecifiedImage: image.name },
    ...(shape.command === undefined ? {} : { command: [...shape.command] }),
    ...(shape.args === undefined ? {} : { args: [...shape.args] }),
    ...(shape.workingDir === undefined ? {} : { workingDir: shape.workingDir }),
    envs: [
      ...(Array.isArray(shape.env) ? shape.env : Object.entries(shape.env ?? {})).map(([key, value]) => ({
        key,
        value,
      })),
      { key: 'KUBERNETES_SERVICE_HOST', value: '10.96.0.1' },
      { key: 'KUBERNETES_SERVICE_PORT', value: '443' },
      { key: 'KUBERNETES_PORT', value: 'tcp://10.96.0.1:443' },
    ],
    mounts: [
      ...volumes,
      ...(shape.noToken === true
        ? []
        : [
            {
              containerPath: '/var/run/secrets/kubernetes.io/serviceaccount',
              hostPath: token,
              readonly: true,
              selinuxRelabel: false,
              propagation: 'PROPAGATION_PRIVATE',
            },
          ]),
      {
        containerPath: '/etc/hosts',
        hostPath: etcHosts,
        selinuxRelabel: false,
        propagation: 'PROPAGATION_PRIVATE',
      },
      {
        containerPath: '/dev/termination-log',
        hostPath: termination,
        selinuxRelabel: false,
        propagation: 'PROPAGATION_PRIVATE',
      },
    ],
    ...(shape.devices === undefined ? {} : { devices: shape.devices }),
    labels: {
      'io.kubernetes.container.name': shape.name,
      'io.kubernetes.pod.name': pod.name,
      'io.kubernetes.pod.namespace': namespace,
      'io.kubernetes.pod.uid': podUid(pod),
    },
    annotations: {
      'io.kubernetes.container.hash': '5d6f7a8b',
      'io.kubernetes.container.restartCount': String(shape.attempt ?? 0),
      'io.kubernetes.container.terminationMessagePath': '/dev/termination-log',
      'io.kubernetes.container.terminationMessagePolicy': 'File',
      'io.kubernetes.pod.terminationGracePeriod': '30',
      ...shape.annotations,
    },
    logPath: `${shape.name}/${shape.attempt ?? 0}.log`,
    stdin: shape.stdin ?? false,
    stdinOnce: false,
    tty: shape.tty ?? false,
    linux: {
      resources: shape.resources ?? {
        cpuPeriod: 100000,
        cpuShares: 2,
        oomScoreAdj: 1000,
        hugepageLimits: [{ pageSize: '2MB', limit: 0 }],
      },
      securityContext: {
        maskedPaths: masked,
        readonlyPaths: readonly,
        ...sc,
        namespaceOptions: namespaces(pod, target),
        ...(sc.seccomp == null ? {} : { seccomp: seccompOf(env, sc.seccomp) }),
      },
    },
  };
}
