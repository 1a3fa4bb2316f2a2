/** `windows.hyperv` and `windows.ignoreFlushesDuringBoot`: isolation and boot-time storage behaviour. */
import type { SpecOpt } from '@ocispec/core';
import { defineOpt, ensureWindows, ensureWindowsHyperV, specOpt, z } from '@ocispec/core';

/**
 * Creates `windows.hyperv` (`{}`, Hyper-V isolation) if absent; an existing section is kept as it is.
 * Creates `windows`. Any OS: on `{}` it prints `{"windows":{"layerFolders":null,"hyperv":{}}}`.
 * containerd: `oci.WithWindowsHyperV`
 */
export function withWindowsHyperV(): SpecOpt {
  return specOpt('withWindowsHyperV', (spec) => {
    ensureWindowsHyperV(spec);
  });
}

export const withWindowsHyperVDefinition = defineOpt({
  name: 'withWindowsHyperV',
  args: z.tuple([]),
  factory: withWindowsHyperV,
  doc: 'Creates windows.hyperv (Hyper-V isolation) if absent.',
  containerd: 'oci.WithWindowsHyperV',
});

/**
 * Sets `windows.ignoreFlushesDuringBoot`.
 * Creates `windows`. Any OS.
 * containerd: `oci.WithWindowsIgnoreFlushesDuringBoot`
 */
export function withWindowsIgnoreFlushesDuringBoot(): SpecOpt {
  return specOpt('withWindowsIgnoreFlushesDuringBoot', (spec) => {
    ensureWindows(spec).ignoreFlushesDuringBoot = true;
  });
}

export const withWindowsIgnoreFlushesDuringBootDefinition = defineOpt({
  name: 'withWindowsIgnoreFlushesDuringBoot',
  args: z.tuple([]),
  factory: withWindowsIgnoreFlushesDuringBoot,
  doc: 'Sets windows.ignoreFlushesDuringBoot.',
  containerd: 'oci.WithWindowsIgnoreFlushesDuringBoot',
});
