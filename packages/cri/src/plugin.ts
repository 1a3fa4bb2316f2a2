import type { OptionTypesOf, Plugin } from '@ocispec/core';
import type { CriHostFacts } from './host.js';
import { criHostOptionDefinitions, criLinuxOptionDefinitions } from './opts.js';
import { criWindowsOptionDefinitions } from './windows-opts.js';

export interface CriPluginOptions {
  /** Host facts for the host-reading options; default: derived from each composition's host. */
  readonly host?: CriHostFacts | undefined;
}

/**
 * The cri plugin: registers containerd CRI's spec options under `cri.<name>` (`cri.withMounts`,
 * `cri.withResources` …), so JSON pipelines can use them next to the `oci` names without clashing.
 */
export function criPlugin(options: CriPluginOptions = {}): Plugin {
  return {
    name: 'cri',
    apply(pipeline) {
      for (const definition of criLinuxOptionDefinitions) pipeline.registerOpt(definition);
      for (const definition of criHostOptionDefinitions(options.host)) pipeline.registerOpt(definition);
      for (const definition of criWindowsOptionDefinitions(options.host)) pipeline.registerOpt(definition);
    },
  };
}

declare module '@ocispec/core' {
  /** CRI's options' calls (`["cri.withMounts", ...]`), typed `OptCall`s. */
  interface OptionTypes
    extends OptionTypesOf<typeof criLinuxOptionDefinitions>,
      OptionTypesOf<ReturnType<typeof criHostOptionDefinitions>>,
      OptionTypesOf<ReturnType<typeof criWindowsOptionDefinitions>> {}
}
