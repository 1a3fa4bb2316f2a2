/**
 * {@link HostPathHandle}s emulated by path, for a `HostFS` without `openPath` (fakes in tests, wrappers mapping
 * paths) and for hosts without `/proc/self/fd`. Every call looks the path up again: right for fakes, not
 * race-free on a real file system (see docs/security.md).
 */
import * as nodePath from 'node:path';
import type { HostFS, HostPathHandle, OpenPathOptions } from '../host.js';
import { checkBytes, InputTooLargeError } from './bounded.js';
import { NotRegularFileError } from './kinds.js';

/** A handle on `path` through `fs`'s path calls (`lstat` with `noFollow`, `stat` otherwise). */
export function pathHandle(fs: HostFS, path: string, options: OpenPathOptions = {}): HostPathHandle {
  const stat = options.noFollow === true ? fs.lstat(path) : fs.stat(path);
  return {
    at: path,
    stat: () => stat,
    location: () =>
      stat.isSymbolicLink()
        ? nodePath.posix.join(fs.realpath(nodePath.posix.dirname(path)), nodePath.posix.basename(path))
        : fs.realpath(path),
    read: (maxBytes) => {
      if (!stat.isFile()) throw new NotRegularFileError(stat);
      if (stat.size > maxBytes) throw new InputTooLargeError(maxBytes, stat.size);
      return checkBytes(fs.readFile(path, { maxBytes }), maxBytes);
    },
    close: () => {},
  };
}

/** `fs.openPath`, or its emulation by path when `fs` has none. */
export function openPath(fs: HostFS, path: string, options: OpenPathOptions = {}): HostPathHandle {
  return fs.openPath === undefined ? pathHandle(fs, path, options) : fs.openPath(path, options);
}
