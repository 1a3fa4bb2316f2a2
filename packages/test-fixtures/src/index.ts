/** @ocispec/test-fixtures: what the packages' test suites share (never published). */
export * from './option-docs.js';
export * from './repo.js';
export * from './schema-vectors.js';
export * from './sparse-specs.js';
export * from './temp-files.js';
