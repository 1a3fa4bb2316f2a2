/** @ocispec/core: the runtime-spec model, lossless JSON, options, and the composition pipeline. */
export * from './compose.js';
export * from './context.js';
export { corePlugin } from './core-plugin.js';
export * from './define.js';
export * from './diff.js';
export type { Frozen, FrozenSpec, SpecDraft } from './engine.js';
export { createSpecDraft, finishSpecDraft, freezeJson } from './engine.js';
export * from './errors.js';
export { cleanPath, goQuote, joinPath } from './go-format.js';
export * from './hooks.js';
export * from './host.js';
export { namespaceRequired, validateIdentifier } from './identifiers.js';
export * from './json/index.js';
export * from './model/index.js';
export * from './option-args.js';
export type { OptCall, OptionTypesOf } from './option-types.js';
export * from './options/index.js';
export * from './pipeline.js';
export * from './pipeline-file.js';
export * from './platform.js';
export * from './plugin.js';
export * from './registry.js';
export * from './report.js';
export * from './sections.js';
export * from './spec-file.js';
export * from './trace.js';
export * from './zod-issues.js';

import type { CoreOptionTypes } from './option-types.js';

/**
 * Every registered option's parameters, by name (`{ withHostname: [name: string]; ... }`), from which `OptCall` is
 * derived. Each package adds its options (`declare module '@ocispec/core' { interface OptionTypes extends
 * OptionTypesOf<typeof myOptions> {} }`); declared here, in the entry module, so that those augmentations merge.
 */
export interface OptionTypes extends CoreOptionTypes {}
