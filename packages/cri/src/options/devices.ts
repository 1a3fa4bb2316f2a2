/** Devices: containerd CRI's `WithDevices` (`internal/cri/opts/spec_linux_opts.go`). */
import type { SpecContext, SpecOpt } from '@ocispec/core';
import { defineOpt, ensureLinux, peekArray, SpecOptError } from '@ocispec/core';
import { errnoText } from '@ocispec/core/internal';
import { withDevices as ociWithDevices } from '@ocispec/linux';
import { toUint32 } from '@ocispec/linux/internal';
import { z } from 'zod';
import { criHostOf } from '../host.js';
import type { CriDevice, ParsedContainerConfig } from '../messages.js';
import { ContainerConfigSchema } from '../messages.js';

type Draft = Parameters<SpecOpt>[0];

/** Adds one CRI device through linux's `withDevices` (its host path's symlinks resolved first). */
function addDevice(spec: Draft, ctx: SpecContext, device: CriDevice): void {
  let hostPath: string;
  try {
    hostPath = criHostOf(ctx).resolveSymlink(device.hostPath ?? '');
  } catch (error) {
    throw new SpecOptError(`lstat ${device.hostPath ?? ''}: ${errnoText(error)}`);
  }
  const result = ociWithDevices.apply(
    spec,
    ctx,
    hostPath,
    device.containerPath ?? '',
    device.permissions ?? '',
  );
  if (result instanceof Promise) throw new TypeError('withDevices is synchronous');
}

/** Gives the devices from index `from` on the security context's non-zero `runAsUser`/`runAsGroup`. */
function ownDevices(spec: Draft, config: ParsedContainerConfig, from: number): void {
  const sc = config.linux?.securityContext;
  const uid = toUint32(sc?.runAsUser?.value ?? 0);
  const gid = toUint32(sc?.runAsGroup?.value ?? 0);
  const devices = peekArray(spec.linux?.devices);
  if (devices.length <= from || (uid === 0 && gid === 0)) return;
  const owned = devices
    .slice(from)
    .map((d) => ({ ...d, ...(uid !== 0 ? { uid } : {}), ...(gid !== 0 ? { gid } : {}) }));
  ensureLinux(spec).devices = [...devices.slice(0, from), ...owned];
}

/**
 * Adds the config's CRI devices through linux's `withDevices` (each host path's symlinks resolved first: `lstat
 * <path>: …` when that fails); with `deviceOwnershipFromSecurityContext`, the devices added get the security
 * context's non-zero `runAsUser`/`runAsGroup` as uid/gid. Creates `linux` and `linux.resources`.
 * containerd: `opts.WithDevices`
 */
export const withDevices = defineOpt({
  name: 'cri.withDevices',
  args: () => z.tuple([ContainerConfigSchema, z.boolean()]),
  doc: "Adds the config's CRI devices through linux's `withDevices` (each host path's symlinks resolved first: `lstat <path>: …` when that fails); with `deviceOwnershipFromSecurityContext`, the devices added get the security context's non-zero `runAsUser`/`runAsGroup` as uid/gid.",
  containerd: 'opts.WithDevices',
  apply(spec, ctx, config, deviceOwnershipFromSecurityContext) {
    const linux = ensureLinux(spec);
    if (linux.resources == null) linux.resources = {};
    const before = peekArray(linux, 'devices').length;
    for (const device of config.devices ?? []) addDevice(spec, ctx, device);
    if (deviceOwnershipFromSecurityContext) ownDevices(spec, config, before);
  },
});
