/**
 * Reading the host files a pipeline names (base spec files, env files, seccomp profiles, `withSpecFromFile`)
 * through the host's {@link NamedFilePolicy}: optionally confined beneath a directory, always bounded.
 */
import * as nodePath from 'node:path';
import type { HostAccess, HostFS, HostPathHandle, ReadFileOptions } from '../host.js';
import { checkBytes, DEFAULT_MAX_INPUT_BYTES } from './bounded.js';
import type { InRootFile } from './in-root.js';
import { InRootError, openInRoot } from './in-root.js';

/** A named file that is not beneath the files root: an errno error (`EXDEV`, on `open`). */
export class OutsideFilesRootError extends Error {
  override readonly name = 'OutsideFilesRootError';
  readonly code = 'EXDEV';
  readonly syscall = 'open';
  /** The files root (absolute). */
  readonly root: string;

  constructor(root: string, detail?: string) {
    super(`outside the files root ${root}${detail === undefined ? '' : ` (${detail})`}`);
    this.root = root;
  }
}

/** A file read beneath a root: its bytes and where it really is (the descriptor's location). */
export interface FileBeneath {
  readonly bytes: Uint8Array;
  readonly realPath: string;
}

/**
 * Opens `file` (absolute, or relative to the working directory) only if it resolves beneath `root`: the path must
 * be below the root as written, and is then resolved from the root component by component (`openInRoot`, mode
 * `beneath`: a `..` above the root or a symbolic link out of it fails); the file reached is verified inside the
 * root. Nothing is read; close the handle. Errors are errno errors: a way out is {@link OutsideFilesRootError}, a
 * missing file `ENOENT`, and so on.
 */
export function openBeneath(root: string, file: string, fs?: HostFS): InRootFile {
  const absoluteRoot = nodePath.resolve(root);
  const relative = nodePath.relative(absoluteRoot, nodePath.resolve(file));
  if (relative === '..' || relative.startsWith(`..${nodePath.sep}`) || nodePath.isAbsolute(relative)) {
    throw new OutsideFilesRootError(absoluteRoot);
  }
  try {
    return openInRoot(absoluteRoot, relative === '' ? '.' : relative, { fs, mode: 'beneath' });
  } catch (error) {
    if (!(error instanceof InRootError)) throw error;
    if (error.code !== 'EXDEV') throw error.errno;
    throw new OutsideFilesRootError(absoluteRoot, `${error.path}: ${(error.errno as Error).message}`);
  }
}

/**
 * Reads `file` only if it resolves beneath `root` (see {@link openBeneath}): a regular file, at most `maxBytes`
 * bytes (default `DEFAULT_MAX_INPUT_BYTES`), read through the descriptor that was verified.
 */
export function readFileBeneath(
  root: string,
  file: string,
  options: { readonly fs?: HostFS; readonly maxBytes?: number } = {},
): FileBeneath {
  const found = openBeneath(root, file, options.fs);
  try {
    const maxBytes = options.maxBytes ?? DEFAULT_MAX_INPUT_BYTES;
    return { bytes: checkBytes(found.handle.read(maxBytes), maxBytes), realPath: found.handle.location() };
  } finally {
    found.handle.close();
  }
}

/**
 * Reads a file a pipeline names, through `host.namedFiles`: beneath its `root` when set (see
 * {@link readFileBeneath}), at most its `maxBytes` (default `DEFAULT_MAX_INPUT_BYTES`). Errors are errno
 * errors, for Go-style texts (`open /etc/shadow: outside the files root /srv/pipelines`).
 */
export function readNamedFile(host: HostAccess, path: string): Uint8Array {
  const maxBytes = host.namedFiles?.maxBytes ?? DEFAULT_MAX_INPUT_BYTES;
  const root = host.namedFiles?.root;
  if (root === undefined) return checkBytes(host.fs.readFile(path, { maxBytes }), maxBytes);
  return readFileBeneath(root, path, { fs: host.fs, maxBytes }).bytes;
}

/**
 * The host's file system as a pipeline's named files are read through it (`host.namedFiles`), for plugins that
 * read directories a pipeline names (the CDI spec directories of `cdiSpecDirs`): with a `root`, every call
 * resolves its path beneath it as {@link openBeneath} does (`readdir`, `stat`, `realpath` and `readFile` on the
 * file reached; `lstat` and `readlink` on the last component, in its directory reached so), and a way out fails
 * with {@link OutsideFilesRootError}; `readFile` reads at most the policy's `maxBytes` (and the caller's, when
 * lower). Without a policy, the host's file system itself.
 */
export function namedFilesFS(host: HostAccess): HostFS {
  const policy = host.namedFiles;
  if (policy === undefined) return host.fs;
  const fs = host.fs;
  const limit = (options?: ReadFileOptions) =>
    Math.min(options?.maxBytes ?? DEFAULT_MAX_INPUT_BYTES, policy.maxBytes ?? DEFAULT_MAX_INPUT_BYTES);
  const root = policy.root;
  if (root === undefined) {
    return {
      ...fs,
      readFile: (file, options) =>
        checkBytes(fs.readFile(file, { maxBytes: limit(options) }), limit(options)),
    };
  }
  const reached = <T>(file: string, use: (handle: HostPathHandle) => T): T => {
    const found = openBeneath(root, file, fs);
    try {
      return use(found.handle);
    } finally {
      found.handle.close();
    }
  };
  const inParent = <T>(file: string, use: (entry: string) => T): T => {
    const absolute = nodePath.resolve(file);
    if (absolute === nodePath.resolve(root)) return reached(absolute, (handle) => use(handle.at));
    return reached(nodePath.dirname(absolute), (handle) =>
      use(`${handle.at}/${nodePath.basename(absolute)}`),
    );
  };
  return {
    readFile: (file, options) => readFileBeneath(root, file, { fs, maxBytes: limit(options) }).bytes,
    stat: (file) => reached(file, (handle) => handle.stat()),
    readdir: (file) => reached(file, (handle) => fs.readdir(handle.at)),
    realpath: (file) => reached(file, (handle) => handle.location()),
    lstat: (file) => inParent(file, (entry) => fs.lstat(entry)),
    readlink: (file) => inParent(file, (entry) => fs.readlink(entry)),
  };
}
