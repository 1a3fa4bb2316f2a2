/**
 * Bounded reads: a descriptor or a stream is read to its end, and the limit is enforced on the bytes actually read
 * (a FIFO, `/dev/zero`, a `/proc` file whose size says 0, a file that grows while it is read). Nothing is
 * allocated beyond the limit plus one chunk.
 */
import * as fs from 'node:fs';

/** The largest input read by default (pipeline files, standard input, host files): 64 MiB. */
export const DEFAULT_MAX_INPUT_BYTES = 64 * 1024 * 1024;

const FIRST_CHUNK = 64 * 1024;
const LARGEST_CHUNK = 8 * 1024 * 1024;

/**
 * An input over its size limit. It reads as an errno error (`code` `EFBIG`, `syscall` `read`), so that Go-style
 * texts say `read <path>: file is over the limit of N bytes`.
 */
export class InputTooLargeError extends Error {
  override readonly name = 'InputTooLargeError';
  readonly code = 'EFBIG';
  readonly syscall = 'read';
  /** The limit, in bytes. */
  readonly limit: number;
  /** The size the file said it has (`fstat`), when that was already over the limit. */
  readonly size: number | undefined;

  constructor(limit: number, size?: number, what = 'file') {
    super(
      size === undefined
        ? `${what} is over the limit of ${limit} bytes`
        : `${what} is ${size} bytes, over the limit of ${limit} bytes`,
    );
    this.limit = limit;
    this.size = size;
  }
}

/** Checks a limit given by a caller: a non-negative safe integer. */
export function checkLimit(maxBytes: number): number {
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 0) {
    throw new RangeError(`a byte limit must be a non-negative integer, got ${String(maxBytes)}`);
  }
  return maxBytes;
}

function concat(chunks: readonly Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  return Buffer.concat(chunks, total);
}

/**
 * Reads `fd` from its current position to the end, at most `maxBytes` bytes: reading one byte more fails with
 * {@link InputTooLargeError}. `sizeHint` (the `fstat` size) sizes the first read; it is never trusted as the
 * length.
 */
export function readToEnd(fd: number, maxBytes: number, sizeHint = 0): Uint8Array {
  checkLimit(maxBytes);
  const chunks: Uint8Array[] = [];
  let total = 0;
  let chunkSize = Math.min(Math.max(sizeHint + 1, FIRST_CHUNK), LARGEST_CHUNK);
  for (;;) {
    const want = Math.min(chunkSize, maxBytes + 1 - total);
    const buffer = Buffer.allocUnsafe(want);
    const read = fs.readSync(fd, buffer, 0, want, null);
    if (read === 0) break;
    chunks.push(read === want ? buffer : buffer.subarray(0, read));
    total += read;
    if (total > maxBytes) throw new InputTooLargeError(maxBytes);
    chunkSize = Math.min(chunkSize * 2, LARGEST_CHUNK);
  }
  return total === 0 ? new Uint8Array() : concat(chunks, total);
}

/**
 * Reads a stream (standard input) to its end, at most `maxBytes` bytes: one byte more fails with
 * {@link InputTooLargeError} (`input is over the limit of N bytes`) and stops reading (the stream is released).
 */
export async function readStreamBounded(
  stream: AsyncIterable<Uint8Array | string>,
  maxBytes: number,
): Promise<Uint8Array> {
  checkLimit(maxBytes);
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    total += bytes.length;
    if (total > maxBytes) throw new InputTooLargeError(maxBytes, undefined, 'input');
    chunks.push(bytes);
  }
  return total === 0 ? new Uint8Array() : concat(chunks, total);
}

/** The same limit on bytes already in memory (a test's standard input, a fake host's file). */
export function checkBytes(bytes: Uint8Array, maxBytes: number, what = 'file'): Uint8Array {
  if (bytes.length > checkLimit(maxBytes)) throw new InputTooLargeError(maxBytes, bytes.length, what);
  return bytes;
}
