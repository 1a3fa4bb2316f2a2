/**
 * Requests are checked against the proto before they are encoded: protobufjs would send an unknown enum name as
 * the zero value (`network: "HOST"` as `POD`) and a fractional int64 truncated (`1.5` as `1`), silently. Here each
 * is an error naming the field's JSON pointer; int64s (safe integers, bigints, decimal strings) become exact decimal
 * strings. Fields the proto does not know are dropped, as CRI's own decoders skip them.
 */

import { escapePointerToken } from '@ocispec/core/internal';
import protobuf from 'protobufjs';

/** A request the proto cannot carry; `pointer` is the field's JSON pointer inside the request. */
export class CriRequestError extends Error {
  override readonly name = 'CriRequestError';
  constructor(
    readonly method: string,
    readonly pointer: string,
    reason: string,
  ) {
    super(`${method}: ${pointer === '' ? '/' : pointer}: ${reason}`);
  }
}

const INT32 = new Set(['int32', 'sint32', 'sfixed32']);
const UINT32 = new Set(['uint32', 'fixed32']);
const INT64 = new Set(['int64', 'sint64', 'sfixed64']);
const UINT64 = new Set(['uint64', 'fixed64']);
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

type Fail = (pointer: string, reason: string) => never;

/** `value` as the plain object `type` encodes: checked, int64s as strings, unknown fields dropped. */
export function checkRequest(method: string, type: protobuf.Type, value: unknown): Record<string, unknown> {
  const fail: Fail = (pointer, reason) => {
    throw new CriRequestError(method, pointer, reason);
  };
  return message(type, value, '', fail);
}

function message(type: protobuf.Type, value: unknown, pointer: string, fail: Fail): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail(pointer, `expected an object (${type.name}), got ${describe(value)}`);
  }
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const field = type.fields[key];
    if (field === undefined || v === undefined || v === null) continue;
    const at = `${pointer}/${escapePointerToken(key)}`;
    if (field.map) {
      if (typeof v !== 'object' || Array.isArray(v)) fail(at, `expected a map, got ${describe(v)}`);
      const entries: Record<string, unknown> = {};
      for (const [k, item] of Object.entries(v as Record<string, unknown>)) {
        entries[k] = single(field, item, `${at}/${escapePointerToken(k)}`, fail);
      }
      out[key] = entries;
    } else if (field.repeated) {
      if (!Array.isArray(v)) fail(at, `expected a list, got ${describe(v)}`);
      out[key] = (v as unknown[]).map((item, i) => single(field, item, `${at}/${i}`, fail));
    } else {
      out[key] = single(field, v, at, fail);
    }
  }
  return out;
}

function single(field: protobuf.Field, value: unknown, pointer: string, fail: Fail): unknown {
  const resolved = field.resolvedType;
  if (resolved instanceof protobuf.Type) return message(resolved, value, pointer, fail);
  if (resolved instanceof protobuf.Enum) return enumValue(resolved, value, pointer, fail);
  const t = field.type;
  if (t === 'string') {
    return typeof value === 'string' ? value : fail(pointer, `expected a string, got ${describe(value)}`);
  }
  if (t === 'bool') {
    return typeof value === 'boolean' ? value : fail(pointer, `expected a boolean, got ${describe(value)}`);
  }
  if (INT32.has(t)) return int(value, -(2 ** 31), 2 ** 31 - 1, t, pointer, fail);
  if (UINT32.has(t)) return int(value, 0, 2 ** 32 - 1, t, pointer, fail);
  if (INT64.has(t)) return long(value, INT64_MIN, INT64_MAX, t, pointer, fail);
  if (UINT64.has(t)) return long(value, 0n, UINT64_MAX, t, pointer, fail);
  if (t === 'double' || t === 'float') {
    return typeof value === 'number' ? value : fail(pointer, `expected a number, got ${describe(value)}`);
  }
  if (t === 'bytes') {
    if (value instanceof Uint8Array || typeof value === 'string') return value;
    return fail(pointer, `expected bytes, got ${describe(value)}`);
  }
  return fail(pointer, `unsupported field type ${t}`);
}

function enumValue(type: protobuf.Enum, value: unknown, pointer: string, fail: Fail): string | number {
  if (typeof value === 'string' && Object.hasOwn(type.values, value)) return value;
  // proto3 enums are open: a number is sent as is.
  if (typeof value === 'number' && Number.isInteger(value) && value >= -(2 ** 31) && value < 2 ** 31) {
    return value;
  }
  const names = Object.keys(type.values);
  return fail(
    pointer,
    `unknown ${type.name} ${describe(value)} (expected ${names.slice(0, -1).join(', ')} or ${names.at(-1)}, or a number)`,
  );
}

function int(value: unknown, min: number, max: number, t: string, pointer: string, fail: Fail): number {
  const n = typeof value === 'bigint' ? Number(value) : value;
  if (typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max) return n;
  return fail(pointer, `expected an integer (${t}), got ${describe(value)}`);
}

function long(value: unknown, min: bigint, max: bigint, t: string, pointer: string, fail: Fail): string {
  let n: bigint | undefined;
  if (typeof value === 'bigint') n = value;
  else if (typeof value === 'number' && Number.isSafeInteger(value)) n = BigInt(value);
  else if (typeof value === 'string' && /^[+-]?\d+$/.test(value)) n = BigInt(value);
  if (n === undefined || n < min || n > max) {
    return fail(
      pointer,
      `expected an integer (${t}: a safe integer, a bigint or a decimal string), got ${describe(value)}`,
    );
  }
  return n.toString();
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return String(value);
}
