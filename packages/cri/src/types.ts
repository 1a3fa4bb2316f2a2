/**
 * The Kubernetes CRI v1 messages the spec builders read, in their JSON form (the proto3 JSON mapping: camelCase
 * names, int64 as a number or a decimal string, enums by name or number, absent = zero value). Unknown fields are
 * allowed everywhere. Parsing normalizes int64s to `number` (or `bigint` beyond 2^53) and enums to their names.
 */
import { ImageConfigSchema } from '@ocispec/core/schemas';
import { z } from 'zod';

/** An int64: a JSON number or a decimal string; a `number` when safe, else a `bigint`. */
const int64 = z
  .union([z.number().int(), z.bigint(), z.string().regex(/^[+-]?\d+$/, 'expected a decimal int64')])
  .transform((v): number | bigint => {
    if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v;
    const n = typeof v === 'number' ? v : Number(v);
    if (Number.isSafeInteger(n)) return n;
    return BigInt(typeof v === 'number' ? Math.trunc(v) : v);
  });
const uint32 = z.number().int().min(0).max(4294967295);
const strings = z.array(z.string()).nullable().optional();
const stringMap = z.record(z.string(), z.string()).nullable().optional();

/** A proto enum: its name, or its number (an unknown number is kept as `UNKNOWN(<n>)`). */
function protoEnum(names: readonly string[]) {
  return z.union([z.string(), z.number().int()]).transform((v): string => {
    if (typeof v === 'string') return v;
    return names[v] ?? `UNKNOWN(${v})`;
  });
}

export const NAMESPACE_MODES = ['POD', 'CONTAINER', 'NODE', 'TARGET'] as const;
export const NamespaceModeSchema = protoEnum(NAMESPACE_MODES);
export type NamespaceMode = z.output<typeof NamespaceModeSchema>;

export const MOUNT_PROPAGATIONS = [
  'PROPAGATION_PRIVATE',
  'PROPAGATION_HOST_TO_CONTAINER',
  'PROPAGATION_BIDIRECTIONAL',
] as const;
export const MountPropagationSchema = protoEnum(MOUNT_PROPAGATIONS);

export const PROFILE_TYPES = ['RuntimeDefault', 'Unconfined', 'Localhost'] as const;
export const SUPPLEMENTAL_GROUPS_POLICIES = ['Merge', 'Strict'] as const;

export const IDMappingSchema = z.looseObject({
  hostId: uint32.optional(),
  containerId: uint32.optional(),
  length: uint32.optional(),
});
export type IDMapping = z.output<typeof IDMappingSchema>;

/** CRI `Mount`. */
export const CriMountSchema = z.looseObject({
  containerPath: z.string().optional(),
  hostPath: z.string().optional(),
  readonly: z.boolean().optional(),
  selinuxRelabel: z.boolean().optional(),
  propagation: MountPropagationSchema.optional(),
  uidMappings: z.array(IDMappingSchema).nullable().optional(),
  gidMappings: z.array(IDMappingSchema).nullable().optional(),
  recursiveReadOnly: z.boolean().optional(),
  image: z.looseObject({ image: z.string().optional() }).nullable().optional(),
});
export type CriMount = z.input<typeof CriMountSchema>;
export type ParsedCriMount = z.output<typeof CriMountSchema>;

export const UserNamespaceSchema = z.looseObject({
  mode: NamespaceModeSchema.optional(),
  uids: z.array(IDMappingSchema.nullable()).nullable().optional(),
  gids: z.array(IDMappingSchema.nullable()).nullable().optional(),
});
export type UserNamespace = z.output<typeof UserNamespaceSchema>;

export const NamespaceOptionSchema = z.looseObject({
  network: NamespaceModeSchema.optional(),
  pid: NamespaceModeSchema.optional(),
  ipc: NamespaceModeSchema.optional(),
  targetId: z.string().optional(),
  usernsOptions: UserNamespaceSchema.nullable().optional(),
});
export type NamespaceOption = z.output<typeof NamespaceOptionSchema>;

const Int64ValueSchema = z.looseObject({ value: int64.optional() });

export const SELinuxOptionSchema = z.looseObject({
  user: z.string().optional(),
  role: z.string().optional(),
  type: z.string().optional(),
  level: z.string().optional(),
});
export type SELinuxOption = z.output<typeof SELinuxOptionSchema>;

export const SecurityProfileSchema = z.looseObject({
  profileType: protoEnum(PROFILE_TYPES).optional(),
  localhostRef: z.string().optional(),
});
export type SecurityProfile = z.output<typeof SecurityProfileSchema>;

export const CapabilitySchema = z.looseObject({
  addCapabilities: strings,
  dropCapabilities: strings,
  addAmbientCapabilities: strings,
});
export type Capability = z.output<typeof CapabilitySchema>;

/** CRI `LinuxContainerSecurityContext`. */
export const LinuxContainerSecurityContextSchema = z.looseObject({
  capabilities: CapabilitySchema.nullable().optional(),
  privileged: z.boolean().optional(),
  namespaceOptions: NamespaceOptionSchema.nullable().optional(),
  selinuxOptions: SELinuxOptionSchema.nullable().optional(),
  runAsUser: Int64ValueSchema.nullable().optional(),
  runAsGroup: Int64ValueSchema.nullable().optional(),
  runAsUsername: z.string().optional(),
  readonlyRootfs: z.boolean().optional(),
  supplementalGroups: z.array(int64).nullable().optional(),
  supplementalGroupsPolicy: protoEnum(SUPPLEMENTAL_GROUPS_POLICIES).optional(),
  apparmorProfile: z.string().optional(),
  seccompProfilePath: z.string().optional(),
  noNewPrivs: z.boolean().optional(),
  maskedPaths: strings,
  readonlyPaths: strings,
  seccomp: SecurityProfileSchema.nullable().optional(),
  apparmor: SecurityProfileSchema.nullable().optional(),
});
export type LinuxContainerSecurityContext = z.output<typeof LinuxContainerSecurityContextSchema>;

export const HugepageLimitSchema = z.looseObject({
  pageSize: z.string().optional(),
  limit: int64.optional(),
});

/** CRI `LinuxContainerResources`. */
export const LinuxContainerResourcesSchema = z.looseObject({
  cpuPeriod: int64.optional(),
  cpuQuota: int64.optional(),
  cpuShares: int64.optional(),
  memoryLimitInBytes: int64.optional(),
  oomScoreAdj: int64.optional(),
  cpusetCpus: z.string().optional(),
  cpusetMems: z.string().optional(),
  hugepageLimits: z.array(HugepageLimitSchema).nullable().optional(),
  unified: stringMap,
  memorySwapLimitInBytes: int64.optional(),
});
export type LinuxContainerResources = z.output<typeof LinuxContainerResourcesSchema>;

export const WindowsCpuGroupAffinitySchema = z.looseObject({
  cpuMask: int64.optional(),
  cpuGroup: uint32.optional(),
});

/** CRI `WindowsContainerResources`. */
export const WindowsContainerResourcesSchema = z.looseObject({
  cpuShares: int64.optional(),
  cpuCount: int64.optional(),
  cpuMaximum: int64.optional(),
  memoryLimitInBytes: int64.optional(),
  rootfsSizeInBytes: int64.optional(),
  affinityCpus: z.array(WindowsCpuGroupAffinitySchema.nullable()).nullable().optional(),
});
export type WindowsContainerResources = z.output<typeof WindowsContainerResourcesSchema>;

export const DeviceSchema = z.looseObject({
  containerPath: z.string().optional(),
  hostPath: z.string().optional(),
  permissions: z.string().optional(),
});
export type CriDevice = z.output<typeof DeviceSchema>;

const KeyValueSchema = z.looseObject({ key: z.string().optional(), value: z.string().optional() });

/** CRI `ContainerConfig`. */
export const ContainerConfigSchema = z.looseObject({
  metadata: z.looseObject({ name: z.string().optional(), attempt: uint32.optional() }).nullable().optional(),
  image: z
    .looseObject({ image: z.string().optional(), userSpecifiedImage: z.string().optional() })
    .nullable()
    .optional(),
  command: strings,
  args: strings,
  workingDir: z.string().optional(),
  envs: z.array(KeyValueSchema).nullable().optional(),
  mounts: z.array(CriMountSchema).nullable().optional(),
  devices: z.array(DeviceSchema).nullable().optional(),
  labels: stringMap,
  annotations: stringMap,
  logPath: z.string().optional(),
  stdin: z.boolean().optional(),
  tty: z.boolean().optional(),
  linux: z
    .looseObject({
      resources: LinuxContainerResourcesSchema.nullable().optional(),
      securityContext: LinuxContainerSecurityContextSchema.nullable().optional(),
    })
    .nullable()
    .optional(),
  windows: z
    .looseObject({
      resources: WindowsContainerResourcesSchema.nullable().optional(),
      securityContext: z
        .looseObject({
          runAsUsername: z.string().optional(),
          credentialSpec: z.string().optional(),
          hostProcess: z.boolean().optional(),
        })
        .nullable()
        .optional(),
    })
    .nullable()
    .optional(),
  cdiDevices: z
    .array(z.looseObject({ name: z.string().optional() }))
    .nullable()
    .optional(),
});
export type ContainerConfig = z.input<typeof ContainerConfigSchema>;
export type ParsedContainerConfig = z.output<typeof ContainerConfigSchema>;

/** CRI `PodSandboxConfig`. */
export const PodSandboxConfigSchema = z.looseObject({
  metadata: z
    .looseObject({
      name: z.string().optional(),
      uid: z.string().optional(),
      namespace: z.string().optional(),
      attempt: uint32.optional(),
    })
    .nullable()
    .optional(),
  hostname: z.string().optional(),
  logDirectory: z.string().optional(),
  dnsConfig: z.unknown().optional(),
  portMappings: z.unknown().optional(),
  labels: stringMap,
  annotations: stringMap,
  linux: z
    .looseObject({
      cgroupParent: z.string().optional(),
      securityContext: z
        .looseObject({
          namespaceOptions: NamespaceOptionSchema.nullable().optional(),
          selinuxOptions: SELinuxOptionSchema.nullable().optional(),
          runAsUser: Int64ValueSchema.nullable().optional(),
          runAsGroup: Int64ValueSchema.nullable().optional(),
          readonlyRootfs: z.boolean().optional(),
          supplementalGroups: z.array(int64).nullable().optional(),
          privileged: z.boolean().optional(),
          seccompProfilePath: z.string().optional(),
          seccomp: SecurityProfileSchema.nullable().optional(),
          apparmor: SecurityProfileSchema.nullable().optional(),
        })
        .nullable()
        .optional(),
      sysctls: stringMap,
      overhead: z.unknown().optional(),
      resources: LinuxContainerResourcesSchema.nullable().optional(),
    })
    .nullable()
    .optional(),
  windows: z
    .looseObject({
      securityContext: z
        .looseObject({
          runAsUsername: z.string().optional(),
          credentialSpec: z.string().optional(),
          hostProcess: z.boolean().optional(),
        })
        .nullable()
        .optional(),
    })
    .nullable()
    .optional(),
});
export type PodSandboxConfig = z.input<typeof PodSandboxConfigSchema>;
export type ParsedPodSandboxConfig = z.output<typeof PodSandboxConfigSchema>;

/** CRI `RuntimeHandler` (features only). */
export const RuntimeHandlerSchema = z.looseObject({
  name: z.string().optional(),
  features: z
    .looseObject({
      recursiveReadOnlyMounts: z.boolean().optional(),
      userNamespaces: z.boolean().optional(),
    })
    .nullable()
    .optional(),
});
export type RuntimeHandler = z.output<typeof RuntimeHandlerSchema>;

/** The runtime handler's settings of containerd's config (`[plugins."io.containerd.cri.v1.runtime".containerd.runtimes.<name>]`). */
export const RuntimeSettingsSchema = z.looseObject({
  /** `runtime_type` (`io.containerd.runc.v2`, `io.containerd.kata.v2` ...). */
  runtimeType: z.string().optional(),
  /** `base_runtime_spec`: a file; `""`/absent → the platform default. */
  baseRuntimeSpec: z.string().optional(),
  privilegedWithoutHostDevices: z.boolean().optional(),
  privilegedWithoutHostDevicesAllDevicesAllowed: z.boolean().optional(),
  /** `cgroup_writable`: the cgroup mount is `rw`. */
  cgroupWritable: z.boolean().optional(),
  podAnnotations: strings,
  containerAnnotations: strings,
});
export type RuntimeSettings = z.output<typeof RuntimeSettingsSchema>;

/** The CRI plugin's own settings that change specs (containerd config, `io.containerd.cri.v1.runtime`). */
export const CriSettingsSchema = z.looseObject({
  /** CRI `root_dir`-derived directory holding `sandboxes/<id>/{hostname,hosts,resolv.conf}`. */
  rootDir: z.string().optional(),
  /** The state directory holding `sandboxes/<id>/shm`. */
  stateDir: z.string().optional(),
  disableProcMount: z.boolean().optional(),
  deviceOwnershipFromSecurityContext: z.boolean().optional(),
  /** Default `true`, as containerd's. */
  tolerateMissingHugetlbController: z.boolean().optional(),
  disableHugetlbController: z.boolean().optional(),
  restrictOOMScoreAdj: z.boolean().optional(),
  unsetSeccompProfile: z.string().optional(),
  disableApparmor: z.boolean().optional(),
  enableCDI: z.boolean().optional(),
  ignoreImageDefinedVolumes: z.boolean().optional(),
  /** Default `true`, as containerd 2.x's. */
  enableUnprivilegedPorts: z.boolean().optional(),
  /** Default `true`, as containerd 2.x's. */
  enableUnprivilegedICMP: z.boolean().optional(),
  /** The pause image's name (`sandbox_image` / pinned image), for the sandbox's image-name annotation. */
  sandboxImage: z.string().optional(),
});
export type CriSettings = z.output<typeof CriSettingsSchema>;

/** What `containerSpec` reads: CreateContainer's request, the sandbox it joins and the runtime handler. */
export const ContainerSpecInputSchema = z.looseObject({
  /** The sandbox's platform (`linux/amd64`, `windows/amd64`); default `linux/amd64`. */
  platform: z.string().optional(),
  /** The container id; default `container`. */
  id: z.string().optional(),
  /** The sandbox id; default `sandbox`. */
  sandboxId: z.string().optional(),
  /** The sandbox's pid (linux namespaces `/proc/<pid>/ns/*`). */
  sandboxPid: uint32.optional(),
  /** The pid of the target container when the pid namespace mode is `TARGET`. */
  targetPid: uint32.optional(),
  /** The sandbox's network namespace path (windows). */
  netnsPath: z.string().optional(),
  /** The container-name annotation's value; default `config.metadata.name`, as containerd's. */
  containerName: z.string().optional(),
  /** The image name annotated; default `config.image.userSpecifiedImage`, else `config.image.image`. */
  imageName: z.string().optional(),
  /** The sandbox's SELinux process label (used when the container sets no SELinux options). */
  sandboxProcessLabel: z.string().optional(),
  config: ContainerConfigSchema,
  sandboxConfig: PodSandboxConfigSchema.optional(),
  /** The image's config (`v1.ImageConfig`: `Env`, `Entrypoint`, `Cmd`, `User`, `WorkingDir`, `Volumes` …). */
  imageConfig: ImageConfigSchema.nullable().optional(),
  /** Extra CRI mounts (image volumes, mounts added by the integrator). */
  extraMounts: z.array(CriMountSchema).nullable().optional(),
  runtime: RuntimeSettingsSchema.optional(),
  runtimeHandler: RuntimeHandlerSchema.nullable().optional(),
  cri: CriSettingsSchema.optional(),
  /**
   * The image's unpacked rootfs (absolute), where `withUser` and `withAdditionalGIDs` read `etc/passwd` and
   * `etc/group` (containerd reads the container's snapshot); the spec keeps `root.path` `rootfs`.
   */
  rootfs: z.string().optional(),
  /** Capabilities `ALL` means (containerd: the daemon's current ones); default the process's CapEff. */
  allCaps: strings,
});
export type ContainerSpecInput = z.input<typeof ContainerSpecInputSchema>;
export type ParsedContainerSpecInput = z.output<typeof ContainerSpecInputSchema>;

/** What `sandboxSpec` reads: RunPodSandbox's config, the pause image's config and the network namespace. */
export const SandboxSpecInputSchema = z.looseObject({
  platform: z.string().optional(),
  /** The sandbox id; default `sandbox`. */
  id: z.string().optional(),
  /** The network namespace path. */
  netnsPath: z.string().optional(),
  config: PodSandboxConfigSchema,
  imageConfig: ImageConfigSchema.nullable().optional(),
  runtime: RuntimeSettingsSchema.optional(),
  cri: CriSettingsSchema.optional(),
  /** The pause image's unpacked rootfs (absolute), for `withUser` (see `ContainerSpecInput.rootfs`). */
  rootfs: z.string().optional(),
});
export type SandboxSpecInput = z.input<typeof SandboxSpecInputSchema>;
export type ParsedSandboxSpecInput = z.output<typeof SandboxSpecInputSchema>;
