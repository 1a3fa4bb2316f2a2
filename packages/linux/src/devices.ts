/**
 * `linux.devices` (device nodes created in the container) and the matching `linux.resources.devices` rules, read
 * from host device nodes through `ctx.host.fs` (containerd's `DeviceFromPath`, `getDevices`, `HostDevices`).
 */
import type {
  HostDirent,
  HostStat,
  LinuxDevice,
  LinuxDeviceCgroup,
  Spec,
  SpecContext,
  SpecDraft,
} from '@ocispec/core';
import {
  appendTo,
  defineOpt,
  ensureLinux,
  ensureLinuxResources,
  requireSection,
  SpecOptError,
} from '@ocispec/core';
import { cleanPath, compareUtf8, errnoText, goErrorText, goQuote, joinPath } from '@ocispec/core/internal';
import { LinuxDeviceSchema } from '@ocispec/core/schemas';
import { z } from 'zod';

/** containerd's `ErrNotADevice` text. */
export const ErrNotADevice = 'not a device node';

/**
 * The path is not a block, character or FIFO device node (containerd's `ErrNotADevice`, also when wrapped as
 * `get device path: "<p>" containerPath: "<cp>" error: not a device node`): test with `instanceof`.
 */
export class NotADeviceError extends SpecOptError {
  constructor(message: string = ErrNotADevice) {
    super(message);
  }
}

/** A host error carrying Node's errno code (`ENOENT`, `EPERM` …) of its cause, for Go's `errors.Is` checks. */
export class HostPathError extends SpecOptError {
  readonly code: string | undefined;
  constructor(message: string, cause: unknown) {
    super(message, { cause });
    this.code = errnoCode(cause);
  }
}

/** The errno code of an error or of the first error in its `cause` chain that has one. */
function errnoCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 16 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Go's `errors.Is(err, os.ErrPermission)`: EPERM or EACCES, wrapped or not. */
function isPermission(error: unknown): boolean {
  const code = errnoCode(error);
  return code === 'EPERM' || code === 'EACCES';
}

/** Go's `os.IsNotExist` (no unwrapping beyond the errno). */
function isNotExist(error: unknown): boolean {
  return errnoCode(error) === 'ENOENT';
}

const DEVICE_TYPE_BLOCK = 'b';
const DEVICE_TYPE_CHAR = 'c';
const DEVICE_TYPE_FIFO = 'p';
/** Permission bits plus setuid, setgid and sticky: the mode with the `S_IFMT` type bits stripped. */
const MODE_BITS = 0o7777;

/** The device major number of a Linux `dev_t` (glibc's encoding, as `unix.Major`). */
export function deviceMajor(rdev: number | bigint): number {
  const dev = BigInt.asUintN(64, BigInt(rdev));
  return Number(((dev & 0x00000000000fff00n) >> 8n) | ((dev & 0xfffff00000000000n) >> 32n));
}

/** The device minor number of a Linux `dev_t` (glibc's encoding, as `unix.Minor`). */
export function deviceMinor(rdev: number | bigint): number {
  const dev = BigInt.asUintN(64, BigInt(rdev));
  return Number((dev & 0x00000000000000ffn) | ((dev & 0x00000ffffff00000n) >> 12n));
}

/**
 * The device node at `path` (not following a final symlink: lstat) as a `LinuxDevice`: type `b`, `c` or `p`
 * (FIFOs are accepted), major and minor from `rdev`, `fileMode` = mode without its type bits, `uid`, `gid`.
 * Errors are containerd's: the raw errno text (`no such file or directory`), `not a device node`
 * ({@link NotADeviceError}), and for a windows target `device from path not supported on Windows`.
 * containerd: `oci.DeviceFromPath`
 */
export function deviceFromPath(ctx: SpecContext, path: string): LinuxDevice {
  if (ctx.platform.os === 'windows') throw new SpecOptError('device from path not supported on Windows');
  let stat: HostStat;
  try {
    stat = ctx.host.fs.lstat(path);
  } catch (error) {
    throw new HostPathError(errnoText(error), error);
  }
  let type: string;
  if (stat.isBlockDevice()) type = DEVICE_TYPE_BLOCK;
  else if (stat.isCharacterDevice()) type = DEVICE_TYPE_CHAR;
  else if (stat.isFIFO()) type = DEVICE_TYPE_FIFO;
  else throw new NotADeviceError();
  return {
    path,
    type,
    major: deviceMajor(stat.rdev),
    minor: deviceMinor(stat.rdev),
    fileMode: stat.mode & MODE_BITS,
    uid: stat.uid,
    gid: stat.gid,
  };
}

/** Subdirectories of a device tree that are never scanned. */
const SKIPPED_DIRS = new Set(['pts', 'shm', 'fd', 'mqueue', '.lxc', '.lxd-mounts', '.udev']);

/**
 * The devices at `path`, as containerd's `getDevices`: a non-directory is one device (its path replaced by
 * `containerPath` when set; a non-device is wrapped as `get device path: …`); a directory is scanned in name order,
 * recursing except into `pts`, `shm`, `fd`, `mqueue`, `.lxc`, `.lxd-mounts`, `.udev`, skipping `console`,
 * non-devices (symlinks included), vanished entries and FIFOs, and ignoring permission errors only when running
 * in a user namespace. With `containerPath`, each device's path is `containerPath/<subdirs>/<name>`.
 */
export function getDevices(ctx: SpecContext, path: string, containerPath: string): LinuxDevice[] {
  let isDir: boolean;
  try {
    isDir = ctx.host.fs.stat(path).isDirectory();
  } catch (error) {
    throw new HostPathError(`error stating device path: ${goErrorText('stat', path, error)}`, error);
  }
  if (!isDir) return [singleDevice(ctx, path, containerPath)];
  let entries: HostDirent[];
  try {
    entries = ctx.host.fs.readdir(path).slice();
  } catch (error) {
    throw new HostPathError(goErrorText('open', path, error), error);
  }
  entries.sort((a, b) => compareUtf8(a.name, b.name));
  const out: LinuxDevice[] = [];
  for (const entry of entries) {
    const name = entry.name;
    if (entry.isDirectory()) {
      if (SKIPPED_DIRS.has(name)) continue;
      const cp = containerPath === '' ? '' : joinPath(containerPath, name);
      try {
        out.push(...getDevices(ctx, joinPath(path, name), cp));
      } catch (error) {
        if (isPermission(error) && ctx.host.runningInUserNS()) continue;
        throw error;
      }
      continue;
    }
    if (name === 'console') continue;
    let device: LinuxDevice;
    try {
      device = deviceFromPath(ctx, joinPath(path, name));
    } catch (error) {
      if (error instanceof NotADeviceError || isNotExist(error)) continue;
      if (isPermission(error) && ctx.host.runningInUserNS()) continue;
      throw error;
    }
    if (device.type === DEVICE_TYPE_FIFO) continue;
    if (containerPath !== '') device.path = joinPath(containerPath, name);
    out.push(device);
  }
  return out;
}

function singleDevice(ctx: SpecContext, path: string, containerPath: string): LinuxDevice {
  let device: LinuxDevice;
  try {
    device = deviceFromPath(ctx, path);
  } catch (error) {
    if (error instanceof NotADeviceError) {
      throw new NotADeviceError(
        `get device path: ${goQuote(path)} containerPath: ${goQuote(containerPath)} error: ${ErrNotADevice}`,
      );
    }
    throw error;
  }
  if (containerPath !== '') device.path = containerPath;
  return device;
}

/** Every device node under the host's `/dev` (see `getDevices`). containerd: `oci.HostDevices`. */
export function hostDevices(ctx: SpecContext): LinuxDevice[] {
  return getDevices(ctx, '/dev', '');
}

/**
 * Go's `filepath.EvalSymlinks` on a unix host, through `ctx.host.fs`: resolves every symlink of `path` component
 * by component and returns the cleaned result (relative stays relative). Errors read as Go's:
 * `lstat <p>: no such file or directory`, `not a directory`, `EvalSymlinks: too many links`.
 */
export function evalSymlinks(ctx: SpecContext, input: string): string {
  let path = input;
  const volLen = path.startsWith('/') ? 1 : 0;
  const vol = path.slice(0, volLen);
  let dest = vol;
  let linksWalked = 0;
  let end = volLen;
  for (let start = volLen; start < path.length; start = end) {
    while (start < path.length && path[start] === '/') start++;
    end = start;
    while (end < path.length && path[end] !== '/') end++;
    const component = path.slice(start, end);
    if (component === '') break;
    if (component === '.') continue;
    if (component === '..') {
      const r = dest.lastIndexOf('/');
      if (r < volLen || dest.slice(r + 1) === '..') {
        if (dest.length > volLen) dest += '/';
        dest += '..';
      } else {
        dest = dest.slice(0, r);
      }
      continue;
    }
    if (dest.length > 0 && !dest.endsWith('/')) dest += '/';
    dest += component;
    let stat: HostStat;
    try {
      stat = ctx.host.fs.lstat(dest);
    } catch (error) {
      throw new HostPathError(goErrorText('lstat', dest, error), error);
    }
    if (!stat.isSymbolicLink()) {
      if (!stat.isDirectory() && end < path.length) {
        throw new HostPathError(
          'not a directory',
          Object.assign(new Error('not a directory'), { code: 'ENOTDIR' }),
        );
      }
      continue;
    }
    linksWalked++;
    if (linksWalked > 255) throw new SpecOptError('EvalSymlinks: too many links');
    let link: string;
    try {
      link = ctx.host.fs.readlink(dest);
    } catch (error) {
      throw new HostPathError(goErrorText('readlink', dest, error), error);
    }
    path = link + path.slice(end);
    if (link.startsWith('/')) {
      dest = '/';
      end = 1;
    } else {
      const r = dest.lastIndexOf('/');
      dest = r < volLen ? vol : dest.slice(0, r);
      end = 0;
    }
  }
  return cleanPath(dest);
}

/**
 * Appends the devices to `linux.devices`. No device cgroup rules are added; `null` adds nothing. Creates `linux`.
 * Any OS.
 * containerd: `oci.WithLinuxDevices`
 */
export const withLinuxDevices = defineOpt({
  name: 'withLinuxDevices',
  args: () => z.tuple([z.array(LinuxDeviceSchema).nullable()]),
  doc: 'Appends the devices to `linux.devices`.',
  containerd: 'oci.WithLinuxDevices',
  apply(spec, _ctx, devices) {
    const linux = ensureLinux(spec);
    if (devices != null) appendTo(linux, 'devices', devices);
  },
});

/** The device cgroup rule allowing `device` with `access` (containerd's `specs.LinuxDeviceCgroup{Allow: true, ...}`). */
function allowRule(device: LinuxDevice, access: string): LinuxDeviceCgroup {
  return { allow: true, type: device.type, major: device.major, minor: device.minor, access };
}

/**
 * Creates `linux` and `linux.resources` (before the device is read, as containerd), then appends the host device at
 * `path` to `linux.devices` and its allow rule to `linux.resources.devices`.
 */
function appendDeviceAndRule(
  ctx: SpecContext,
  spec: SpecDraft<Spec>,
  path: string,
  permissions: string,
): void {
  const linux = ensureLinux(spec);
  const resources = ensureLinuxResources(spec)!;
  const device = deviceFromPath(ctx, path);
  appendTo(linux, 'devices', [device]);
  appendTo(resources, 'devices', [allowRule(device, permissions)]);
}

/**
 * Appends the host device node at the path to `linux.devices`, and its allow rule to `linux.resources.devices`. The
 * node is read with lstat (a symlink is `not a device node`; FIFOs are accepted); the rule is
 * `{allow: true, type, major, minor, access: permissions}`. Creates `linux` and `linux.resources`. For a windows
 * target it fails with `device from path not supported on Windows`.
 * containerd: `oci.WithLinuxDevice`
 */
export const withLinuxDevice = defineOpt({
  name: 'withLinuxDevice',
  args: () => z.tuple([z.string(), z.string()]),
  doc: 'Appends the host device node at the path to `linux.devices`, and its allow rule to `linux.resources.devices`.',
  containerd: 'oci.WithLinuxDevice',
  apply(spec, ctx, path, permissions) {
    appendDeviceAndRule(ctx, spec, path, permissions);
  },
});

/**
 * Appends the host device node at the path, its symlinks resolved, as `withLinuxDevice` does. The resolution is Go's
 * `filepath.EvalSymlinks`, whose error is returned as is (`lstat /fake: no such file or directory`); the device keeps
 * the resolved path. Creates `linux` and `linux.resources`. For a windows target it fails with `device from path not
 * supported on Windows`.
 * containerd: `oci.WithLinuxDeviceFollowSymlinks`
 */
export const withLinuxDeviceFollowSymlinks = defineOpt({
  name: 'withLinuxDeviceFollowSymlinks',
  args: () => z.tuple([z.string(), z.string()]),
  doc: 'Appends the host device node at the path, its symlinks resolved, as `withLinuxDevice` does.',
  containerd: 'oci.WithLinuxDeviceFollowSymlinks',
  apply(spec, ctx, path, permissions) {
    ensureLinux(spec);
    ensureLinuxResources(spec);
    // A windows target fails in DeviceFromPath; the windows host's EvalSymlinks before it is not emulated.
    const resolved = ctx.platform.os === 'windows' ? path : evalSymlinks(ctx, path);
    appendDeviceAndRule(ctx, spec, resolved, permissions);
  },
});

/**
 * Appends the host devices at a path to `linux.devices`, each with its allow rule in `linux.resources.devices`. The
 * path is one node or a directory scanned recursively (see `getDevices`), paths moved under the container path
 * when it is set; the rules are `{allow: true, type, major, minor, access: permissions}`. Target OS: windows → no-op;
 * other non-linux (darwin, freebsd …) → devices only, no rules. HEAD writes through `linux` and `linux.resources`
 * without creating them and panics when they are missing: `MISSING_SECTION` (for a linux target only once a device
 * is found; for another unix target always, as its build appends even no devices).
 * containerd: `oci.WithDevices`
 */
export const withDevices = defineOpt({
  name: 'withDevices',
  args: () => z.tuple([z.string(), z.string(), z.string()]),
  doc: 'Appends the host devices at a path to `linux.devices`, each with its allow rule in `linux.resources.devices`.',
  containerd: 'oci.WithDevices',
  apply(spec, ctx, devicePath, containerPath, permissions) {
    const os = ctx.platform.os;
    if (os === 'windows') return;
    const devices = getDevices(ctx, devicePath, containerPath);
    if (os !== 'linux') {
      requireSection(spec, 'linux');
      appendTo(ensureLinux(spec), 'devices', devices);
      return;
    }
    if (devices.length === 0) return;
    requireSection(spec, 'linux');
    requireSection(spec, 'linux', 'resources');
    appendTo(ensureLinux(spec), 'devices', devices);
    const rules = devices.map((d) => allowRule(d, permissions));
    appendTo(ensureLinuxResources(spec)!, 'devices', rules);
  },
});

/**
 * Appends every device node under the host's `/dev` to `linux.devices` (see `getDevices`); no cgroup rules.
 * Creates `linux`. Does nothing for a windows target.
 * containerd: `oci.WithHostDevices`
 */
export const withHostDevices = defineOpt({
  name: 'withHostDevices',
  args: () => z.tuple([]),
  doc: "Appends every device node under the host's `/dev` to `linux.devices` (see `getDevices`); no cgroup rules.",
  containerd: 'oci.WithHostDevices',
  apply(spec, ctx) {
    if (ctx.platform.os === 'windows') return;
    const linux = ensureLinux(spec);
    appendTo(linux, 'devices', hostDevices(ctx));
  },
});

/** The options of this file, in containerd's order. */
export const deviceOptions = [
  withLinuxDevices,
  withLinuxDevice,
  withLinuxDeviceFollowSymlinks,
  withDevices,
  withHostDevices,
] as const;
