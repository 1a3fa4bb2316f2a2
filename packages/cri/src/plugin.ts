/** The cri plugin and its options' call types. */
import type { AnyOptDefinition, OptionTypesOf } from '@ocispec/core';
import { definePlugin } from '@ocispec/core';
import { markBuiltinOpts } from '@ocispec/core/internal';
import * as cri from './options/index.js';

export type CriOption = (typeof cri)[keyof typeof cri];

/** Every option of the `cri` namespace, in name order: what {@link criPlugin} registers. */
export const criOptions: readonly CriOption[] = Object.freeze(
  Object.values(cri).sort((a: AnyOptDefinition, b: AnyOptDefinition) => (a.name < b.name ? -1 : 1)),
);

// ocispec's own options (core's builtin-opts.ts): a composition of them alone skips the finish's per-property guard.
markBuiltinOpts(criOptions);

/**
 * The cri plugin: registers containerd CRI's own spec options (the `cri` namespace) under their `cri.` names
 * (`cri.withMounts`, `cri.withResources` …), next to the `oci` names of core, linux and windows without shadowing
 * them. Their host facts come from each composition's host: `criPipeline({ host })` or `withCriHostFacts`.
 */
export const criPlugin = definePlugin(() => ({ name: 'cri', options: criOptions }));

declare module '@ocispec/core' {
  /** CRI's options' calls (`["cri.withMounts", ...]`), typed `OptCall`s. */
  interface OptionTypes extends OptionTypesOf<CriOption[]> {}
}
