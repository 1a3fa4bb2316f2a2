/**
 * @ocispec/core: the runtime-spec model, lossless JSON, options, and the composition pipeline.
 *
 * This entry holds what users and plugin authors need. The zod schemas of the model are in `@ocispec/core/schemas`;
 * what the sibling packages share beyond that (Go formatting, host helpers, the registry, the draft engine) is in
 * `@ocispec/core/internal`, which is not a public API (see docs/architecture.md, "Entry points").
 */
import type { CoreOptionTypes } from './option-types.js';

export type { SpecOpt } from './compose.js';
// Composing without a pipeline.
export { applyOpts, applyOptsSync, compose, freezeSpec, replaceSpec, specOpt } from './compose.js';
export type { ContainerInfo, SpecContext, SpecContextInit } from './context.js';
export { createContext } from './context.js';
export { corePlugin } from './core-plugin.js';
export type {
  AnyArgs,
  AnyOptDefinition,
  ArgsOf,
  OptBody,
  OptDefinition,
  OptInit,
  ParamsOf,
} from './define.js';
export { defineOpt } from './define.js';
export type { SpecChange } from './diff.js';
// Diff and provenance.
export { diffSpecs } from './diff.js';
export type { Frozen, FrozenSpec, SpecDraft } from './engine.js';
export type { ErrorCode, ErrorDetails } from './errors.js';
// Errors and reports.
export { isOcispecError, messageOf, OcispecError, SpecOptError } from './errors.js';
export type { PipelineHooks } from './hooks.js';
export type {
  HostAccess,
  HostDirent,
  HostFS,
  HostPathHandle,
  HostStat,
  NamedFilePolicy,
  OpenPathOptions,
  ReadFileOptions,
} from './host.js';
export { nodeHost } from './host.js';
export type {
  DecodeProblem,
  DecodeProblemKind,
  GoDecodeReport,
  JsonAmbiguity,
  JsonAmbiguityKind,
  JsonArray,
  JsonErrorPosition,
  JsonKind,
  JsonLocation,
  JsonObject,
  JsonValue,
  ParseJsonOptions,
  PrintJsonOptions,
} from './json/index.js';
// Lossless JSON and spec files.
export {
  ANY_LAYOUT,
  JsonNumber,
  JsonPrintError,
  JsonSyntaxError,
  parseJson,
  parseJsonBytes,
  printJson,
} from './json/index.js';
// The model (types; the zod schemas are in `@ocispec/core/schemas`).
export type { Hook, Hooks, LinuxIDMapping, Mount, Root } from './model/common.js';
// How printJson lays out Go's JSON (field order, omitempty), for printJson's `layout` argument.
export type {
  AnyLayout,
  ArrayLayout,
  FieldEmit,
  FieldLayout,
  InterfaceLayout,
  Layout,
  ObjectLayout,
  RecordLayout,
  ScalarLayout,
} from './model/layout.js';
export type {
  Linux,
  LinuxDevice,
  LinuxIntelRdt,
  LinuxMemoryPolicy,
  LinuxNamespace,
  LinuxNetDevice,
  LinuxPersonality,
  LinuxTimeOffset,
} from './model/linux.js';
export type { Int64Value } from './model/numbers.js';

// Argument schemas for Go's integer types.
export { goInt, goUint, int32, int64, uint8, uint16, uint32, uint64 } from './model/numbers.js';
export type {
  FreeBSD,
  FreeBSDDevice,
  FreeBSDJail,
  FreeBSDJailAllow,
  HWConfig,
  IOMems,
  Solaris,
  SolarisAnet,
  SolarisCappedCPU,
  SolarisCappedMemory,
  VM,
  VMHypervisor,
  VMImage,
  VMKernel,
  ZOS,
  ZOSNamespace,
} from './model/other-platforms.js';
export type {
  Box,
  CPUAffinity,
  LinuxCapabilities,
  LinuxIOPriority,
  POSIXRlimit,
  Process,
  Scheduler,
  User,
} from './model/process.js';
export type {
  LinuxBlockIO,
  LinuxBlockIODevice,
  LinuxCPU,
  LinuxDeviceCgroup,
  LinuxHugepageLimit,
  LinuxInterfacePriority,
  LinuxMemory,
  LinuxNetwork,
  LinuxPids,
  LinuxRdma,
  LinuxResources,
  LinuxThrottleDevice,
  LinuxWeightDevice,
} from './model/resources.js';
export type { LinuxSeccomp, LinuxSeccompArg, LinuxSyscall } from './model/seccomp.js';
export type { Spec } from './model/spec.js';
export type {
  Windows,
  WindowsCPUGroupAffinity,
  WindowsCPUResources,
  WindowsDevice,
  WindowsHyperV,
  WindowsMemoryResources,
  WindowsNetwork,
  WindowsResources,
  WindowsStorageResources,
} from './model/windows.js';
export type { ArgsSchema, ArgsSite, ArgsTuple, JsonSchema } from './option-args.js';
export type { OptCall, OptionTypesOf } from './option-types.js';
export type { ImageConfig, OCIImage } from './options/image-config.js';
// The options.
export * from './options/index.js';
export type {
  Composition,
  CompositionInput,
  PipelineOptions,
  Plugin,
  PreparedComposition,
  RegisteredOpt,
} from './pipeline.js';
// The pipeline, plugins and options.
export { Pipeline } from './pipeline.js';
export type { BaseMode } from './pipeline-base.js';
export type {
  BaseReference,
  BaseResolver,
  BaseResolverContext,
  BatchResult,
  DefinitionTransform,
  Locate,
  ModuleImporter,
  PipelineDefinition,
  PipelineFile,
  PipelineFileEntry,
  ResolvedBase,
  RunPipelineOptions,
} from './pipeline-file.js';
export { checkPipeline, PipelineRunner, parsePipelineFile } from './pipeline-file.js';
export type { PipelineSettings } from './pipeline-settings.js';
export type { PipelineFormat, PipelineText, TextPosition } from './pipeline-text.js';
export type { Platform, PlatformDefaults } from './platform.js';
// Platforms and the host.
export { formatPlatform, parsePlatform } from './platform.js';
export type { DefinedPlugin, PluginDefinition } from './plugin.js';
export { definePlugin } from './plugin.js';
export type { OptRegistry, ResolvedOpt, UntypedOptCall } from './registry.js';
export type { Finding } from './report.js';
export { formatFinding, ValidationReport } from './report.js';
export type { ElementOf, LinuxValue, ProcessValue, Section, SectionOf, WindowsValue } from './sections.js';
// Editing a draft in an option body.
export {
  appendTo,
  assignEntries,
  current,
  ensureAdditionalGids,
  ensureCapabilities,
  ensureLinux,
  ensureLinuxCPU,
  ensureLinuxMemory,
  ensureLinuxPids,
  ensureLinuxResources,
  ensureProcess,
  ensureRoot,
  ensureUser,
  ensureWindows,
  ensureWindowsCPU,
  ensureWindowsHyperV,
  ensureWindowsMemory,
  ensureWindowsNetwork,
  ensureWindowsResources,
  peekArray,
  requireSection,
  writable,
} from './sections.js';
export type { DecodedJson, DecodedSpec, DecodeSpecOptions } from './spec-decode.js';
// Reading specs as Go does.
export { decodeSeccompProfile, decodeSpec } from './spec-decode.js';
export type { ParsedSpec, PrintSpecOptions, ReadSpecFileOptions, SpecParseOptions } from './spec-file.js';
export { checkSpecValue, parseSpec, printSpec, readSpecFile } from './spec-file.js';
export type {
  FieldProvenance,
  Provenance,
  ProvenanceSource,
  ProvenanceValue,
  RemovedField,
  TracePlugin,
} from './trace.js';
export { formatLeaf, formatSource, specDigest, tracePlugin } from './trace.js';
export { coreVersion } from './version.js';

/**
 * Every registered option's parameters, by name (`{ withHostname: [name: string]; ... }`), from which `OptCall` is
 * derived. Each package adds its options (`declare module '@ocispec/core' { interface OptionTypes extends
 * OptionTypesOf<typeof myOptions> {} }`); declared here, in the entry module, so that those augmentations merge.
 */
export interface OptionTypes extends CoreOptionTypes {}
