/** `windows.devices`: host devices exposed to a Windows (WCOW or LCOW) container. */
import { defineOpt, ensureWindows, peekArray, SpecOptError } from '@ocispec/core';
import { z } from 'zod';

/**
 * Appends `{id, idType}` to `windows.devices` (no dedupe; an empty `id` is allowed). Fails with `missing idType` when
 * the id type is empty; otherwise creates `windows`. Any OS.
 * containerd: `oci.WithWindowsDevice`
 */
export const withWindowsDevice = defineOpt({
  name: 'withWindowsDevice',
  args: () => z.tuple([z.string(), z.string()]),
  doc: 'Appends `{id, idType}` to `windows.devices` (no dedupe; an empty `id` is allowed).',
  containerd: 'oci.WithWindowsDevice',
  apply(spec, _ctx, idType, id) {
    if (idType === '') throw new SpecOptError('missing idType');
    const windows = ensureWindows(spec);
    windows.devices = [...peekArray(windows, 'devices'), { id, idType }];
  },
});
