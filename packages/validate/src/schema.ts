/**
 * The schema part of validation: a checker compiled once from the zod model (`SpecSchema`) into plain closures.
 * It reports every type and range error (zod's `safeParse` reports them too, but costs more than the whole
 * validation budget) and every unknown field, in one walk. `test/schema.test.ts` checks it against zod.
 * The same walk reports strings of known fields (and map keys) that hold a NUL byte (`string-nul`): every such
 * string becomes a C string, except the opaque JSON values listed in {@link OPAQUE_FIELDS}.
 */
import type { ValidationReport } from '@ocispec/core';
import { int32, int64, uint8, uint16, uint32, uint64 } from '@ocispec/core';
import { toPointer } from '@ocispec/core/internal';
import { SpecSchema } from '@ocispec/core/schemas';
import type { z } from 'zod';
import type { Obj } from './util.js';

type Schema = z.core.$ZodType;
type Path = Array<string | number>;

/** Where the walk reports. */
interface Sink {
  readonly report: ValidationReport;
  readonly path: Path;
}

type Check = (value: unknown, sink: Sink) => void;

/**
 * Fields whose strings never become C strings: annotations and seccomp's `listenerMetadata` travel to hooks and
 * agents as JSON, and a Windows credential spec is handed to HCS as JSON.
 */
const OPAQUE_FIELDS: ReadonlySet<string> = new Set(['annotations', 'listenerMetadata', 'credentialSpec']);

function nulError(sink: Sink, text: string, what: 'value' | 'key'): void {
  const cut = text.slice(0, text.indexOf('\0'));
  sink.report.error(
    toPointer(sink.path),
    'string-nul',
    `${what} ${JSON.stringify(text)} holds a NUL byte: the kernel would see only ${JSON.stringify(cut)}`,
  );
}

interface IntRange {
  readonly name: string;
  readonly min: bigint;
  readonly max: bigint;
  /** 64-bit: `bigint` accepted, numbers must be safe integers. */
  readonly wide: boolean;
}

/** The integer schemas of the model, recognized by identity. */
const INT_RANGES = new Map<Schema, IntRange>([
  [int64, { name: 'int64', min: -(2n ** 63n), max: 2n ** 63n - 1n, wide: true }],
  [uint64, { name: 'uint64', min: 0n, max: 2n ** 64n - 1n, wide: true }],
  [int32, { name: 'int32', min: -(2n ** 31n), max: 2n ** 31n - 1n, wide: false }],
  [uint32, { name: 'uint32', min: 0n, max: 2n ** 32n - 1n, wide: false }],
  [uint16, { name: 'uint16', min: 0n, max: 65535n, wide: false }],
  [uint8, { name: 'uint8', min: 0n, max: 255n, wide: false }],
]);

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'bigint') return 'number';
  return typeof value;
}

function typeError(sink: Sink, expected: string, value: unknown): void {
  sink.report.error(toPointer(sink.path), 'schema-type', `expected ${expected}, received ${jsonType(value)}`);
}

/** True when `value` is an array; otherwise reports its type error. */
function isArrayElseReport(value: unknown, sink: Sink): value is readonly unknown[] {
  if (Array.isArray(value)) return true;
  typeError(sink, 'array', value);
  return false;
}

/** True when `value` is a JSON object; otherwise reports its type error. */
function isObjectElseReport(value: unknown, sink: Sink): value is Obj {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return true;
  typeError(sink, 'object', value);
  return false;
}

function defOf(schema: Schema): z.core.$ZodTypes['_zod']['def'] {
  return (schema as z.core.$ZodTypes)._zod.def;
}

/** Compiled checks: strings checked for NUL bytes, and (for opaque fields) not. */
const caches = { checked: new Map<Schema, Check>(), opaque: new Map<Schema, Check>() };

/** Compiles a zod schema of the model into a check (memoized: shared sub-schemas compile once per mode). */
function compile(schema: Schema, opaque = false): Check {
  const cache = opaque ? caches.opaque : caches.checked;
  const cached = cache.get(schema);
  if (cached !== undefined) return cached;
  // Recursive schemas would need a forward reference; the model has none.
  const check = compileUncached(schema, opaque);
  cache.set(schema, check);
  return check;
}

function compileUncached(schema: Schema, opaque: boolean): Check {
  const range = INT_RANGES.get(schema);
  if (range !== undefined) return intCheck(range);
  const def = defOf(schema);
  switch (def.type) {
    case 'optional': {
      const inner = compile(def.innerType, opaque);
      return (value, sink) => {
        if (value !== undefined) inner(value, sink);
      };
    }
    case 'nullable': {
      const inner = compile(def.innerType, opaque);
      return (value, sink) => {
        if (value !== null) inner(value, sink);
      };
    }
    case 'string':
      if (opaque)
        return (value, sink) => {
          if (typeof value !== 'string') typeError(sink, 'string', value);
        };
      return (value, sink) => {
        if (typeof value !== 'string') typeError(sink, 'string', value);
        else if (value.includes('\0')) nulError(sink, value, 'value');
      };
    case 'boolean':
      return (value, sink) => {
        if (typeof value !== 'boolean') typeError(sink, 'boolean', value);
      };
    case 'unknown':
    case 'any':
      return () => {};
    case 'array': {
      // Lists of strings (capabilities, env, args, mount options, paths) are the most common: checked inline.
      if ((def.element as Schema)._zod.def.type === 'string') {
        return (value, sink) => {
          if (!isArrayElseReport(value, sink)) return;
          for (let i = 0; i < value.length; i++) {
            const item = value[i];
            if (typeof item === 'string' && (opaque || !item.includes('\0'))) continue;
            sink.path.push(i);
            if (typeof item === 'string') nulError(sink, item, 'value');
            else typeError(sink, 'string', item);
            sink.path.pop();
          }
        };
      }
      const element = compile(def.element, opaque);
      return (value, sink) => {
        if (!isArrayElseReport(value, sink)) return;
        const path = sink.path;
        for (let i = 0; i < value.length; i++) {
          path.push(i);
          element(value[i], sink);
          path.pop();
        }
      };
    }
    case 'record': {
      const element = compile(def.valueType, opaque);
      return (value, sink) => {
        if (!isObjectElseReport(value, sink)) return;
        const path = sink.path;
        for (const key in value) {
          path.push(key);
          if (!opaque && key.includes('\0')) nulError(sink, key, 'key');
          element(value[key], sink);
          path.pop();
        }
      };
    }
    case 'object':
      return objectCheck(def.shape, opaque);
    default:
      throw new Error(`@ocispec/validate: no compiled check for zod type ${def.type}`);
  }
}

function objectCheck(shape: Readonly<Record<string, Schema>>, opaque: boolean): Check {
  // Filled lazily so that compiling the spec compiles each sub-schema once, on first use.
  const fields = new Map<string, Schema>(Object.entries(shape));
  // A prototype-less record: a lookup by key is cheaper than a Map's, and no key can reach Object.prototype.
  const checks: Record<string, Check | undefined> = Object.create(null);
  return (value, sink) => {
    if (!isObjectElseReport(value, sink)) return;
    const path = sink.path;
    for (const key in value) {
      let check = checks[key];
      if (check === undefined) {
        const field = fields.get(key);
        if (field === undefined) {
          path.push(key);
          sink.report.warning(
            toPointer(path),
            'unknown-field',
            'unknown field, kept as is (containerd would drop it)',
          );
          path.pop();
          continue;
        }
        check = compile(field, opaque || OPAQUE_FIELDS.has(key));
        checks[key] = check;
      }
      path.push(key);
      check(value[key], sink);
      path.pop();
    }
  };
}

function intCheck(range: IntRange): Check {
  const expected = `${range.name} (${range.min}..${range.max})`;
  const min = Number(range.min);
  const max = Number(range.max);
  const outOfRange = (value: number | bigint, sink: Sink): void => {
    sink.report.error(toPointer(sink.path), 'int-range', `expected ${expected}, got ${value}`);
  };
  return (value, sink) => {
    if (typeof value === 'number') {
      if (range.wide && !Number.isSafeInteger(value) && Number.isInteger(value)) {
        sink.report.error(
          toPointer(sink.path),
          'int-range',
          `expected ${expected}: ${value} is not a safe integer, use a bigint for values beyond 2^53-1`,
        );
      } else if (!Number.isInteger(value) || value < min || value > max) outOfRange(value, sink);
    } else if (typeof value === 'bigint') {
      // A bigint never fits a 32-bit field (the lossless parser makes bigints only beyond 2^53-1).
      if (!range.wide || value < range.min || value > range.max) outOfRange(value, sink);
    } else typeError(sink, expected, value);
  };
}

const specCheck = compile(SpecSchema);

/**
 * Checks a JSON value against the runtime-spec v1.3.0 model: `schema-type`, `int-range` and `string-nul` errors,
 * `unknown-field` warnings, each at its JSON pointer, in document order.
 */
export function checkSchema(value: unknown, report: ValidationReport): void {
  specCheck(value, { report, path: [] });
}
