/**
 * The real host's file access (`nodeHostFS`): the safe read of a whole file, and `O_PATH` handles that in-root
 * lookups walk (Linux, through `/proc/self/fd`). See docs/security.md.
 */
import * as fs from 'node:fs';
import type { HostFS, HostPathHandle, HostStat, OpenPathOptions, ReadFileOptions } from '../host.js';
import { DEFAULT_MAX_INPUT_BYTES, InputTooLargeError, readToEnd } from './bounded.js';
import { NotRegularFileError } from './kinds.js';
import { pathHandle } from './path-handle.js';

const { O_RDONLY, O_NONBLOCK, O_NOCTTY, O_NOFOLLOW } = fs.constants;

/**
 * How every file is opened for reading: read-only, non-blocking (opening a FIFO returns at once instead of waiting
 * for a writer), never as the controlling terminal. libuv adds `O_CLOEXEC` to every open.
 */
export const READ_FLAGS = O_RDONLY | O_NONBLOCK | O_NOCTTY;

/** Linux's `O_PATH` (the same value on every architecture Node runs on): a descriptor that names, never reads. */
const O_PATH = 0o10000000;

let procFd: boolean | undefined;

/** True where descriptors can be named as paths (`/proc/self/fd/N`): Linux with /proc mounted. */
export function hasProcFd(): boolean {
  procFd ??= process.platform === 'linux' && fs.existsSync('/proc/self/fd');
  return procFd;
}

/** The file changed between two opens of one descriptor's file (it never should: the reopen is by descriptor). */
function changedError(): NodeJS.ErrnoException {
  return Object.assign(new Error('the file changed while it was opened'), {
    code: 'ESTALE',
    syscall: 'open',
  });
}

/**
 * Reads the regular file open as `fd`: `fstat` first (not a regular file: {@link NotRegularFileError}; a size
 * already over the limit fails before reading), then a bounded read.
 */
function readOpenFile(fd: number, maxBytes: number, expected?: HostStat): Uint8Array {
  const stat = fs.fstatSync(fd);
  if (!stat.isFile()) throw new NotRegularFileError(stat);
  if (expected !== undefined && (stat.ino !== expected.ino || stat.dev !== expected.dev))
    throw changedError();
  if (stat.size > maxBytes) throw new InputTooLargeError(maxBytes, stat.size);
  return readToEnd(fd, maxBytes, stat.size);
}

/**
 * Opens `path` with {@link READ_FLAGS}. Opening a socket fails with `ENXIO`; the error then says what the file
 * is (the only other look at the path, for the message: nothing is read through it).
 */
function openForReading(path: string): number {
  try {
    return fs.openSync(path, READ_FLAGS);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENXIO') {
      let stat: fs.Stats | undefined;
      try {
        stat = fs.statSync(path);
      } catch {
        // The original error stands.
      }
      if (stat !== undefined && !stat.isFile()) throw new NotRegularFileError(stat);
    }
    throw error;
  }
}

/**
 * The safe read: the path is opened once ({@link READ_FLAGS}), the descriptor is `fstat`ed and must be a regular
 * file, and at most `maxBytes` bytes are read from it.
 */
export function readRegularFile(path: string, maxBytes: number = DEFAULT_MAX_INPUT_BYTES): Uint8Array {
  const fd = openForReading(path);
  try {
    return readOpenFile(fd, maxBytes);
  } finally {
    fs.closeSync(fd);
  }
}

/** An `O_PATH` descriptor, named `/proc/self/fd/N`. */
class ProcFdHandle implements HostPathHandle {
  readonly at: string;
  readonly #fd: number;
  #closed = false;

  constructor(fd: number) {
    this.#fd = fd;
    this.at = `/proc/self/fd/${fd}`;
  }

  stat(): HostStat {
    return fs.fstatSync(this.#fd);
  }

  location(): string {
    return fs.readlinkSync(this.at);
  }

  read(maxBytes: number): Uint8Array {
    const opened = this.stat();
    if (!opened.isFile()) throw new NotRegularFileError(opened);
    // Reopening through the descriptor's magic link opens the same inode, with no path lookup in between.
    const fd = openForReading(this.at);
    try {
      return readOpenFile(fd, maxBytes, opened);
    } finally {
      fs.closeSync(fd);
    }
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    fs.closeSync(this.#fd);
  }
}

function openProcFdHandle(path: string, options: OpenPathOptions = {}): HostPathHandle {
  const fd = fs.openSync(path, O_PATH | (options.noFollow === true ? O_NOFOLLOW : 0));
  return new ProcFdHandle(fd);
}

/** The real host, through `node:fs`; reads are the safe read, handles are `O_PATH` descriptors on Linux. */
export const nodeHostFS: HostFS = {
  readFile: (p: string, options?: ReadFileOptions) => readRegularFile(p, options?.maxBytes),
  lstat: (p) => fs.lstatSync(p),
  stat: (p) => fs.statSync(p),
  readdir: (p) => fs.readdirSync(p, { withFileTypes: true }),
  readlink: (p) => fs.readlinkSync(p),
  realpath: (p) => fs.realpathSync(p),
  openPath: (p, options) => (hasProcFd() ? openProcFdHandle(p, options) : pathHandle(nodeHostFS, p, options)),
};
