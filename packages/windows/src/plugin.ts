/** The windows plugin: the Windows default spec, the windows options and the windows part of core options. */
import type { Plugin } from '@ocispec/core';
import { windowsDefaultSpec } from './default-spec.js';
import { withImageConfigArgsWindows } from './image-config.js';
import { windowsOptions } from './options.js';

/**
 * The `windows` plugin: taps `hooks.defaultSpec.for('windows')` with containerd's Windows default, registers the
 * windows options (`withWindowsCPUCount`, `withWindowsDevice`, `withProcessCommandLine`, …) and provides the
 * windows part of `withImageConfigArgs` (argument escaping, `ArgsEscaped`).
 */
export function windowsPlugin(): Plugin {
  return {
    name: 'windows',
    apply(pipeline) {
      pipeline.hooks.defaultSpec.for('windows').tap('windows', () => windowsDefaultSpec());
      for (const definition of windowsOptions) pipeline.registerOpt(definition);
      pipeline.provideOptionPart('withImageConfigArgs', 'windows', withImageConfigArgsWindows);
    },
  };
}
