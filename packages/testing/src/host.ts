/**
 * `fakeHost()`: a builder of the host a composition sees (core's injectable {@link HostAccess}), so that a plugin's
 * tests never read the machine they run on: capabilities, `/dev` entries, a rootfs with its `etc/passwd` and
 * `etc/group`, any other file, the kernel release, the user namespace.
 */
import type { HostAccess, NamedFilePolicy } from '@ocispec/core';
import { knownCapabilities } from '@ocispec/linux';
import type { FakeNode } from './fake-fs.js';
import { FakeFS, makedev, normalizePath } from './fake-fs.js';
import type { GroupEntry, PasswdEntry } from './passwd.js';
import { groupText, passwdText } from './passwd.js';

/** A fake host: core's {@link HostAccess}, with its in-memory file system at hand. */
export interface FakeHost extends HostAccess {
  readonly fs: FakeFS;
}

/** Owner and permission bits of a node. */
export interface NodeOptions {
  readonly mode?: number;
  readonly uid?: number;
  readonly gid?: number;
}

/** A device node under `/dev` (or anywhere). */
export interface DeviceOptions extends NodeOptions {
  /** `c` (character) or `b` (block). */
  readonly type: 'c' | 'b';
  readonly major: number;
  readonly minor: number;
}

/** What a rootfs holds: its user database and any other files, by path relative to the root. */
export interface RootfsContents {
  /** `etc/passwd`: entries, or the file's text as it is. */
  readonly passwd?: readonly PasswdEntry[] | string;
  /** `etc/group`: entries, or the file's text as it is. */
  readonly group?: readonly GroupEntry[] | string;
  /** More files (`{ 'etc/hostname': 'web\n' }`). */
  readonly files?: Readonly<Record<string, string | Uint8Array>>;
}

/** Builds a {@link FakeHost} step by step; every method returns the builder. */
export class FakeHostBuilder {
  readonly #fs = new FakeFS();
  #userns = false;
  #namedFiles: NamedFilePolicy | undefined;

  /** A regular file with its contents (text is UTF-8 encoded). */
  file(path: string, contents: string | Uint8Array, options: NodeOptions = {}): this {
    const data = typeof contents === 'string' ? new TextEncoder().encode(contents) : contents.slice();
    this.#fs.set(path, { kind: 'file', data, ...options });
    return this;
  }

  /** A directory (parents of every node are directories already). */
  dir(path: string, options: NodeOptions = {}): this {
    this.#fs.set(path, { kind: 'dir', ...options });
    return this;
  }

  /** A symbolic link. */
  symlink(path: string, target: string): this {
    this.#fs.set(path, { kind: 'symlink', target });
    return this;
  }

  /** A device node (`.device('/dev/fuse', { type: 'c', major: 10, minor: 229 })`), mode 0o666 by default. */
  device(path: string, device: DeviceOptions): this {
    const { type, major, minor, mode = 0o666, uid, gid } = device;
    this.#fs.set(path, {
      kind: type === 'c' ? 'char' : 'block',
      rdev: makedev(major, minor),
      mode,
      uid,
      gid,
    });
    return this;
  }

  /** Any node, for what the other methods do not make (a FIFO, a socket, an injected error). */
  node(path: string, node: FakeNode): this {
    this.#fs.set(path, node);
    return this;
  }

  /** Makes `call` on exactly `path` fail with an errno `code` (`.fail('/dev/kvm', 'lstat', 'EACCES')`). */
  fail(path: string, call: NonNullable<keyof NonNullable<FakeNode['errors']>>, code: string): this {
    const node = this.#fs.node(path) ?? { kind: 'file' };
    this.#fs.set(path, { ...node, errors: { ...node.errors, [call]: code } });
    return this;
  }

  /**
   * The process's effective (and permitted and bounding) capabilities, by name (`CAP_NET_ADMIN`) or as the
   * bitmap: `/proc/self/status` as the kernel writes it, which `withAllCurrentCapabilities` reads.
   */
  capabilities(capabilities: readonly string[] | bigint): this {
    const bitmap = typeof capabilities === 'bigint' ? capabilities : capabilityBitmap(capabilities);
    const hex = bitmap.toString(16).padStart(16, '0');
    const status = [
      'Name:\tnode',
      'Umask:\t0022',
      'State:\tR (running)',
      'CapInh:\t0000000000000000',
      `CapPrm:\t${hex}`,
      `CapEff:\t${hex}`,
      `CapBnd:\t${hex}`,
      'CapAmb:\t0000000000000000',
      'NoNewPrivs:\t0',
      '',
    ].join('\n');
    return this.file('/proc/self/status', status);
  }

  /** The kernel release (`/proc/sys/kernel/osrelease`), which the default seccomp profile reads. */
  kernelRelease(release: string): this {
    return this.file('/proc/sys/kernel/osrelease', `${release}\n`);
  }

  /**
   * A root filesystem at `root` (an absolute path: the spec's `root.path`), with `etc/passwd`, `etc/group` and
   * other files, as the user options read them.
   */
  rootfs(root: string, contents: RootfsContents = {}): this {
    const at = normalizePath(root);
    this.dir(at);
    const under = (name: string) => `${at === '/' ? '' : at}/${name}`;
    if (contents.passwd !== undefined) {
      this.file(
        under('etc/passwd'),
        typeof contents.passwd === 'string' ? contents.passwd : passwdText(contents.passwd),
      );
    }
    if (contents.group !== undefined) {
      this.file(
        under('etc/group'),
        typeof contents.group === 'string' ? contents.group : groupText(contents.group),
      );
    }
    for (const [name, data] of Object.entries(contents.files ?? {})) this.file(under(name), data);
    return this;
  }

  /** Whether the process runs in a user namespace (default: no). */
  userNamespace(inside = true): this {
    this.#userns = inside;
    return this;
  }

  /** How files a pipeline names are read (confinement root, size limit), as `PipelineRunner`'s options set it. */
  namedFiles(policy: NamedFilePolicy): this {
    this.#namedFiles = policy;
    return this;
  }

  /** The host. Later changes to the builder do not reach it. */
  build(): FakeHost {
    const fs = new FakeFS();
    for (const path of this.#fs.paths()) fs.set(path, this.#fs.node(path) as FakeNode);
    const userns = this.#userns;
    const host: FakeHost = { fs, runningInUserNS: () => userns };
    return this.#namedFiles === undefined ? host : { ...host, namedFiles: this.#namedFiles };
  }
}

/** Starts a fake host: an empty file system (only `/`), outside any user namespace. */
export function fakeHost(): FakeHostBuilder {
  return new FakeHostBuilder();
}

function capabilityBitmap(names: readonly string[]): bigint {
  let bitmap = 0n;
  for (const name of names) {
    const full = name.toUpperCase().startsWith('CAP_') ? name.toUpperCase() : `CAP_${name.toUpperCase()}`;
    const bit = (knownCapabilities as readonly string[]).indexOf(full);
    if (bit < 0) throw new Error(`fakeHost().capabilities: unknown capability ${JSON.stringify(name)}`);
    bitmap |= 1n << BigInt(bit);
  }
  return bitmap;
}
