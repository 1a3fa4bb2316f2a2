/** Reading host files through the injected {@link HostAccess}, with Go's error texts. */
import type { SpecContext } from '../contract.js';
import { SpecOptError } from '../errors.js';
import { readNamedFile } from '../files/named.js';
import { goErrorText } from '../host.js';

/**
 * Reads a whole host file a pipeline names, through `ctx.host` (the safe read; confined beneath
 * `ctx.host.namedFiles.root` and bounded by its `maxBytes` when set). A failure throws a {@link SpecOptError}
 * reading like Go's `*PathError` (`open /x: no such file or directory`, `read /dir: is a directory`, `open /p: is
 * a FIFO, not a regular file`, `open /etc/shadow: outside the files root /srv`), after `prefix` if given.
 */
export function readHostFile(ctx: SpecContext, path: string, prefix = ''): Uint8Array {
  try {
    return readNamedFile(ctx.host, path);
  } catch (error) {
    throw new SpecOptError(`${prefix}${hostFileErrorText(path, error)}`, { cause: error });
  }
}

/** Go's `*PathError` text of a failed host file read: `read` when the read failed, `open` otherwise. */
export function hostFileErrorText(path: string, error: unknown): string {
  const syscall = (error as NodeJS.ErrnoException | undefined)?.syscall;
  return goErrorText(syscall === 'read' ? 'read' : 'open', path, error);
}
