/** File access: the safe read, bounded reads, in-root lookups, named-file confinement. */
export {
  checkBytes,
  DEFAULT_MAX_INPUT_BYTES,
  InputTooLargeError,
  readStreamBounded,
  readToEnd,
} from './bounded.js';
export type { InRootFile, OpenInRootOptions, RootMode } from './in-root.js';
export { InRootError, openInRoot, resolveInRootPath, SYMLOOP_MAX, splitPathComponents } from './in-root.js';
export { fileKind, NotRegularFileError } from './kinds.js';
export type { FileBeneath } from './named.js';
export { namedFilesFS, OutsideFilesRootError, openBeneath, readFileBeneath, readNamedFile } from './named.js';
export { hasProcFd, READ_FLAGS, readRegularFile } from './node-fs.js';
export { openPath, pathHandle } from './path-handle.js';
