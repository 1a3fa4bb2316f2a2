/** The reports behind `ocispec cdi list` and `ocispec cdi validate`: listDevices, validateSpecFile, validateSpecDir. */
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allValid, listDevices, validateSpecDir, validateSpecFile, validateSpecText } from '../src/index.js';
import { specDirs, tempDir } from './helpers.js';

const spec = (kind: string, ...names: string[]) =>
  `cdiVersion: "0.3.0"\nkind: ${kind}\ndevices:\n${names.map((n) => `  - name: ${n}\n    containerEdits:\n      env: [D=${n}]\n`).join('')}`;

describe('listDevices', () => {
  it('lists the devices that win, with their files and priorities, and the errors', () => {
    const dirs = specDirs(
      { 'gpu.yaml': spec('vendor.com/gpu', 'gpu0', 'gpu1'), 'bad.json': '{"cdiVersion": "0.3.0"}' },
      { 'gpu.yaml': spec('vendor.com/gpu', 'gpu1') },
    );
    const list = listDevices(dirs.list);
    expect(list.devices).toEqual([
      { name: 'vendor.com/gpu=gpu0', path: path.join(dirs.etc, 'gpu.yaml'), priority: 0 },
      { name: 'vendor.com/gpu=gpu1', path: path.join(dirs.run, 'gpu.yaml'), priority: 1 },
    ]);
    expect(list.errors.map((e) => e.message)).toEqual([
      `${path.join(dirs.etc, 'bad.json')}: /kind (line 1, column 1): invalid vendor. empty name`,
    ]);
  });

  it('names the file of each error, a conflict once for each of its files', () => {
    const dirs = specDirs({ 'a.yaml': spec('v.com/c', 'x'), 'b.yaml': spec('v.com/c', 'x') });
    const list = listDevices(dirs.list);
    expect(list.devices).toEqual([]);
    expect(list.errors.map((e) => e.file)).toEqual([
      path.join(dirs.etc, 'b.yaml'),
      path.join(dirs.etc, 'a.yaml'),
    ]);
    expect(list.errors.map((e) => e.message)).toEqual(list.errors.map((e) => `${e.file}: ${e.reason}`));
  });

  it('lists nothing for directories that do not exist', () => {
    expect(listDevices([path.join(tempDir(), 'none')])).toEqual({ devices: [], errors: [] });
  });
});

describe('validateSpecFile', () => {
  it('reports a valid file with its spec, an invalid or unreadable one with its error', () => {
    const dir = tempDir({ 'ok.yaml': spec('v.com/c', 'a'), 'bad.yaml': spec('v.com/c', 'a b') });
    const ok = validateSpecFile(path.join(dir, 'ok.yaml'));
    expect(ok.errors).toEqual([]);
    expect(ok.spec?.vendor).toBe('v.com');
    const bad = validateSpecFile(path.join(dir, 'bad.yaml'));
    expect(bad.spec).toBeUndefined();
    expect(bad.errors.map((e) => e.message)).toEqual([
      `${path.join(dir, 'bad.yaml')}: /devices/0/name (line 4, column 11): invalid character ' ' in device name "a b"`,
    ]);
    expect(validateSpecFile(path.join(dir, 'missing.yaml')).errors[0]).toMatchObject({ code: 'CDI_FILE' });
    expect(allValid([ok])).toBe(true);
    expect(allValid([ok, bad])).toBe(false);
  });
});

describe('validateSpecText', () => {
  it('checks text or bytes as the named file: the spec, or its problems naming that name', () => {
    const good = validateSpecText(
      new TextEncoder().encode(
        'cdiVersion: "0.3.0"\nkind: v.com/c\ndevices:\n  - name: x\n    containerEdits:\n      env: [A=1]\n',
      ),
      '<stdin>',
    );
    expect(good.errors).toEqual([]);
    expect([good.path, good.spec?.vendor, [...(good.spec?.devices.keys() ?? [])]]).toEqual([
      '<stdin>',
      'v.com',
      ['x'],
    ]);
    const bad = validateSpecText('cdiVersion: "0.3.0"\nkind: v.com/c\ndevices: []\n', '<stdin>');
    expect(bad.spec).toBeUndefined();
    expect(bad.errors.map((e) => e.message)).toEqual([
      '<stdin>: /devices (line 3, column 10): invalid spec, no devices',
    ]);
    expect(validateSpecText(new Uint8Array([0xff]), 'x.yaml').errors[0]?.message).toBe(
      'x.yaml: invalid UTF-8',
    );
  });
});

describe('validateSpecDir', () => {
  it('reports every spec file in name order, conflicts included', () => {
    const dir = tempDir({
      'b.yaml': spec('v.com/c', 'x', 'y'),
      'a.yaml': spec('v.com/c', 'x'),
      'c.json': '{',
      'notes.txt': 'ignored',
    });
    const reports = validateSpecDir(dir);
    expect(reports.map((r) => [path.basename(r.path), r.errors.map((e) => e.code)])).toEqual([
      ['a.yaml', ['CDI_CONFLICT']],
      ['b.yaml', ['CDI_CONFLICT']],
      ['c.json', ['CDI_INVALID_SPEC']],
    ]);
    expect(reports[0]?.spec?.devices.size).toBe(1);
    expect(allValid(reports)).toBe(false);
    const conflict = `conflicting device "v.com/c=x" (specs "${path.join(dir, 'b.yaml')}", "${path.join(dir, 'a.yaml')}")`;
    expect(reports.slice(0, 2).map((r) => r.errors[0]?.message)).toEqual([
      `${path.join(dir, 'a.yaml')}: ${conflict}`,
      `${path.join(dir, 'b.yaml')}: ${conflict}`,
    ]);
    expect(reports[1]?.errors[0]).toMatchObject({ file: path.join(dir, 'b.yaml'), reason: conflict });
  });

  it('reports a directory that is missing or not a directory', () => {
    const dir = tempDir({ 'f.yaml': 'x' });
    expect(validateSpecDir(path.join(dir, 'none'))).toEqual([
      {
        path: path.join(dir, 'none'),
        errors: [expect.objectContaining({ code: 'CDI_FILE', reason: 'no such file or directory' })],
      },
    ]);
    expect(validateSpecDir(path.join(dir, 'f.yaml'))[0]?.errors[0]?.reason).toBe('not a directory');
  });

  it('gives no report for an empty directory', () => {
    expect(validateSpecDir(tempDir())).toEqual([]);
  });
});
