/**
 * @ocispec/cri: the specs containerd HEAD's CRI plugin gives a Kubernetes container (`CreateContainer`) and a pod's
 * pause container (`RunPodSandbox`), as plans of named steps (data: an id and an option call each) run by ocispec
 * pipelines; the plan-editing functions; the CRI inputs' types and schemas; CRI's own options, in the `cri`
 * namespace and registered by `criPlugin` under their `cri.` names. Failures are core's `OcispecError`s
 * (`BAD_PIPELINE` for what containerd refuses before building, `OPTION_FAILED` naming the step's option).
 */
export {
  type CriBuildOptions,
  type CriComposition,
  type CriCompositionPlan,
  criPipeline,
} from './build.js';
export {
  CONTAINER_PLATFORM_STEPS,
  containerSpec,
  containerSpecPlan,
  containerSpecSteps,
  parseContainerSpecInput,
} from './container/index.js';
export {
  type CriHostFacts,
  criHostFromFS,
  fakeCriHost,
  type MountInfo,
  withCriHostFacts,
} from './host.js';
export {
  type ContainerSpecInput,
  ContainerSpecInputSchema,
  type CriSettings,
  CriSettingsSchema,
  type ParsedContainerSpecInput,
  type ParsedSandboxSpecInput,
  type RuntimeSettings,
  RuntimeSettingsSchema,
  type SandboxSpecInput,
  SandboxSpecInputSchema,
} from './inputs.js';
/** The zod schemas behind the CRI message types (for their types only: `containerSpec` parses its input). */
export type {
  CapabilitySchema,
  CDIDeviceSchema,
  DeviceSchema,
  IDMappingSchema,
  LinuxContainerResourcesSchema,
  LinuxContainerSecurityContextSchema,
  NamespaceModeSchema,
  NamespaceOptionSchema,
  SELinuxOptionSchema,
  SecurityProfileSchema,
  UserNamespaceSchema,
  WindowsContainerResourcesSchema,
} from './messages.js';
export {
  type Capability,
  type CDIDevice,
  type ContainerConfig,
  ContainerConfigSchema,
  type CriDevice,
  type CriMount,
  CriMountSchema,
  type IDMapping,
  type LinuxContainerResources,
  type LinuxContainerSecurityContext,
  type NamespaceMode,
  type NamespaceOption,
  type ParsedContainerConfig,
  type ParsedCriMount,
  type ParsedPodSandboxConfig,
  type PodSandboxConfig,
  PodSandboxConfigSchema,
  type RuntimeHandler,
  RuntimeHandlerSchema,
  type SELinuxOption,
  type SecurityProfile,
  type UserNamespace,
  type WindowsContainerResources,
} from './messages.js';
export * as cri from './options/index.js';
export {
  type CriStep,
  insertAfter,
  insertBefore,
  type ResolvedStep,
  removeStep,
  replaceStep,
  type Stepped,
  stepIdOf,
} from './plan.js';
export { type CriOption, criOptions, criPlugin } from './plugin.js';
export {
  parseSandboxSpecInput,
  sandboxSpec,
  sandboxSpecPlan,
  sandboxSpecSteps,
} from './sandbox/index.js';
