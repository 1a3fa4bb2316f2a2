/**
 * The one atomic, safe write of the CLI (`spec -o` and `--bundle`, `generate -o`, `bundle`'s OUT/config.json).
 * Writing into a directory ocispec does not own (a bundle's OUT) without following anything planted there: files
 * are created exclusively under an unpredictable temporary name and renamed into place (atomic, and a rename
 * replaces a symlink instead of writing through it); trees are removed through descriptors, never by following a
 * symbolic link. Every name is resolved against a handle on its directory (core's `openPath`: `/proc/self/fd/N/name`
 * on Linux), so swapping a directory on the way cannot redirect a write or a removal. See docs/security.md.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { HostPathHandle } from '@ocispec/core';
import { OcispecError } from '@ocispec/core';
import { nodeHostFS, openPath } from '@ocispec/core/internal';

const { O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW } = fs.constants;

/** Create-only, never through a symbolic link (`O_EXCL` also refuses an existing link); libuv adds `O_CLOEXEC`. */
const CREATE_FLAGS = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW;

/** `name` in the directory open as `dir`. */
export function inDir(dir: HostPathHandle, name: string): string {
  return dir.at.endsWith('/') ? `${dir.at}${name}` : `${dir.at}/${name}`;
}

/** Opens a directory handle on `path` (following it: the caller chose the path); fails if it is not a directory. */
export function openDirectory(path: string): HostPathHandle {
  const handle = openPath(nodeHostFS, path);
  if (!handle.stat().isDirectory()) {
    handle.close();
    throw Object.assign(new Error(`${path}: not a directory`), { code: 'ENOTDIR' });
  }
  return handle;
}

/** A temporary name in a directory: `.NAME.<16 random hex>.tmp`, not guessable by anyone planting files there. */
export function temporaryName(name: string): string {
  return `.${name}.${randomBytes(8).toString('hex')}.tmp`;
}

/**
 * Replaces `name` in `dir` with `data`, atomically: the bytes go to a new file created exclusively under a random
 * temporary name (never an existing file or link), are flushed, and the file is renamed over `name` (a link
 * planted at `name` is replaced, never written through). On any failure the temporary file is removed and `name`
 * is as it was.
 */
export function writeFileAtomic(
  dir: HostPathHandle,
  name: string,
  data: string | Uint8Array,
  mode = 0o644,
): void {
  const temporary = inDir(dir, temporaryName(name));
  const fd = fs.openSync(temporary, CREATE_FLAGS, mode);
  try {
    try {
      fs.writeFileSync(fd, data);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temporary, inDir(dir, name));
  } catch (error) {
    unlinkQuietly(temporary);
    throw error;
  }
}

/**
 * {@link writeFileAtomic} of `file` in its directory (opened once, following the path the user gave): `-o FILE`,
 * `--bundle DIR`. A failure is one line naming the file (`cannot write FILE: no such directory`); the file is then
 * as it was and no temporary file is left.
 */
export function writeFileAtomicAt(file: string, text: string): void {
  let dir: HostPathHandle | undefined;
  try {
    dir = openDirectory(path.dirname(file));
    writeFileAtomic(dir, path.basename(file), text);
  } catch (error) {
    throw new OcispecError('FILE_ERROR', `cannot write ${file}: ${writeFailure(error)}`, {
      file,
      cause: error,
    });
  } finally {
    dir?.close();
  }
}

/** Why a write failed, in words (an errno code when there are none). */
function writeFailure(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  if (e.code === 'ENOENT') return 'no such directory';
  if (e.code === 'ENOTDIR') return 'not a directory';
  if (e.code === 'EISDIR') return 'is a directory';
  if (e.code === 'EACCES' || e.code === 'EPERM') return 'permission denied';
  if (e.code === 'ENOSPC') return 'no space left on device';
  if (e.code === 'EROFS') return 'read-only file system';
  return e.code ?? (error instanceof Error ? error.message : String(error));
}

/** `unlink` (never follows a link), ignoring a name already gone. */
function unlinkQuietly(path: string): void {
  try {
    fs.unlinkSync(path);
  } catch {
    // Already gone (or never created): nothing left behind.
  }
}

/**
 * Removes `name` from `dir` and, when it is a directory, everything below it, through descriptors: a directory is
 * opened (without following a link) before it is entered, so a directory swapped for a link during the walk
 * removes the link, never what it points to. A missing `name` is nothing to do.
 */
export function removeTree(dir: HostPathHandle, name: string): void {
  const path = inDir(dir, name);
  let handle: HostPathHandle;
  try {
    handle = openPath(nodeHostFS, path, { noFollow: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  try {
    if (!handle.stat().isDirectory()) {
      fs.unlinkSync(path);
      return;
    }
    for (const entry of fs.readdirSync(handle.at)) removeTree(handle, entry);
  } finally {
    handle.close();
  }
  fs.rmdirSync(path);
}
