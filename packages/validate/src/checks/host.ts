/**
 * Host-specific checks (`hostSpecific: true`): what only the machine that will run the container can say. All
 * reads go through the injected `HostAccess` (`nodeHost` by default), so tests use fakes.
 */
import type { HostAccess, HostStat } from '@ocispec/core';
import { knownCapabilities } from '@ocispec/linux';
import type { CheckContext, Obj } from '../util.js';
import { arr, emit, int, intEq, isAbs, obj, q, str, strings } from '../util.js';
import { HOOK_KINDS } from './hooks.js';

const decoder = new TextDecoder();

function readText(host: HostAccess, path: string): string | undefined {
  try {
    return decoder.decode(host.fs.readFile(path));
  } catch {
    return undefined;
  }
}

function lstat(host: HostAccess, path: string): HostStat | undefined {
  try {
    return host.fs.lstat(path);
  } catch {
    return undefined;
  }
}

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

export function checkHost(ctx: CheckContext, spec: Obj, options: HostCheckOptions): void {
  const { host } = options;
  // Capabilities the running kernel has.
  const last = Number.parseInt(readText(host, '/proc/sys/kernel/cap_last_cap') ?? '', 10);
  const caps = obj(obj(spec.process)?.capabilities);
  if (caps !== undefined && Number.isInteger(last)) {
    for (const set of ['bounding', 'effective', 'inheritable', 'permitted', 'ambient'] as const) {
      for (const [name, i] of strings(caps[set])) {
        const bit = knownCapabilities.indexOf(name);
        if (bit > last)
          emit(
            ctx,
            'capability-host',
            `/process/capabilities/${set}/${i}`,
            `${name} is not supported by the running kernel (cap_last_cap ${last})`,
          );
      }
    }
  }
  // Filesystems the kernel knows.
  const filesystems = readText(host, '/proc/filesystems');
  const mounts = arr(spec.mounts) ?? [];
  if (filesystems !== undefined) {
    const known = new Set(
      filesystems
        .split('\n')
        .map((line) => line.trim().split(/\s+/).pop() ?? '')
        .filter((t) => t !== ''),
    );
    for (let i = 0; i < mounts.length; i++) {
      const mount = obj(mounts[i]);
      const type = mount === undefined ? undefined : str(mount.type);
      if (type === undefined || type === '' || type === 'bind' || type === 'none') continue;
      const base = type.startsWith('fuse.') ? 'fuse' : type;
      if (!known.has(base))
        emit(ctx, 'mount-type-host', `/mounts/${i}/type`, `${q(type)} is not in /proc/filesystems`);
    }
  }
  // The rootfs and the device nodes already in it.
  const root = obj(spec.root);
  const rootPath = root === undefined ? undefined : str(root.path);
  if (rootPath !== undefined && rootPath !== '') {
    const rootfs = isAbs(rootPath) ? rootPath : joinRoot(options.bundle ?? '.', rootPath);
    let dir = false;
    try {
      dir = host.fs.stat(rootfs).isDirectory();
    } catch {
      dir = false;
    }
    if (!dir) emit(ctx, 'root-path-host', '/root/path', `${rootfs} is not a directory`);
    else {
      const devices = arr(obj(spec.linux)?.devices) ?? [];
      for (let i = 0; i < devices.length; i++) {
        const dev = obj(devices[i]);
        const path = dev === undefined ? undefined : str(dev.path);
        if (dev === undefined || path === undefined || !isAbs(path)) continue;
        const st = lstat(host, joinRoot(rootfs, path));
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
  }
  // Hooks run on the host: they must be executable files there.
  const hooks = obj(spec.hooks);
  if (hooks !== undefined) {
    for (const kind of HOOK_KINDS) {
      const list = arr(hooks[kind]) ?? [];
      for (let i = 0; i < list.length; i++) {
        const path = str(obj(list[i])?.path);
        if (path === undefined || !isAbs(path)) continue;
        let ok = false;
        try {
          const st = host.fs.stat(path);
          ok = st.isFile() && (st.mode & 0o111) !== 0;
        } catch {
          ok = false;
        }
        if (!ok)
          emit(
            ctx,
            'hook-executable',
            `/hooks/${kind}/${i}/path`,
            `${path} is not an executable file on this host`,
          );
      }
    }
  }
}
