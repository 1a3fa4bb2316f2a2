/** Test fixtures: temp-dir rootfs builders and an in-memory HostFS. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { HostAccess, HostDirent, HostFS, HostStat, SpecContext, SpecContextInit } from '@ocispec/core';
import { createContext } from '@ocispec/core';
import { afterAll } from 'vitest';

/** One entry of a rootfs layout: a directory, a file with content, or a symlink. */
export type Entry =
  | { readonly dir: string }
  | { readonly file: string; readonly data: string | Uint8Array }
  | { readonly link: string; readonly target: string };

export const dir = (p: string): Entry => ({ dir: p });
export const file = (p: string, data: string | Uint8Array): Entry => ({ file: p, data });
export const symlink = (target: string, p: string): Entry => ({ link: p, target });

const created: string[] = [];
afterAll(() => {
  for (const d of created) fs.rmSync(d, { recursive: true, force: true });
});

/** Builds a real rootfs in a fresh temp dir (removed after the file's tests); returns its absolute path. */
export function tempRootfs(entries: readonly Entry[]): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ocispec-linux-'));
  created.push(root);
  for (const entry of entries) {
    if ('dir' in entry) fs.mkdirSync(path.join(root, entry.dir), { recursive: true });
    else if ('file' in entry) {
      fs.mkdirSync(path.dirname(path.join(root, entry.file)), { recursive: true });
      fs.writeFileSync(path.join(root, entry.file), entry.data);
    } else {
      fs.mkdirSync(path.dirname(path.join(root, entry.link)), { recursive: true });
      fs.symlinkSync(entry.target, path.join(root, entry.link));
    }
  }
  return root;
}

type Node =
  | { kind: 'dir' }
  | { kind: 'file'; data: Uint8Array }
  | { kind: 'symlink'; target: string }
  | { kind: 'char' | 'socket' };

function errno(code: string, op: string, p: string): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(`${code}: ${op} '${p}'`);
  error.code = code;
  return error;
}

function statOf(node: Node, size: number): HostStat {
  return {
    mode: 0,
    uid: 0,
    gid: 0,
    rdev: 0,
    size,
    isFile: () => node.kind === 'file',
    isDirectory: () => node.kind === 'dir',
    isSymbolicLink: () => node.kind === 'symlink',
    isCharacterDevice: () => node.kind === 'char',
    isBlockDevice: () => false,
    isFIFO: () => false,
    isSocket: () => node.kind === 'socket',
  };
}

/** An in-memory HostFS with absolute paths; records every readFile call. */
export class MemFS implements HostFS {
  readonly nodes = new Map<string, Node>([['/', { kind: 'dir' }]]);
  readonly reads: string[] = [];

  constructor(entries: readonly Entry[] = [], at = '/') {
    this.mkdirs(at);
    for (const entry of entries) {
      if ('dir' in entry) this.mkdirs(path.posix.join(at, entry.dir));
      else if ('file' in entry) {
        const p = path.posix.join(at, entry.file);
        this.mkdirs(path.posix.dirname(p));
        const data = typeof entry.data === 'string' ? new TextEncoder().encode(entry.data) : entry.data;
        this.nodes.set(p, { kind: 'file', data });
      } else {
        const p = path.posix.join(at, entry.link);
        this.mkdirs(path.posix.dirname(p));
        this.nodes.set(p, { kind: 'symlink', target: entry.target });
      }
    }
  }

  mkdirs(p: string): void {
    let current = '';
    for (const part of p.split('/').filter(Boolean)) {
      current += `/${part}`;
      if (!this.nodes.has(current)) this.nodes.set(current, { kind: 'dir' });
    }
  }

  special(p: string, kind: 'char' | 'socket'): this {
    this.mkdirs(path.posix.dirname(p));
    this.nodes.set(p, { kind });
    return this;
  }

  /** Resolves intermediate symlinks (and the last one when `follow`); returns the node's canonical path. */
  #walk(p: string, follow: boolean, depth = 0): string {
    if (depth > 40) throw errno('ELOOP', 'stat', p);
    const parts = p.split('/').filter(Boolean);
    let current = '';
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      if (part === '.') continue;
      if (part === '..') {
        current = path.posix.dirname(current || '/');
        if (current === '/') current = '';
        continue;
      }
      const next = `${current}/${part}`;
      const node = this.nodes.get(next);
      if (node === undefined) throw errno('ENOENT', 'stat', p);
      const last = i === parts.length - 1;
      if (node.kind === 'symlink' && (!last || follow)) {
        const target = node.target.startsWith('/') ? node.target : `${current}/${node.target}`;
        const resolved = this.#walk(target, true, depth + 1);
        current = resolved === '/' ? '' : resolved;
        continue;
      }
      if (!last && node.kind !== 'dir') throw errno('ENOTDIR', 'stat', p);
      current = next;
    }
    return current === '' ? '/' : current;
  }

  #node(p: string, follow: boolean): Node {
    return this.nodes.get(this.#walk(p, follow))!;
  }

  readFile(p: string): Uint8Array {
    this.reads.push(p);
    const node = this.#node(p, true);
    if (node.kind === 'dir') throw errno('EISDIR', 'read', p);
    if (node.kind !== 'file') throw new Error(`read of a ${node.kind}`);
    return node.data;
  }
  lstat(p: string): HostStat {
    const node = this.#node(p, false);
    return statOf(node, node.kind === 'file' ? node.data.length : 0);
  }
  stat(p: string): HostStat {
    const node = this.#node(p, true);
    return statOf(node, node.kind === 'file' ? node.data.length : 0);
  }
  readdir(_p: string): HostDirent[] {
    throw new Error('not implemented');
  }
  readlink(p: string): string {
    const node = this.#node(p, false);
    if (node.kind !== 'symlink') throw errno('EINVAL', 'readlink', p);
    return node.target;
  }
  realpath(p: string): string {
    return this.#walk(p, true);
  }
}

export function hostOf(fsImpl: HostFS): HostAccess {
  return { fs: fsImpl, runningInUserNS: () => false };
}

export function ctxWith(init: SpecContextInit = {}): SpecContext {
  return createContext({ container: { id: 'test' }, ...init });
}
