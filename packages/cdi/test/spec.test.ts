/**
 * container-device-interface `pkg/cdi/spec_test.go` (TestReadSpec, TestNewSpec, TestGetters) and
 * `device_test.go` (TestDeviceValidate), as behaviour; the Go decoding rules of the reference's reader
 * (sigs.k8s.io/yaml over go-yaml v2); errors with pointers and positions.
 */
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CdiError, parseSpec, qualifiedDeviceNames, readSpecFile, specFromObject } from '../src/index.js';
import { tempDir } from './helpers.js';

const VALID = `
cdiVersion: "0.3.0"
kind: vendor.com/device
devices:
  - name: "dev1"
    containerEdits:
      env:
        - "FOO=BAR"
`;

function errorOf(run: () => unknown): CdiError {
  try {
    run();
  } catch (error) {
    if (error instanceof CdiError) return error;
    throw error;
  }
  throw new Error('expected a CdiError');
}

describe('readSpecFile (TestReadSpec)', () => {
  it.each([
    { name: 'unparsable', data: 'xyzzy: garbled\n', error: 'unknown field "xyzzy"' },
    {
      name: 'invalid, missing CDI version',
      data: 'kind: "vendor.com/device"\ndevices:\n  - name: "dev1"\n    containerEdits:\n      env:\n        - "FOO=BAR"\n',
      error: 'invalid version ""',
    },
    { name: 'empty', data: '', error: 'no Spec data' },
    { name: 'only a comment', data: '# nothing\n', error: 'no Spec data' },
    { name: 'null', data: 'null\n', error: 'no Spec data' },
  ])('$name fails', ({ data, error }) => {
    const dir = tempDir({ 'spec.yaml': data });
    const failure = errorOf(() => readSpecFile(path.join(dir, 'spec.yaml')));
    expect(failure.code).toBe('CDI_INVALID_SPEC');
    expect(failure.reason).toBe(error);
    expect(failure.file).toBe(path.join(dir, 'spec.yaml'));
    expect(failure.message.startsWith(`${path.join(dir, 'spec.yaml')}: `)).toBe(true);
  });

  it('valid', () => {
    const dir = tempDir({ 'spec.yaml': VALID });
    const spec = readSpecFile(path.join(dir, 'spec.yaml'), { priority: 3 });
    expect(spec.path).toBe(path.join(dir, 'spec.yaml'));
    expect(spec.priority).toBe(3);
    expect(qualifiedDeviceNames(spec)).toEqual(['vendor.com/device=dev1']);
  });

  it('names the file it cannot read', () => {
    const dir = tempDir();
    const missing = errorOf(() => readSpecFile(path.join(dir, 'missing.yaml')));
    expect(missing.code).toBe('CDI_FILE');
    expect(missing.message).toBe(`${path.join(dir, 'missing.yaml')}: no such file or directory`);
    const directory = errorOf(() => readSpecFile(dir));
    expect(directory.message).toBe(`${dir}: is a directory`);
  });
});

describe('parseSpec (TestNewSpec)', () => {
  it.each([
    { name: 'unparsable', data: 'xyzzy: garbled', reason: 'unknown field "xyzzy"', pointer: '/xyzzy' },
    {
      name: 'invalid, missing CDI version',
      data: 'kind: "vendor.com/device"\ndevices:\n  - name: "dev1"\n    containerEdits:\n      env: ["FOO=BAR"]',
      reason: 'invalid version ""',
      pointer: '/cdiVersion',
    },
    {
      name: 'invalid, invalid CDI version',
      data: 'cdiVersion: "0.0.0"\nkind: "vendor.com/device"\ndevices:\n  - name: "dev1"\n    containerEdits:\n      env: ["FOO=BAR"]',
      reason: 'invalid version "0.0.0"',
      pointer: '/cdiVersion',
    },
    {
      name: 'invalid, missing vendor/class',
      data: 'cdiVersion: "0.3.0"\ndevices:\n  - name: "dev1"\n    containerEdits:\n      env: ["FOO=BAR"]',
      reason: 'invalid vendor. empty name',
      pointer: '/kind',
    },
    {
      name: 'invalid, invalid vendor',
      data: 'cdiVersion: "0.3.0"\nkind: vendor.com-/device\ndevices:\n  - name: "dev1"\n    containerEdits:\n      env: ["FOO=BAR"]',
      reason: 'invalid vendor. "vendor.com-", should end with a letter or digit',
      pointer: '/kind',
    },
    {
      name: 'invalid, invalid class',
      data: 'cdiVersion: "0.3.0"\nkind: vendor.com/device=\ndevices:\n  - name: "dev1"\n    containerEdits:\n      env: ["FOO=BAR"]',
      reason: 'invalid class. "device=", should end with a letter or digit',
      pointer: '/kind',
    },
    {
      name: 'invalid, missing required edits',
      data: 'cdiVersion: "0.3.0"\nkind: vendor.com/device\ndevices:\n  - name: "dev1"\n',
      reason: 'device "dev1": invalid device, empty device edits',
      pointer: '/devices/0/containerEdits',
    },
    {
      name: 'invalid, conflicting devices',
      data: `cdiVersion: "0.3.0"
kind: vendor.com/device
devices:
  - name: "dev1"
    containerEdits:
      env: ["FOO=BAR"]
  - name: "dev2"
    containerEdits:
      env: ["BAR=FOO"]
  - name: "dev1"
    containerEdits:
      env: ["SPACE=BAR"]`,
      reason: 'invalid spec, multiple device "dev1"',
      pointer: '/devices/2/name',
    },
    {
      name: 'invalid, no devices',
      data: 'cdiVersion: "0.3.0"\nkind: vendor.com/device\ncontainerEdits:\n  env: ["FOO=BAR"]\n',
      reason: 'invalid spec, no devices',
      pointer: '/devices',
    },
    {
      name: 'invalid, an empty devices list',
      data: 'cdiVersion: "0.3.0"\nkind: vendor.com/device\ndevices: []\n',
      reason: 'invalid spec, no devices',
      pointer: '/devices',
    },
    {
      name: 'invalid, the kind has no vendor',
      data: 'cdiVersion: "0.3.0"\nkind: vendor.comdevice\ndevices:\n  - name: dev1\n    containerEdits:\n      env: ["A=1"]',
      reason: 'invalid vendor. empty name',
      pointer: '/kind',
    },
  ])('$name', ({ data, reason, pointer }) => {
    const failure = errorOf(() => parseSpec(data, { file: 'test.yaml' }));
    expect(failure).toMatchObject({ code: 'CDI_INVALID_SPEC', reason, pointer, file: 'test.yaml' });
  });

  it('valid', () => {
    const spec = parseSpec(
      `cdiVersion: "0.3.0"
kind: vendor.com/device
devices:
  - name: "dev1"
    containerEdits:
      env: ["FOO=BAR"]
  - name: "dev2"
    containerEdits:
      env: ["BAR=FOO"]
  - name: "dev3"
    containerEdits:
      env: ["SPACE=BAR"]`,
    );
    expect([...spec.devices.keys()]).toEqual(['dev1', 'dev2', 'dev3']);
    expect(Object.isFrozen(spec.spec.devices)).toBe(true);
  });

  it('reads JSON as the reference does (as YAML)', () => {
    const spec = parseSpec(
      '{\n\t"cdiVersion": "0.3.0",\n\t"kind": "vendor.com/device",\n\t"devices": [{"name": "dev1", "containerEdits": {"env": ["A=1"]}}]\n}',
    );
    expect(spec.spec.devices?.[0]?.containerEdits?.env).toEqual(['A=1']);
  });
});

describe('the spec file (TestGetters)', () => {
  it.each([
    { priority: 1, data: VALID, vendor: 'vendor.com', class: 'device' },
    {
      priority: 1,
      data: `
cdiVersion: "0.4.0"
kind: vendor.com/device
devices:
  - name: "dev1"
    containerEdits:
      mounts:
        - hostPath: "tmpfs"
          containerPath: "/usr/local/container"
          type: "tmpfs"
          options:
            - "ro"
            - "mode=755"
            - "size=65536k"
      env:
        - "FOO=BAR"
`,
      vendor: 'vendor.com',
      class: 'device',
    },
  ])('vendor $vendor, class $class', ({ priority, data, vendor, class: deviceClass }) => {
    const dir = tempDir({ 'spec.yaml': data });
    const file = path.join(dir, 'spec.yaml');
    const spec = readSpecFile(file, { priority });
    expect(spec.path).toBe(file);
    expect(spec.priority).toBe(priority);
    expect(spec.vendor).toBe(vendor);
    expect(spec.class).toBe(deviceClass);
    for (const [name, device] of spec.devices) expect(device.name).toBe(name);
    expect(qualifiedDeviceNames(spec)).toEqual([`${vendor}/${deviceClass}=dev1`]);
  });

  it('cleans the path', () => {
    const dir = tempDir({ 'spec.yaml': VALID });
    expect(readSpecFile(`${dir}//./spec.yaml`).path).toBe(path.join(dir, 'spec.yaml'));
  });
});

describe('device validation (TestDeviceValidate)', () => {
  const spec = (device: object) => ({ cdiVersion: '0.3.0', kind: 'vendor.com/device', devices: [device] });
  it('valid name, valid edits', () => {
    expect(() => specFromObject(spec({ name: 'dev', containerEdits: { env: ['FOO=BAR'] } }))).not.toThrow();
  });
  it('valid name, invalid edits', () => {
    expect(() => specFromObject(spec({ name: 'dev', containerEdits: { env: ['=BAR'] } }))).toThrow(
      '/devices/0/containerEdits/env/0: device "dev": invalid environment variable "=BAR"',
    );
  });
  it('invalid name, valid edits', () => {
    expect(() => specFromObject(spec({ name: 'a dev ice', containerEdits: { env: ['FOO=BAR'] } }))).toThrow(
      `/devices/0/name: invalid character ' ' in device name "a dev ice"`,
    );
  });
  it('does not keep or change the object it was given', () => {
    const raw = spec({ name: 'dev', containerEdits: { env: ['FOO=BAR'] } });
    const loaded = specFromObject(raw);
    expect(Object.isFrozen(raw)).toBe(false);
    expect(loaded.spec).toEqual(raw);
    expect(loaded.spec).not.toBe(raw);
  });
});

/** A spec around one device's edits. */
function withEdits(edits: string, version = '1.1.0'): string {
  return `cdiVersion: "${version}"\nkind: vendor.com/device\ndevices:\n  - name: dev\n    containerEdits:\n${edits}`;
}

describe('decoding as the reference reads files', () => {
  it.each([
    // YAML 1.1 scalars (go-yaml v2)
    [
      'octal file mode',
      '      deviceNodes: [{path: /dev/x, type: c, major: 1, fileMode: 0644}]',
      '/devices/0/containerEdits/deviceNodes/0/fileMode',
      0o644,
    ],
    [
      '0o octal',
      '      deviceNodes: [{path: /dev/x, type: c, major: 1, fileMode: 0o600}]',
      '/devices/0/containerEdits/deviceNodes/0/fileMode',
      0o600,
    ],
    [
      'hex',
      '      deviceNodes: [{path: /dev/x, type: c, major: 0x1F}]',
      '/devices/0/containerEdits/deviceNodes/0/major',
      31,
    ],
    [
      'underscores',
      '      deviceNodes: [{path: /dev/x, type: c, major: 1_000}]',
      '/devices/0/containerEdits/deviceNodes/0/major',
      1000,
    ],
    [
      'an integral float',
      '      deviceNodes: [{path: /dev/x, type: c, major: 7.0}]',
      '/devices/0/containerEdits/deviceNodes/0/major',
      7,
    ],
    [
      'an exponent float',
      '      deviceNodes: [{path: /dev/x, type: c, major: 1e3}]',
      '/devices/0/containerEdits/deviceNodes/0/major',
      1000,
    ],
    [
      'int64 beyond 2^53',
      '      deviceNodes: [{path: /dev/x, type: c, major: 9223372036854775807}]',
      '/devices/0/containerEdits/deviceNodes/0/major',
      9223372036854775807n,
    ],
    [
      'yes is true',
      '      intelRdt: {enableMonitoring: yes}',
      '/devices/0/containerEdits/intelRdt/enableMonitoring',
      true,
    ],
    [
      'On is true',
      '      intelRdt: {enableMonitoring: On}',
      '/devices/0/containerEdits/intelRdt/enableMonitoring',
      true,
    ],
    // strings where numbers and booleans were written; dates stay as written
    [
      'a number as a string',
      '      env: [A=1]\n      mounts: [{hostPath: 1, containerPath: 0x10}]',
      '/devices/0/containerEdits/mounts/0',
      { hostPath: '1', containerPath: '16' },
    ],
    [
      'a float as a string (float32 %g)',
      '      env: [A=1]\n      hooks: [{hookName: prestart, path: /h, args: [0.1, 1.0, 1e6, 1234567.0, 0.00001, -2.5]}]',
      '/devices/0/containerEdits/hooks/0/args',
      ['0.1', '1', '1e+06', '1.234567e+06', '1e-05', '-2.5'],
    ],
    [
      'floats beyond float32 as strings',
      '      env: [A=1]\n      hooks: [{hookName: prestart, path: /h, args: [1.5e300, -3.5e39, 16777217.0, -0.0]}]',
      '/devices/0/containerEdits/hooks/0/args',
      ['+Inf', '-Inf', '1.6777216e+07', '-0'],
    ],
    [
      'a boolean as a string',
      '      env: [A=1]\n      hooks: [{hookName: prestart, path: /h, args: [yes, off, true]}]',
      '/devices/0/containerEdits/hooks/0/args',
      ['true', 'false', 'true'],
    ],
    [
      'a date keeps its text',
      '      env: [A=1]\n      hooks: [{hookName: prestart, path: /h, args: [2001-12-14, 2001-12-14t21:59:43.10-05:00, 2002-1-2 3:4:5]}]',
      '/devices/0/containerEdits/hooks/0/args',
      ['2001-12-14', '2001-12-14t21:59:43.10-05:00', '2002-1-2 3:4:5'],
    ],
    [
      'a quoted number stays text',
      '      env: ["A=1"]\n      hooks: [{hookName: prestart, path: /h, args: ["0644", \'1e3\']}]',
      '/devices/0/containerEdits/hooks/0/args',
      ['0644', '1e3'],
    ],
    [
      'null leaves zero values',
      '      env: [A=1]\n      hooks: [{hookName: prestart, path: /h, args: [a, null]}]\n      additionalGids: [~, 5]',
      '/devices/0/containerEdits',
      {
        env: ['A=1'],
        hooks: [{ hookName: 'prestart', path: '/h', args: ['a', ''] }],
        additionalGids: [0, 5],
      },
    ],
    [
      'null is no list',
      '      env: [A=1]\n      mounts: null\n      intelRdt: ~',
      '/devices/0/containerEdits',
      { env: ['A=1'] },
    ],
    [
      '!!str keeps text',
      '      env: [A=1]\n      hooks: [{hookName: prestart, path: /h, args: [!!str 12, !!str yes]}]',
      '/devices/0/containerEdits/hooks/0/args',
      ['12', 'yes'],
    ],
    // Go's field matching: exact, else case-insensitive (K and ſ fold too); of two, the one sorting last wins
    [
      'case-insensitive keys',
      '      ENV: [A=1]\n      DeviceNodes: [{PATH: /dev/x, Type: c, MAJOR: 1}]',
      '/devices/0/containerEdits',
      { env: ['A=1'], deviceNodes: [{ path: '/dev/x', type: 'c', major: 1 }] },
    ],
    [
      'Kelvin sign and long s',
      '      env: [A=1]\n      hoo\u212As: [{hookName: prestart, path: /h, arg\u017F: [x]}]',
      '/devices/0/containerEdits/hooks/0',
      { hookName: 'prestart', path: '/h', args: ['x'] },
    ],
    [
      'two spellings of a field',
      '      env: [A=1]\n      Env: [B=2]',
      '/devices/0/containerEdits/env',
      ['A=1'],
    ],
    [
      'a block scalar at the end of the text without a line break has none',
      '      env: [A=1]\n      hooks: [{hookName: prestart, path: /h}]\n      mounts:\n        - hostPath: /a\n          containerPath: |\n            /b',
      '/devices/0/containerEdits/mounts/0/containerPath',
      '/b',
    ],
    [
      'a later null spelling clears a list',
      '      env: [A=1]\n      Mounts: [{hostPath: /a, containerPath: /b}]\n      mounts: null',
      '/devices/0/containerEdits',
      { env: ['A=1'] },
    ],
    // anchors, aliases and merges
    [
      'aliases',
      '      env: &e [A=1, B=2]\n      hooks: [{hookName: prestart, path: /h, env: *e}]',
      '/devices/0/containerEdits/hooks/0/env',
      ['A=1', 'B=2'],
    ],
    [
      'merge keys',
      '      env: [A=1]\n      mounts:\n        - &m {hostPath: /a, containerPath: /b}\n        - {<<: *m, type: bind}',
      '/devices/0/containerEdits/mounts/1',
      { hostPath: '/a', containerPath: '/b', type: 'bind' },
    ],
  ])('%s', (_, edits, pointer, expected) => {
    const spec = parseSpec(withEdits(edits)).spec as unknown as Record<string, unknown>;
    expect(at(spec, pointer)).toEqual(expected);
  });

  it.each([
    [
      'unknown field',
      '      env: [A=1]\n      devicenode: []',
      '/devices/0/containerEdits/devicenode',
      'unknown field "devicenode"',
      7,
    ],
    [
      'a duplicate key',
      '      env: [A=1]\n      env: [B=2]',
      '/devices/0/containerEdits/env',
      'key "env" already set in map',
      7,
    ],
    [
      'a duplicate through a merge',
      '      env: &e [A=1]\n      mounts: [{<<: {hostPath: /a}, hostPath: /b, containerPath: /c}]',
      '/devices/0/containerEdits/mounts/0/hostPath',
      'key "hostPath" already set in map',
      7,
    ],
    [
      'a string for a list',
      '      env: A=1',
      '/devices/0/containerEdits/env',
      'expected a sequence, received the string "A=1"',
      6,
    ],
    [
      'a list for a string',
      '      env: [A=1]\n      mounts: [{hostPath: [a], containerPath: /c}]',
      '/devices/0/containerEdits/mounts/0/hostPath',
      'expected a string, received a sequence',
      7,
    ],
    [
      'a string for a number',
      '      deviceNodes: [{path: /dev/x, type: c, major: "1"}]',
      '/devices/0/containerEdits/deviceNodes/0/major',
      'expected an integer (int64), received the string "1"',
      6,
    ],
    [
      'a fraction',
      '      deviceNodes: [{path: /dev/x, type: c, major: 1.5}]',
      '/devices/0/containerEdits/deviceNodes/0/major',
      'expected an integer (int64), received 1.5',
      6,
    ],
    [
      'out of uint32',
      '      env: [A=1]\n      additionalGids: [4294967296]',
      '/devices/0/containerEdits/additionalGids/0',
      '4294967296 is out of range for uint32 (0..4294967295)',
      7,
    ],
    [
      'a negative uid',
      '      deviceNodes: [{path: /dev/x, type: c, major: 1, uid: -1}]',
      '/devices/0/containerEdits/deviceNodes/0/uid',
      '-1 is out of range for uint32 (0..4294967295)',
      6,
    ],
    [
      'beyond int64',
      '      deviceNodes: [{path: /dev/x, type: c, major: 9223372036854775808}]',
      '/devices/0/containerEdits/deviceNodes/0/major',
      '9223372036854775808 is out of range for int64 (-9223372036854775808..9223372036854775807)',
      6,
    ],
    [
      'a string for a boolean',
      '      intelRdt: {enableMonitoring: "true"}',
      '/devices/0/containerEdits/intelRdt/enableMonitoring',
      'expected a boolean, received the string "true"',
      6,
    ],
    [
      'a null device node',
      '      deviceNodes: [null]',
      '/devices/0/containerEdits/deviceNodes/0',
      'null is not allowed here (expected a mapping (DeviceNode))',
      6,
    ],
    [
      'a list for the edits',
      '      - env',
      '/devices/0/containerEdits',
      'expected a mapping (ContainerEdits), received a sequence',
      6,
    ],
    [
      'a bad tag',
      '      deviceNodes: [{path: /dev/x, type: c, major: !!int x}]',
      '/devices/0/containerEdits/deviceNodes/0/major',
      'cannot decode !!str `x` as a !!int',
      6,
    ],
  ])('%s is refused', (_, edits, pointer, reason, line) => {
    const failure = errorOf(() => parseSpec(withEdits(edits), { file: 'f.yaml' }));
    expect(failure).toMatchObject({ code: 'CDI_INVALID_SPEC', pointer, reason, line });
    expect(failure.message).toBe(`f.yaml: ${pointer} (line ${line}, column ${failure.column}): ${reason}`);
  });

  it('refuses the \\/ escape, as YAML 1.1 has none', () => {
    const failure = errorOf(() => parseSpec('{"cdiVersion": "0.3.0", "kind": "v.com\\/c"}'));
    expect(failure).toMatchObject({
      pointer: '/kind',
      line: 1,
      column: 39,
      reason: 'invalid YAML: found unknown escape character',
    });
    expect(parseSpec(withEdits('      env: ["A=\\\\/"]')).spec.devices?.[0]?.containerEdits?.env).toEqual([
      'A=\\/',
    ]);
  });

  it('refuses a document that is no mapping, YAML syntax errors, invalid UTF-8 and self-referencing aliases', () => {
    expect(errorOf(() => parseSpec('- a\n- b')).reason).toBe(
      'expected a mapping (Spec), received a sequence',
    );
    const syntax = errorOf(() => parseSpec('cdiVersion: "0.3.0"\nkind: [a\n'));
    expect(syntax.reason).toMatch(/^invalid YAML: /);
    expect(syntax.line).toBeGreaterThan(1);
    expect(errorOf(() => parseSpec(new Uint8Array([0x6b, 0x3a, 0xff]))).reason).toBe('invalid UTF-8');
    expect(errorOf(() => parseSpec('cdiVersion: &a [*a]\n')).reason).toMatch(
      /contains itself|expected a string/,
    );
  });

  it('reads only the first document of a stream', () => {
    expect(qualifiedDeviceNames(parseSpec(`${VALID}---\nnot: [valid\n`))).toEqual(['vendor.com/device=dev1']);
  });

  it('stops excessive aliasing (go-yaml v2 budget)', () => {
    const mounts = Array(60).fill('*m').join(', ');
    const devices = Array(60).fill('*d').join(', ');
    const flat = `cdiVersion: "0.3.0"\nkind: vendor.com/device\ndevices:\n  - &d {name: dev, containerEdits: {mounts: [&m {hostPath: /a, containerPath: /b}, ${mounts}]}}\n  - ${devices.replaceAll(', ', '\n  - ')}`;
    expect(errorOf(() => parseSpec(flat)).reason).toBe('document contains excessive aliasing');
  });

  it('reports validation problems with the position of the value', () => {
    const failure = errorOf(() =>
      parseSpec(
        withEdits('      env: [A=1]\n      mounts:\n        - hostPath: /a\n          containerPath: ""'),
        { file: 'x.yaml' },
      ),
    );
    expect(failure.message).toBe(
      'x.yaml: /devices/0/containerEdits/mounts/0/containerPath (line 9, column 26): device "dev": invalid mount, empty container path',
    );
  });
});

/** The value at a JSON pointer of a plain object. */
function at(value: unknown, pointer: string): unknown {
  let current = value;
  for (const token of pointer.split('/').slice(1)) current = (current as Record<string, unknown>)[token];
  return current;
}

describe('a later null spelling of a struct', () => {
  it('leaves the struct as the earlier key set it', () => {
    const spec = parseSpec(
      'cdiVersion: "0.3.0"\nkind: v.com/c\ndevices:\n  - name: d\n    CONTAINEREDITS: {env: [A=1]}\n    containerEdits: null\n',
    );
    expect(spec.spec.devices?.[0]?.containerEdits).toEqual({ env: ['A=1'] });
  });
});
