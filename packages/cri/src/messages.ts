/**
 * The Kubernetes CRI v1 messages the spec builders read, in their JSON form (the proto3 JSON mapping: camelCase
 * names, int64 as a number or a decimal string, enums by name or number, absent = zero value). Unknown fields are
 * allowed everywhere. Parsing normalizes int64s to `number` (or `bigint` beyond 2^53) and enums to their names.
 */
import { z } from 'zod';

/** An int64: a JSON number or a decimal string; a `number` when safe, else a `bigint`. */
export const int64 = z
  .union([z.number().int(), z.bigint(), z.string().regex(/^[+-]?\d+$/, 'expected a decimal int64')])
  .transform((v): number | bigint => {
    if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v;
    const n = typeof v === 'number' ? v : Number(v);
    if (Number.isSafeInteger(n)) return n;
    return BigInt(typeof v === 'number' ? Math.trunc(v) : v);
  });
/** A uint32. */
export const uint32 = z.number().int().min(0).max(4294967295);
/** A repeated string (Go's nil slice allowed). */
export const strings = z.array(z.string()).nullable().optional();
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

/** CRI `CDIDevice`: a fully qualified CDI device name (`vendor.com/class=name`). */
export const CDIDeviceSchema = z.looseObject({ name: z.string().optional() });
export type CDIDevice = z.output<typeof CDIDeviceSchema>;

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
  cdiDevices: z.array(CDIDeviceSchema).nullable().optional(),
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
