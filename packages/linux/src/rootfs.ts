/**
 * Reading a container's root filesystem the way containerd HEAD's user options do: the rootfs lookup (root path or
 * snapshot), in-root symlink resolution (`resolveInRootFS`) and the bounded, regular-file-only `openUserFile`.
 * All file access goes through the injected `ctx.host.fs`.
 */
import * as nodePath from 'node:path';
import type { HostFS, HostStat, SpecContext, SpecOpt } from '@ocispec/core';
import { current, requireSection, SpecOptError } from '@ocispec/core';
import { goErrorText } from '@ocispec/core/internal';

type DraftSpec = Parameters<SpecOpt>[0];

/** How much of a user database file (`etc/passwd`, `etc/group`) is read at most: 10 MiB. */
export const maxUserFileBytes = 10 << 20;

/** Linux's limit on symbolic links followed while resolving one path (path_resolution(7)). */
const SYMLOOP_MAX = 40;
/** Linux's NAME_MAX: the longest path component, in bytes. */
const NAME_MAX = 255;

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

function hostPath(root: RootFS, name: string): string {
  return name === '.' ? root.path : `${root.path.replace(/\/+$/, '')}/${name}`;
}

function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** `lstat` of a name inside the root, failing as os.Root's FS does (`statat <name>: ...`). */
function lstatIn(root: RootFS, name: string): HostStat {
  for (const part of name.split('/')) {
    if (byteLength(part) > NAME_MAX) throw new RootfsPathError('statat', name, errno('ENAMETOOLONG'));
  }
  try {
    return root.fs.lstat(hostPath(root, name));
  } catch (error) {
    throw new RootfsPathError('statat', name, error);
  }
}

/**
 * The components of a slash-separated path: empty components dropped, `.` and `..` kept, and a trailing `/`
 * appended as a final `.` (so that resolution checks the last component is a directory). `/` gives `["."]`.
 * containerd: `splitPathComponents`
 */
export function splitPathComponents(name: string): string[] {
  const out = name.split('/').filter((part) => part !== '');
  if (name.endsWith('/')) out.push('.');
  return out;
}

/**
 * Resolves `name` inside `root`, following symbolic links with the root as `/`: absolute targets restart at the
 * root, `..` never climbs above it, at most 40 links are followed (`too many levels of symbolic links`), a
 * non-directory followed by more components fails with `not a directory`. Returns the canonical relative path
 * (`.` for the root itself). containerd: `resolveInRootFS`
 */
export function resolveInRoot(root: RootFS, name: string): string {
  if (name === '') throw new RootfsPathError('resolve', name, errno('ENOENT'));
  let followed = 0;
  let pending = splitPathComponents(name);
  const candidates: string[] = [];
  while (pending.length > 0) {
    const part = pending[0]!;
    pending = pending.slice(1);
    if (part === '.') continue;
    if (part === '..') {
      candidates.pop();
      continue;
    }
    candidates.push(part);
    const resolved = candidates.join('/');
    const info = lstatIn(root, resolved);
    if (info.isSymbolicLink()) {
      followed++;
      if (followed > SYMLOOP_MAX) throw new RootfsPathError('resolve', resolved, errno('ELOOP'));
      let target: string;
      try {
        target = root.fs.readlink(hostPath(root, resolved));
      } catch (error) {
        throw new RootfsPathError('readlinkat', resolved, error);
      }
      if (target.startsWith('/')) candidates.length = 0;
      else candidates.pop();
      pending = [...splitPathComponents(target), ...pending];
      continue;
    }
    if (!info.isDirectory() && pending.length > 0) {
      throw new RootfsPathError('resolve', resolved, errno('ENOTDIR'));
    }
  }
  const resolved = candidates.join('/');
  return resolved === '' ? '.' : resolved;
}

/**
 * Reads a user database file (`etc/passwd`, `etc/group`) inside the root: the name is resolved in the root
 * (symlinks included, see {@link resolveInRoot}), it must be a regular file (`<name> is not a regular file`, nothing
 * read), and more than {@link maxUserFileBytes} fails with `"<name>" exceeds 10485760 bytes`.
 * containerd: `openUserFile` (with `wrapUserFile`)
 */
export function openUserFile(root: RootFS, name: string): Uint8Array {
  const resolved = resolveInRoot(root, name);
  const file = hostPath(root, resolved);
  let info: HostStat;
  try {
    info = root.fs.stat(file);
  } catch (error) {
    throw new RootfsPathError('stat', name, error);
  }
  if (!info.isFile()) throw new SpecOptError(`${name} is not a regular file`);
  const tooLarge = (): SpecOptError => new SpecOptError(`"${name}" exceeds ${maxUserFileBytes} bytes`);
  if (info.size > maxUserFileBytes) throw tooLarge();
  let data: Uint8Array;
  try {
    data = root.fs.readFile(file);
  } catch (error) {
    throw new RootfsPathError('read', name, error);
  }
  if (data.length > maxUserFileBytes) throw tooLarge();
  return data;
}

function isAbsoluteRoot(path: string, ctx: SpecContext): boolean {
  return ctx.platform.os === 'windows' ? nodePath.win32.isAbsolute(path) : path.startsWith('/');
}

/**
 * The rootfs lookup of containerd's user options. With neither snapshotter nor snapshot key, `root.path` must be
 * absolute (`rootfs absolute path is required`; a spec without `root` is `MISSING_SECTION`, where containerd
 * dereferences a nil Root and panics) and is opened as the root. With only one of them set: `no snapshotter set for container` / `rootfs snapshot not created for
 * container`. With both, containerd mounts the snapshot read-only; ocispec has no snapshotter, so that fails.
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
