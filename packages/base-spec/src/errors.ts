import type { ErrorCode } from '@ocispec/core';
import { OcispecError } from '@ocispec/core';

/**
 * Why a base spec (or a runtime config) was refused. One reason per bad input the loader recognises, so callers
 * can branch on it without matching message text.
 */
export type BaseSpecErrorReason =
  /** The file has zero bytes (containerd: `EOF`, and the CRI plugin fails to load). */
  | 'empty'
  /** The file holds only spaces, tabs and line breaks. */
  | 'whitespace'
  /** The text is not JSON. */
  | 'invalid-json'
  /** A complete JSON value is followed by more text. */
  | 'trailing-data'
  /** The bytes are not UTF-8 (Go reads the invalid bytes as U+FFFD): refused because the loader is strict. */
  | 'invalid-utf8'
  /** The JSON value is an array, a string, a number, a boolean or null. */
  | 'not-object'
  /** A known field has the wrong type or range (`process.user.uid` as a string). */
  | 'wrong-type'
  /** An unknown field, refused because the loader is strict. */
  | 'unknown-field'
  /** A repeated key, or keys Go folds to one field (`process`, `Process`): refused because the loader is strict. */
  | 'ambiguous-key'
  /** The injected `check` reported an error finding. */
  | 'check-failed'
  /** The file does not exist. */
  | 'missing'
  /** The path is a directory. */
  | 'directory'
  /** The path is a FIFO, a device or a socket (refused without being read: a FIFO cannot hang the load). */
  | 'not-regular'
  /** The file is not beneath the files root it must come from (`--files-root`). */
  | 'outside-root'
  /** The file (or a directory on its path) cannot be read: EACCES / EPERM. */
  | 'permission'
  /** The path goes through a symlink loop: ELOOP. */
  | 'symlink-loop'
  /** The file is larger than the loader's size limit. */
  | 'too-large'
  /** Any other I/O failure. */
  | 'io'
  /** `runtimeSpec` was asked for a base file the store never loaded (containerd: `can't find base OCI spec`). */
  | 'unknown-base'
  /** No runtime of that name in the runtime config (containerd: `no runtime for "x" is configured`). */
  | 'unknown-runtime'
  /** The runtime config (containerd's `config.toml`) is not TOML or is not a version 2 or 3 config. */
  | 'bad-config';

const CODES: Record<BaseSpecErrorReason, ErrorCode> = {
  empty: 'INVALID_JSON',
  whitespace: 'INVALID_JSON',
  'invalid-json': 'INVALID_JSON',
  'trailing-data': 'INVALID_JSON',
  'invalid-utf8': 'INVALID_JSON',
  'not-object': 'BAD_SPEC',
  'wrong-type': 'BAD_SPEC',
  'unknown-field': 'BAD_SPEC',
  'ambiguous-key': 'BAD_SPEC',
  'check-failed': 'BAD_SPEC',
  missing: 'FILE_ERROR',
  directory: 'FILE_ERROR',
  'not-regular': 'FILE_ERROR',
  'outside-root': 'FILE_ERROR',
  permission: 'FILE_ERROR',
  'symlink-loop': 'FILE_ERROR',
  'too-large': 'FILE_ERROR',
  io: 'FILE_ERROR',
  'unknown-base': 'FILE_ERROR',
  'unknown-runtime': 'BAD_PIPELINE',
  'bad-config': 'BAD_PIPELINE',
};

/** Where a {@link BaseSpecError} happened. */
export interface BaseSpecErrorDetails {
  readonly file?: string;
  readonly pointer?: string;
  readonly cause?: unknown;
}

/**
 * A base spec or runtime config that could not be used. An {@link OcispecError} (so the CLI prints its one-line
 * message and exits 1) with the core error code that fits (`FILE_ERROR`, `INVALID_JSON`, `BAD_SPEC`,
 * `BAD_PIPELINE`) and a finer {@link BaseSpecErrorReason}.
 */
export class BaseSpecError extends OcispecError {
  readonly reason: BaseSpecErrorReason;

  constructor(reason: BaseSpecErrorReason, message: string, details: BaseSpecErrorDetails = {}) {
    super(CODES[reason], message, details);
    this.reason = reason;
  }
}

/** True for a {@link BaseSpecError}, optionally of one reason. */
export function isBaseSpecError(value: unknown, reason?: BaseSpecErrorReason): value is BaseSpecError {
  return value instanceof BaseSpecError && (reason === undefined || value.reason === reason);
}
