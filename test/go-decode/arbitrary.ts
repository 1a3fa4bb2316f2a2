/**
 * fast-check arbitraries of spec texts for the Go differential test: JSON text written key by key over the Go
 * types of the spec, so that it holds what only text can hold: keys in random case and with folding characters
 * (`ſ`, the Kelvin sign), repeated keys (objects, maps, slices, scalars, at every depth), nulls, integer literals
 * at and beyond their Go type's limits, wrong types, unknown fields, invalid UTF-8 and random whitespace.
 *
 * Only fields that Debian's specs-go and runtime-spec v1.3.0 both have, with the same Go type, are written
 * (`EXCLUDED` lists the others): the Go side runs Debian's package.
 */

import type { GoField, GoIntType, GoStructType, GoType } from '@ocispec/core/internal';
import { specGoType } from '@ocispec/core/internal';
import fc from 'fast-check';

/**
 * Fields (by canonical path, `*` for elements and map values) whose Go type differs between Debian's specs-go
 * (1.0.2+dev) and v1.3.0, or that Debian lacks: left out of the generated texts.
 */
export const EXCLUDED: ReadonlySet<string> = new Set([
  '/freebsd',
  '/zos',
  '/vm/hwconfig',
  '/process/scheduler',
  '/process/ioPriority',
  '/process/execCPUAffinity',
  '/linux/netDevices',
  '/linux/memoryPolicy',
  '/linux/timeOffsets',
  '/linux/intelRdt/schemata',
  '/linux/intelRdt/enableMonitoring',
  '/linux/resources/pids',
  '/windows/resources/cpu/affinity',
]);

/** A stand-in for invalid UTF-8, replaced by raw bytes when the text is encoded. */
const BAD_BYTES = '\ue000';

const INVALID_SEQUENCES: readonly (readonly number[])[] = [
  [0xff],
  [0xfe],
  [0x80],
  [0xc0, 0xaf],
  [0xe2, 0x82],
  [0xed, 0xa0, 0x80],
  [0xf0, 0x90, 0x80],
  [0xf4, 0x90, 0x80, 0x80],
];

const MAX_DEPTH = 7;

const ws = fc.oneof(
  { weight: 12, arbitrary: fc.constant('') },
  { weight: 1, arbitrary: fc.constantFrom(' ', '\n', '\t ', '\r\n  ') },
);

/** A key as Go may match it: canonical, case flipped, or with `ſ`/`K` for `s`/`k`. */
function spelling(name: string): fc.Arbitrary<string> {
  const variant = fc
    .array(fc.integer({ min: 0, max: 3 }), { minLength: name.length, maxLength: name.length })
    .map((choices) =>
      [...name]
        .map((c, i) => {
          const choice = choices[i]!;
          if (choice === 0) return c;
          if (choice === 3 && (c === 's' || c === 'S')) return '\u017f';
          if (choice === 3 && (c === 'k' || c === 'K')) return '\u212a';
          return c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase();
        })
        .join(''),
    );
  return fc.oneof({ weight: 6, arbitrary: fc.constant(name) }, { weight: 2, arbitrary: variant });
}

const quote = (s: string): string => JSON.stringify(s);

const stringValue = fc.oneof(
  {
    weight: 24,
    arbitrary: fc.constantFrom('', 'a', '/', '/dev/null', 'CAP_KILL', 'rw', 'x=1', 'SCMP_ACT_ALLOW'),
  },
  { weight: 8, arbitrary: fc.string({ maxLength: 8 }) },
  { weight: 4, arbitrary: fc.string({ unit: 'grapheme', maxLength: 4 }) },
  {
    weight: 4,
    arbitrary: fc.constantFrom('<&>', '\u2028\u2029', '\u00e9\u4e2d', '\ud83d\ude00', '\u0000\u001f'),
  },
  { weight: 1, arbitrary: fc.constantFrom(`a${BAD_BYTES}b`, BAD_BYTES) },
);

/** A string literal: mostly plain, sometimes with escapes Go must unquote. */
const stringLiteral = fc.oneof(
  { weight: 8, arbitrary: stringValue.map(quote) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('"\\ud800"', '"\\udc00\\ud800"', '"\\u0041\\/\\b"', '"\\ud83d\\ude00"'),
  },
);

/** An integer literal in range; with `faults`, sometimes one Go refuses (out of range, fraction, exponent, -0). */
function intLiteral(type: GoIntType, faults: boolean): fc.Arbitrary<string> {
  const { min, max } = type;
  const valid = fc.oneof(
    { weight: 6, arbitrary: fc.bigInt({ min, max }).map(String) },
    { weight: 3, arbitrary: fc.constantFrom(String(min), String(max), '0', '1', '7') },
    { weight: 1, arbitrary: fc.constant(type.unsigned ? '0' : '-0') },
  );
  if (!faults) return valid;
  const refused = fc.constantFrom(
    String(max + 1n),
    String(min - 1n),
    '-0',
    '1.0',
    '1e3',
    '1E+2',
    '0.5',
    '-1',
  );
  return fc.oneof({ weight: 10, arbitrary: valid }, { weight: 1, arbitrary: refused });
}

/** Free JSON (unknown fields, `interface{}`): numbers of every form, repeated keys. */
const freeJson: fc.Arbitrary<string> = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(
      'null',
      'true',
      'false',
      '0',
      '-0',
      '1.5',
      '1e2',
      '-1.25e-7',
      '12345678901234567890',
      '1e21',
    ),
    fc.integer().map(String),
    fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => (Object.is(d, -0) ? '-0' : String(d))),
    stringLiteral,
    fc.array(tie('value'), { maxLength: 3 }).map((items) => `[${items.join(',')}]`),
    fc
      .array(fc.tuple(fc.constantFrom('a', 'b', 'A', '10', '9', '\u00e9'), tie('value')), { maxLength: 4 })
      .map((members) => `{${members.map(([k, v]) => `${quote(k)}:${v}`).join(',')}}`),
  ),
})).value;

/** A value of the wrong JSON type for `type` (Go's decoder fails on it). */
function wrongType(type: GoType): fc.Arbitrary<string> {
  switch (type.kind) {
    case 'string':
      return fc.constantFrom('1', 'true', '[]', '{}');
    case 'bool':
      return fc.constantFrom('"true"', '0', '[]');
    case 'int':
      return fc.constantFrom('"1"', 'false', '{}');
    case 'slice':
      return fc.constantFrom('"x"', '{}', '1');
    case 'map':
    case 'struct':
      return fc.constantFrom('[]', '"x"', '2');
    case 'pointer':
      return wrongType(type.elem);
    default:
      return fc.constant('null');
  }
}

/** How a text is written: `faults` adds values Go refuses (wrong types, bad integers), rarely. */
interface Style {
  readonly faults: boolean;
}

/** Map keys: a small set, so that repeats are frequent; exact, so `A` and `a` differ. */
const mapKey = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom('a', 'b', 'A', 'net.x', '\u017f') },
  { weight: 1, arbitrary: fc.constant(`k${BAD_BYTES}`) },
);

/** Unknown keys (Go skips them): `x-` never folds to a field of either specs-go. */
const unknownKey = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom('x-a', 'x-b') },
  { weight: 1, arbitrary: fc.constant(`x-${BAD_BYTES}`) },
);

const arbitraries = new Map<string, fc.Arbitrary<string>>();

/** JSON text for a value of `type` at `path` (memoised per style, path and depth). */
function valueText(type: GoType, path: string, depth: number, style: Style): fc.Arbitrary<string> {
  const key = `${style.faults}${path}#${depth}`;
  let arbitrary = arbitraries.get(key);
  if (arbitrary === undefined) {
    arbitrary = computeValueText(type, path, depth, style);
    arbitraries.set(key, arbitrary);
  }
  return arbitrary;
}

function computeValueText(type: GoType, path: string, depth: number, style: Style): fc.Arbitrary<string> {
  const right = rightType(type, path, depth, style);
  const choices = [
    { weight: 40, arbitrary: right },
    { weight: 3, arbitrary: fc.constant('null') },
  ];
  if (style.faults) choices.push({ weight: 1, arbitrary: wrongType(type) });
  return fc.oneof(...choices);
}

function rightType(type: GoType, path: string, depth: number, style: Style): fc.Arbitrary<string> {
  switch (type.kind) {
    case 'pointer':
      return rightType(type.elem, path, depth, style);
    case 'string':
      return stringLiteral;
    case 'bool':
      return fc.boolean().map(String);
    case 'int':
      return intLiteral(type, style.faults);
    case 'interface':
      return freeJson;
    case 'slice': {
      if (depth >= MAX_DEPTH) return fc.constant('[]');
      const element = valueText(type.elem, `${path}/*`, depth + 1, style);
      return fc
        .tuple(fc.array(fc.tuple(ws, element), { maxLength: 4 }), ws)
        .map(([items, end]) => `[${items.map(([w, v]) => w + v).join(',')}${end}]`);
    }
    case 'map': {
      if (depth >= MAX_DEPTH) return fc.constant('{}');
      const value = valueText(type.elem, `${path}/*`, depth + 1, style);
      return fc
        .array(fc.tuple(mapKey, value), { maxLength: 4 })
        .map((members) => `{${members.map(([k, v]) => `${quote(k)}:${v}`).join(',')}}`);
    }
    case 'struct':
      return structText(type, path, depth, style);
  }
}

function structText(type: GoStructType, path: string, depth: number, style: Style): fc.Arbitrary<string> {
  if (depth >= MAX_DEPTH) return fc.constant('{}');
  const fields = type.fields.filter((field) => !EXCLUDED.has(`${path}/${field.name}`));
  const member = (field: GoField): fc.Arbitrary<string> =>
    fc
      .tuple(ws, spelling(field.name), ws, valueText(field.type, `${path}/${field.name}`, depth + 1, style))
      .map(([w1, key, w2, value]) => `${w1}${quote(key)}${w2}:${value}`);
  const members = fields.map(member);
  const unknown = fc.tuple(unknownKey, freeJson).map(([key, value]) => `${quote(key)}:${value}`);
  // Fields drawn with replacement: repeats (and repeats of repeats) come naturally.
  const entry = fc.oneof({ weight: 10, arbitrary: fc.oneof(...members) }, { weight: 1, arbitrary: unknown });
  const repeatedLast = fc.oneof(...members).chain((text) => fc.constant([text, text]));
  return fc
    .tuple(fc.array(entry, { maxLength: depth === 0 ? 8 : 5 }), fc.option(repeatedLast, { freq: 6 }), ws)
    .map(([list, repeated, end]) => `{${[...list, ...(repeated ?? [])].join(',')}${end}}`);
}

/** Encodes a generated text: the stand-ins for invalid UTF-8 become invalid bytes (chosen by `seed`). */
function encode(text: string, seed: number): string | Uint8Array {
  if (!text.includes(BAD_BYTES)) return text;
  const parts = text.split(BAD_BYTES);
  const out: number[] = [];
  parts.forEach((part, i) => {
    if (i > 0) out.push(...INVALID_SEQUENCES[(seed + i) % INVALID_SEQUENCES.length]!);
    out.push(...new TextEncoder().encode(part));
  });
  return new Uint8Array(out);
}

/**
 * A spec text (a string, or bytes when it holds invalid UTF-8): mostly one Go decodes (so that whole decoded
 * specs are compared), one in five with values Go refuses (so that the failing field is compared).
 */
export const specText: fc.Arbitrary<string | Uint8Array> = fc
  .tuple(
    fc.oneof(
      { weight: 4, arbitrary: structText(specGoType, '', 0, { faults: false }) },
      { weight: 1, arbitrary: structText(specGoType, '', 0, { faults: true }) },
    ),
    fc.nat(),
  )
  .map(([text, seed]) => encode(text, seed));
