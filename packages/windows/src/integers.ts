/** Integer helpers for the 64-bit values windows options store. */

/**
 * A Go `uint64` as the spec model stores it: a number when it is a safe integer, else a bigint (a bigint argument
 * that fits is stored as a number, so equal values compare equal).
 */
export function modelUint64(value: number | bigint): number | bigint {
  if (typeof value === 'number') return value;
  return value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
}
