import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MAX_DEPTH,
  isJsonObject,
  JsonSyntaxError,
  parseJson,
  parseJsonBytes,
} from '../../src/json/index.js';

function syntaxError(run: () => unknown): JsonSyntaxError {
  try {
    run();
  } catch (error) {
    if (error instanceof JsonSyntaxError) return error;
    throw error;
  }
  throw new Error('expected a JsonSyntaxError');
}

describe('parseJson values', () => {
  it.each([
    ['null', null],
    ['true', true],
    ['false', false],
    ['0', 0],
    ['-0', 0],
    ['42', 42],
    ['-17', -17],
    ['1.5', 1.5],
    ['-0.0', -0],
    ['1e3', 1000],
    ['1E+2', 100],
    ['2.5e-3', 0.0025],
    ['""', ''],
    ['"a\\"b\\\\c\\/d\\b\\f\\n\\r\\t"', 'a"b\\c/d\b\f\n\r\t'],
    ['"\\u00e9\\u4E2D"', 'é中'],
    ['"\\ud83d\\ude00"', '😀'],
    ['"\\ud800"', '\ufffd'],
    ['"\\udc00x"', '\ufffdx'],
    ['"\\ud800\\u0041"', '\ufffdA'],
    ['"\\ud800\\ud83d\\ude00"', '\ufffd😀'],
    ['"é😀"', 'é😀'],
    [' \t\r\n[ 1 , 2 ]\n', [1, 2]],
    ['{"a":{"b":[]},"c":{}}', { a: { b: [] }, c: {} }],
  ])('%s', (text, expected) => {
    expect(parseJson(text)).toEqual(expected);
  });

  it('keeps -0.0 negative but parses "-0" as 0', () => {
    expect(Object.is(parseJson('-0.0'), -0)).toBe(true);
    expect(Object.is(parseJson('-0'), 0)).toBe(true);
  });

  it.each([
    ['18446744073709551615', 18446744073709551615n],
    ['-9223372036854775808', -9223372036854775808n],
    ['9223372036854775807', 9223372036854775807n],
    ['9007199254740993', 9007199254740993n],
    ['-9007199254740993', -9007199254740993n],
    ['100000000000000000000000000000', 100000000000000000000000000000n],
  ])('keeps the 64-bit integer %s exact as a bigint', (text, expected) => {
    expect(parseJson(text)).toBe(expected);
    expect(parseJson(`{"hard":${text}}`)).toEqual({ hard: expected });
  });

  it.each([
    ['9007199254740991', Number.MAX_SAFE_INTEGER],
    ['-9007199254740991', Number.MIN_SAFE_INTEGER],
    ['1000000000000000', 1e15],
  ])('parses the safe integer %s as a number', (text, expected) => {
    expect(parseJson(text)).toBe(expected);
  });

  it('parses integers with a fraction or exponent as numbers', () => {
    expect(parseJson('18446744073709551615.0')).toBe(18446744073709552000);
    expect(parseJson('1e20')).toBe(1e20);
  });

  it('lets the last duplicate key win, keeping the first position', () => {
    const value = parseJson('{"a":1,"b":2,"a":3}');
    expect(value).toEqual({ a: 3, b: 2 });
    expect(Object.keys(value as object)).toEqual(['a', 'b']);
  });

  it('stores __proto__ and constructor as own data properties without polluting prototypes', () => {
    const value = parseJson(
      '{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":2}},"a":{"__proto__":[1]}}',
    );
    expect(isJsonObject(value)).toBe(true);
    if (!isJsonObject(value)) return;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(['__proto__', 'constructor', 'a']);
    expect(Object.getOwnPropertyDescriptor(value, '__proto__')).toEqual({
      value: { polluted: 1 },
      writable: true,
      enumerable: true,
      configurable: true,
    });
    expect(value.constructor).toEqual({ prototype: { polluted: 2 } });
    expect((value as { polluted?: unknown }).polluted).toBeUndefined();
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    const inner = value.a;
    expect(isJsonObject(inner) && Object.getPrototypeOf(inner)).toBe(Object.prototype);
    expect(isJsonObject(inner) && Object.getOwnPropertyDescriptor(inner, '__proto__')?.value).toEqual([1]);
  });

  it('lets a duplicate __proto__ key win like any other key', () => {
    const value = parseJson('{"__proto__":1,"__proto__":2}');
    expect(Object.getOwnPropertyDescriptor(value, '__proto__')?.value).toBe(2);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
  });

  it(`accepts ${DEFAULT_MAX_DEPTH} levels of nesting and rejects one more`, () => {
    const ok = '['.repeat(DEFAULT_MAX_DEPTH) + ']'.repeat(DEFAULT_MAX_DEPTH);
    expect(() => parseJson(ok)).not.toThrow();
    const deep = `${'{"a":'.repeat(DEFAULT_MAX_DEPTH)}[${'}'.repeat(DEFAULT_MAX_DEPTH)}`;
    const error = syntaxError(() => parseJson(deep));
    expect(error.reason).toBe('nesting deeper than 512 levels');
    expect(error.column).toBe(DEFAULT_MAX_DEPTH * 5 + 1);
    expect(error.message).toBe(
      `invalid JSON at line 1, column ${DEFAULT_MAX_DEPTH * 5 + 1}: nesting deeper than 512 levels`,
    );
  });

  it('honours a custom maxDepth and fails cleanly far beyond it', () => {
    expect(syntaxError(() => parseJson('[[[]]]', { maxDepth: 2 })).reason).toBe(
      'nesting deeper than 2 levels',
    );
    expect(syntaxError(() => parseJson('['.repeat(100_000))).reason).toBe('nesting deeper than 512 levels');
  });
});

describe('parseJson syntax errors', () => {
  it.each([
    // [input, reason, line, column]
    ['', 'unexpected end of input, expected a value', 1, 1],
    ['  \n ', 'unexpected end of input, expected a value', 2, 2],
    [
      '\ufeff{}',
      'unexpected byte order mark (U+FEFF) at the start; JSON text must not begin with a BOM',
      1,
      1,
    ],
    ['{"a":1} x', "unexpected 'x' after the top-level value", 1, 9],
    ['1 2', "unexpected '2' after the top-level value", 1, 3],
    ['{"a":1,}', "trailing comma before '}'", 1, 8],
    ['[1,]', "trailing comma before ']'", 1, 4],
    ['[1,\n  ]', "trailing comma before ']'", 2, 3],
    ['{"a" 1}', "expected ':' after object key", 1, 6],
    ['{"a":1 "b":2}', "expected ',' or '}' after object member", 1, 8],
    ['{\n  "a": 1\n  "b": 2\n}', "expected ',' or '}' after object member", 3, 3],
    ['{"a":1', "unexpected end of input, expected ',' or '}' after object member", 1, 7],
    ['{a:1}', "expected a string key or '}'", 1, 2],
    ['{', "unexpected end of input, expected a string key or '}'", 1, 2],
    ['{"a":1,b:2}', "expected a string key after ','", 1, 8],
    ['{"a":}', "unexpected '}', expected a value", 1, 6],
    ['[1 2]', "expected ',' or ']' after array element", 1, 4],
    ['[', "unexpected end of input, expected a value or ']'", 1, 2],
    ['[1,', "unexpected end of input, expected a value after ','", 1, 4],
    ['[1', "unexpected end of input, expected ',' or ']' after array element", 1, 3],
    ['[,1]', "unexpected ',', expected a value", 1, 2],
    ['// c\n1', "unexpected '/', expected a value", 1, 1],
    ['NaN', "unexpected 'N', expected a value", 1, 1],
    ['-Infinity', "expected a digit after '-'", 1, 2],
    ["'a'", "unexpected ''', expected a value", 1, 1],
    ['01', 'leading zeros are not allowed in numbers', 1, 1],
    ['-012', 'leading zeros are not allowed in numbers', 1, 2],
    ['-', "unexpected end of input, expected a digit after '-'", 1, 2],
    ['1.', 'unexpected end of input, expected a digit after the decimal point', 1, 3],
    ['1.e5', 'expected a digit after the decimal point', 1, 3],
    ['.5', "unexpected '.', expected a value", 1, 1],
    ['+1', "unexpected '+', expected a value", 1, 1],
    ['1e', 'unexpected end of input, expected a digit in the exponent', 1, 3],
    ['1e+x', 'expected a digit in the exponent', 1, 4],
    ['1e400', 'number 1e400 is out of range of a 64-bit float', 1, 1],
    ['[-1e400]', 'number -1e400 is out of range of a 64-bit float', 1, 2],
    ['tru', "unexpected end of input in literal, expected 'true'", 1, 4],
    ['[truE]', "invalid literal, expected 'true'", 1, 5],
    ['nul', "unexpected end of input in literal, expected 'null'", 1, 4],
    ['fals e', "invalid literal, expected 'false'", 1, 5],
    ['"abc', 'unterminated string', 1, 1],
    ['["a\\', 'unterminated string', 1, 2],
    ['"a\nb"', 'unterminated string (line break in string)', 1, 1],
    ['"a\tb"', 'control character U+0009 in string must be escaped', 1, 3],
    ['"a\u0000"', 'control character U+0000 in string must be escaped', 1, 3],
    ['"\\x"', "invalid escape '\\x' in string", 1, 2],
    ['"ab\\\'"', "invalid escape '\\'' in string", 1, 4],
    ['"\\u12G4"', "invalid '\\u' escape: expected 4 hex digits", 1, 2],
    ['"\\u12"', "invalid '\\u' escape: expected 4 hex digits", 1, 2],
    ['"é😀" x', "unexpected 'x' after the top-level value", 1, 6],
    ['\u00a0 1', 'unexpected U+00A0, expected a value', 1, 1],
  ])('%j → %s', (text, reason, line, column) => {
    const error = syntaxError(() => parseJson(text));
    expect(error.reason).toBe(reason);
    expect({ line: error.line, column: error.column }).toEqual({ line, column });
    expect(error.message).toBe(`invalid JSON at line ${line}, column ${column}: ${reason}`);
    expect(error.source).toBeUndefined();
  });

  it('names the source in a one-line message and reports the offset', () => {
    const text = '{\n  "ociVersion": "1.2.0",\n  "process" {}\n}';
    const error = syntaxError(() => parseJson(text, { source: 'config.json' }));
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('JsonSyntaxError');
    expect(error.message).toBe(
      "config.json: invalid JSON at line 3, column 13: expected ':' after object key",
    );
    expect(error.message).not.toContain('\n');
    expect(error.source).toBe('config.json');
    expect(error.offset).toBe(text.indexOf(' {}') + 1);
  });
});

describe('parseJsonBytes', () => {
  const utf8 = (text: string) => new TextEncoder().encode(text);

  it('decodes UTF-8 and parses', () => {
    expect(parseJsonBytes(utf8('{"a":"é😀","b":18446744073709551615}'))).toEqual({
      a: 'é😀',
      b: 18446744073709551615n,
    });
  });

  it.each([
    ['stray continuation byte', [0x7b, 0x22, 0x61, 0x80, 0x22], 3],
    ['invalid lead byte', [0x22, 0xff, 0x22], 1],
    ['overlong encoding', [0x22, 0xc0, 0xaf, 0x22], 1],
    ['encoded surrogate', [0x22, 0xed, 0xa0, 0x80, 0x22], 1],
    ['beyond U+10FFFF', [0x22, 0xf4, 0x90, 0x80, 0x80, 0x22], 1],
    ['truncated sequence', [0x22, 0x61, 0xe2, 0x82], 2],
  ])('rejects invalid UTF-8 (%s) with its byte offset', (_name, bytes, offset) => {
    const error = syntaxError(() => parseJsonBytes(Uint8Array.from(bytes), { source: 'x.json' }));
    const hex = bytes[offset]!.toString(16).padStart(2, '0');
    expect(error.offset).toBe(offset);
    expect(error.reason).toBe(`invalid UTF-8: byte 0x${hex} at byte offset ${offset}`);
    expect(error.message).toBe(`x.json: invalid JSON at line 1, column ${offset + 1}: ${error.reason}`);
  });

  it('reports line and column of invalid UTF-8 after multi-byte characters', () => {
    const bytes = Uint8Array.from([...utf8('{\n "é": "'), 0xfe, 0x22, 0x7d]);
    const error = syntaxError(() => parseJsonBytes(bytes));
    expect({ line: error.line, column: error.column, offset: error.offset }).toEqual({
      line: 2,
      column: 8,
      offset: 10,
    });
  });

  it('rejects a byte order mark like Go', () => {
    const error = syntaxError(() => parseJsonBytes(Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8('{}')])));
    expect(error.offset).toBe(0);
    expect(error.message).toBe(
      'invalid JSON at line 1, column 1: unexpected byte order mark (U+FEFF) at the start; JSON text must not begin with a BOM',
    );
  });

  it('reports syntax errors with byte offsets', () => {
    const error = syntaxError(() => parseJsonBytes(utf8('{"é😀": x}')));
    expect({ line: error.line, column: error.column, offset: error.offset }).toEqual({
      line: 1,
      column: 8,
      offset: 11,
    });
  });

  it('rejects empty input', () => {
    expect(syntaxError(() => parseJsonBytes(new Uint8Array())).reason).toBe(
      'unexpected end of input, expected a value',
    );
  });
});
