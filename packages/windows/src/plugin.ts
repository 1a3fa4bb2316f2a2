/** The windows plugin: the Windows default spec and the windows options. */
import type { Plugin } from '@ocispec/core';
import { windowsDefaultSpec } from './default-spec.js';
import { windowsOptions } from './options.js';

/**
 * The `windows` plugin: taps `hooks.defaultSpec.for('windows')` with containerd's Windows default and registers the
 * windows options (`withWindowsCPUCount`, `withWindowsDevice`, `withProcessCommandLine`, …). The windows branch of
 * core's `withImageConfigArgs` (argument escaping, `ArgsEscaped`) needs nothing from it.
 */
export function windowsPlugin(): Plugin {
  return {
    name: 'windows',
    apply(pipeline) {
      pipeline.hooks.defaultSpec.for('windows').tap('windows', () => windowsDefaultSpec());
      for (const option of windowsOptions) pipeline.registerOpt(option);
    },
  };
}
