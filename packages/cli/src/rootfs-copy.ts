/**
 * `bundle --rootfs-mode copy|link`: recreates a rootfs tree in the bundle through descriptors (core's `openPath`
 * handles), so that nothing in the source is followed out of it and nothing planted in the destination is written
 * through: every source entry is looked at (`O_PATH`, no follow) and copied from that same file; directories are
 * created `0700` (nobody else can plant anything in them while the copy runs) and get their own mode last; a
 * source directory that is the destination itself (an OUT inside the rootfs, through any path or mount) stops the
 * copy instead of recursing into it.
 */
import * as fs from 'node:fs';
import type { HostPathHandle, HostStat } from '@ocispec/core';
import { OcispecError } from '@ocispec/core';
import { nodeHostFS, openPath } from '@ocispec/core/internal';
import { inDir } from './safe-write.js';

/** How files are recreated: copied, or hard-linked (same filesystem only). */
export type MirrorMode = 'copy' | 'link';

function sameFile(a: HostStat, b: HostStat): boolean {
  return a.dev === b.dev && a.ino === b.ino;
}

/**
 * Keeps the owner when running as root (as `cp -a` does); a non-root copy is owned by its user. `path` names the
 * entry itself (a link is changed, not followed), or with `handle` a directory handle's own path.
 */
function chownIfRoot(path: string, stat: HostStat, handle = false): void {
  if (process.getuid?.() !== 0) return;
  if (handle) fs.chownSync(path, stat.uid, stat.gid);
  else fs.lchownSync(path, stat.uid, stat.gid);
}

/** The recursion of {@link mirrorRootfs}: `src` and `dst` are open directories; `guard` is the destination root. */
class Mirror {
  readonly #mode: MirrorMode;
  readonly #guard: HostStat;
  readonly #source: string;

  constructor(mode: MirrorMode, guard: HostStat, source: string) {
    this.#mode = mode;
    this.#guard = guard;
    this.#source = source;
  }

  directory(src: HostPathHandle, dst: HostPathHandle, where: string): void {
    for (const name of fs.readdirSync(src.at).sort()) this.#entry(src, dst, name, `${where}/${name}`);
  }

  #entry(src: HostPathHandle, dst: HostPathHandle, name: string, where: string): void {
    const from = openPath(nodeHostFS, inDir(src, name), { noFollow: true });
    try {
      const stat = from.stat();
      const to = inDir(dst, name);
      if (stat.isDirectory()) this.#directory(from, stat, to, where);
      else if (stat.isSymbolicLink()) {
        fs.symlinkSync(fs.readlinkSync(inDir(src, name)), to);
        chownIfRoot(to, stat);
      } else if (stat.isFile()) this.#file(src, name, from, stat, to, where);
      else {
        throw new OcispecError(
          'FILE_ERROR',
          `bundle: cannot ${this.#mode} special file ${this.#source}${where} (device, FIFO or socket); use --rootfs-mode reference`,
          { file: where },
        );
      }
    } finally {
      from.close();
    }
  }

  #directory(from: HostPathHandle, stat: HostStat, to: string, where: string): void {
    if (sameFile(stat, this.#guard)) {
      throw new OcispecError(
        'FILE_ERROR',
        `bundle: the bundle's rootfs is inside the rootfs (at ${this.#source}${where}); copying it into itself would never end`,
        { file: where },
      );
    }
    fs.mkdirSync(to, 0o700);
    const created = openPath(nodeHostFS, to, { noFollow: true });
    try {
      this.directory(from, created, where);
      chownIfRoot(created.at, stat, true);
      fs.chmodSync(created.at, stat.mode & 0o7777);
    } finally {
      created.close();
    }
  }

  #file(
    src: HostPathHandle,
    name: string,
    from: HostPathHandle,
    stat: HostStat,
    to: string,
    where: string,
  ): void {
    if (this.#mode === 'link') {
      try {
        fs.linkSync(inDir(src, name), to);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EXDEV') {
          throw new OcispecError(
            'FILE_ERROR',
            `bundle: cannot hard-link ${this.#source}${where}: another filesystem; use --rootfs-mode copy or reference`,
            { file: where, cause: error },
          );
        }
        throw error;
      }
      return;
    }
    // From the file looked at (its descriptor), to a new file only: COPYFILE_EXCL never opens an existing name.
    fs.copyFileSync(from.at, to, fs.constants.COPYFILE_EXCL);
    chownIfRoot(to, stat); // before chmod: chown clears the setuid and setgid bits
    fs.chmodSync(to, stat.mode & 0o7777);
  }
}

/**
 * Recreates the tree of the open directory `source` (whose path is `sourcePath`, for messages) in the open, empty
 * directory `destination`: directories with their mode and owner, symlinks as they are (never followed), regular
 * files copied or hard-linked. Device nodes, FIFOs and sockets cannot be copied; a destination inside the source
 * is refused when the copy reaches it. The destination's own mode and owner become the source's.
 */
export function mirrorRootfs(
  source: HostPathHandle,
  sourcePath: string,
  destination: HostPathHandle,
  mode: MirrorMode,
): void {
  const guard = destination.stat();
  const stat = source.stat();
  if (sameFile(stat, guard)) {
    throw new OcispecError('FILE_ERROR', `bundle: the rootfs ${sourcePath} is the bundle's own rootfs`, {
      file: sourcePath,
    });
  }
  new Mirror(mode, guard, sourcePath).directory(source, destination, '');
  chownIfRoot(destination.at, stat, true);
  fs.chmodSync(destination.at, stat.mode & 0o7777);
}
