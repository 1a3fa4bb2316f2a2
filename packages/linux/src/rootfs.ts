/**
 * Reading a container's root filesystem the way containerd HEAD's user options do: the rootfs lookup (root path or
 * snapshot), in-root symlink resolution (`resolveInRootFS`, Go's `os.Root`) and the bounded, regular-file-only
 * `openUserFile`. Lookups go through core's `openInRoot`: component by component from a handle on the root, links
 * resolved against the root, the file opened verified inside the root before it is read, so a rootfs that swaps
 * `etc/passwd` (or `etc`) for a symlink to a host file while the lookup runs never gets the host file read.
 */
import * as nodePath from 'node:path';
import type { HostFS, HostPathHandle, HostStat, SpecContext, SpecOpt } from '@ocispec/core';
import { current, requireSection, SpecOptError } from '@ocispec/core';
import type { InRootFile } from '@ocispec/core/internal';
import {
  goErrorText,
  InputTooLargeError,
  InRootError,
  NotRegularFileError,
  openInRoot,
} from '@ocispec/core/internal';

export { splitPathComponents } from '@ocispec/core/internal';

type DraftSpec = Parameters<SpecOpt>[0];

/** How much of a user database file (`etc/passwd`, `etc/group`) is read at most: 10 MiB. */
export const maxUserFileBytes = 10 << 20;

/**
 * A failed file operation inside a rootfs, rendered as Go's `*fs.PathError` (`statat etc/passwd: no such file or
 * directory`). `code` is the errno name (`ENOENT`, `ELOOP`, ...) when there is one.
 */
export class RootfsPathError extends SpecOptError {
  readonly op: string;
  readonly path: string;
  readonly code: string | undefined;

  constructor(op: string, path: string, cause: unknown) {
    super(goErrorText(op, path, cause), { cause });
    this.op = op;
    this.path = path;
    this.code = errnoCode(cause);
  }
}

function errnoCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

function errno(code: string): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(code);
  error.code = code;
  return error;
}

/** True when `error` means the file does not exist (Go's `errors.Is(err, fs.ErrNotExist)`). */
export function isNotExist(error: unknown): boolean {
  return error instanceof RootfsPathError && error.code === 'ENOENT';
}

/** A directory opened as a root: names inside it are relative (`etc/passwd`) and never escape it. */
export interface RootFS {
  /** The root directory on the host. */
  readonly path: string;
  readonly fs: HostFS;
}

/** {@link openInRoot} in the root, its failures as {@link RootfsPathError}s (containerd's texts). */
function lookup(root: RootFS, name: string): InRootFile {
  try {
    return openInRoot(root.path, name, { fs: root.fs, mode: 'in-root' });
  } catch (error) {
    if (error instanceof InRootError) throw new RootfsPathError(error.op, error.path, error.errno);
    throw new RootfsPathError('open', root.path, error);
  }
}

/**
 * Resolves `name` inside `root`, following symbolic links with the root as `/`: absolute targets restart at the
 * root, `..` never climbs above it, at most 40 links are followed (`too many levels of symbolic links`), a
 * non-directory followed by more components fails with `not a directory`. Returns the canonical relative path
 * (`.` for the root itself). containerd: `resolveInRootFS`
 */
export function resolveInRoot(root: RootFS, name: string): string {
  const found = lookup(root, name);
  found.handle.close();
  return found.path;
}

/** Reads the regular file behind `handle` (bounded), with openUserFile's errors. */
function readUserFile(handle: HostPathHandle, name: string): Uint8Array {
  let info: HostStat;
  try {
    info = handle.stat();
  } catch (error) {
    throw new RootfsPathError('stat', name, error);
  }
  if (!info.isFile()) throw new SpecOptError(`${name} is not a regular file`);
  try {
    return handle.read(maxUserFileBytes);
  } catch (error) {
    if (error instanceof InputTooLargeError)
      throw new SpecOptError(`"${name}" exceeds ${maxUserFileBytes} bytes`);
    if (error instanceof NotRegularFileError) throw new SpecOptError(`${name} is not a regular file`);
    throw new RootfsPathError('read', name, error);
  }
}

/**
 * Reads a user database file (`etc/passwd`, `etc/group`) inside the root: the name is resolved in the root
 * (symlinks included, see {@link resolveInRoot}) and the file reached is verified inside the root; it must be a
 * regular file (`<name> is not a regular file`, nothing read or opened for reading: a FIFO cannot block), and
 * more than {@link maxUserFileBytes} fails with `"<name>" exceeds 10485760 bytes`.
 * containerd: `openUserFile` (with `wrapUserFile`)
 */
export function openUserFile(root: RootFS, name: string): Uint8Array {
  const found = lookup(root, name);
  try {
    return readUserFile(found.handle, name);
  } finally {
    found.handle.close();
  }
}

function isAbsoluteRoot(path: string, ctx: SpecContext): boolean {
  return ctx.platform.os === 'windows' ? nodePath.win32.isAbsolute(path) : path.startsWith('/');
}

/**
 * The rootfs lookup of containerd's user options. With neither snapshotter nor snapshot key, `root.path` must be
 * absolute (`rootfs absolute path is required`; a spec without `root` is `MISSING_SECTION`, where containerd
 * dereferences a nil Root and panics) and is opened as the root. With only one of them set: `no snapshotter set for
 * container` / `rootfs snapshot not created for container`. With both, containerd mounts the snapshot read-only;
 * ocispec has no snapshotter, so that fails.
 */
export function openRootFS(spec: DraftSpec, ctx: SpecContext): RootFS {
  const snapshotter = ctx.container.snapshotter ?? '';
  const snapshotKey = ctx.container.snapshotKey ?? '';
  if (snapshotter === '' && snapshotKey === '') {
    // containerd reads `s.Root.Path`: a nil Root panics there (no spec); ocispec names the section.
    requireSection(spec, 'root');
    const path = current(spec, 'root')?.path ?? '';
    if (!isAbsoluteRoot(path, ctx)) throw new SpecOptError('rootfs absolute path is required');
    let info: HostStat;
    try {
      info = ctx.host.fs.stat(path);
    } catch (error) {
      throw new RootfsPathError('open', path, error);
    }
    if (!info.isDirectory()) throw new RootfsPathError('open', path, errno('ENOTDIR'));
    return { path, fs: ctx.host.fs };
  }
  if (snapshotter === '') throw new SpecOptError('no snapshotter set for container');
  if (snapshotKey === '') throw new SpecOptError('rootfs snapshot not created for container');
  throw new SpecOptError(
    `snapshot-backed rootfs lookup is not supported (snapshotter "${snapshotter}", key "${snapshotKey}"): ` +
      'set root.path to the absolute rootfs directory and leave snapshotter and snapshotKey empty',
  );
}
