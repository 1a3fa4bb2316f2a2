/**
 * Reading the host files a pipeline names (base spec files, env files, seccomp profiles, `withSpecFromFile`)
 * through the host's {@link NamedFilePolicy}: optionally confined beneath a directory, always bounded.
 */
import * as nodePath from 'node:path';
import type { HostAccess, HostFS } from '../host.js';
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
