/**
 * @ocispec/testing: a test kit for ocispec plugin authors, for any test runner (vitest, jest, `node:test`): it
 * depends on none and throws node's `assert.AssertionError`.
 *
 * - a fake host ({@link fakeHost}): capabilities, `/dev` entries, rootfs files with `etc/passwd` and `etc/group`;
 * - composing in tests ({@link composeWith}, {@link testPipeline}, {@link expectComposeError});
 * - assertions by JSON pointer ({@link expectAt}, {@link expectAbsent}, {@link expectOnlyChanged}, findings);
 * - the plugin contract in one line ({@link checkPluginContract}) and each of its checks.
 */

export type { JsonSchemaNode } from './arbitrary.js';
export { anyJson, arbitraryFromJsonSchema, argumentsArbitrary } from './arbitrary.js';
export { cloneJson } from './assertion.js';
export type { ErrorMatch, TestInput, TestPipelineOptions } from './compose.js';
export { composeWith, expectComposeError, expectOcispecError, testPipeline } from './compose.js';
export type { Call, ContractOptions, ContractSummary } from './contract.js';
export {
  checkArgumentSchemas,
  checkDeterministic,
  checkIdempotent,
  checkNeverMutatesBase,
  checkPluginContract,
  checkSparseSpecs,
  pluginOptions,
  rawErrorOf,
  sampleCalls,
} from './contract.js';
export type { FakeCall, FakeNode, FakeNodeKind } from './fake-fs.js';
export { errnoError, FakeFS, makedev } from './fake-fs.js';
export type { DeviceOptions, FakeHost, NodeOptions, RootfsContents } from './host.js';
export { FakeHostBuilder, fakeHost } from './host.js';
export type { GroupEntry, PasswdEntry } from './passwd.js';
export { groupText, passwdText } from './passwd.js';
export type { FindingMatch, SpecLike } from './pointer.js';
export {
  expectAbsent,
  expectAt,
  expectFinding,
  expectNoFindings,
  expectOnlyChanged,
  pointerOf,
  pointerTokens,
  valueAt,
} from './pointer.js';
export { populatedSpec, sparseSpecs } from './specs.js';
