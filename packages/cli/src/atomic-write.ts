/**
 * Atomic file output for `-o FILE` and `--bundle DIR`: the text goes to an exclusively created temporary file with
 * an unpredictable name beside the target (`O_CREAT | O_EXCL | O_NOFOLLOW`: a planted file or symlink is never
 * followed or reused), is flushed to disk, and is renamed over the target. A failure at any step removes the
 * temporary file and leaves the target as it was.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { OcispecError } from '@ocispec/core';

const { O_CREAT, O_EXCL, O_NOFOLLOW, O_WRONLY } = fs.constants;

/** Writes `text` to `file` atomically (mode 0644 before the umask). */
export function writeFileAtomic(file: string, text: string): void {
  const dir = path.dirname(file);
  const random = Buffer.from(globalThis.crypto.getRandomValues(new Uint8Array(8))).toString('hex');
  const temporary = path.join(dir, `.${path.basename(file)}.${random}.tmp`);
  let fd: number | undefined;
  try {
    fd = fs.openSync(temporary, O_CREAT | O_EXCL | O_NOFOLLOW | O_WRONLY, 0o644);
    fs.writeFileSync(fd, text);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    fs.renameSync(temporary, file);
  } catch (error) {
    if (fd !== undefined) fs.closeSync(fd);
    fs.rmSync(temporary, { force: true });
    throw new OcispecError('FILE_ERROR', `cannot write ${file}: ${reason(error)}`, { file, cause: error });
  }
}

function reason(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  if (e.code === 'ENOENT') return 'no such directory';
  if (e.code === 'EISDIR') return 'is a directory';
  if (e.code === 'EACCES' || e.code === 'EPERM') return 'permission denied';
  if (e.code === 'ENOSPC') return 'no space left on device';
  return e.code ?? (error instanceof Error ? error.message : String(error));
}
