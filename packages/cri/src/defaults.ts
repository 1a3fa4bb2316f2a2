/** containerd CRI's defaults and annotation keys (`internal/cri/annotations`, `internal/cri/config`). */

/** CRI annotation keys (`internal/cri/annotations`). */
export const annotations = {
  ContainerTypeSandbox: 'sandbox',
  ContainerTypeContainer: 'container',
  ContainerType: 'io.kubernetes.cri.container-type',
  SandboxID: 'io.kubernetes.cri.sandbox-id',
  SandboxCPUPeriod: 'io.kubernetes.cri.sandbox-cpu-period',
  SandboxCPUQuota: 'io.kubernetes.cri.sandbox-cpu-quota',
  SandboxCPUShares: 'io.kubernetes.cri.sandbox-cpu-shares',
  SandboxMem: 'io.kubernetes.cri.sandbox-memory',
  SandboxLogDir: 'io.kubernetes.cri.sandbox-log-directory',
  SandboxNamespace: 'io.kubernetes.cri.sandbox-namespace',
  SandboxUID: 'io.kubernetes.cri.sandbox-uid',
  SandboxName: 'io.kubernetes.cri.sandbox-name',
  ContainerName: 'io.kubernetes.cri.container-name',
  ImageName: 'io.kubernetes.cri.image-name',
  SandboxImageName: 'io.kubernetes.cri.podsandbox.image-name',
  WindowsHostProcess: 'microsoft.com/hostprocess-container',
} as const;

/** The containerd namespace CRI works in. */
export const K8S_NAMESPACE = 'k8s.io';
/** Default CRI root and state directories of containerd 2.x (`io.containerd.cri.v1.runtime`'s own dirs). */
export const DEFAULT_ROOT_DIR = '/var/lib/containerd/io.containerd.grpc.v1.cri';
export const DEFAULT_STATE_DIR = '/run/containerd/io.containerd.grpc.v1.cri';
/** Default oom_score_adj of the pause container (kubernetes#47938). */
export const DEFAULT_SANDBOX_OOM_ADJ = -998;
/** The pause image containerd pins by default. */
export const DEFAULT_SANDBOX_IMAGE = 'registry.k8s.io/pause:3.10.1';
