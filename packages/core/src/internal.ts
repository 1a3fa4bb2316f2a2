/**
 * `@ocispec/core/internal`: what the `@ocispec/*` packages share beyond the public API, for their use only. Not a
 * public API: it follows the packages' needs and changes without notice (docs/architecture.md, "Entry points").
 */

export { markBuiltinOpts } from './builtin-opts.js';
export { optName, runOpts } from './compose.js';
export { isOptDefinition } from './define.js';
export { closestName, didYouMean } from './did-you-mean.js';
export { KEYED_LISTS, keyedListAt } from './diff.js';
export type { DiffOptions, DiffSite, DiffVisitor, KeyOf } from './diff-engine.js';
export { diffJson, sameScalar } from './diff-engine.js';
export { createSpecDraft, discardSpecDraft, finishSpecDraft, freezeJson } from './engine.js';
export { missingSection, optionFailed, pluginFailed } from './errors.js';
export type { InRootFile } from './files/index.js';
export {
  checkBytes,
  DEFAULT_MAX_INPUT_BYTES,
  fileKind,
  InputTooLargeError,
  InRootError,
  NotRegularFileError,
  namedFilesFS,
  OutsideFilesRootError,
  openBeneath,
  openInRoot,
  openPath,
  READ_FLAGS,
  readFileBeneath,
  readNamedFile,
  readRegularFile,
  readStreamBounded,
  resolveInRootPath,
  splitPathComponents,
} from './files/index.js';
export { cleanPath, goJsonKindName, goQuote, joinPath } from './go-format.js';
export { createHooks } from './hooks.js';
export { detectUserNS, errnoText, goErrorText, markOwnHost, nodeHostFS } from './host.js';
export { namespaceRequired, validateIdentifier } from './identifiers.js';
export {
  compareUtf8,
  DEFAULT_MAX_DEPTH,
  isJsonObject,
  MAX_PRINT_DEPTH,
  quoteJsonString,
} from './json/index.js';
export type { FieldMeta } from './model/fields.js';
export type { GoField, GoIntType, GoStructType, GoType } from './model/go-type.js';
export { specGoType } from './model/go-type.js';
export {
  escapePointerToken,
  fieldRegistry,
  findUnknownFields,
  layoutOf,
  specLayout,
  toPointer,
  zeroOf,
} from './model/index.js';
export type * from './model/layout.js';
export type { ArgsSite } from './option-args.js';
export { argsJsonSchema, jsonProblem, parseArgs } from './option-args.js';
export { cloneJson, frozenCopy } from './options/draft-values.js';
export { scanLines } from './options/env.js';
export { defaultUnixEnv, replaceOrAppendEnvValues } from './options/env-merge.js';
export { escapeAndCombineArgs, escapeArg } from './options/escape-arg.js';
export { hostFileErrorText } from './options/host-files.js';
export { imageConfigOf } from './options/image-config.js';
export { normalizeInt, toInt64, toUint64 } from './options/integers.js';
export { RUNTIME_SPEC_VERSION } from './options/spec-source.js';
export { loadPlugin, resolveModule } from './pipeline-file.js';
export { parsePipelineText, pipelineFormatOf } from './pipeline-text.js';
export { hostPlatformDefaults, normalizeArch } from './platform.js';
export { OptRegistry } from './registry.js';
export { acceptDecodedSpec, DecodedJson } from './spec-decode.js';
export { DEFAULT_MAX_SPEC_BYTES, jsonTypeOf, readFileChecked } from './spec-file.js';
export { TRACE_STAGE } from './trace.js';
export type { Problem } from './zod-issues.js';
export { describeIssue, firstProblem } from './zod-issues.js';
