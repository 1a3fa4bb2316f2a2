import { messageOf } from './errors.js';
import { nodeHostFS } from './files/node-fs.js';

export { nodeHostFS };

/**
 * The host access a composition may use, injected through the {@link SpecContext} so that host-reading options
 * (device nodes, files, `/proc/self/status`, a container's rootfs) are testable with fakes. All calls are
 * synchronous and throw Node's errno errors (`err.code === 'ENOENT'` …); `goErrorText` renders them the way
 * containerd's Go errors read.
 */
export interface HostFS {
  /**
   * Reads a whole regular file. The real host (`nodeHostFS`) opens it once without blocking (a FIFO cannot
   * hang the open), checks the descriptor is a regular file (a directory fails with `EISDIR` on `read`, any other
   * kind with "is a FIFO, not a regular file" …) and stops at `maxBytes` bytes read (default
   * `DEFAULT_MAX_INPUT_BYTES`): more fails with `EFBIG`. Fakes may ignore the options.
   */
  readFile(path: string, options?: ReadFileOptions): Uint8Array;
  lstat(path: string): HostStat;
  stat(path: string): HostStat;
  readdir(path: string): HostDirent[];
  readlink(path: string): string;
  realpath(path: string): string;
  /**
   * Opens a path without reading it (Linux: `O_PATH`, so nothing with side effects is opened), following a final
   * symbolic link unless `noFollow` (then the handle is the link itself). In-root lookups
   * (`openInRoot`) walk a root through these handles, which is what makes them race-free. Optional: without it,
   * handles are emulated by path (`pathHandle`), which is right for fakes but not race-free.
   */
  openPath?(path: string, options?: OpenPathOptions): HostPathHandle;
}

/** Options of {@link HostFS.readFile}. */
export interface ReadFileOptions {
  /** The most bytes read; one byte more fails with `EFBIG`. */
  readonly maxBytes?: number;
}

/** Options of {@link HostFS.openPath}. */
export interface OpenPathOptions {
  /** Do not follow a final symbolic link: the handle is the link (its `stat()` says so). */
  readonly noFollow?: boolean;
}

/** An open file or directory that has not been read (Linux: an `O_PATH` descriptor). */
export interface HostPathHandle {
  /**
   * A path naming the open file itself (Linux: `/proc/self/fd/N`): `${at}/name` is `name` in this open directory,
   * wherever the directory is now (the kernel follows the descriptor, not the path it was opened by).
   */
  readonly at: string;
  /** `fstat` of the open file (a symbolic link's own when opened with `noFollow`). */
  stat(): HostStat;
  /** The path the kernel reports for the open file now (Linux: `readlink /proc/self/fd/N`). */
  location(): string;
  /**
   * Reads the open regular file whole, through the descriptor (never by path again): at most `maxBytes`, more
   * fails with `EFBIG`; a file that is not the one opened (or not regular) fails.
   */
  read(maxBytes: number): Uint8Array;
  close(): void;
}

/** The subset of `fs.Stats` options rely on. `rdev` is the raw device number (major/minor encoded by the kernel). */
export interface HostStat {
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  readonly rdev: number;
  readonly size: number;
  /**
   * The device the file is on and its inode, when the host knows them (the real host does): together they identify
   * a file across opens (a namespace, for nsfs files).
   */
  readonly dev?: number;
  readonly ino?: number;
  isFile(): boolean;
  isDirectory(): boolean;
  isSymbolicLink(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
  isFIFO(): boolean;
  isSocket(): boolean;
}

export interface HostDirent {
  readonly name: string;
  isDirectory(): boolean;
  isSymbolicLink(): boolean;
}

/**
 * How the files a pipeline names (base spec files, `withEnvFile`, `withSeccompProfile`, `withSpecFromFile`) may be
 * read: confined to a directory, and how large. Host files ocispec reads for itself (`/proc/self/status`, `/dev`)
 * are not concerned.
 */
export interface NamedFilePolicy {
  /**
   * Every named file must resolve beneath this directory (openat2's `RESOLVE_BENEATH`): a path outside it, a `..`
   * above it or a symbolic link leading out of it fails, and the file actually opened is verified to be inside.
   */
  readonly root?: string;
  /** The largest named file, in bytes (default `DEFAULT_MAX_INPUT_BYTES`). */
  readonly maxBytes?: number;
}

/** Everything a composition may learn from the host. */
export interface HostAccess {
  readonly fs: HostFS;
  /** True when this process runs inside a user namespace (containerd's `userns.RunningInUserNS`). */
  runningInUserNS(): boolean;
  /** How files a pipeline names are read (see {@link NamedFilePolicy}); absent: anywhere, default size limit. */
  readonly namedFiles?: NamedFilePolicy;
}

let userNSCache: boolean | undefined;

/** The real host: `node:fs`, and `/proc/self/uid_map` for the user-namespace test (cached, as in containerd). */
export const nodeHost: HostAccess = {
  fs: nodeHostFS,
  runningInUserNS(): boolean {
    if (userNSCache === undefined) userNSCache = detectUserNS(nodeHostFS);
    return userNSCache;
  },
};

/**
 * The hosts ocispec made: the real host, and the real host with a named-file policy ({@link withNamedFilePolicy}).
 * What they answer is the machine's (numbers, text, booleans), never an object of someone's code: a composition
 * over one of them, of ocispec's own options alone, needs no per-property guard at its finish (builtin-opts.ts).
 */
const ownHosts = new WeakSet<HostAccess>([nodeHost]);

/** Whether ocispec made `host` (see `ownHosts`). */
export function isOwnHost(host: HostAccess): boolean {
  return ownHosts.has(host);
}

/**
 * Counts `host` among ocispec's own hosts: for a host that wraps the real one and answers, as it does, with the
 * machine's data only (test/conformance's, which fakes `/proc/self/status`). Never for a host of someone's code.
 */
export function markOwnHost(host: HostAccess): HostAccess {
  ownHosts.add(host);
  return host;
}

/** `host` with the named-file policy `namedFiles` (one of ocispec's own hosts when `host` is). */
export function withNamedFilePolicy(host: HostAccess, namedFiles: NamedFilePolicy): HostAccess {
  const bound: HostAccess = { ...host, runningInUserNS: () => host.runningInUserNS(), namedFiles };
  if (ownHosts.has(host)) ownHosts.add(bound);
  return bound;
}

/** containerd's rule: inside a user namespace unless `/proc/self/uid_map` is the identity map `0 0 4294967295`. */
export function detectUserNS(hostFS: HostFS): boolean {
  let text: string;
  try {
    text = new TextDecoder().decode(hostFS.readFile('/proc/self/uid_map'));
  } catch {
    return false;
  }
  const fields = text.trim().split(/\s+/);
  return !(fields.length === 3 && fields[0] === '0' && fields[1] === '0' && fields[2] === '4294967295');
}

const ERRNO_TEXT: Record<string, string> = {
  EACCES: 'permission denied',
  EEXIST: 'file exists',
  EINVAL: 'invalid argument',
  EISDIR: 'is a directory',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'file name too long',
  ENOENT: 'no such file or directory',
  ENOTDIR: 'not a directory',
  EPERM: 'operation not permitted',
};

/** The errno text Go prints for a Node fs error (`no such file or directory`), or the error's own message. */
export function errnoText(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code !== undefined && ERRNO_TEXT[code] !== undefined) return ERRNO_TEXT[code];
  return messageOf(error);
}

/** Go's `*PathError` text: `open /x: no such file or directory`. */
export function goErrorText(op: string, path: string, error: unknown): string {
  return `${op} ${path}: ${errnoText(error)}`;
}
