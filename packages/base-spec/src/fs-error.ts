import { errnoText } from '@ocispec/core/internal';
import type { BaseSpecErrorReason } from './errors.js';
import { BaseSpecError } from './errors.js';

function fsReason(error: unknown): BaseSpecErrorReason {
  switch ((error as NodeJS.ErrnoException | undefined)?.code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return 'missing';
    case 'EISDIR':
      return 'directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission';
    case 'ELOOP':
      return 'symlink-loop';
    case 'EFTYPE':
      return 'not-regular';
    case 'EXDEV':
      return 'outside-root';
    case 'EFBIG':
      return 'too-large';
    default:
      return 'io';
  }
}

/** A file system failure on `file` (a base spec or a runtime config), its reason from the errno code. */
export function fsError(file: string, error: unknown): BaseSpecError {
  return new BaseSpecError(fsReason(error), `${file}: ${errnoText(error)}`, { file, cause: error });
}
