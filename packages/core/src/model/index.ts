/** The runtime-spec v1.3.0 model: zod schemas, inferred types, printing layout and unknown-field detection. */
export * from './common.js';
export type { FieldMeta } from './fields.js';
export { fieldRegistry } from './fields.js';
export type * from './layout.js';
export { layoutOf, specLayout, zeroOf } from './layout-of.js';
export * from './linux.js';
export * from './numbers.js';
export * from './other-platforms.js';
export { escapePointerToken, toPointer } from './pointer.js';
export * from './process.js';
export * from './resources.js';
export * from './seccomp.js';
export * from './spec.js';
export { findUnknownFields } from './unknown.js';
export * from './windows.js';
