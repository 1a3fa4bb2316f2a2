/**
 * Host-specific checks (`hostSpecific: true`): what only the machine that will run the container can say. All
 * reads go through the injected `HostAccess` (`nodeHost` by default), so tests use fakes.
 */
import type { HostAccess } from '@ocispec/core';

import { resolveInRoot } from '@ocispec/linux/internal';
import type { CheckContext, Obj } from '../util.js';
import { arr, emit, int, intEq, isAbs, obj, q, str, strings } from '../util.js';
import { HOOK_KINDS } from './hooks.js';
import { checkHostLinux } from './host-linux.js';
import { lstat, readText, stat } from './host-read.js';
import { CAP_BIT, CAP_SETS } from './process.js';

/** Linux's `major()` / `minor()` of a raw device number. */
export function splitRdev(rdev: number): [number, number] {
  const high = Math.floor(rdev / 2 ** 32);
  const low = rdev >>> 0;
  const major = ((low >>> 8) & 0xfff) | ((high & 0xfffff000) >>> 0);
  const minor = (low & 0xff) | ((low >>> 12) & 0xfff00);
  return [major, minor];
}

function joinRoot(rootfs: string, path: string): string {
  return `${rootfs.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

export interface HostCheckOptions {
  readonly host: HostAccess;
  /** The bundle directory a relative `root.path` is resolved against (default: the working directory). */
  readonly bundle?: string;
}

/** Capabilities the running kernel has (`cap_last_cap`). */
function checkKernelCapabilities(ctx: CheckContext, host: HostAccess, caps: Obj): void {
  const last = Number.parseInt(readText(host, '/proc/sys/kernel/cap_last_cap') ?? '', 10);
  if (!Number.isInteger(last)) return;
  for (const set of CAP_SETS) {
    for (const [name, i] of strings(caps[set])) {
      if ((CAP_BIT.get(name) ?? -1) > last)
        emit(
          ctx,
          'capability-host',
          `/process/capabilities/${set}/${i}`,
          `${name} is not supported by the running kernel (cap_last_cap ${last})`,
        );
    }
  }
}

/** Filesystems the kernel knows (`/proc/filesystems`). */
function checkMountTypes(ctx: CheckContext, host: HostAccess, mounts: readonly unknown[]): void {
  const filesystems = readText(host, '/proc/filesystems');
  if (filesystems === undefined) return;
  const known = new Set(
    filesystems
      .split('\n')
      .map((line) => line.trim().split(/\s+/).pop() ?? '')
      .filter((t) => t !== ''),
  );
  for (let i = 0; i < mounts.length; i++) {
    const type = str(obj(mounts[i])?.type);
    if (type === undefined || type === '' || type === 'bind' || type === 'none') continue;
    const base = type.startsWith('fuse.') ? 'fuse' : type;
    if (!known.has(base))
      emit(ctx, 'mount-type-host', `/mounts/${i}/type`, `${q(type)} is not in /proc/filesystems`);
  }
}

/** The device nodes already in the rootfs: the type and major:minor the spec gives them. */
function checkRootfsDevices(
  ctx: CheckContext,
  host: HostAccess,
  rootfs: string,
  devices: readonly unknown[],
): void {
  for (let i = 0; i < devices.length; i++) {
    const dev = obj(devices[i]);
    const path = dev === undefined ? undefined : str(dev.path);
    if (dev === undefined || path === undefined || !isAbs(path)) continue;
    const slash = path.lastIndexOf('/');
    const parent = inRootfs(host, rootfs, path.slice(0, slash) || '/');
    const st = parent === undefined ? undefined : lstat(host, joinRoot(parent, path.slice(slash + 1)));
    if (st === undefined) continue;
    const type = str(dev.type);
    const actual = st.isCharacterDevice() ? 'c' : st.isBlockDevice() ? 'b' : st.isFIFO() ? 'p' : 'other';
    const expected = type === 'u' ? 'c' : type;
    if (actual !== expected) {
      emit(
        ctx,
        'device-rootfs-mismatch',
        `/linux/devices/${i}`,
        `${path} exists in the rootfs as ${actual === 'other' ? 'a non-device' : `type ${actual}`}, not ${q(type)}`,
      );
      continue;
    }
    if (actual === 'p') continue;
    const [major, minor] = splitRdev(st.rdev);
    const devMajor = int(dev.major);
    const devMinor = int(dev.minor);
    if (
      devMajor === undefined ||
      devMinor === undefined ||
      !intEq(devMajor, major) ||
      !intEq(devMinor, minor)
    ) {
      emit(
        ctx,
        'device-rootfs-mismatch',
        `/linux/devices/${i}`,
        `${path} exists in the rootfs as ${major}:${minor}, not ${q(dev.major)}:${q(dev.minor)}`,
      );
    }
  }
}

/** The host path of `path` inside the rootfs, symlinks resolved with the rootfs as `/` (never out of it). */
function inRootfs(host: HostAccess, rootfs: string, path: string): string | undefined {
  try {
    return joinRoot(rootfs, resolveInRoot({ path: rootfs, fs: host.fs }, path));
  } catch {
    return undefined;
  }
}

/**
 * Hooks must be executable files where they resolve: on the host (the runtime namespace), except startContainer
 * hooks, which resolve in the container (its rootfs, when it is known).
 */
function checkHookExecutables(
  ctx: CheckContext,
  host: HostAccess,
  hooks: Obj,
  rootfs: string | undefined,
): void {
  for (const kind of HOOK_KINDS) {
    const list = arr(hooks[kind]) ?? [];
    const inContainer = kind === 'startContainer';
    if (inContainer && rootfs === undefined) continue;
    for (let i = 0; i < list.length; i++) {
      const path = str(obj(list[i])?.path);
      if (path === undefined || !isAbs(path)) continue;
      const where = inContainer ? inRootfs(host, rootfs as string, path) : path;
      const st = where === undefined ? undefined : stat(host, where);
      if (st === undefined || !st.isFile() || (st.mode & 0o111) === 0)
        emit(
          ctx,
          'hook-executable',
          `/hooks/${kind}/${i}/path`,
          `${path} is not an executable file ${inContainer ? 'in the container rootfs' : 'on this host'}`,
        );
    }
  }
}

export function checkHost(ctx: CheckContext, spec: Obj, options: HostCheckOptions): void {
  const { host } = options;
  const caps = obj(obj(spec.process)?.capabilities);
  if (caps !== undefined) checkKernelCapabilities(ctx, host, caps);
  checkMountTypes(ctx, host, arr(spec.mounts) ?? []);
  const rootPath = str(obj(spec.root)?.path);
  let rootfs: string | undefined;
  if (rootPath !== undefined && rootPath !== '') {
    const path = isAbs(rootPath) ? rootPath : joinRoot(options.bundle ?? '.', rootPath);
    if (stat(host, path)?.isDirectory() !== true)
      emit(ctx, 'root-path-host', '/root/path', `${path} is not a directory`);
    else rootfs = path;
  }
  const linux = obj(spec.linux);
  if (rootfs !== undefined) checkRootfsDevices(ctx, host, rootfs, arr(linux?.devices) ?? []);
  const hooks = obj(spec.hooks);
  if (hooks !== undefined) checkHookExecutables(ctx, host, hooks, rootfs);
  if (linux !== undefined) checkHostLinux(ctx, host, linux);
}
