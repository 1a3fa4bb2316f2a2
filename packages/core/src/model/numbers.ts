/**
 * Integer schemas for the Go integer types of runtime-spec's `specs-go`. 64-bit types accept `number | bigint`
 * (a number must be a safe integer; values beyond 2^53-1 are bigints); narrower types are plain numbers.
 */
import { z } from 'zod';

/** A JS number or bigint holding a Go 64-bit integer. */
export type Int64Value = number | bigint;

function rangeMessage(name: string, min: bigint, max: bigint): string {
  return `expected ${name} (${min}..${max})`;
}

function wide(name: string, min: bigint, max: bigint) {
  const expected = rangeMessage(name, min, max);
  return z.union([z.number(), z.bigint()], { error: expected }).check((ctx) => {
    const value = ctx.value;
    if (typeof value === 'number') {
      if (!Number.isInteger(value)) {
        ctx.issues.push({ code: 'custom', input: value, message: `${expected}, got ${value}` });
        return;
      }
      if (!Number.isSafeInteger(value)) {
        ctx.issues.push({
          code: 'custom',
          input: value,
          message: `${expected}: ${value} is not a safe integer, use a bigint for values beyond 2^53-1`,
        });
        return;
      }
    }
    const big = BigInt(value);
    if (big < min || big > max) {
      ctx.issues.push({ code: 'custom', input: value, message: `${expected}, got ${big}` });
    }
  });
}

function narrow(name: string, min: number, max: number) {
  const expected = rangeMessage(name, BigInt(min), BigInt(max));
  return z.number({ error: expected }).check((ctx) => {
    const value = ctx.value;
    if (!Number.isInteger(value) || value < min || value > max) {
      ctx.issues.push({ code: 'custom', input: value, message: `${expected}, got ${value}` });
    }
  });
}

/** Go `int64`: -2^63..2^63-1, as a safe-integer number or a bigint. */
export const int64 = wide('int64', -(2n ** 63n), 2n ** 63n - 1n);
/** Go `uint64`: 0..2^64-1, as a safe-integer number or a bigint. */
export const uint64 = wide('uint64', 0n, 2n ** 64n - 1n);
/** Go `int` on 64-bit platforms (what containerd runs on): the range of `int64`. */
export const goInt = int64;
/** Go `uint` on 64-bit platforms: the range of `uint64`. */
export const goUint = uint64;
/** Go `int32`: -2147483648..2147483647. */
export const int32 = narrow('int32', -2147483648, 2147483647);
/** Go `uint32` (also `os.FileMode`): 0..4294967295. */
export const uint32 = narrow('uint32', 0, 4294967295);
/** Go `uint16`: 0..65535. */
export const uint16 = narrow('uint16', 0, 65535);
/** Go `uint8`: 0..255. */
export const uint8 = narrow('uint8', 0, 255);
