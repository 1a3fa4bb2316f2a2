/** `windows.devices`: host devices exposed to a Windows (WCOW or LCOW) container. */
import type { SpecOpt } from '@ocispec/core';
import { defineOpt, ensureWindows, peekArray, SpecOptError, specOpt, z } from '@ocispec/core';

/**
 * Appends `{id, idType}` to `windows.devices` (no dedupe; an empty `id` is allowed).
 * Fails with `missing idType` when `idType` is empty; otherwise creates `windows`. Any OS.
 * containerd: `oci.WithWindowsDevice`
 */
export function withWindowsDevice(idType: string, id: string): SpecOpt {
  return specOpt('withWindowsDevice', (spec) => {
    if (idType === '') throw new SpecOptError('missing idType');
    const windows = ensureWindows(spec);
    windows.devices = [...peekArray(windows, 'devices'), { id, idType }];
  });
}

export const withWindowsDeviceDefinition = defineOpt({
  name: 'withWindowsDevice',
  args: z.tuple([z.string(), z.string()]),
  factory: withWindowsDevice,
  doc: 'Appends {id, idType} to windows.devices (an empty idType is an error).',
  containerd: 'oci.WithWindowsDevice',
});
