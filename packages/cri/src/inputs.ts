/**
 * What the spec builders read besides the CRI messages: the runtime handler's and the CRI plugin's settings of
 * containerd's config, and the inputs of `containerSpec` and `sandboxSpec` (each CRI message in its JSON form,
 * see `messages.ts`). Unknown fields are allowed everywhere.
 */
import { ImageConfigSchema } from '@ocispec/core/schemas';
import { z } from 'zod';
import {
  ContainerConfigSchema,
  CriMountSchema,
  PodSandboxConfigSchema,
  RuntimeHandlerSchema,
  strings,
  uint32,
} from './messages.js';

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
  /** `enable_cdi`: default `true`; `false` refuses a container that requests CDI devices in `cdiDevices`. */
  enableCDI: z.boolean().optional(),
  /**
   * `cdi_spec_dirs`: where CDI spec files are read, lowest priority first; absent or empty: `/etc/cdi`,
   * `/var/run/cdi` (containerd's default).
   */
  cdiSpecDirs: z.array(z.string()).nullable().optional(),
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
