/**
 * An in-memory {@link HostFS}: absolute POSIX paths, implied parent directories, symbolic links, device nodes with
 * their numbers, modes and owners, and errors injected per path and call. It throws Node's errno errors
 * (`err.code === 'ENOENT'` …) as the real host does, so options report containerd's texts.
 */
import type { HostDirent, HostFS, HostStat, ReadFileOptions } from '@ocispec/core';

/** A node's kind. */
export type FakeNodeKind = 'dir' | 'file' | 'symlink' | 'char' | 'block' | 'fifo' | 'socket';

/** The calls an error can be injected into. */
export type FakeCall = 'lstat' | 'stat' | 'readdir' | 'readFile' | 'readlink';

/** One node of a {@link FakeFS}. */
export interface FakeNode {
  readonly kind: FakeNodeKind;
  /** Permission bits (with setuid, setgid, sticky); default 0o644, 0o755 for directories, 0o777 for links. */
  readonly mode?: number;
  readonly uid?: number;
  readonly gid?: number;
  /** The raw device number of a `char` or `block` node (see {@link makedev}). */
  readonly rdev?: number;
  /** A link's target. */
  readonly target?: string;
  /** A file's contents. */
  readonly data?: Uint8Array;
  /** Makes a call on exactly this path fail with this errno code (`{ readFile: 'EACCES' }`). */
  readonly errors?: Partial<Record<FakeCall, string>>;
}

const TYPE_BITS: Record<FakeNodeKind, number> = {
  dir: 0o040000,
  file: 0o100000,
  symlink: 0o120000,
  char: 0o020000,
  block: 0o060000,
  fifo: 0o010000,
  socket: 0o140000,
};

const MAX_LINKS = 40;
const DEFAULT_MAX_BYTES = 32 << 20;

/** Linux's `makedev` (glibc's encoding): the `rdev` of a device node from its major and minor numbers. */
export function makedev(major: number, minor: number): number {
  const ma = BigInt(major);
  const mi = BigInt(minor);
  return Number((mi & 0xffn) | ((ma & 0xfffn) << 8n) | ((mi & ~0xffn) << 12n) | ((ma & ~0xfffn) << 32n));
}

/** A Node-style errno error (`ENOENT: no such file or directory, open '/x'`). */
export function errnoError(code: string, syscall: string, path: string): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(`${code}: ${syscall} '${path}'`);
  error.code = code;
  error.syscall = syscall;
  error.path = path;
  return error;
}

/** Normalizes an absolute path (`/a//b/./c` → `/a/b/c`, `..` popped, never above `/`). */
export function normalizePath(path: string): string {
  if (!path.startsWith('/')) throw new Error(`fake host paths are absolute, not ${JSON.stringify(path)}`);
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}

function parentOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

/** A fake file system over absolute paths; a node's parents are directories unless given. */
export class FakeFS implements HostFS {
  readonly #nodes = new Map<string, FakeNode>([['/', { kind: 'dir' }]]);

  /** Adds (or replaces) a node, creating its missing parent directories. */
  set(path: string, node: FakeNode): this {
    const at = normalizePath(path);
    for (let dir = parentOf(at); dir !== '/'; dir = parentOf(dir)) {
      if (!this.#nodes.has(dir)) this.#nodes.set(dir, { kind: 'dir' });
    }
    this.#nodes.set(at, node);
    return this;
  }

  /** The node at exactly `path` (links not followed). */
  node(path: string): FakeNode | undefined {
    return this.#nodes.get(normalizePath(path));
  }

  /** Every path, sorted. */
  paths(): string[] {
    return [...this.#nodes.keys()].sort();
  }

  readFile(path: string, options?: ReadFileOptions): Uint8Array {
    const [, node] = this.#follow(path, 'readFile', 'open');
    if (node.kind === 'dir') throw errnoError('EISDIR', 'read', path);
    const data = node.data ?? new Uint8Array();
    const max = options?.maxBytes ?? DEFAULT_MAX_BYTES;
    if (data.length > max) throw errnoError('EFBIG', 'read', path);
    return data.slice();
  }

  lstat(path: string): HostStat {
    return statOf(this.#get(path, 'lstat', 'lstat'));
  }

  stat(path: string): HostStat {
    return statOf(this.#follow(path, 'stat', 'stat')[1]);
  }

  readdir(path: string): HostDirent[] {
    const [dir, node] = this.#follow(path, 'readdir', 'scandir');
    if (node.kind !== 'dir') throw errnoError('ENOTDIR', 'scandir', path);
    const prefix = dir === '/' ? '/' : `${dir}/`;
    const entries: HostDirent[] = [];
    for (const [child, childNode] of this.#nodes) {
      const name = child.slice(prefix.length);
      if (child === dir || !child.startsWith(prefix) || name.includes('/')) continue;
      entries.push({
        name,
        isDirectory: () => childNode.kind === 'dir',
        isSymbolicLink: () => childNode.kind === 'symlink',
      });
    }
    return entries;
  }

  readlink(path: string): string {
    const node = this.#get(path, 'readlink', 'readlink');
    if (node.kind !== 'symlink') throw errnoError('EINVAL', 'readlink', path);
    return node.target ?? '';
  }

  realpath(path: string): string {
    return this.#follow(path, 'stat', 'realpath')[0];
  }

  #get(path: string, call: FakeCall, syscall: string): FakeNode {
    const node = this.#nodes.get(normalizePath(path));
    if (node === undefined) throw errnoError('ENOENT', syscall, path);
    const code = node.errors?.[call];
    if (code !== undefined) throw errnoError(code, syscall, path);
    return node;
  }

  /** Follows links in every component (as the kernel does), at most {@link MAX_LINKS}. */
  #follow(path: string, call: FakeCall, syscall: string): [string, FakeNode] {
    let links = 0;
    let resolved = '/';
    const pending = normalizePath(path).split('/').filter(Boolean);
    while (pending.length > 0) {
      const part = pending.shift() as string;
      if (part === '.') continue;
      if (part === '..') {
        resolved = parentOf(resolved);
        continue;
      }
      const next = resolved === '/' ? `/${part}` : `${resolved}/${part}`;
      const node = this.#nodes.get(next);
      if (node === undefined) throw errnoError('ENOENT', syscall, path);
      if (node.kind === 'symlink') {
        if (++links > MAX_LINKS) throw errnoError('ELOOP', syscall, path);
        const target = node.target ?? '';
        const rest = target.split('/').filter(Boolean);
        pending.unshift(...rest);
        if (target.startsWith('/')) resolved = '/';
        continue;
      }
      if (pending.length > 0 && node.kind !== 'dir') throw errnoError('ENOTDIR', syscall, path);
      resolved = next;
    }
    return [resolved, this.#get(resolved, call, syscall)];
  }
}

function statOf(node: FakeNode): HostStat {
  const perm = node.mode ?? (node.kind === 'dir' ? 0o755 : node.kind === 'symlink' ? 0o777 : 0o644);
  const mode = TYPE_BITS[node.kind] | (perm & 0o7777);
  const is = (kind: FakeNodeKind) => () => node.kind === kind;
  return {
    mode,
    uid: node.uid ?? 0,
    gid: node.gid ?? 0,
    rdev: node.rdev ?? 0,
    size: node.kind === 'symlink' ? (node.target ?? '').length : (node.data?.length ?? 0),
    isFile: is('file'),
    isDirectory: is('dir'),
    isSymbolicLink: is('symlink'),
    isCharacterDevice: is('char'),
    isBlockDevice: is('block'),
    isFIFO: is('fifo'),
    isSocket: is('socket'),
  };
}
