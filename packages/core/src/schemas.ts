/**
 * `@ocispec/core/schemas`: the zod schemas of the runtime-spec model (`SpecSchema`, `ProcessSchema`, ...), of the
 * OCI image config the image options read, and of a pipeline file. The types they infer are exported by the main
 * entry.
 */
export * from './model/common.js';
export * from './model/linux.js';
export * from './model/other-platforms.js';
export * from './model/process.js';
export * from './model/resources.js';
export * from './model/seccomp.js';
export * from './model/spec.js';
export * from './model/windows.js';
export { ImageConfigSchema, OCIImageSchema } from './options/image-config.js';
export { BaseModeSchema, InlineBaseSchema, PipelineBaseSchema } from './pipeline-base.js';
export { PipelineDefinitionSchema } from './pipeline-file.js';
export { PipelineSettingsSchema } from './pipeline-settings.js';
