/** Go's integer conversions, with bigint math (64-bit values beyond 2^53-1 are bigints in the spec model). */

/** A 64-bit value as the model stores it: a number when it is a safe integer, else a bigint. */
export function normalizeInt(value: bigint): number | bigint {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(value)
    : value;
}

/** Go's `int64(x)` of any integer: two's-complement wrap (`1<<63` → `-9223372036854775808`). */
export function toInt64(value: number | bigint): number | bigint {
  return normalizeInt(BigInt.asIntN(64, BigInt(value)));
}

/** Go's `uint64(x)` / `uint(x)` of any integer: two's-complement wrap (`-1` → `18446744073709551615`). */
export function toUint64(value: number | bigint): number | bigint {
  return normalizeInt(BigInt.asUintN(64, BigInt(value)));
}
