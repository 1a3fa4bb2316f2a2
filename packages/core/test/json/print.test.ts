import { describe, expect, it } from 'vitest';
import { ANY_LAYOUT, compareUtf8, JsonPrintError, printJson, quoteJsonString } from '../../src/json/index.js';
import { any, arrayOf, objectOf, recordOf, scalar, specLayout } from './layouts.js';

function printError(run: () => unknown): JsonPrintError {
  try {
    run();
  } catch (error) {
    if (error instanceof JsonPrintError) return error;
    throw error;
  }
  throw new Error('expected a JsonPrintError');
}

describe('printJson emit rules', () => {
  it('prints `always` fields when absent, with their zero value', () => {
    expect(printJson({}, specLayout)).toBe('{"ociVersion":""}');
    expect(printJson({ process: {} }, specLayout)).toBe(
      '{"ociVersion":"","process":{"user":{"uid":0,"gid":0},"cwd":""}}',
    );
    expect(printJson({ windows: {} }, specLayout)).toBe('{"ociVersion":"","windows":{"layerFolders":null}}');
  });

  it('prints an `always` field holding null as its zero value (Go ignores a JSON null)', () => {
    expect(printJson({ ociVersion: null, process: { user: null, cwd: null } }, specLayout)).toBe(
      '{"ociVersion":"","process":{"user":{"uid":0,"gid":0},"cwd":""}}',
    );
  });

  it('prints `always` fields as given when present, even if zero', () => {
    const spec = {
      process: { user: { uid: 0, gid: 0 }, cwd: '', rlimits: [{ type: 'RLIMIT_CORE', hard: 0, soft: 0n }] },
    };
    expect(printJson(spec, specLayout)).toBe(
      '{"ociVersion":"","process":{"user":{"uid":0,"gid":0},"cwd":"","rlimits":[{"type":"RLIMIT_CORE","hard":0,"soft":0}]}}',
    );
  });

  it.each([
    ['undefined', undefined],
    ['null', null],
    ['false', false],
    ['0', 0],
    ['-0', -0],
    ['0n', 0n],
    ['""', ''],
    ['[]', []],
    ['{}', {}],
  ])('omits an `omitempty` field holding %s', (_name, value) => {
    const layout = objectOf(['a', 'omitempty', any], ['b', 'always', scalar, 1]);
    expect(printJson({ a: value }, layout)).toBe('{"b":1}');
  });

  it.each([
    ['true', true, 'true'],
    ['1', 1, '1'],
    ['1n', 1n, '1'],
    ['" "', ' ', '" "'],
    ['[null]', [null], '[null]'],
    ['{"k":0}', { k: 0 }, '{"k":0}'],
  ])('prints an `omitempty` field holding %s', (_name, value, printed) => {
    expect(printJson({ a: value }, objectOf(['a', 'omitempty', any]))).toBe(`{"a":${printed}}`);
  });

  it('omits a `pointer` field only when absent or null', () => {
    const layout = objectOf(['p', 'pointer', any]);
    expect(printJson({}, layout)).toBe('{}');
    expect(printJson({ p: null }, layout)).toBe('{}');
    expect(printJson({ p: undefined }, layout)).toBe('{}');
    for (const [value, printed] of [
      [0, '0'],
      [false, 'false'],
      ['', '""'],
      [{}, '{}'],
      [[], '[]'],
    ] as const) {
      expect(printJson({ p: value }, layout)).toBe(`{"p":${printed}}`);
    }
  });

  it('prints a section an option created empty as {}', () => {
    expect(printJson({ ociVersion: '1.2.0', linux: {}, process: { oomScoreAdj: 0 } }, specLayout)).toBe(
      '{"ociVersion":"1.2.0","process":{"user":{"uid":0,"gid":0},"cwd":"","oomScoreAdj":0},"linux":{}}',
    );
  });

  it('orders known fields by the layout and prints unknown keys after them in insertion order', () => {
    const spec = {
      zeta: { b: 1, a: 2 },
      hostname: 'web',
      'x-extra': [3, { y: 1, x: 2 }],
      ociVersion: '1.2.0',
      alpha: null,
      gone: undefined,
      root: { readonly: true, path: 'rootfs', extra: 'kept' },
    };
    expect(printJson(spec, specLayout)).toBe(
      '{"ociVersion":"1.2.0","root":{"path":"rootfs","readonly":true,"extra":"kept"},"hostname":"web",' +
        '"zeta":{"b":1,"a":2},"x-extra":[3,{"y":1,"x":2}],"alpha":null}',
    );
  });

  it('does not read inherited properties as fields', () => {
    const layout = objectOf(['constructor', 'pointer', any], ['toString', 'always', scalar, 'zero']);
    expect(printJson({}, layout)).toBe('{"toString":"zero"}');
  });

  it('prints array elements with the element layout, null and undefined as null', () => {
    const layout = arrayOf(objectOf(['a', 'always', scalar, 0]));
    expect(printJson([{}, null, undefined, { a: 2, b: 3 }], layout)).toBe(
      '[{"a":0},null,null,{"a":2,"b":3}]',
    );
  });

  it('prints a value that does not match its layout free-form', () => {
    expect(printJson('text', specLayout)).toBe('"text"');
    expect(printJson({ process: [1, 2], annotations: 'x' }, specLayout)).toBe(
      '{"ociVersion":"","process":[1,2],"annotations":"x"}',
    );
    expect(printJson({ b: 1, a: 2 }, arrayOf(scalar))).toBe('{"b":1,"a":2}');
  });
});

describe('printJson records', () => {
  it('sorts keys by UTF-8 bytes (code points), not UTF-16 units', () => {
    const keys = ['b', 'a', 'é', 'Z', '😀', '\uffff', 'aa', '', '\ue000', 'A'];
    const record = Object.fromEntries(keys.map((key, i) => [key, i]));
    expect(printJson(record, recordOf(scalar))).toBe(
      '{"":7,"A":9,"Z":3,"a":1,"aa":6,"b":0,"é":2,"\ue000":8,"\uffff":5,"😀":4}',
    );
    // UTF-16 order would put the emoji (0xD83D...) before U+E000 and U+FFFF.
    expect([...keys].sort()).not.toEqual([...keys].sort(compareUtf8));
  });

  it('skips undefined values, keeps null ones, and applies the value layout', () => {
    const layout = recordOf(objectOf(['v', 'always', scalar, 0]));
    expect(printJson({ b: {}, a: null, c: undefined }, layout)).toBe('{"a":null,"b":{"v":0}}');
  });

  it('prints an annotations map through a spec layout', () => {
    expect(printJson({ annotations: { 'z.b': 'x', 'a.b': '<y>' } }, specLayout)).toBe(
      '{"ociVersion":"","annotations":{"a.b":"\\u003cy\\u003e","z.b":"x"}}',
    );
  });
});

describe('compareUtf8', () => {
  it.each([
    ['a', 'b', -1],
    ['b', 'a', 1],
    ['a', 'a', 0],
    ['a', 'ab', -1],
    ['\uffff', '😀', -1],
    ['😀', '😁', -1],
    ['\ud83d', '😀', -1], // lone surrogate counts as U+FFFD, which sorts before U+1F600
    ['\ud83d\ue000', '\ud83d\udc00', -1], // U+FFFD U+E000 vs U+1F400
    ['\ufffe', '\ud83d', 1],
    ['\ud83dA', '😀', -1],
    ['x😀', 'x\ue000', 1],
  ])('%j vs %j', (a, b, sign) => {
    expect(Math.sign(compareUtf8(a, b))).toBe(sign);
  });
});

describe('printJson strings', () => {
  it('escapes like Go encoding/json', () => {
    expect(printJson('q"b\\s/\n\r\t\b\f\u0000\u0001\u001f\u007f é😀', any)).toBe(
      '"q\\"b\\\\s/\\n\\r\\t\\b\\f\\u0000\\u0001\\u001f\u007f é😀"',
    );
  });

  it('escapes <, > and & by default and not with escapeHtml: false', () => {
    const html = '<a href="x">&</a>';
    expect(printJson(html, any)).toBe('"\\u003ca href=\\"x\\"\\u003e\\u0026\\u003c/a\\u003e"');
    expect(printJson(html, any, { escapeHtml: true })).toBe(printJson(html, any));
    expect(printJson(html, any, { escapeHtml: false })).toBe('"<a href=\\"x\\">&</a>"');
  });

  it('always escapes U+2028 and U+2029', () => {
    expect(printJson('a\u2028b\u2029c', any, { escapeHtml: false })).toBe('"a\\u2028b\\u2029c"');
  });

  it('replaces lone surrogates with \\ufffd', () => {
    expect(printJson(['\ud800', 'a\udc00b', '\ude00\ud83d', '😀\ud83d'], any)).toBe(
      '["\\ufffd","a\\ufffdb","\\ufffd\\ufffd","😀\\ufffd"]',
    );
  });

  it('escapes object keys the same way', () => {
    expect(printJson({ 'a<b': 1, 'c\n': 2 }, any)).toBe('{"a\\u003cb":1,"c\\n":2}');
    expect(quoteJsonString('a<b', false)).toBe('"a<b"');
  });
});

describe('printJson numbers', () => {
  it.each([
    [0, '0'],
    [-0, '0'],
    [1, '1'],
    [-42, '-42'],
    [1.5, '1.5'],
    [0.1, '0.1'],
    [0.000001, '0.000001'],
    [0.0000001, '1e-7'],
    [1.5e-10, '1.5e-10'],
    [-2e-7, '-2e-7'],
    [1e20, '100000000000000000000'],
    [123456789012345680000, '123456789012345680000'],
    [1e21, '1e+21'],
    [1.7976931348623157e308, '1.7976931348623157e+308'],
    [5e-324, '5e-324'],
    [Number.MAX_SAFE_INTEGER, '9007199254740991'],
  ])('prints %d as Go does: %s', (value, printed) => {
    expect(printJson(value, any)).toBe(printed);
  });

  it('prints bigints as their digits', () => {
    expect(printJson({ hard: 18446744073709551615n, soft: -9223372036854775808n, x: 5n }, any)).toBe(
      '{"hard":18446744073709551615,"soft":-9223372036854775808,"x":5}',
    );
  });
});

describe('printJson errors', () => {
  it.each([
    [Number.NaN, 'NaN is not a valid JSON number'],
    [Number.POSITIVE_INFINITY, 'Infinity is not a valid JSON number'],
    [Number.NEGATIVE_INFINITY, '-Infinity is not a valid JSON number'],
    [() => 1, 'a function is not a JSON value'],
    [Symbol('s'), 'a symbol is not a JSON value'],
  ])('rejects %s naming its JSON pointer', (bad, reason) => {
    const spec = { process: { rlimits: [{ type: 'RLIMIT_CORE', hard: bad }] } };
    const error = printError(() => printJson(spec, specLayout));
    expect(error.name).toBe('JsonPrintError');
    expect(error.pointer).toBe('/process/rlimits/0/hard');
    expect(error.reason).toBe(reason);
    expect(error.message).toBe(`cannot print JSON at /process/rlimits/0/hard: ${reason}`);
  });

  it('escapes the pointer and covers records and unknown keys', () => {
    expect(printError(() => printJson({ annotations: { 'a/b~c': Number.NaN } }, specLayout)).pointer).toBe(
      '/annotations/a~1b~0c',
    );
    expect(printError(() => printJson({ extra: [[0, Number.NaN]] }, specLayout)).pointer).toBe('/extra/0/1');
  });

  it('rejects an undefined root and a cycle', () => {
    expect(printError(() => printJson(undefined, any)).message).toBe(
      'cannot print JSON at /: undefined is not a JSON value',
    );
    const cycle: { self?: unknown } = {};
    cycle.self = cycle;
    expect(printError(() => printJson(cycle, any)).reason).toBe('nested deeper than 1000 levels (a cycle?)');
  });
});

describe('printJson indentation', () => {
  const spec = {
    ociVersion: '1.2.0',
    process: { user: { uid: 0, gid: 0, additionalGids: [1, 2] }, args: ['sh', '-c'], cwd: '/', env: [] },
    annotations: { b: '2', a: '1' },
    linux: {},
    windows: {},
    'x-empty': [],
    'x-nested': { list: [{}, []] },
  };

  it('matches json.MarshalIndent(v, "", "  ")', () => {
    const expected = `{
  "ociVersion": "1.2.0",
  "process": {
    "user": {
      "uid": 0,
      "gid": 0,
      "additionalGids": [
        1,
        2
      ]
    },
    "args": [
      "sh",
      "-c"
    ],
    "cwd": "/"
  },
  "annotations": {
    "a": "1",
    "b": "2"
  },
  "linux": {},
  "windows": {
    "layerFolders": null
  },
  "x-empty": [],
  "x-nested": {
    "list": [
      {},
      []
    ]
  }
}`;
    expect(printJson(spec, specLayout, { indent: 2 })).toBe(expected);
    expect(printJson(spec, specLayout, { indent: '  ' })).toBe(expected);
  });

  it('indents with any string, like MarshalIndent', () => {
    expect(printJson({ a: [1], b: {} }, any, { indent: '\t' })).toBe(
      '{\n\t"a": [\n\t\t1\n\t],\n\t"b": {}\n}',
    );
    expect(printJson([[]], any, { indent: 4 })).toBe('[\n    []\n]');
  });

  it('is compact for undefined, 0 and ""', () => {
    const compact = '{"a":[1,{"b":null}],"c":"d"}';
    const value = { a: [1, { b: null }], c: 'd' };
    expect(printJson(value, ANY_LAYOUT)).toBe(compact);
    expect(printJson(value, ANY_LAYOUT, { indent: 0 })).toBe(compact);
    expect(printJson(value, ANY_LAYOUT, { indent: '' })).toBe(compact);
  });

  it('prints scalars and empty containers at the root without newlines', () => {
    expect(printJson({}, any, { indent: 2 })).toBe('{}');
    expect(printJson([], any, { indent: 2 })).toBe('[]');
    expect(printJson('x', any, { indent: 2 })).toBe('"x"');
  });
});
