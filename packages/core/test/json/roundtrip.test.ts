import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ANY_LAYOUT,
  type JsonValue,
  type PrintJsonOptions,
  parseJson,
  printJson,
} from '../../src/json/index.js';
import { specLayout } from './layouts.js';

const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;

/** Builds an object with own data properties only, so `__proto__` is a key, not a prototype. */
function objectFrom(entries: readonly (readonly [string, JsonValue])[]): { [key: string]: JsonValue } {
  const object: { [key: string]: JsonValue } = {};
  for (const [key, value] of entries) {
    Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
  }
  return object;
}

const key = fc.oneof(
  { weight: 5, arbitrary: fc.string({ unit: 'binary' }) },
  { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'toString', 'a', 'é', '😀', '\u2028') },
);

function jsonArbitrary(scalars: fc.Arbitrary<JsonValue>): fc.Arbitrary<JsonValue> {
  return fc.letrec<{ value: JsonValue }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      scalars,
      fc.array(tie('value'), { maxLength: 5 }),
      fc
        .uniqueArray(fc.tuple(key, tie('value')), { selector: ([k]) => k, maxLength: 5 })
        .map((entries) => objectFrom(entries)),
    ),
  })).value;
}

const plainScalar: fc.Arbitrary<JsonValue> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
  fc.string({ unit: 'binary' }),
  fc.string({ unit: 'grapheme' }),
);
const scalarWithBigints = fc.oneof(plainScalar, fc.bigInt({ min: INT64_MIN, max: UINT64_MAX }));

const jsonWithBigints = jsonArbitrary(scalarWithBigints);
const jsonWithoutBigints = jsonArbitrary(plainScalar);

const printOptions: fc.Arbitrary<PrintJsonOptions> = fc.record({
  indent: fc.constantFrom(undefined, 0, 2, 4, '\t', ' '),
  escapeHtml: fc.boolean(),
});

/**
 * What a value reads back as: -0 becomes 0; a bigint in the safe range a number; an integral number beyond it
 * (printed as plain digits below 1e21) the bigint of the digits printed.
 */
function normalise(value: JsonValue): JsonValue {
  if (typeof value === 'number') {
    if (value === 0) return 0;
    if (Number.isInteger(value) && !Number.isSafeInteger(value) && Math.abs(value) < 1e21)
      return BigInt(String(value));
    return value;
  }
  if (typeof value === 'bigint') {
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
      ? Number(value)
      : value;
  }
  if (Array.isArray(value)) return value.map(normalise);
  if (value !== null && typeof value === 'object') {
    return objectFrom(Object.entries(value).map(([k, v]) => [k, normalise(v)] as const));
  }
  return value;
}

describe('JSON round trips (fast-check)', () => {
  it('(a) parseJson(printJson(v)) equals v, bigints and unicode included', () => {
    fc.assert(
      fc.property(jsonWithBigints, printOptions, (value, options) => {
        expect(parseJson(printJson(value, ANY_LAYOUT, options))).toEqual(normalise(value));
      }),
      { numRuns: 500 },
    );
  });

  it('(b) print ∘ parse ∘ print = print', () => {
    fc.assert(
      fc.property(jsonWithBigints, printOptions, (value, options) => {
        const printed = printJson(value, ANY_LAYOUT, options);
        expect(printJson(parseJson(printed), ANY_LAYOUT, options)).toBe(printed);
      }),
      { numRuns: 500 },
    );
  });

  it('(b) print ∘ parse is stable on arbitrary JSON text and through a spec layout', () => {
    fc.assert(
      fc.property(fc.json(), printOptions, (text, options) => {
        const once = printJson(parseJson(text), ANY_LAYOUT, options);
        expect(printJson(parseJson(once), ANY_LAYOUT, options)).toBe(once);
        const spec = printJson(parseJson(text), specLayout, options);
        expect(printJson(parseJson(spec), specLayout, options)).toBe(spec);
      }),
      { numRuns: 300 },
    );
  });

  it('(c) JSON.parse reads the printed text as the same structure', () => {
    fc.assert(
      fc.property(jsonWithoutBigints, printOptions, (value, options) => {
        const printed = printJson(value, ANY_LAYOUT, options);
        expect(JSON.parse(printed)).toEqual(JSON.parse(JSON.stringify(value)));
      }),
      { numRuns: 500 },
    );
  });

  it('parseJson agrees with JSON.parse on JSON.stringify output of safe values', () => {
    fc.assert(
      fc.property(jsonWithoutBigints, (value) => {
        const text = JSON.stringify(value, null, 1);
        expect(parseJson(text)).toEqual(normalise(JSON.parse(text) as JsonValue));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps 64-bit extremes byte for byte', () => {
    const text = '{"hard":18446744073709551615,"soft":-9223372036854775808,"x":9007199254740993}';
    expect(printJson(parseJson(text), ANY_LAYOUT)).toBe(text);
  });
});
