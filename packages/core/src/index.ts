/** @ocispec/core: the runtime-spec model, lossless JSON, options, and the composition pipeline. */
export * from './compose.js';
export * from './context.js';
export { corePlugin } from './core-plugin.js';
export { closestName, didYouMean } from './did-you-mean.js';
export * from './diff.js';
export type { SpecDraft, WritableNode } from './draft.js';
export {
  createSpecDraft,
  draftChild,
  finishSpecDraft,
  freezeJson,
  isSpecDraft,
  writableAt,
  writableChild,
  writableNode,
} from './draft.js';
export * from './errors.js';
export * from './files/index.js';
export { cleanPath, goJsonKindName, goQuote, joinPath } from './go-format.js';
export * from './hooks.js';
export * from './host.js';
export { namespaceRequired, validateIdentifier } from './identifiers.js';
export * from './json/index.js';
export * from './model/index.js';
export * from './options/index.js';
export * from './pipeline.js';
export * from './pipeline-base.js';
export * from './pipeline-file.js';
export * from './pipeline-text.js';
export * from './platform.js';
export * from './plugin.js';
export * from './registry.js';
export * from './report.js';
export * from './sections.js';
export {
  acceptDecodedSpec,
  DecodedJson,
  type DecodedSpec,
  type DecodeSpecOptions,
  decodeSeccompProfile,
  decodeSpec,
} from './spec-decode.js';
export * from './spec-file.js';
export * from './trace.js';
export * from './zod-issues.js';
