/** Windows devices: containerd CRI's `WithWindowsDevices` (`internal/cri/opts/spec_windows_opts.go`). */
import type { SpecContext, SpecOpt } from '@ocispec/core';
import { defineOpt, SpecOptError } from '@ocispec/core';
import { withWindowsDevice } from '@ocispec/windows';
import { z } from 'zod';
import type { CriDevice } from '../messages.js';
import { ContainerConfigSchema } from '../messages.js';

/** The `IDType://ID` of a CRI windows device (`class/X` means `class://X`); containerd's errors. */
function windowsDeviceId(device: CriDevice): { idType: string; id: string } {
  const containerPath = device.containerPath ?? '';
  const permissions = device.permissions ?? '';
  const original = device.hostPath ?? '';
  if (containerPath !== '')
    throw new SpecOptError(`unexpected ContainerPath ${containerPath}, must be empty`);
  if (permissions !== '') throw new SpecOptError(`unexpected Permissions ${permissions}, must be empty`);
  const hostPath = original.startsWith('class/') ? `class://${original.slice('class/'.length)}` : original;
  const at = hostPath.indexOf('://');
  if (at < 0) throw new SpecOptError(`unrecognised HostPath format ${original}, must match IDType://ID`);
  return { idType: hostPath.slice(0, at), id: hostPath.slice(at + 3) };
}

function addDevice(spec: Parameters<SpecOpt>[0], ctx: SpecContext, device: CriDevice): void {
  const { idType, id } = windowsDeviceId(device);
  try {
    const result = withWindowsDevice(idType, id)(spec, ctx);
    if (result instanceof Promise) throw new TypeError('withWindowsDevice is synchronous');
  } catch (error) {
    throw new SpecOptError(
      `failed adding device with HostPath ${device.hostPath ?? ''}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/**
 * Adds each of the config's CRI devices as a windows device (windows's `withWindowsDevice`). A host path must be
 * `IDType://ID` (`class/X` means `class://X`), with no container path and no permissions; containerd's errors
 * otherwise.
 * containerd: `opts.WithWindowsDevices`
 */
export const withWindowsDevices = defineOpt({
  name: 'cri.withWindowsDevices',
  args: () => z.tuple([ContainerConfigSchema]),
  doc: "Adds each of the config's CRI devices as a windows device (windows's `withWindowsDevice`).",
  containerd: 'opts.WithWindowsDevices',
  apply(spec, ctx, config) {
    for (const device of config.devices ?? []) addDevice(spec, ctx, device);
  },
});
