/** `windows.hyperv` and `windows.ignoreFlushesDuringBoot`: isolation and boot-time storage behaviour. */
import { defineOpt, ensureWindows, ensureWindowsHyperV } from '@ocispec/core';
import { z } from 'zod';

/**
 * Creates `windows.hyperv` (`{}`, Hyper-V isolation) if absent; an existing section is kept as it is. Creates
 * `windows`. Any OS: on `{}` it prints `{"windows":{"layerFolders":null,"hyperv":{}}}`.
 * containerd: `oci.WithWindowsHyperV`
 */
export const withWindowsHyperV = defineOpt({
  name: 'withWindowsHyperV',
  args: () => z.tuple([]),
  doc: 'Creates `windows.hyperv` (`{}`, Hyper-V isolation) if absent; an existing section is kept as it is.',
  containerd: 'oci.WithWindowsHyperV',
  apply(spec) {
    ensureWindowsHyperV(spec);
  },
});

/**
 * Sets `windows.ignoreFlushesDuringBoot`. Creates `windows`. Any OS.
 * containerd: `oci.WithWindowsIgnoreFlushesDuringBoot`
 */
export const withWindowsIgnoreFlushesDuringBoot = defineOpt({
  name: 'withWindowsIgnoreFlushesDuringBoot',
  args: () => z.tuple([]),
  doc: 'Sets `windows.ignoreFlushesDuringBoot`.',
  containerd: 'oci.WithWindowsIgnoreFlushesDuringBoot',
  apply(spec) {
    ensureWindows(spec).ignoreFlushesDuringBoot = true;
  },
});
