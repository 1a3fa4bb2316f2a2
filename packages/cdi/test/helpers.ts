/** Test helpers: spec directories on disk (as the reference's tests make them) and a host with fake device nodes. */
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { HostFS, HostStat } from '@ocispec/core';
import { nodeHostFS } from '@ocispec/core/internal';
import { afterEach } from 'vitest';

const made: string[] = [];

afterEach(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A temporary directory removed after the test, with `files` (`sub/name` → content) written into it. */
export function tempDir(files: Record<string, string> = {}): string {
  const dir = fs.mkdtempSync(path.join(tmpdir(), 'ocispec-cdi-'));
  made.push(dir);
  writeFiles(dir, files);
  return dir;
}

/** Writes files (through a rename, as the reference's tests do); the content `remove` removes the file. */
export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [name, data] of Object.entries(files)) {
    const file = path.join(dir, name);
    if (data === 'remove') {
      fs.rmSync(file, { force: true });
      continue;
    }
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(`${file}.tmp`, data);
    fs.renameSync(`${file}.tmp`, file);
  }
}

/** `etc` and `run` spec directories under a temporary directory, as the reference's `createSpecDirs`. */
export function specDirs(etc?: Record<string, string>, run?: Record<string, string>) {
  const root = tempDir();
  const dirs = { root, etc: path.join(root, 'etc'), run: path.join(root, 'run') };
  if (etc !== undefined) fs.mkdirSync(dirs.etc);
  if (run !== undefined) fs.mkdirSync(dirs.run);
  writeFiles(dirs.etc, etc ?? {});
  writeFiles(dirs.run, run ?? {});
  return { ...dirs, list: [dirs.etc, dirs.run] };
}

/** Updates `etc` and `run` of {@link specDirs} (content `remove` removes a file). */
export function updateSpecDirs(
  dirs: { etc: string; run: string },
  etc: Record<string, string> = {},
  run: Record<string, string> = {},
): void {
  writeFiles(dirs.etc, etc);
  writeFiles(dirs.run, run);
}

/** A fake device node: type, numbers, permission bits. */
export interface FakeDevice {
  readonly type: 'b' | 'c' | 'p' | 'symlink' | 'file';
  readonly major?: number;
  readonly minor?: number;
  readonly mode?: number;
}

const TYPE_BITS = { b: 0o060000, c: 0o020000, p: 0o010000, symlink: 0o120000, file: 0o100000 } as const;

/** Linux's `makedev` (glibc encoding), independent of the code under test. */
export function makedev(major: number, minor: number): number {
  const ma = BigInt(major);
  const mi = BigInt(minor);
  return Number((mi & 0xffn) | ((ma & 0xfffn) << 8n) | ((mi & ~0xffn) << 12n) | ((ma & ~0xfffn) << 32n));
}

/**
 * The real filesystem, except that `lstat` of a path in `devices` returns that fake node and `lstat` of any other
 * path under `/dev` fails with ENOENT (so tests do not depend on the machine's devices). `calls` records the lstat
 * paths.
 */
export function hostWithDevices(devices: Record<string, FakeDevice>): HostFS & { calls: string[] } {
  const calls: string[] = [];
  return {
    ...nodeHostFS,
    calls,
    lstat(p: string): HostStat {
      calls.push(p);
      const device = devices[p];
      if (device === undefined) {
        if (p.startsWith('/dev/')) throw Object.assign(new Error(`ENOENT: lstat '${p}'`), { code: 'ENOENT' });
        return nodeHostFS.lstat(p);
      }
      const mode = TYPE_BITS[device.type] | (device.mode ?? 0o600);
      const is = (bits: number) => () => (mode & 0o170000) === bits;
      return {
        mode,
        uid: 0,
        gid: 0,
        rdev: makedev(device.major ?? 0, device.minor ?? 0),
        size: 0,
        isFile: is(TYPE_BITS.file),
        isDirectory: () => false,
        isSymbolicLink: is(TYPE_BITS.symlink),
        isCharacterDevice: is(TYPE_BITS.c),
        isBlockDevice: is(TYPE_BITS.b),
        isFIFO: is(TYPE_BITS.p),
        isSocket: () => false,
      };
    },
  };
}

/** /dev/null as Linux has it: character device 1:3, mode 0666. */
export const DEV_NULL: FakeDevice = { type: 'c', major: 1, minor: 3, mode: 0o666 };
