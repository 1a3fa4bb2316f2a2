/**
 * container-device-interface `pkg/cdi/cache_test.go` (TestNewCache, TestRefreshCache, TestFuzzSelfRefreshCache,
 * TestInjectDevice, TestListVendorsAndClasses), `cache_linux_test.go` (TestTooManyOpenFiles,
 * TestRecoveryAfterTooManyOpenFiles) and `spec-dirs_test.go` (TestScanSpecDirs), as behaviour.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { HostFS, Spec } from '@ocispec/core';
import { nodeHostFS } from '@ocispec/core/internal';
import { describe, expect, it } from 'vitest';
import { CdiCache, readSpecFile, scanSpecDirs, UnresolvableDevicesError } from '../src/index.js';
import { specDirs, tempDir, updateSpecDirs } from './helpers.js';

/** A spec of `vendor` with block devices `names` (dev1 → minor 1 …), as the reference's cache tests write them. */
function blockSpec(vendor: string, names: readonly string[], deviceClass = 'device', major = 10): string {
  const devices = names.map(
    (name) => `  - name: "${name}"
    containerEdits:
      deviceNodes:
      - path: "/dev/${vendor}-${name}"
        type: b
        major: ${major}
        minor: ${name.replace(/\D/g, '') || 1}
`,
  );
  return `cdiVersion: "0.3.0"\nkind: "${vendor}.com/${deviceClass}"\ndevices:\n${devices.join('')}`;
}

const rel = (root: string, p: string) => path.relative(root, p);

describe('a new cache (TestNewCache)', () => {
  it('no spec dirs: nothing, and no error (missing directories are skipped)', () => {
    const root = tempDir();
    const cache = new CdiCache({ specDirs: [path.join(root, 'etc'), path.join(root, 'run')] });
    expect(cache.listDevices()).toEqual([]);
    expect(cache.getErrors().size).toBe(0);
  });

  it('no spec files', () => {
    const dirs = specDirs({}, {});
    expect(new CdiCache({ specDirs: dirs.list }).listDevices()).toEqual([]);
  });

  it('one spec file', () => {
    const dirs = specDirs({ 'vendor1.yaml': blockSpec('vendor1', ['dev1']) });
    const cache = new CdiCache({ specDirs: dirs.list });
    expect(cache.devices().map((d) => [d.name, rel(dirs.root, d.spec.path)])).toEqual([
      ['vendor1.com/device=dev1', 'etc/vendor1.yaml'],
    ]);
  });

  it('multiple spec files with override', () => {
    const dirs = specDirs(
      { 'vendor1.yaml': blockSpec('vendor1', ['dev1', 'dev2']) },
      { 'vendor1.yaml': blockSpec('vendor1', ['dev1']) },
    );
    const cache = new CdiCache({ specDirs: dirs.list });
    expect(cache.devices().map((d) => [d.name, rel(dirs.root, d.spec.path)])).toEqual([
      ['vendor1.com/device=dev1', 'run/vendor1.yaml'],
      ['vendor1.com/device=dev2', 'etc/vendor1.yaml'],
    ]);
    expect(cache.getErrors().size).toBe(0);
  });

  it('multiple spec files, with conflicts', () => {
    const dirs = specDirs(undefined, {
      'vendor1.yaml': blockSpec('vendor1', ['dev1', 'dev2']),
      'vendor1-other.yaml': blockSpec('vendor1', ['dev1']),
    });
    const cache = new CdiCache({ specDirs: dirs.list });
    expect(cache.devices().map((d) => [d.name, rel(dirs.root, d.spec.path)])).toEqual([
      ['vendor1.com/device=dev2', 'run/vendor1.yaml'],
    ]);
    const errors = cache.getErrors();
    expect([...errors.keys()].map((p) => rel(dirs.root, p)).sort()).toEqual([
      'run/vendor1-other.yaml',
      'run/vendor1.yaml',
    ]);
    const [conflict] = errors.get(path.join(dirs.run, 'vendor1.yaml'))!;
    expect(conflict).toMatchObject({ code: 'CDI_CONFLICT' });
    // `vendor1-other.yaml` sorts first, so the later file is named first, as the reference words it
    expect(conflict!.message).toBe(
      `conflicting device "vendor1.com/device=dev1" (specs "${path.join(dirs.run, 'vendor1.yaml')}", "${path.join(dirs.run, 'vendor1-other.yaml')}")`,
    );
  });

  it('a conflict in a lower-priority directory drops the device even where a higher one defines it', () => {
    const dirs = specDirs(
      { 'a.yaml': blockSpec('vendor1', ['dev1']), 'b.yaml': blockSpec('vendor1', ['dev1', 'dev2']) },
      { 'c.yaml': blockSpec('vendor1', ['dev1']) },
    );
    const cache = new CdiCache({ specDirs: dirs.list });
    expect(cache.listDevices()).toEqual(['vendor1.com/device=dev2']);
    expect([...cache.getErrors().keys()].map((p) => rel(dirs.root, p))).toEqual(['etc/b.yaml', 'etc/a.yaml']);
  });

  it('a broken file is an error of its own and hides nothing else', () => {
    const dirs = specDirs({
      'bad.yaml': 'cdiVersion: [',
      'good.json': JSON.stringify({
        cdiVersion: '0.3.0',
        kind: 'v.com/c',
        devices: [{ name: 'd', containerEdits: { env: ['A=1'] } }],
      }),
    });
    const cache = new CdiCache({ specDirs: dirs.list });
    expect(cache.listDevices()).toEqual(['v.com/c=d']);
    const errors = cache.refresh();
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toMatch(
      new RegExp(`^${path.join(dirs.etc, 'bad.yaml')}: / \\(line 1, column \\d+\\): invalid YAML: `),
    );
  });
});

interface Update {
  etc?: Record<string, string>;
  run?: Record<string, string>;
}

describe('refreshing (TestRefreshCache)', () => {
  const cases: {
    name: string;
    updates: Update[];
    devices: string[][];
    devprio: Record<string, number>[];
    errors: string[][];
  }[] = [
    {
      name: 'empty cache, add one Spec',
      updates: [{}, { run: { 'vendor1.yaml': blockSpec('vendor1', ['dev1']) } }],
      devices: [[], ['vendor1.com/device=dev1']],
      devprio: [{}, { 'vendor1.com/device=dev1': 1 }],
      errors: [[], []],
    },
    {
      name: 'one Spec, add another, no shadowing, no conflicts',
      updates: [
        { etc: { 'vendor1.yaml': blockSpec('vendor1', ['dev1']) } },
        { run: { 'vendor1.yaml': blockSpec('vendor1', ['dev2']) } },
      ],
      devices: [['vendor1.com/device=dev1'], ['vendor1.com/device=dev1', 'vendor1.com/device=dev2']],
      devprio: [
        { 'vendor1.com/device=dev1': 0 },
        { 'vendor1.com/device=dev1': 0, 'vendor1.com/device=dev2': 1 },
      ],
      errors: [[], []],
    },
    {
      name: 'two Specs, remove one',
      updates: [
        {
          run: {
            'vendor1.yaml': blockSpec('vendor1', ['dev1']),
            'vendor1-other.yaml': blockSpec('vendor1', ['dev2']),
          },
        },
        { run: { 'vendor1.yaml': 'remove' } },
      ],
      devices: [['vendor1.com/device=dev1', 'vendor1.com/device=dev2'], ['vendor1.com/device=dev2']],
      devprio: [
        { 'vendor1.com/device=dev1': 1, 'vendor1.com/device=dev2': 1 },
        { 'vendor1.com/device=dev2': 1 },
      ],
      errors: [[], []],
    },
    {
      name: 'one Spec, add another, shadowing',
      updates: [
        { etc: { 'vendor1.yaml': blockSpec('vendor1', ['dev1']) } },
        { run: { 'vendor1.yaml': blockSpec('vendor1', ['dev1']) } },
      ],
      devices: [['vendor1.com/device=dev1'], ['vendor1.com/device=dev1']],
      devprio: [{ 'vendor1.com/device=dev1': 0 }, { 'vendor1.com/device=dev1': 1 }],
      errors: [[], []],
    },
    {
      name: 'one Spec, add another, conflicts',
      updates: [
        { run: { 'vendor1.yaml': blockSpec('vendor1', ['dev1', 'dev2']) } },
        { run: { 'vendor1-other.yaml': blockSpec('vendor1', ['dev1', 'dev3']) } },
      ],
      devices: [
        ['vendor1.com/device=dev1', 'vendor1.com/device=dev2'],
        ['vendor1.com/device=dev2', 'vendor1.com/device=dev3'],
      ],
      devprio: [
        { 'vendor1.com/device=dev1': 1, 'vendor1.com/device=dev2': 1 },
        { 'vendor1.com/device=dev2': 1, 'vendor1.com/device=dev3': 1 },
      ],
      errors: [[], ['run/vendor1-other.yaml', 'run/vendor1.yaml']],
    },
  ];

  for (const autoRefresh of [false, true]) {
    it.each(cases)(`$name (autoRefresh ${autoRefresh})`, ({ updates, devices, devprio, errors }) => {
      const dirs = specDirs(updates[0]!.etc ?? {}, updates[0]!.run ?? {});
      const cache = new CdiCache({ specDirs: dirs.list, autoRefresh });
      for (const [i, update] of updates.entries()) {
        if (i > 0) {
          updateSpecDirs(dirs, update.etc, update.run);
          if (!autoRefresh) expect(cache.refresh().length > 0).toBe(errors[i]!.length > 0);
        }
        expect(cache.listDevices()).toEqual(devices[i]);
        for (const [name, priority] of Object.entries(devprio[i]!))
          expect(cache.getDevice(name)?.spec.priority).toBe(priority);
        for (const vendor of cache.listVendors()) {
          for (const spec of cache.getVendorSpecs(vendor)) {
            expect(cache.getSpecErrors(spec).length > 0).toBe(errors[i]!.includes(rel(dirs.root, spec.path)));
          }
        }
      }
    });
  }

  it('without autoRefresh, changes are seen only after refresh()', () => {
    const dirs = specDirs({}, {});
    const cache = new CdiCache({ specDirs: dirs.list, autoRefresh: false });
    updateSpecDirs(dirs, { 'vendor1.yaml': blockSpec('vendor1', ['dev1']) });
    expect(cache.listDevices()).toEqual([]);
    expect(cache.refresh()).toEqual([]);
    expect(cache.listDevices()).toEqual(['vendor1.com/device=dev1']);
  });

  it('parses a file again only when its bytes change', () => {
    const dirs = specDirs({ 'vendor1.yaml': blockSpec('vendor1', ['dev1']) });
    const cache = new CdiCache({ specDirs: dirs.list });
    const first = cache.getDevice('vendor1.com/device=dev1')!.spec;
    expect(cache.getDevice('vendor1.com/device=dev1')!.spec).toBe(first);
    updateSpecDirs(dirs, { 'vendor1.yaml': blockSpec('vendor1', ['dev1'], 'device', 11) });
    const second = cache.getDevice('vendor1.com/device=dev1')!.spec;
    expect(second).not.toBe(first);
    expect(second.spec.devices?.[0]?.containerEdits?.deviceNodes?.[0]?.major).toBe(11);
  });
});

describe('updates while injecting (TestFuzzSelfRefreshCache)', () => {
  it('one device in /etc, updated, then shadowed in /run: every injection sees one whole version', () => {
    const node = (p: string) =>
      `cdiVersion: "0.3.0"\nkind: "vendor1.com/device"\ndevices:\n  - name: "dev1"\n    containerEdits:\n      deviceNodes:\n      - path: "${p}"\n        type: b\n        major: 10\n        minor: 1\n`;
    const updates: Update[] = [
      { etc: { 'vendor1.yaml': node('/dev/original-vendor1-dev1') } },
      { etc: { 'vendor1.yaml': node('/dev/updated-vendor1-dev1') } },
      { run: { 'vendor1.yaml': node('/dev/shadowed-vendor1-dev1') } },
    ];
    const dirs = specDirs(updates[0]!.etc, {});
    const cache = new CdiCache({ specDirs: dirs.list });
    const seen = new Set<string>();
    for (let round = 0; round < 60; round++) {
      const update = updates[round % updates.length]!;
      if (round % updates.length === 0) updateSpecDirs(dirs, {}, { 'vendor1.yaml': 'remove' });
      updateSpecDirs(dirs, update.etc, update.run);
      const spec: Spec = {};
      cache.injectDevices(spec, ['vendor1.com/device=dev1']);
      seen.add(spec.linux!.devices![0]!.path!);
    }
    expect([...seen].sort()).toEqual([
      '/dev/original-vendor1-dev1',
      '/dev/shadowed-vendor1-dev1',
      '/dev/updated-vendor1-dev1',
    ]);
  });
});

const vendor1 = `
cdiVersion: "0.3.0"
kind:       "vendor1.com/device"
containerEdits:
  env:
  - VENDOR1_SPEC_VAR1=VAL1
devices:
  - name: "dev1"
    containerEdits:
      env:
      - "VENDOR1_VAR1=VAL1"
      deviceNodes:
      - path: "/dev/vendor1-dev1"
        type: b
        major: 10
        minor: 1
`;

const dev1 = { path: '/dev/vendor1-dev1', type: 'b', major: 10, minor: 1 };
const rule = (minor: number) => ({ allow: true, type: 'b', major: 10, minor, access: 'rwm' });

describe('injectDevices (TestInjectDevice)', () => {
  it('empty OCI Spec, inject one device', () => {
    const cache = new CdiCache({ specDirs: specDirs({ 'vendor1.yaml': vendor1 }).list });
    const spec: Spec = {};
    expect(cache.injectDevices(spec, ['vendor1.com/device=dev1'])).toEqual([]);
    expect(spec).toEqual({
      process: { env: ['VENDOR1_SPEC_VAR1=VAL1', 'VENDOR1_VAR1=VAL1'] },
      linux: { devices: [dev1], resources: { devices: [rule(1)] } },
    });
  });

  it('non-empty OCI Spec, inject one device', () => {
    const cache = new CdiCache({ specDirs: specDirs({ 'vendor1.yaml': vendor1 }).list });
    const spec: Spec = {
      process: { env: ['ORIG_VAR1=VAL1', 'ORIG_VAR2=VAL2'] },
      linux: { devices: [{ path: '/dev/null' }, { path: '/dev/zero' }] as never },
    };
    cache.injectDevices(spec, ['vendor1.com/device=dev1']);
    expect(spec).toEqual({
      process: { env: ['ORIG_VAR1=VAL1', 'ORIG_VAR2=VAL2', 'VENDOR1_SPEC_VAR1=VAL1', 'VENDOR1_VAR1=VAL1'] },
      linux: {
        devices: [{ path: '/dev/null' }, { path: '/dev/zero' }, dev1],
        resources: { devices: [rule(1)] },
      },
    });
  });

  it('non-empty OCI Spec, inject several devices, hooks', () => {
    const spec3 = `
cdiVersion: "0.3.0"
kind:       "vendor1.com/device"
containerEdits:
  env:
  - VENDOR1_SPEC_VAR1=VAL1
devices:
  - name: "dev1"
    containerEdits:
      env:
      - "VENDOR1_DEV1=VAL1"
      deviceNodes:
      - path: "/dev/vendor1-dev1"
        type: b
        major: 10
        minor: 1
  - name: "dev2"
    containerEdits:
      env:
      - "VENDOR1_DEV2=VAL2"
      deviceNodes:
      - path: "/dev/vendor1-dev2"
        type: b
        major: 10
        minor: 2
      hooks:
      - hookName: prestart
        path: "/usr/local/bin/prestart-vendor-hook"
        args:
        - "--verbose"
        env:
        - "HOOK_ENV1=PRESTART_VAL1"
      - hookName: createRuntime
        path: "/usr/local/bin/cr-vendor-hook"
        args:
        - "--debug"
        env:
        - "HOOK_ENV1=CREATE_RUNTIME_VAL1"
  - name: "dev3"
    containerEdits:
      env:
      - "VENDOR1_DEV3=VAL3"
      deviceNodes:
      - path: "/dev/vendor1-dev3"
        type: b
        major: 10
        minor: 3
`;
    const cache = new CdiCache({ specDirs: specDirs({ 'vendor1.yaml': spec3 }).list });
    const spec: Spec = {
      process: { env: ['ORIG_VAR1=VAL1', 'ORIG_VAR2=VAL2'] },
      linux: { devices: [{ path: '/dev/null' }, { path: '/dev/zero' }] as never },
    };
    cache.injectDevices(spec, [
      'vendor1.com/device=dev1',
      'vendor1.com/device=dev2',
      'vendor1.com/device=dev3',
    ]);
    expect(spec).toEqual({
      process: {
        env: [
          'ORIG_VAR1=VAL1',
          'ORIG_VAR2=VAL2',
          'VENDOR1_SPEC_VAR1=VAL1',
          'VENDOR1_DEV1=VAL1',
          'VENDOR1_DEV2=VAL2',
          'VENDOR1_DEV3=VAL3',
        ],
      },
      hooks: {
        prestart: [
          {
            path: '/usr/local/bin/prestart-vendor-hook',
            args: ['--verbose'],
            env: ['HOOK_ENV1=PRESTART_VAL1'],
          },
        ],
        createRuntime: [
          {
            path: '/usr/local/bin/cr-vendor-hook',
            args: ['--debug'],
            env: ['HOOK_ENV1=CREATE_RUNTIME_VAL1'],
          },
        ],
      },
      linux: {
        devices: [
          { path: '/dev/null' },
          { path: '/dev/zero' },
          dev1,
          { ...dev1, path: '/dev/vendor1-dev2', minor: 2 },
          { ...dev1, path: '/dev/vendor1-dev3', minor: 3 },
        ],
        resources: { devices: [rule(1), rule(2), rule(3)] },
      },
    });
  });

  it('empty OCI Spec, non-existent device: the spec is left alone', () => {
    const cache = new CdiCache({ specDirs: specDirs({ 'vendor1.yaml': vendor1 }).list });
    const spec: Spec = {};
    let error: unknown;
    try {
      cache.injectDevices(spec, ['vendor1.com/device=dev2', 'vendor1.com/device=dev1', 'other.com/x=y']);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UnresolvableDevicesError);
    expect(error).toMatchObject({
      code: 'CDI_UNRESOLVABLE',
      devices: ['vendor1.com/device=dev2', 'other.com/x=y'],
      message: 'unresolvable CDI devices vendor1.com/device=dev2, other.com/x=y',
    });
    expect(spec).toEqual({});
  });

  it('a device asked twice applies its edits twice, its spec edits once', () => {
    const cache = new CdiCache({ specDirs: specDirs({ 'vendor1.yaml': vendor1 }).list });
    const spec: Spec = {};
    cache.injectDevices(spec, ['vendor1.com/device=dev1', 'vendor1.com/device=dev1']);
    expect(spec).toEqual({
      process: { env: ['VENDOR1_SPEC_VAR1=VAL1', 'VENDOR1_VAR1=VAL1'] },
      linux: { devices: [dev1], resources: { devices: [rule(1), rule(1)] } },
    });
  });
});

describe('vendors and classes (TestListVendorsAndClasses)', () => {
  it('no vendors, no classes', () => {
    const cache = new CdiCache({ specDirs: specDirs().list });
    expect(cache.listVendors()).toEqual([]);
    expect(cache.listClasses()).toEqual([]);
  });

  it('one vendor, one class', () => {
    const cache = new CdiCache({ specDirs: specDirs({ 'vendor1.yaml': vendor1 }).list });
    expect(cache.listVendors()).toEqual(['vendor1.com']);
    expect(cache.listClasses()).toEqual(['device']);
  });

  it('one vendor, multiple classes', () => {
    const cache = new CdiCache({
      specDirs: specDirs({
        'vendor1.yaml': blockSpec('vendor1', ['dev1', 'dev2']),
        'vendor1-other.yaml': blockSpec('vendor1', ['dev1', 'dev2'], 'other-device', 11),
      }).list,
    });
    expect(cache.listVendors()).toEqual(['vendor1.com']);
    expect(cache.listClasses()).toEqual(['device', 'other-device']);
    expect(cache.getVendorSpecs('vendor1.com').map((s) => s.class)).toEqual(['other-device', 'device']);
  });

  it('multiple vendor, multiple classes', () => {
    const cache = new CdiCache({
      specDirs: specDirs({
        'vendor1.yaml': blockSpec('vendor1', ['dev1', 'dev2']),
        'vendor2.yaml': blockSpec('vendor2', ['dev1', 'dev2'], 'other-device', 12),
        'vendor2-other.yaml': blockSpec('vendor2', ['dev1', 'dev2'], 'another-device', 13),
        'vendor3.yaml': blockSpec('vendor3', ['dev1', 'dev2'], 'yet-another-device', 14),
      }).list,
    });
    expect(cache.listVendors()).toEqual(['vendor1.com', 'vendor2.com', 'vendor3.com']);
    expect(cache.listClasses()).toEqual(['another-device', 'device', 'other-device', 'yet-another-device']);
  });
});

describe('scanning spec directories (TestScanSpecDirs)', () => {
  const valid = (deviceClass: string) =>
    `cdiVersion: "0.3.0"\nkind: vendor.com/${deviceClass}\ndevices:\n  - name: "dev1"\n    containerEdits:\n      env:\n        - "FOO=BAR"\n`;
  const invalid = 'cdiVersion: "0.3.0"\nkind: vendor.com/device\ndevices:\n  - name: "dev1"\n';

  const scan = (files: Record<string, string> | undefined) => {
    const root = tempDir();
    const dir = path.join(root, 'etc');
    if (files !== undefined) {
      fs.mkdirSync(dir);
      for (const [name, data] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), data);
    }
    const { files: found, dirError } = scanSpecDirs(['/no-such-dir', dir], nodeHostFS);
    expect(dirError).toBeUndefined();
    const success: Record<string, [string, string]> = {};
    const failure: string[] = [];
    for (const file of found) {
      expect(file.priority).toBe(1);
      try {
        const spec = readSpecFile(file.path, { priority: file.priority });
        success[path.basename(file.path)] = [spec.vendor, spec.class];
      } catch {
        failure.push(path.basename(file.path));
      }
    }
    return { success, failure, names: found.map((f) => path.basename(f.path)) };
  };

  it('no directory', () => {
    expect(scan(undefined)).toEqual({ success: {}, failure: [], names: [] });
  });
  it('no files', () => {
    expect(scan({})).toEqual({ success: {}, failure: [], names: [] });
  });
  it('one valid file', () => {
    expect(scan({ 'valid.yaml': valid('device') }).success).toEqual({
      'valid.yaml': ['vendor.com', 'device'],
    });
  });
  it('one invalid file', () => {
    expect(scan({ 'invalid.yaml': invalid })).toMatchObject({ success: {}, failure: ['invalid.yaml'] });
  });
  it('two valid files, one invalid file, in name order', () => {
    expect(
      scan({ 'valid2.yaml': valid('device2'), 'valid1.yaml': valid('device1'), 'invalid.yaml': invalid }),
    ).toEqual({
      success: { 'valid1.yaml': ['vendor.com', 'device1'], 'valid2.yaml': ['vendor.com', 'device2'] },
      failure: ['invalid.yaml'],
      names: ['invalid.yaml', 'valid1.yaml', 'valid2.yaml'],
    });
  });
  it('only .json and .yaml files, no subdirectories', () => {
    const root = tempDir({
      'etc/a.yml': 'x',
      'etc/b.json': 'x',
      'etc/c.yaml': 'x',
      'etc/.yaml': 'x',
      'etc/d.yaml/e.yaml': 'x',
      'etc/f': 'x',
    });
    expect(
      scanSpecDirs([path.join(root, 'etc')], nodeHostFS).files.map((f) => path.basename(f.path)),
    ).toEqual(['.yaml', 'b.json', 'c.yaml']);
  });
  it('a directory that cannot be listed ends the scan there', () => {
    const root = tempDir({ 'file.yaml': 'x', 'later/a.yaml': 'x' });
    const scanned = scanSpecDirs([path.join(root, 'file.yaml'), path.join(root, 'later')], nodeHostFS);
    expect(scanned.files).toEqual([]);
    expect(scanned.dirError?.message).toBe(
      `${path.join(root, 'file.yaml')}: cannot list the spec directory: not a directory`,
    );
  });
});

/** The real filesystem, failing every read with EMFILE while `exhausted` is set. */
function exhaustible(): HostFS & { exhausted: boolean } {
  const emfile = () => Object.assign(new Error('EMFILE: too many open files'), { code: 'EMFILE' });
  const host = {
    ...nodeHostFS,
    exhausted: false,
    readdir(p: string) {
      if (host.exhausted) throw emfile();
      return nodeHostFS.readdir(p);
    },
    readFile(p: string) {
      if (host.exhausted) throw emfile();
      return nodeHostFS.readFile(p);
    },
  };
  return host;
}

describe('running out of file descriptors (TestTooManyOpenFiles, TestRecoveryAfterTooManyOpenFiles)', () => {
  it('fails injection without crashing, then recovers', () => {
    const dirs = specDirs({ 'vendor1.yaml': vendor1 });
    const host = exhaustible();
    host.exhausted = true;
    const cache = new CdiCache({ specDirs: [dirs.etc], fs: host });
    expect(() => cache.injectDevices({}, ['vendor1.com/device=dev1'])).toThrow(UnresolvableDevicesError);
    expect([...cache.getErrors().values()].flat()[0]?.message).toMatch(
      new RegExp(`^${dirs.etc}: cannot list the spec directory: .*too many open files$`),
    );
    host.exhausted = false;
    const spec: Spec = {};
    expect(cache.injectDevices(spec, ['vendor1.com/device=dev1'])).toEqual([]);
    expect(spec).toEqual({
      process: { env: ['VENDOR1_SPEC_VAR1=VAL1', 'VENDOR1_VAR1=VAL1'] },
      linux: { devices: [dev1], resources: { devices: [rule(1)] } },
    });
  });
});
