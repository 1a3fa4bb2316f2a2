/**
 * An in-memory host for host-specific checks: files by path, stats by path (the same for stat and lstat), symlink
 * targets, and what realpath resolves.
 */
import type { HostAccess, HostFS, HostStat } from '@ocispec/core';

export type Kind = 'dir' | 'file' | 'char' | 'block' | 'link';

export function stat(kind: Kind, extra: Partial<HostStat> = {}): HostStat {
  return {
    mode: kind === 'file' ? 0o100755 : 0o40755,
    uid: 0,
    gid: 0,
    rdev: 0,
    size: 0,
    isFile: () => kind === 'file',
    isDirectory: () => kind === 'dir',
    isSymbolicLink: () => kind === 'link',
    isCharacterDevice: () => kind === 'char',
    isBlockDevice: () => kind === 'block',
    isFIFO: () => false,
    isSocket: () => false,
    ...extra,
  };
}

export function fakeHost(
  files: Record<string, string>,
  stats: Record<string, HostStat>,
  links: Record<string, string> = {},
  realpaths: Record<string, string> = {},
): HostAccess {
  const enoent = (p: string) => Object.assign(new Error(`ENOENT ${p}`), { code: 'ENOENT' });
  const look = (p: string): HostStat => {
    const s = stats[p];
    if (s === undefined) throw enoent(p);
    return s;
  };
  const fs: HostFS = {
    readFile: (p) => {
      const text = files[p];
      if (text === undefined) throw enoent(p);
      return new TextEncoder().encode(text);
    },
    lstat: look,
    stat: look,
    readdir: () => [],
    readlink: (p) => {
      const target = links[p];
      if (target === undefined) throw enoent(p);
      return target;
    },
    realpath: (p) => realpaths[p] ?? p,
  };
  return { fs, runningInUserNS: () => false };
}
