/**
 * `withCDIDevices` and `cdiPlugin` in pipelines: containerd's `cdi.WithCDIDevices` semantics, the reference's
 * `regressions_test.go` (injection from annotations through a cache) and containerd's `TestCDIInjections`
 * (`internal/cri/server/container_create_linux_test.go`) over the linux default spec.
 */
import * as path from 'node:path';
import { corePlugin, isOcispecError, nodeHost, type OptCall, Pipeline, type Spec } from '@ocispec/core';
import { linuxPlugin } from '@ocispec/linux';
import { describe, expect, it } from 'vitest';
import {
  ANNOTATION_PREFIX,
  CdiCache,
  cdiPlugin,
  requestedDevices,
  UnresolvableDevicesError,
  withCDIDevices,
} from '../src/index.js';
import { DEV_NULL, hostWithDevices, specDirs, tempDir, writeFiles } from './helpers.js';

const vendorSpec = (vendor: string, device: string, node: string, minor: number, env: string) => `
cdiVersion: "0.3.0"
kind: "${vendor}.com/device"
devices:
  - name: ${device}
    containerEdits:
      deviceNodes:
        - path: ${node}
          type: b
          major: 7
          minor: ${minor}
      env:
        - ${env}=injected
containerEdits:
  env:
    - "${vendor.toUpperCase()}=present"
`;

const SPECS = [
  vendorSpec('vendor1', 'foo', '/dev/loop8', 8, 'FOO'),
  vendorSpec('vendor2', 'bar', '/dev/loop9', 9, 'BAR'),
  vendorSpec('vendor3', 'foo3', '/dev/loop10', 10, 'FOO3'),
  vendorSpec('vendor4', 'bar4', '/dev/loop11', 11, 'BAR4'),
];

function cdiDir(files: readonly string[]): string {
  return tempDir(Object.fromEntries(files.map((data, i) => [`spec-${i}.yaml`, data])));
}

function pipeline(specDirList: readonly string[], fs = hostWithDevices({ '/dev/null': DEV_NULL })): Pipeline {
  return new Pipeline({
    plugins: [corePlugin(), linuxPlugin(), cdiPlugin({ specDirs: specDirList })],
    host: { ...nodeHost, fs },
  });
}

async function failure(run: () => Promise<unknown>): Promise<Error> {
  try {
    await run();
  } catch (error) {
    if (error instanceof Error) return error;
  }
  throw new Error('expected a failure');
}

describe('withCDIDevices in a pipeline', () => {
  it('is registered by the plugin and injects by JSON call, the base untouched', async () => {
    const p = pipeline([cdiDir(SPECS)]);
    const base: Spec = {
      ociVersion: '1.3.0',
      process: { env: ['PATH=/bin'], user: { uid: 0, gid: 0 }, cwd: '/' },
    };
    const { spec, report } = await p.compose({
      base,
      opts: [['withCDIDevices', 'vendor1.com/device=foo', 'vendor2.com/device=bar']],
    });
    expect(spec.process?.env).toEqual([
      'PATH=/bin',
      'VENDOR1=present',
      'FOO=injected',
      'VENDOR2=present',
      'BAR=injected',
    ]);
    expect(spec.linux?.devices).toEqual([
      { path: '/dev/loop8', type: 'b', major: 7, minor: 8 },
      { path: '/dev/loop9', type: 'b', major: 7, minor: 9 },
    ]);
    expect(spec.linux?.resources?.devices).toEqual([
      { allow: true, type: 'b', major: 7, minor: 8, access: 'rwm' },
      { allow: true, type: 'b', major: 7, minor: 9, access: 'rwm' },
    ]);
    expect(report.warnings).toEqual([]);
    expect(base).toEqual({
      ociVersion: '1.3.0',
      process: { env: ['PATH=/bin'], user: { uid: 0, gid: 0 }, cwd: '/' },
    });
    expect(Object.isFrozen(spec.linux?.devices)).toBe(true);
  });

  it('edits every section of a frozen base through the draft, leaving the base as it was', async () => {
    const dir = cdiDir([
      `cdiVersion: "1.1.0"
kind: v.com/all
containerEdits:
  env: [A=spec]
  additionalGids: [7]
devices:
  - name: all
    containerEdits:
      env: [A=dev, B=dev]
      deviceNodes: [{path: /dev/null}]
      mounts: [{hostPath: /h, containerPath: /m/x}, {hostPath: /h2, containerPath: /a}]
      hooks: [{hookName: poststop, path: /bin/stop}]
      intelRdt: {closID: c1}
      netDevices: [{hostInterfaceName: eth9, name: net0}]
      additionalGids: [7, 8]
`,
    ]);
    const base = Object.freeze({
      ociVersion: '1.3.0',
      process: { env: ['A=base', 'C=base'], user: { uid: 1000, gid: 1000, additionalGids: [8] }, cwd: '/' },
      mounts: [
        { destination: '/m/x', source: '/old' },
        { destination: '/proc', type: 'proc', source: 'proc' },
      ],
      hooks: { poststop: [{ path: '/bin/first' }] },
      linux: {
        devices: [{ path: '/dev/null', type: 'c', major: 1, minor: 3 }],
        netDevices: { eth0: { name: 'e0' } },
      },
    }) as Spec;
    const before = structuredClone(base);
    const { spec } = await pipeline([dir]).compose({ base, opts: [['withCDIDevices', 'v.com/all=all']] });
    expect(base).toEqual(before);
    expect(spec).toEqual({
      ociVersion: '1.3.0',
      process: {
        env: ['A=dev', 'C=base', 'B=dev'],
        user: { uid: 1000, gid: 1000, additionalGids: [8, 7] },
        cwd: '/',
      },
      mounts: [
        { destination: '/proc', type: 'proc', source: 'proc' },
        { destination: '/a', source: '/h2' },
        { destination: '/m/x', source: '/h' },
      ],
      hooks: { poststop: [{ path: '/bin/first' }, { path: '/bin/stop' }] },
      linux: {
        devices: [
          { path: '/dev/null', type: 'c', major: 1, minor: 3, fileMode: 0o666, uid: 1000, gid: 1000 },
        ],
        netDevices: { eth0: { name: 'e0' }, eth9: { name: 'net0' } },
        intelRdt: { closID: 'c1' },
        resources: { devices: [{ allow: true, type: 'c', major: 1, minor: 3, access: 'rwm' }] },
      },
    });
  });

  it('keeps the rest of the default spec and re-sorts its mounts by depth', async () => {
    const dir = cdiDir([
      'cdiVersion: "0.3.0"\nkind: v.com/lib\ndevices:\n  - name: libs\n    containerEdits:\n      mounts:\n        - {hostPath: /usr/lib/x, containerPath: /usr/lib/x, options: [ro, nosuid, nodev, bind]}\n        - {hostPath: /opt, containerPath: /opt}\n',
    ]);
    const { spec } = await pipeline([dir]).compose({ opts: [['withCDIDevices', 'v.com/lib=libs']] });
    const destinations = spec.mounts?.map((m) => m.destination) ?? [];
    expect(destinations).toEqual(
      [...destinations].sort((a, b) => a!.split('/').length - b!.split('/').length),
    );
    expect(destinations).toContain('/usr/lib/x');
    expect(destinations.indexOf('/opt')).toBeLessThan(destinations.indexOf('/dev/pts'));
  });

  it('does nothing, and reads nothing, without device names', async () => {
    const fs = hostWithDevices({});
    const readdir = fs.readdir;
    let reads = 0;
    fs.readdir = (p) => {
      reads++;
      return readdir(p);
    };
    const p = pipeline(['/nonexistent-cdi'], fs);
    const { spec } = await p.compose({
      base: { ociVersion: '1.3.0' },
      opts: [withCDIDevices(), ['withCDIDevices']],
    });
    expect(spec).toEqual({ ociVersion: '1.3.0' });
    expect(reads).toBe(0);
  });

  it('fails with the unresolvable devices named, as containerd words it', async () => {
    const p = pipeline([cdiDir(SPECS)]);
    const error = await failure(() =>
      p.compose({
        opts: [
          ['withHostname', 'x'],
          ['withCDIDevices', 'vendor1.com/device=foo', 'vendor1.com/device=no-such-dev', 'foobar'],
        ],
      }),
    );
    expect(isOcispecError(error, 'OPTION_FAILED')).toBe(true);
    expect(error.message).toBe(
      'option 1 (withCDIDevices): CDI device injection failed: unresolvable CDI devices vendor1.com/device=no-such-dev, foobar',
    );
    expect(error.cause).toBeInstanceOf(UnresolvableDevicesError);
    expect((error.cause as UnresolvableDevicesError).devices).toEqual([
      'vendor1.com/device=no-such-dev',
      'foobar',
    ]);
  });

  it('fails naming the host device it could not read', async () => {
    const dir = cdiDir([
      'cdiVersion: "0.3.0"\nkind: v.com/c\ndevices:\n  - name: d\n    containerEdits:\n      deviceNodes: [{path: /dev/gone}]\n',
    ]);
    const error = await failure(() => pipeline([dir]).compose({ opts: [['withCDIDevices', 'v.com/c=d']] }));
    expect(error.message).toBe(
      'option 0 (withCDIDevices): CDI device injection failed: failed to inject devices: failed to stat CDI host device "/dev/gone": no such file or directory',
    );
    expect(error.cause).toMatchObject({ code: 'CDI_INJECTION' });
  });

  it('reports spec files that fail to load as warnings, not failures', async () => {
    const dir = cdiDir([SPECS[0]!, 'cdiVersion: "9.9.9"\nkind: broken.com/x\ndevices: []\n']);
    const { spec, report } = await pipeline([dir]).compose({
      opts: [['withCDIDevices', 'vendor1.com/device=foo']],
    });
    expect(spec.linux?.devices?.some((d) => d.path === '/dev/loop8')).toBe(true);
    expect(report.warnings.map((w) => w.message)).toEqual([
      `CDI registry refresh failed: ${path.join(dir, 'spec-1.yaml')}: /cdiVersion (line 1, column 13): invalid version "9.9.9"`,
    ]);
  });

  it('refuses a non-string argument before anything runs', async () => {
    const error = await failure(() =>
      // A pipeline file's call, unchecked until resolved.
      pipeline([cdiDir(SPECS)]).compose({ opts: [['withCDIDevices', 'a.com/b=c', 3] as never] }),
    );
    expect(isOcispecError(error, 'BAD_ARGUMENT')).toBe(true);
    expect(error.message).toMatch(/^option 0 \(withCDIDevices\): argument 2: /);
  });

  it('reads spec files and device nodes through the composition host', async () => {
    const dir = cdiDir([
      'cdiVersion: "0.5.0"\nkind: v.com/c\ndevices:\n  - name: d\n    containerEdits:\n      deviceNodes: [{path: /dev/x, hostPath: /dev/null}]\n',
    ]);
    const fs = hostWithDevices({ '/dev/null': DEV_NULL });
    const { spec } = await pipeline([dir], fs).compose({ opts: [['withCDIDevices', 'v.com/c=d']] });
    expect(spec.linux?.devices?.at(-1)).toEqual({
      path: '/dev/x',
      type: 'c',
      major: 1,
      minor: 3,
      fileMode: 0o666,
    });
    expect(fs.calls).toEqual(['/dev/null']);
  });

  it('takes a cache, refreshed for every composition when it does not refresh itself', async () => {
    const dirs = specDirs({});
    const cache = new CdiCache({ specDirs: dirs.list, autoRefresh: false });
    const p = new Pipeline({ plugins: [corePlugin(), linuxPlugin(), cdiPlugin(cache)] });
    await expect(p.compose({ opts: [['withCDIDevices', 'vendor1.com/device=foo']] })).rejects.toThrow(
      'unresolvable',
    );
    writeFiles(dirs.etc, { 'v.yaml': SPECS[0]! });
    const { spec } = await p.compose({ opts: [['withCDIDevices', 'vendor1.com/device=foo']] });
    expect(spec.process?.env).toContain('FOO=injected');
  });

  it('fails device nodes on a windows target, as containerd built for windows', async () => {
    const error = await failure(() =>
      pipeline([]).compose({
        platform: 'windows/amd64',
        base: {},
        opts: [['withCDIDevices', 'x.com/y=z']],
      }),
    );
    expect(error.message).toMatch(/unresolvable CDI devices x\.com\/y=z$/);
    const windows = await failure(() =>
      pipeline([cdiDir(SPECS)]).compose({
        platform: 'windows/amd64',
        base: {},
        opts: [['withCDIDevices', 'vendor1.com/device=foo']],
      }),
    );
    expect(windows.message).toBe(
      'option 0 (withCDIDevices): CDI device injection failed: failed to inject devices: unimplemented',
    );
  });
});

describe('injection from annotations through a cache (regressions_test.go)', () => {
  /** The reference's `withCDI`: the annotated devices, injected from a cache of `dirs`. */
  const inject = (annotations: Record<string, string> | undefined, files: readonly string[]) => {
    const spec: Spec = {};
    const cache = new CdiCache({ specDirs: files.length === 0 ? ['/nonexistent-cdi'] : [cdiDir(files)] });
    const devices = requestedDevices(null, annotations);
    if (devices.length > 0) cache.injectDevices(spec, devices);
    return spec;
  };

  it.each<{ name: string; annotations: Record<string, string> | undefined }>([
    { name: 'expect no CDI error for nil annotations', annotations: undefined },
    { name: 'expect no CDI error for empty annotations', annotations: {} },
  ])('$name', ({ annotations }) => {
    expect(inject(annotations, [])).toEqual({});
  });

  it.each<{ name: string; annotations: Record<string, string> }>([
    {
      name: 'expect CDI error for invalid CDI device reference in annotations',
      annotations: { [`${ANNOTATION_PREFIX}devices`]: 'foobar' },
    },
    {
      name: 'expect CDI error for unresolvable devices',
      annotations: { [`${ANNOTATION_PREFIX}vendor1_devices`]: 'vendor1.com/device=no-such-dev' },
    },
  ])('$name', ({ annotations }) => {
    expect(() => inject(annotations, [])).toThrow();
  });

  it('expect properly injected resolvable CDI devices', () => {
    const spec = inject(
      {
        [`${ANNOTATION_PREFIX}vendor1_devices`]: 'vendor1.com/device=foo',
        [`${ANNOTATION_PREFIX}vendor2_devices`]: 'vendor2.com/device=bar',
      },
      SPECS.slice(0, 2),
    );
    expect(spec.process?.env).toEqual(['VENDOR1=present', 'FOO=injected', 'VENDOR2=present', 'BAR=injected']);
    expect(spec.linux?.devices).toEqual([
      { path: '/dev/loop8', type: 'b', major: 7, minor: 8 },
      { path: '/dev/loop9', type: 'b', major: 7, minor: 9 },
    ]);
  });
});

describe("containerd's TestCDIInjections", () => {
  const dev = (n: number) => ({ path: `/dev/loop${n}`, type: 'b', major: 7, minor: n });
  const cases: {
    description: string;
    cdiSpecFiles?: readonly string[];
    cdiDevices?: { name: string }[];
    annotations?: Record<string, string>;
    expectError?: string;
    expectDevices?: object[];
    expectEnv?: string[];
  }[] = [
    { description: 'expect no CDI error for nil annotations', cdiDevices: [] },
    { description: 'expect no CDI error for nil CDIDevices', annotations: {} },
    {
      description: 'expect no CDI error for empty CDI devices and annotations',
      cdiDevices: [],
      annotations: {},
    },
    {
      description: 'expect CDI error for invalid CDI device reference in annotations',
      annotations: { [`${ANNOTATION_PREFIX}devices`]: 'foobar' },
      expectError: 'failed to parse CDI device annotations: invalid CDI device name "foobar"',
    },
    {
      description: 'expect CDI error for invalid CDI device reference in CDIDevices',
      cdiDevices: [{ name: 'foobar' }],
      expectError: 'option 1 (withCDIDevices): CDI device injection failed: unresolvable CDI devices foobar',
    },
    {
      description: 'expect CDI error for unresolvable devices in annotations',
      annotations: { [`${ANNOTATION_PREFIX}vendor1_devices`]: 'vendor1.com/device=no-such-dev' },
      expectError:
        'option 1 (withCDIDevices): CDI device injection failed: unresolvable CDI devices vendor1.com/device=no-such-dev',
    },
    {
      description: 'expect CDI error for unresolvable devices in CDIDevices',
      cdiDevices: [{ name: 'vendor1.com/device=no-such-dev' }],
      expectError:
        'option 1 (withCDIDevices): CDI device injection failed: unresolvable CDI devices vendor1.com/device=no-such-dev',
    },
    {
      description: 'expect properly injected resolvable CDI devices from annotations',
      cdiSpecFiles: SPECS.slice(0, 2),
      annotations: {
        [`${ANNOTATION_PREFIX}vendor1_devices`]: 'vendor1.com/device=foo',
        [`${ANNOTATION_PREFIX}vendor2_devices`]: 'vendor2.com/device=bar',
      },
      expectDevices: [dev(8), dev(9)],
      expectEnv: ['FOO=injected', 'VENDOR1=present', 'BAR=injected', 'VENDOR2=present'],
    },
    {
      description: 'expect properly injected resolvable CDI devices from CDIDevices',
      cdiSpecFiles: SPECS.slice(0, 2),
      cdiDevices: [{ name: 'vendor1.com/device=foo' }, { name: 'vendor2.com/device=bar' }],
      expectDevices: [dev(8), dev(9)],
      expectEnv: ['FOO=injected', 'VENDOR1=present', 'BAR=injected', 'VENDOR2=present'],
    },
    {
      description: 'expect CDI devices from CDIDevices and annotations',
      cdiSpecFiles: SPECS,
      cdiDevices: [
        { name: 'vendor1.com/device=foo' },
        { name: 'vendor2.com/device=bar' },
        { name: 'vendor3.com/device=foo3' },
      ],
      annotations: {
        [`${ANNOTATION_PREFIX}vendor3_devices`]: 'vendor3.com/device=foo3', // duplicated device, ignored
        [`${ANNOTATION_PREFIX}vendor4_devices`]: 'vendor4.com/device=bar4',
      },
      expectDevices: [dev(8), dev(9), dev(10), dev(11)],
      expectEnv: [
        'FOO=injected',
        'VENDOR1=present',
        'BAR=injected',
        'VENDOR2=present',
        'FOO3=injected',
        'VENDOR3=present',
        'BAR4=injected',
        'VENDOR4=present',
      ],
    },
  ];

  /** What the CRI spec has before its `cdi` step: the image's and the config's environment. */
  const containerOpts: OptCall[] = [
    ['withEnv', ['PATH=/usr/local/bin:/usr/bin:/bin', 'HOSTNAME=test', 'k=v']],
  ];

  it.each(cases)('$description', async (c) => {
    const p = pipeline([cdiDir(c.cdiSpecFiles ?? [])]);
    const run = async () => {
      const { spec } = await p.compose({
        namespace: 'k8s.io',
        id: 'test-id',
        opts: [...containerOpts, ['withCDIDevices', ...requestedDevices(c.cdiDevices, c.annotations)]],
      });
      return spec;
    };
    if (c.expectError !== undefined) {
      expect((await failure(run)).message).toBe(c.expectError);
      return;
    }
    const spec = await run();
    const defaultSpec = (await p.compose({ namespace: 'k8s.io', id: 'test-id', opts: containerOpts })).spec;
    if (c.expectDevices === undefined) {
      expect(spec).toEqual(defaultSpec);
      return;
    }
    expect(spec.linux?.devices).toEqual(c.expectDevices);
    expect(spec.process?.env).toEqual(expect.arrayContaining(c.expectEnv!));
    expect(spec.process?.env?.slice(0, defaultSpec.process?.env?.length)).toEqual(defaultSpec.process?.env);
    expect(spec.process?.env?.length).toBe((defaultSpec.process?.env?.length ?? 0) + c.expectEnv!.length);
  });
});
