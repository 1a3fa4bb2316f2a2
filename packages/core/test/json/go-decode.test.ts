/**
 * The Go-exact decoder, rule by rule (the differential test in test/go-decode checks the same against Go itself):
 * what the decoded value is, and what the report says (ambiguities with every key's location, problems, unknown
 * fields).
 */
import { describe, expect, it } from 'vitest';
import { decodeGo } from '../../src/json/go-decode.js';
import { JsonNumber, JsonSyntaxError, printJson } from '../../src/json/index.js';
import { decodeUtf8AsGo } from '../../src/json/utf8.js';
import { goFoldKey, specGoType } from '../../src/model/go-type.js';
import { specLayout } from '../../src/model/layout-of.js';
import { decodeSpec } from '../../src/spec-decode.js';

const decode = (text: string | Uint8Array) => decodeGo(text, specGoType);
const printed = (text: string | Uint8Array) => printJson(decode(text).value, specLayout);

describe('key matching', () => {
  it.each([
    ['process', 'process'],
    ['Process', 'process'],
    ['PROCESS', 'process'],
    ['proce\u017fs', 'process'],
    ['hoo\u212as', 'hooks'],
    ['ociver\u017fion', 'ociVersion'],
  ])('%s names %s', (key, field) => {
    expect(goFoldKey(key)).toBe(goFoldKey(field));
    const value = decode(`{${JSON.stringify(key)}:${field === 'ociVersion' ? '"1"' : '{}'}}`).value as object;
    expect(Object.keys(value)).toEqual([field]);
  });

  it.each(['proce\u00df', 'pr\u0131cess', '\uff50rocess', 'proces', 'processs', 'process '])(
    '%s is an unknown field',
    (key) => {
      const result = decode(`{${JSON.stringify(key)}:{}}`);
      expect(Object.keys(result.value as object)).toEqual([key]);
      expect(result.unknownFields).toEqual([`/${key}`]);
      expect(result.ambiguities).toEqual([]);
    },
  );

  it('matches map keys exactly', () => {
    expect(decode('{"annotations":{"a":"1","A":"2","\u017f":"3"}}').value).toEqual({
      annotations: { a: '1', A: '2', '\u017f': '3' },
    });
  });
});

describe('repeated keys', () => {
  it('merges a repeated struct, reporting every key with its location', () => {
    const result = decode('{"process":{"cwd":"/a","user":{"uid":1}},\n "process":{"user":{"gid":2}}}');
    expect(result.value).toEqual({ process: { cwd: '/a', user: { uid: 1, gid: 2 } } });
    expect(result.ambiguities).toEqual([
      {
        kind: 'duplicate',
        pointer: '/process',
        locations: [
          { pointer: '/process', key: 'process', line: 1, column: 2, offset: 1 },
          { pointer: '/process', key: 'process', line: 2, column: 2, offset: 43 },
        ],
        message:
          'key "process" appears 2 times in one object (at /process 1:2, /process 2:2): Go merges them (each decoded into the same struct); readers that keep the first or the last see something else',
      },
    ]);
  });

  it('reports keys that fold to one field as one ambiguity, with each spelling where it was written', () => {
    const result = decode('{"linux":{"Resources":{"memory":{"limit":1}},"resources":{"MEMORY":{"swap":2}}}}');
    expect(result.value).toEqual({ linux: { resources: { memory: { limit: 1, swap: 2 } } } });
    expect(result.ambiguities.map((a) => [a.kind, a.pointer, a.locations.map((l) => l.pointer)])).toEqual([
      ['fold', '/linux/resources', ['/linux/Resources', '/linux/resources']],
      ['spelling', '/linux/resources/memory', ['/linux/resources/MEMORY']],
    ]);
  });

  it('decodes a repeated map into one map, each value fresh', () => {
    const result = decode(
      '{"annotations":{"a":"1","b":"2"},"annotations":{"b":"3"},"linux":{"resources":{"rdma":{"x":{"hcaHandles":1}},"rdma":{"x":{"hcaObjects":2}}}}}',
    );
    expect(result.value).toEqual({
      annotations: { a: '1', b: '3' },
      linux: { resources: { rdma: { x: { hcaObjects: 2 } } } },
    });
  });

  it('reports a key repeated inside a map', () => {
    const result = decode('{"annotations":{"a":"1","a":"2"}}');
    expect(result.value).toEqual({ annotations: { a: '2' } });
    expect(result.ambiguities.map((a) => [a.kind, a.pointer])).toEqual([['duplicate', '/annotations/a']]);
    expect(result.ambiguities[0]!.message).toContain('Go keeps the last value');
  });

  it('decodes a slice into its elements, cuts it, and exposes the cut elements when it grows again', () => {
    const text =
      '{"mounts":[{"destination":"/a","type":"bind"},{"destination":"/b","source":"/s"}],"mounts":[{"destination":"/x"}],"mounts":[{},{"type":"tmpfs"},{}]}';
    expect(decode(text).value).toEqual({
      mounts: [{ destination: '/x', type: 'bind' }, { destination: '/b', source: '/s', type: 'tmpfs' }, {}],
    });
  });

  it.each([
    ['[]', '{"mounts":[{"destination":"/a"}],"mounts":[],"mounts":[{}]}'],
    ['null', '{"mounts":[{"destination":"/a"}],"mounts":null,"mounts":[{}]}'],
  ])('%s drops what the slice held', (_, text) => {
    expect(decode(text).value).toEqual({ mounts: [{}] });
  });

  it('overwrites a repeated scalar', () => {
    expect(decode('{"hostname":"a","HOSTNAME":"b","hostname":"c"}').value).toEqual({ hostname: 'c' });
  });

  it('keeps the last of a repeated unknown key and reports it', () => {
    const result = decode('{"x":1,"x":2}');
    expect(result.value).toEqual({ x: 2 });
    expect(result.ambiguities.map((a) => a.kind)).toEqual(['duplicate']);
    expect(result.unknownFields).toEqual(['/x']);
  });
});

describe('null', () => {
  it('sets pointers, slices, maps and interfaces to nil (null), leaves struct values and scalars', () => {
    const result = decode(
      '{"process":{"cwd":"/c","user":{"uid":1},"args":["a"],"oomScoreAdj":1},"process":{"cwd":null,"user":null,"args":null,"oomScoreAdj":null},"annotations":null,"windows":{"credentialSpec":null}}',
    );
    expect(result.value).toEqual({
      process: { cwd: '/c', user: { uid: 1 }, args: null, oomScoreAdj: null },
      annotations: null,
      windows: { credentialSpec: null },
    });
    expect(printJson(result.value, specLayout)).toBe(
      '{"ociVersion":"","process":{"user":{"uid":1,"gid":0},"cwd":"/c"},"windows":{"layerFolders":null}}',
    );
  });

  it('stores a map value null as the zero value', () => {
    expect(decode('{"annotations":{"a":null},"linux":{"resources":{"rdma":{"x":null}}}}').value).toEqual({
      annotations: { a: '' },
      linux: { resources: { rdma: { x: {} } } },
    });
  });

  it('decodes a top-level null as an empty spec', () => {
    expect(decode(' null ')).toMatchObject({ value: {}, isNull: true, problems: [] });
  });
});

describe('integers as Go parses them', () => {
  it.each([
    ['uid', '{"process":{"user":{"uid":4294967295}}}', 4294967295],
    ['gid', '{"process":{"user":{"gid":0}}}', 0],
    ['oomScoreAdj -0', '{"process":{"oomScoreAdj":-0}}', 0],
    ['rlimit hard', '{"process":{"rlimits":[{"hard":18446744073709551615}]}}', 18446744073709551615n],
    [
      'memory limit',
      '{"linux":{"resources":{"memory":{"limit":-9223372036854775808}}}}',
      -9223372036854775808n,
    ],
    ['17 digits', '{"linux":{"resources":{"memory":{"limit":12345678901234567}}}}', 12345678901234567n],
    ['15 digits', '{"linux":{"resources":{"memory":{"limit":123456789012345}}}}', 123456789012345],
  ])('accepts %s', (_, text, value) => {
    const result = decode(text);
    expect(result.problems).toEqual([]);
    expect(JSON.stringify(result.value, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v))).toContain(
      typeof value === 'bigint' ? `"${value}n"` : String(value),
    );
  });

  it.each([
    [
      'int-syntax',
      '{"process":{"user":{"uid":1000.0}}}',
      '/process/user/uid',
      "got 1000.0: Go's strconv.ParseUint takes no fraction or exponent",
    ],
    ['int-syntax', '{"process":{"user":{"uid":1e3}}}', '/process/user/uid', 'got 1e3'],
    [
      'int-syntax',
      '{"process":{"user":{"gid":-0}}}',
      '/process/user/gid',
      'takes no sign in an unsigned field',
    ],
    ['int-syntax', '{"process":{"oomScoreAdj":1E2}}', '/process/oomScoreAdj', "Go's strconv.ParseInt"],
    [
      'int-range',
      '{"process":{"user":{"uid":4294967296}}}',
      '/process/user/uid',
      'expected uint32 (0..4294967295), got 4294967296',
    ],
    ['int-range', '{"process":{"user":{"uid":-1}}}', '/process/user/uid', 'got -1'],
    [
      'int-range',
      '{"linux":{"resources":{"blockIO":{"weight":65536}}}}',
      '/linux/resources/blockIO/weight',
      'uint16',
    ],
    [
      'int-range',
      '{"linux":{"resources":{"memory":{"limit":9223372036854775808}}}}',
      '/linux/resources/memory/limit',
      'int64',
    ],
    [
      'type',
      '{"process":{"user":{"uid":"0"}}}',
      '/process/user/uid',
      'expected uint32 (0..4294967295), received string',
    ],
    ['type', '{"process":{"args":"sh"}}', '/process/args', 'expected array, received string'],
    ['type', '{"process":[]}', '/process', 'expected object, received array'],
    ['type', '[]', '', 'expected object, received array'],
    [
      'float-range',
      '{"windows":{"credentialSpec":{"a":1e400}}}',
      '/windows/credentialSpec/a',
      'out of range of a Go float64',
    ],
  ] as const)('reports %s at %s for %s', (kind, text, pointer, message) => {
    const [problem] = decode(text).problems;
    expect(problem).toMatchObject({ kind, pointer });
    expect(problem!.message).toContain(message);
  });

  it('collects every problem, in document order, and leaves the failing values as Go leaves them', () => {
    const result = decode(
      '{"hostname":"h","hostname":5,"process":{"cwd":6,"user":{"uid":1.5}},"linux":{"resources":{"memory":{"limit":"x"}}}}',
    );
    expect(result.problems.map((p) => p.pointer)).toEqual([
      '/hostname',
      '/process/cwd',
      '/process/user/uid',
      '/linux/resources/memory/limit',
    ]);
    // A scalar keeps its earlier value; a pointer Go allocated before failing holds the zero value.
    expect(result.value).toMatchObject({ hostname: 'h', linux: { resources: { memory: { limit: 0 } } } });
  });
});

describe('interface{} (credentialSpec)', () => {
  it('holds float64 numbers and maps Go prints sorted; the last duplicate wins', () => {
    const text =
      '{"windows":{"credentialSpec":{"b":1.50,"a":-0,"10":[1e2,12345678901234567890],"9":{"k":1,"k":2}}}}';
    expect(printed(text)).toBe(
      '{"ociVersion":"","windows":{"layerFolders":null,"credentialSpec":{"10":[100,12345678901234567000],"9":{"k":2},"a":-0,"b":1.5}}}',
    );
  });

  it('is replaced whole when repeated', () => {
    expect(decode('{"windows":{"credentialSpec":{"a":1},"credentialSpec":{"b":2}}}').value).toEqual({
      windows: { credentialSpec: { b: 2 } },
    });
  });
});

describe('unknown fields', () => {
  it('keep their number text byte for byte, and their JSON', () => {
    const text =
      '{"x":[123456789012345678901234567890.5,1.50,1e2,-0,1e400,18446744073709551616,1.5],"process":{"y":{"z":null}}}';
    const result = decode(text);
    expect(printJson(result.value, specLayout)).toBe(
      '{"ociVersion":"","process":{"user":{"uid":0,"gid":0},"cwd":"","y":{"z":null}},"x":[123456789012345678901234567890.5,1.50,1e2,-0,1e400,18446744073709551616,1.5]}',
    );
    const x = (result.value as { x: unknown[] }).x;
    expect(x[0]).toBeInstanceOf(JsonNumber);
    expect(x[5]).toBe(18446744073709551616n);
    expect(x[6]).toBe(1.5);
    expect(result.unknownFields).toEqual(['/x', '/process/y']);
  });

  it('are own data properties, __proto__ included', () => {
    const value = decode('{"__proto__":{"polluted":true},"constructor":1}').value as Record<string, unknown>;
    expect(Object.keys(value)).toEqual(['__proto__', 'constructor']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('invalid UTF-8 and surrogates', () => {
  it('replaces each invalid byte as Go does, not as WHATWG does', () => {
    const bytes = new Uint8Array([0x61, 0xe2, 0x82, 0x41, 0xff, 0xf0, 0x90, 0x80, 0x42]);
    expect(decodeUtf8AsGo(bytes).text).toBe('a\ufffd\ufffdA\ufffd\ufffd\ufffd\ufffdB');
    expect(new TextDecoder().decode(bytes)).toBe('a\ufffdA\ufffd\ufffdB'); // the difference
  });

  it('reads invalid UTF-8 in a string as U+FFFD and reports where, in bytes', () => {
    const bytes = new Uint8Array([...new TextEncoder().encode('{"hostname":"\u00e9'), 0xff, 0x22, 0x7d]);
    const result = decode(bytes);
    expect(result.value).toEqual({ hostname: '\u00e9\ufffd' });
    expect(result.ambiguities).toEqual([
      expect.objectContaining({
        kind: 'invalid-utf8',
        pointer: '/hostname',
        locations: [{ pointer: '/hostname', line: 1, column: 13, offset: 12 }],
      }),
    ]);
  });

  it('reports the byte offset of a syntax error after invalid bytes', () => {
    const bytes = new Uint8Array([
      ...new TextEncoder().encode('{"a":"'),
      0xff,
      0xff,
      ...new TextEncoder().encode('",}'),
    ]);
    expect(() => decode(bytes)).toThrow(JsonSyntaxError);
    try {
      decode(bytes);
    } catch (error) {
      expect((error as JsonSyntaxError).offset).toBe(10);
    }
  });

  it('reads a lone surrogate, raw or escaped, as U+FFFD', () => {
    expect(decode('{"hostname":"a\ud800b\\udc00c\ud83d\ude00"}').value).toEqual({
      hostname: 'a\ufffdb\ufffdc\ud83d\ude00',
    });
  });

  it('can refuse invalid UTF-8 (ocispec formats)', () => {
    expect(() =>
      decodeGo(new Uint8Array([0x22, 0xff, 0x22]), { kind: 'free' }, { invalidUtf8: 'reject' }),
    ).toThrow('invalid UTF-8: byte 0xff at byte offset 1');
  });
});

describe('syntax', () => {
  it.each(['', '{"a":1,}', '{"a":1} {}', '\ufeff{}', '{"hostname":"h}'])('%j is a syntax error', (text) => {
    expect(() => decode(text)).toThrow(JsonSyntaxError);
  });

  it('fails on syntax even after type problems (Go checks the whole text first)', () => {
    expect(() => decode('{"hostname":5,"process":}')).toThrow(JsonSyntaxError);
  });
});

describe('decodeSpec', () => {
  it('gives Go’s view and the report', () => {
    const decoded = decodeSpec('{"Process":{"cwd":"/"},"x":1}');
    expect(decoded.goType).toBe('specs.Spec');
    expect(decoded.value).toEqual({ process: { cwd: '/' }, x: 1 });
    expect(decoded.ambiguities.map((a) => a.kind)).toEqual(['spelling']);
    expect(decoded.unknownFields).toEqual(['/x']);
    expect(decoded.isNull).toBe(false);
  });
});
