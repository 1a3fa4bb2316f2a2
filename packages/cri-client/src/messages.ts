/**
 * The CRI v1 messages of the calls the client makes. Requests take @ocispec/cri's input types, so the CRI config
 * that predicts a spec (`containerSpec({ config, sandboxConfig })`) is the one sent to the runtime. Responses are
 * complete: every field present (its zero value when the runtime sent none), enums by name, int64 as decimal
 * strings, bytes as Buffers.
 */
import type { ContainerConfig, PodSandboxConfig } from '@ocispec/cri';

/** An int64 in a request: a safe integer, a bigint or a decimal string. */
export type Int64 = number | bigint | string;

// ---- Requests

export interface VersionRequest {
  version?: string;
}
export interface StatusRequest {
  verbose?: boolean;
}
export interface RunPodSandboxRequest {
  config: PodSandboxConfig;
  /** The runtime handler (`[plugins.cri.containerd.runtimes.<name>]`); `""` is the default runtime. */
  runtimeHandler?: string;
}
export interface PodSandboxIdRequest {
  podSandboxId: string;
}
export interface PodSandboxStatusRequest extends PodSandboxIdRequest {
  /** Ask for the runtime's `info` map (containerd: the sandbox's spec, pid, config …). */
  verbose?: boolean;
}
export interface ListPodSandboxRequest {
  filter?: {
    id?: string;
    state?: { state: PodSandboxState | number };
    labelSelector?: Record<string, string>;
  };
}
export interface CreateContainerRequest {
  podSandboxId: string;
  config: ContainerConfig;
  sandboxConfig?: PodSandboxConfig;
}
export interface ContainerIdRequest {
  containerId: string;
}
export interface StopContainerRequest extends ContainerIdRequest {
  /** Seconds to wait after the stop signal before killing; 0 kills at once. */
  timeout?: Int64;
}
export interface ContainerStatusRequest extends ContainerIdRequest {
  /** Ask for the runtime's `info` map (containerd: the container's spec, pid, snapshot …). */
  verbose?: boolean;
}
export interface ListContainersRequest {
  filter?: {
    id?: string;
    state?: { state: ContainerState | number };
    podSandboxId?: string;
    labelSelector?: Record<string, string>;
  };
}
export interface ExecSyncRequest {
  containerId: string;
  cmd: string[];
  /** Seconds; 0 waits without limit. */
  timeout?: Int64;
}
export interface ImageSpecInput {
  image: string;
  annotations?: Record<string, string>;
  userSpecifiedImage?: string;
  runtimeHandler?: string;
  imageRef?: string;
}
export interface ListImagesRequest {
  filter?: { image?: ImageSpecInput };
}
export interface ImageStatusRequest {
  image: ImageSpecInput;
  verbose?: boolean;
}

// ---- Responses

export type PodSandboxState = 'SANDBOX_READY' | 'SANDBOX_NOTREADY';
export type ContainerState =
  | 'CONTAINER_CREATED'
  | 'CONTAINER_RUNNING'
  | 'CONTAINER_EXITED'
  | 'CONTAINER_UNKNOWN';
export type NamespaceMode = 'POD' | 'CONTAINER' | 'NODE' | 'TARGET';
export type MountPropagation =
  | 'PROPAGATION_PRIVATE'
  | 'PROPAGATION_HOST_TO_CONTAINER'
  | 'PROPAGATION_BIDIRECTIONAL';

export interface VersionResponse {
  version: string;
  runtimeName: string;
  runtimeVersion: string;
  runtimeApiVersion: string;
}

export interface RuntimeCondition {
  type: string;
  status: boolean;
  reason: string;
  message: string;
}
export interface RuntimeHandlerInfo {
  name: string;
  features: { recursiveReadOnlyMounts: boolean; userNamespaces: boolean } | null;
}
export interface StatusResponse {
  status: { conditions: RuntimeCondition[] } | null;
  info: Record<string, string>;
  runtimeHandlers: RuntimeHandlerInfo[];
  features: { supplementalGroupsPolicy: boolean; userNamespacesHostNetwork: boolean } | null;
}

export interface RunPodSandboxResponse {
  podSandboxId: string;
}
export interface CreateContainerResponse {
  containerId: string;
}
/** StopPodSandbox, RemovePodSandbox, StartContainer, StopContainer, RemoveContainer. */
export type EmptyResponse = Record<string, never>;

export interface PodSandboxMetadata {
  name: string;
  uid: string;
  namespace: string;
  attempt: number;
}
export interface ContainerMetadata {
  name: string;
  attempt: number;
}
export interface IDMapping {
  hostId: number;
  containerId: number;
  length: number;
}
export interface NamespaceOption {
  network: NamespaceMode;
  pid: NamespaceMode;
  ipc: NamespaceMode;
  targetId: string;
  usernsOptions: { mode: NamespaceMode; uids: IDMapping[]; gids: IDMapping[] } | null;
}
export interface ImageSpec {
  image: string;
  annotations: Record<string, string>;
  userSpecifiedImage: string;
  runtimeHandler: string;
  imageRef: string;
}
export interface Mount {
  containerPath: string;
  hostPath: string;
  readonly: boolean;
  selinuxRelabel: boolean;
  propagation: MountPropagation;
  uidMappings: IDMapping[];
  gidMappings: IDMapping[];
  recursiveReadOnly: boolean;
  image: ImageSpec | null;
  imageSubPath: string;
}
export interface LinuxContainerResources {
  cpuPeriod: string;
  cpuQuota: string;
  cpuShares: string;
  memoryLimitInBytes: string;
  oomScoreAdj: string;
  cpusetCpus: string;
  cpusetMems: string;
  hugepageLimits: { pageSize: string; limit: string }[];
  unified: Record<string, string>;
  memorySwapLimitInBytes: string;
}
export interface WindowsContainerResources {
  cpuShares: string;
  cpuCount: string;
  cpuMaximum: string;
  memoryLimitInBytes: string;
  rootfsSizeInBytes: string;
  affinityCpus: { cpuMask: string; cpuGroup: number }[];
}

export interface PodSandboxStatus {
  id: string;
  metadata: PodSandboxMetadata | null;
  state: PodSandboxState;
  createdAt: string;
  network: { ip: string; additionalIps: { ip: string }[] } | null;
  linux: { namespaces: { options: NamespaceOption | null } | null } | null;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  runtimeHandler: string;
}
export interface PodSandboxStatusResponse {
  status: PodSandboxStatus | null;
  /** With `verbose`: runtime-specific JSON strings (containerd: `info`, see `containerdSandboxInfo`). */
  info: Record<string, string>;
  containersStatuses: ContainerStatus[];
  timestamp: string;
}
export interface PodSandbox {
  id: string;
  metadata: PodSandboxMetadata | null;
  state: PodSandboxState;
  createdAt: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  runtimeHandler: string;
}
export interface ListPodSandboxResponse {
  items: PodSandbox[];
}

export interface ContainerStatus {
  id: string;
  metadata: ContainerMetadata | null;
  state: ContainerState;
  createdAt: string;
  startedAt: string;
  finishedAt: string;
  exitCode: number;
  image: ImageSpec | null;
  imageRef: string;
  reason: string;
  message: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  mounts: Mount[];
  logPath: string;
  resources: { linux: LinuxContainerResources | null; windows: WindowsContainerResources | null } | null;
  imageId: string;
  user: { linux: { uid: string; gid: string; supplementalGroups: string[] } | null } | null;
}
export interface ContainerStatusResponse {
  status: ContainerStatus | null;
  /** With `verbose`: runtime-specific JSON strings (containerd: `info`, see `containerdContainerInfo`). */
  info: Record<string, string>;
}
export interface Container {
  id: string;
  podSandboxId: string;
  metadata: ContainerMetadata | null;
  image: ImageSpec | null;
  imageRef: string;
  state: ContainerState;
  createdAt: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  imageId: string;
}
export interface ListContainersResponse {
  containers: Container[];
}
export interface ExecSyncResponse {
  stdout: Buffer;
  stderr: Buffer;
  exitCode: number;
}

export interface Image {
  id: string;
  repoTags: string[];
  repoDigests: string[];
  size: string;
  uid: { value: string } | null;
  username: string;
  spec: ImageSpec | null;
  pinned: boolean;
}
export interface ListImagesResponse {
  images: Image[];
}
export interface ImageStatusResponse {
  /** `null` when the runtime has no such image. */
  image: Image | null;
  /** With `verbose`: runtime-specific JSON strings (containerd: `info`, see `containerdImageInfo`). */
  info: Record<string, string>;
}
