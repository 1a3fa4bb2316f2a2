/**
 * Path resolution inside a root without a check-then-use window, the way `openat2(RESOLVE_IN_ROOT)` and Go's
 * `os.Root` (containerd HEAD's rootfs lookups) do it, for Node, which has neither: the walk holds a handle
 * (`O_PATH` descriptor) on every directory it goes through and looks each component up relative to it
 * (`/proc/self/fd/N/<name>`), never by a path from the root; a symbolic link is read and resolved against the
 * root, never followed by the kernel; `..` goes back to the handle it came from, never above the root; the file at
 * the end is verified to be inside the root (where its descriptor says it is) before anyone reads it. See
 * docs/architecture.md ("Files") and docs/security.md.
 */
import * as nodePath from 'node:path';
import type { HostFS, HostPathHandle } from '../host.js';
import { goErrorText, nodeHostFS } from '../host.js';
import { openPath } from './path-handle.js';

/**
 * `in-root`: absolute symbolic links and `..` are resolved against the root, which is `/` for the path
 * (`RESOLVE_IN_ROOT`; a container's rootfs). `beneath`: anything that would lead out of the root fails
 * (`RESOLVE_BENEATH`; the files a pipeline may name).
 */
export type RootMode = 'in-root' | 'beneath';

/** Options of {@link openInRoot}. */
export interface OpenInRootOptions {
  readonly fs?: HostFS;
  readonly mode?: RootMode;
}

/** The outcome of {@link openInRoot}: the handle of what the name resolves to, and where that is. */
export interface InRootFile {
  /** The file the name resolves to (never a symbolic link), verified inside the root. Close it. */
  readonly handle: HostPathHandle;
  /** The canonical path inside the root (`.` for the root itself). */
  readonly path: string;
}

/** Linux's limit on symbolic links followed while resolving one path (path_resolution(7)). */
export const SYMLOOP_MAX = 40;
/** Linux's NAME_MAX: the longest path component, in bytes. */
const NAME_MAX = 255;
/** How many times a lookup starts again when the file it opened turned out to be outside the root. */
const ATTEMPTS = 8;
/** How many times one lookup may find a component changed between two looks at it. */
const CHANGES = SYMLOOP_MAX;

function errno(code: string, message?: string): NodeJS.ErrnoException {
  return Object.assign(new Error(message ?? code), { code });
}

/**
 * A failed lookup inside a root, as Go's `*fs.PathError` reads: `op` (`statat`, `resolve`, `readlinkat`,
 * `open`), the path inside the root that failed, and the errno error (`code`: `ENOENT`, `ELOOP`, `EXDEV` for a
 * way out of the root …).
 */
export class InRootError extends Error {
  override readonly name = 'InRootError';
  readonly op: string;
  readonly path: string;
  readonly code: string | undefined;
  readonly errno: unknown;

  constructor(op: string, path: string, error: unknown) {
    super(goErrorText(op, path, error), { cause: error });
    this.op = op;
    this.path = path;
    this.errno = error;
    const code = (error as { code?: unknown } | undefined)?.code;
    this.code = typeof code === 'string' ? code : undefined;
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

function child(dir: HostPathHandle, name: string): string {
  return dir.at.endsWith('/') ? `${dir.at}${name}` : `${dir.at}/${name}`;
}

function isWithin(location: string, root: string): boolean {
  return location === root || location.startsWith(root === '/' ? '/' : `${root}/`);
}

/** One walk from the root: the handles held (the root first), the names taken, what is left to resolve. */
class Walk {
  readonly #fs: HostFS;
  readonly #mode: RootMode;
  readonly #rootPaths: readonly string[];
  readonly #stack: HostPathHandle[];
  readonly #names: string[] = [];
  #pending: string[];
  #followed = 0;
  #changes = 0;

  constructor(fs: HostFS, mode: RootMode, root: HostPathHandle, rootPaths: readonly string[], name: string) {
    this.#fs = fs;
    this.#mode = mode;
    this.#stack = [root];
    this.#rootPaths = rootPaths;
    this.#pending = splitPathComponents(name);
  }

  /** Resolves every component; returns the handle of the last one (owned by the caller) and its path. */
  run(): InRootFile {
    try {
      while (this.#pending.length > 0) this.#step(this.#pending.shift()!);
      const handle = this.#stack.pop()!;
      return { handle, path: this.#names.length === 0 ? '.' : this.#names.join('/') };
    } finally {
      for (const handle of this.#stack) handle.close();
    }
  }

  #current(): string {
    return this.#names.join('/');
  }

  #top(): HostPathHandle {
    return this.#stack[this.#stack.length - 1]!;
  }

  #step(part: string): void {
    if (part === '.') return;
    if (part === '..') {
      if (this.#names.length > 0) {
        this.#names.pop();
        this.#stack.pop()!.close();
      } else if (this.#mode === 'beneath') {
        throw new InRootError('resolve', '..', errno('EXDEV', 'leads above the root'));
      }
      return;
    }
    this.#names.push(part);
    if (Buffer.byteLength(part, 'utf8') > NAME_MAX) {
      throw new InRootError('statat', this.#current(), errno('ENAMETOOLONG'));
    }
    let handle: HostPathHandle;
    try {
      handle = openPath(this.#fs, child(this.#top(), part), { noFollow: true });
    } catch (error) {
      throw new InRootError('statat', this.#current(), error);
    }
    let isLink: boolean;
    let isDirectory: boolean;
    try {
      const stat = handle.stat();
      isLink = stat.isSymbolicLink();
      isDirectory = stat.isDirectory();
    } catch (error) {
      handle.close();
      throw new InRootError('statat', this.#current(), error);
    }
    if (isLink) {
      handle.close();
      this.#follow(part);
      return;
    }
    if (!isDirectory && this.#pending.length > 0) {
      handle.close();
      throw new InRootError('resolve', this.#current(), errno('ENOTDIR'));
    }
    this.#stack.push(handle);
  }

  /** `part` (the last name taken) is a symbolic link: its target replaces it, resolved against the root. */
  #follow(part: string): void {
    const current = this.#current();
    this.#followed++;
    if (this.#followed > SYMLOOP_MAX) throw new InRootError('resolve', current, errno('ELOOP'));
    let target: string;
    try {
      target = this.#fs.readlink(child(this.#top(), part));
    } catch (error) {
      if (
        (error as NodeJS.ErrnoException).code !== 'EINVAL' &&
        (error as NodeJS.ErrnoException).code !== 'ENOENT'
      )
        throw new InRootError('readlinkat', current, error);
      // No longer a link (swapped meanwhile): look at the component again.
      this.#changes++;
      if (this.#changes > CHANGES) {
        throw new InRootError('resolve', current, errno('EAGAIN', 'kept changing during the lookup'));
      }
      this.#followed--;
      this.#names.pop();
      this.#pending.unshift(part);
      return;
    }
    this.#names.pop();
    if (target.startsWith('/')) {
      while (this.#stack.length > 1) this.#stack.pop()!.close();
      this.#names.length = 0;
      target = this.#mode === 'beneath' ? this.#beneath(target, current) : target;
    }
    this.#pending = [...splitPathComponents(target), ...this.#pending];
  }

  /** An absolute link target in `beneath` mode: its part below the root, or a failure when it is not below it. */
  #beneath(target: string, current: string): string {
    const clean = nodePath.posix.resolve(target);
    for (const root of this.#rootPaths) {
      if (isWithin(clean, root)) return nodePath.posix.relative(root, clean) || '.';
    }
    throw new InRootError('resolve', current, errno('EXDEV', `links to ${target}, outside the root`));
  }
}

/**
 * Resolves `name` inside the directory `root` and opens what it names (see the module comment): symbolic links
 * are followed with the root as `/` (`in-root`) or must stay beneath it (`beneath`), at most 40 of them (`too many
 * levels of symbolic links`); a non-directory followed by more components fails with `not a directory`; a
 * component longer than 255 bytes with `file name too long`. The file reached is verified to be inside the root
 * (the location its descriptor reports); when it is not (a directory moved while the walk held it), the lookup
 * starts again, and after 8 tries fails (`EXDEV`). Failures are {@link InRootError}s naming the path inside the
 * root; the root itself failing to open is the errno error of `fs.openPath(root)`.
 */
export function openInRoot(root: string, name: string, options: OpenInRootOptions = {}): InRootFile {
  const fs = options.fs ?? nodeHostFS;
  const mode = options.mode ?? 'in-root';
  if (name === '') throw new InRootError('resolve', name, errno('ENOENT'));
  for (let attempt = 1; ; attempt++) {
    const rootHandle = openPath(fs, root);
    let rootPaths: string[];
    try {
      const real = rootHandle.location();
      rootPaths = [...new Set([real, nodePath.posix.resolve(root)])];
    } catch (error) {
      rootHandle.close();
      throw error;
    }
    const found = new Walk(fs, mode, rootHandle, rootPaths, name).run();
    let location: string;
    try {
      location = found.handle.location();
    } catch (error) {
      found.handle.close();
      throw new InRootError('open', found.path, error);
    }
    if (isWithin(location, rootPaths[0]!)) return found;
    found.handle.close();
    if (attempt >= ATTEMPTS) {
      throw new InRootError(
        'open',
        found.path,
        errno('EXDEV', 'the file opened is outside the root (it moved during the lookup)'),
      );
    }
  }
}

/** The canonical path of `name` inside `root` (see {@link openInRoot}), nothing kept open. */
export function resolveInRootPath(root: string, name: string, options: OpenInRootOptions = {}): string {
  const found = openInRoot(root, name, options);
  found.handle.close();
  return found.path;
}
