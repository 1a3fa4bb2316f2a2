/** What a file is, in words, and the error for a file that is not a regular file. */
import type { HostStat } from '../host.js';

/** What kind of file `stat` describes: `a FIFO`, `a character device`, `a directory` … */
export function fileKind(stat: HostStat): string {
  if (stat.isFile()) return 'a regular file';
  if (stat.isDirectory()) return 'a directory';
  if (stat.isSymbolicLink()) return 'a symbolic link';
  if (stat.isFIFO()) return 'a FIFO';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * A file that is not a regular file, as an errno error. A directory is `EISDIR` on `read` (Go's `os.ReadFile`
 * says `read <dir>: is a directory`); anything else reads `open <p>: is a FIFO, not a regular file` (Go would
 * block on a FIFO, or read `/dev/zero` forever).
 */
export class NotRegularFileError extends Error {
  override readonly name = 'NotRegularFileError';
  readonly code: string;
  readonly syscall: string;
  /** What the file is (see {@link fileKind}). */
  readonly kind: string;

  constructor(stat: HostStat) {
    const kind = fileKind(stat);
    super(stat.isDirectory() ? 'is a directory' : `is ${kind}, not a regular file`);
    this.kind = kind;
    this.code = stat.isDirectory() ? 'EISDIR' : 'EFTYPE';
    this.syscall = stat.isDirectory() ? 'read' : 'open';
  }
}
