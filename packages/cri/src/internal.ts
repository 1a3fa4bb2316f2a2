/**
 * Helpers the spec builders (`container.ts`, `sandbox.ts`, `security.ts`) share. Not part of the package's API:
 * `index.ts` does not re-export this module.
 */
import { OcispecError } from '@ocispec/core';
import { withAnnotation } from './opts.js';
import type { CriStep } from './steps.js';
import { criStep } from './steps.js';

/** Throws the `BAD_PIPELINE` error a builder reports for what containerd refuses before building. */
export function fail(message: string): never {
  throw new OcispecError('BAD_PIPELINE', message);
}

/** `compute()`, or a `BAD_PIPELINE` error `<context>: <its message>` when it throws (containerd's wrapping). */
export function orFail<T>(context: string, compute: () => T): T {
  try {
    return compute();
  } catch (error) {
    return fail(`${context}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** One `withAnnotation` step per entry, in order, each with step id `<prefix>:<key>`. */
export function annotationSteps(prefix: string, entries: readonly (readonly [string, string])[]): CriStep[] {
  return entries.map(([k, v]) => criStep(`${prefix}:${k}`, withAnnotation(k, v), [k, v]));
}
