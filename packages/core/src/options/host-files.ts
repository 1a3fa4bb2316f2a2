/** Reading host files through the injected {@link HostAccess}, with Go's error texts. */
import type { SpecContext } from '../contract.js';
import { SpecOptError } from '../errors.js';
import { goErrorText } from '../host.js';

/**
 * Reads a whole host file through `ctx.host.fs`. A failure throws a {@link SpecOptError} reading like Go's
 * `*PathError` (`open /x: no such file or directory`, `read /dir: is a directory`), after `prefix` if given.
 */
export function readHostFile(ctx: SpecContext, path: string, prefix = ''): Uint8Array {
  try {
    return ctx.host.fs.readFile(path);
  } catch (error) {
    const syscall = (error as NodeJS.ErrnoException | undefined)?.syscall;
    const op = syscall === 'read' ? 'read' : 'open';
    throw new SpecOptError(`${prefix}${goErrorText(op, path, error)}`, { cause: error });
  }
}
