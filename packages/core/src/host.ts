import * as fs from 'node:fs';

/**
 * The host access a composition may use, injected through the {@link SpecContext} so that host-reading options
 * (device nodes, files, `/proc/self/status`, a container's rootfs) are testable with fakes. All calls are
 * synchronous and throw Node's errno errors (`err.code === 'ENOENT'` …); {@link goErrorText} renders them the way
 * containerd's Go errors read.
 */
export interface HostFS {
  readFile(path: string): Uint8Array;
  lstat(path: string): HostStat;
  stat(path: string): HostStat;
  readdir(path: string): HostDirent[];
  readlink(path: string): string;
  realpath(path: string): string;
}

/** The subset of `fs.Stats` options rely on. `rdev` is the raw device number (major/minor encoded by the kernel). */
export interface HostStat {
  /** The device the file is on, and its inode: together they identify a file (a namespace, for nsfs files). */
  readonly dev?: number;
  readonly ino?: number;
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  readonly rdev: number;
  readonly size: number;
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

/** Everything a composition may learn from the host. */
export interface HostAccess {
  readonly fs: HostFS;
  /** True when this process runs inside a user namespace (containerd's `userns.RunningInUserNS`). */
  runningInUserNS(): boolean;
}

/** The real host, through `node:fs`. */
export const nodeHostFS: HostFS = {
  readFile: (p) => fs.readFileSync(p),
  lstat: (p) => fs.lstatSync(p),
  stat: (p) => fs.statSync(p),
  readdir: (p) => fs.readdirSync(p, { withFileTypes: true }),
  readlink: (p) => fs.readlinkSync(p),
  realpath: (p) => fs.realpathSync(p),
};

let userNSCache: boolean | undefined;

/** The real host: `node:fs`, and `/proc/self/uid_map` for the user-namespace test (cached, as in containerd). */
export const nodeHost: HostAccess = {
  fs: nodeHostFS,
  runningInUserNS(): boolean {
    if (userNSCache === undefined) userNSCache = detectUserNS(nodeHostFS);
    return userNSCache;
  },
};

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
  return error instanceof Error ? error.message : String(error);
}

/** Go's `*PathError` text: `open /x: no such file or directory`. */
export function goErrorText(op: string, path: string, error: unknown): string {
  return `${op} ${path}: ${errnoText(error)}`;
}
