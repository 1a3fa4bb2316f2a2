/** What the container and sandbox step builders share: their refusals and the annotation steps. */
import { OcispecError } from '@ocispec/core';
import type { CriStep } from '../plan.js';

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

/** The step running `withUser(userstr)` against the image's rootfs (`cri.inRootfs`). */
export function userStep(userstr: string, rootfs: string | undefined): CriStep {
  return { step: 'user', call: ['cri.inRootfs', rootfs ?? null, ['withUser', userstr]] };
}
