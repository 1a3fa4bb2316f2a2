/**
 * container-device-interface `pkg/cdi/container-edits_test.go` (TestValidateContainerEdits,
 * TestApplyContainerEdits, TestAppend), as behaviour, over a host whose /dev/null is the usual 1:3 0666.
 */
import type { Spec } from '@ocispec/core';
import { describe, expect, it } from 'vitest';
import {
  applyContainerEdits,
  type ContainerEdits,
  containerEditsProblem,
  mergeContainerEdits,
  NO_PERMISSIONS,
} from '../src/index.js';
import { DEV_NULL, hostWithDevices } from './helpers.js';

const fs = hostWithDevices({ '/dev/null': DEV_NULL });

/** The reference's hook of every kind. */
const VENDOR_HOOKS = [
  {
    hookName: 'prestart',
    path: '/usr/local/bin/prestart-vendor-hook',
    args: ['--verbose'],
    env: ['VENDOR_ENV1=value1'],
  },
  {
    hookName: 'createRuntime',
    path: '/usr/local/bin/cr-vendor-hook',
    args: ['--debug'],
    env: ['VENDOR_ENV2=value2'],
  },
  {
    hookName: 'createContainer',
    path: '/usr/local/bin/cc-vendor-hook',
    args: ['--create'],
    env: ['VENDOR_ENV3=value3'],
  },
  {
    hookName: 'startContainer',
    path: '/usr/local/bin/sc-vendor-hook',
    args: ['--start'],
    env: ['VENDOR_ENV4=value4'],
  },
  { hookName: 'poststart', path: '/usr/local/bin/poststart-vendor-hook', env: ['VENDOR_ENV5=value5'] },
  { hookName: 'poststop', path: '/usr/local/bin/poststop-vendor-hook' },
];

describe('containerEditsProblem (TestValidateContainerEdits)', () => {
  it.each<[string, ContainerEdits | undefined]>([
    ['valid, empty edits', undefined],
    ['valid, env var', { env: ['BAR=BARVALUE1'] }],
    ['valid device, path only', { deviceNodes: [{ path: '/dev/null' }] }],
    ['valid device, path+type', { deviceNodes: [{ path: '/dev/null', type: 'c' }] }],
    [
      'valid device, path+type+permissions',
      { deviceNodes: [{ path: '/dev/null', type: 'b', permissions: 'rwm' }] },
    ],
    [
      'valid device, with NoPermissions',
      { deviceNodes: [{ path: '/dev/vendorctl', type: 'b', permissions: NO_PERMISSIONS }] },
    ],
    [
      'valid device, type u and p',
      {
        deviceNodes: [
          { path: '/dev/a', type: 'u' },
          { path: '/dev/b', type: 'p' },
        ],
      },
    ],
    [
      'valid device, permissions m and wr',
      {
        deviceNodes: [
          { path: '/dev/a', permissions: 'm' },
          { path: '/dev/b', permissions: 'wr' },
        ],
      },
    ],
    ['valid mount', { mounts: [{ hostPath: '/dev/vendorctl', containerPath: '/dev/vendorctl' }] }],
    ['valid hooks', { hooks: VENDOR_HOOKS }],
    ['valid rdt config', { intelRdt: { closID: 'foo.bar' } }],
    ['valid rdt config, root clos', { intelRdt: { closID: '/' } }],
    ['valid Linux net device', { netDevices: [{ hostInterfaceName: 'eno1', name: 'netdev0' }] }],
  ])('%s', (_, edits) => {
    expect(containerEditsProblem(edits)).toBeUndefined();
  });

  it.each<[string, ContainerEdits, string, string]>([
    ['invalid env, empty var', { env: [''] }, '/env/0', 'invalid environment variable ""'],
    ['invalid env, no var name', { env: ['=foo'] }, '/env/0', 'invalid environment variable "=foo"'],
    ['invalid env, no assignment', { env: ['FOOBAR'] }, '/env/0', 'invalid environment variable "FOOBAR"'],
    [
      'invalid device, empty path',
      { deviceNodes: [{ path: '' }] },
      '/deviceNodes/0/path',
      'invalid (empty) device path',
    ],
    [
      'invalid device, wrong type',
      { deviceNodes: [{ path: '/dev/vendorctl', type: 'f' }] },
      '/deviceNodes/0/type',
      'device "/dev/vendorctl": invalid type "f"',
    ],
    [
      'invalid device, wrong permissions',
      { deviceNodes: [{ path: '/dev/vendorctl', type: 'b', permissions: 'to land' }] },
      '/deviceNodes/0/permissions',
      'device "/dev/vendorctl": invalid permissions "to land"',
    ],
    [
      'invalid device, a bad letter inside the permissions',
      { deviceNodes: [{ path: '/dev/x', permissions: 'rxw' }] },
      '/deviceNodes/0/permissions',
      'device "/dev/x": invalid permissions "rxw"',
    ],
    [
      'invalid mount, empty host path',
      { mounts: [{ hostPath: '', containerPath: '/dev/vendorctl' }] },
      '/mounts/0/hostPath',
      'invalid mount, empty host path',
    ],
    [
      'invalid mount, empty container path',
      { mounts: [{ hostPath: '/dev/vendorctl', containerPath: '' }] },
      '/mounts/0/containerPath',
      'invalid mount, empty container path',
    ],
    [
      'invalid hook, empty path',
      { hooks: [{ hookName: 'prestart' }] },
      '/hooks/0/path',
      'invalid hook "prestart" with empty path',
    ],
    [
      'invalid hook, wrong hook name',
      {
        hooks: [
          {
            hookName: 'misCreateRuntime',
            path: '/usr/local/bin/cr-vendor-hook',
            args: ['--debug'],
            env: ['VENDOR_ENV2=value2'],
          },
        ],
      },
      '/hooks/0/hookName',
      'invalid hook name "misCreateRuntime"',
    ],
    [
      'invalid hook, wrong env',
      {
        hooks: [
          {
            hookName: 'poststart',
            path: '/usr/local/bin/cr-vendor-hook',
            args: ['--debug'],
            env: ['=value2'],
          },
        ],
      },
      '/hooks/0/env/0',
      'invalid hook "poststart": invalid environment variable "=value2"',
    ],
    [
      'invalid rdt config, invalid closID (slash)',
      { intelRdt: { closID: 'foo/bar' } },
      '/intelRdt/closID',
      'invalid ClosID',
    ],
    [
      'invalid rdt config, invalid closID (dot)',
      { intelRdt: { closID: '.' } },
      '/intelRdt/closID',
      'invalid ClosID',
    ],
    [
      'invalid rdt config, invalid closID (double dot)',
      { intelRdt: { closID: '..' } },
      '/intelRdt/closID',
      'invalid ClosID',
    ],
    [
      'invalid rdt config, invalid closID (newline)',
      { intelRdt: { closID: 'foo\nbar' } },
      '/intelRdt/closID',
      'invalid ClosID',
    ],
    [
      'invalid rdt config, closID too long',
      { intelRdt: { closID: 'x'.repeat(4096) } },
      '/intelRdt/closID',
      'invalid ClosID',
    ],
    [
      'invalid Linux net device, empty host interface name',
      { netDevices: [{ hostInterfaceName: '', name: 'netdev0' }] },
      '/netDevices/0/hostInterfaceName',
      'invalid linux net device, empty HostInterfaceName',
    ],
    [
      'invalid Linux net device, empty container interface name',
      { netDevices: [{ hostInterfaceName: 'eno1', name: '' }] },
      '/netDevices/0/name',
      'invalid linux net device, empty Name',
    ],
    [
      'invalid Linux net devices, a host interface twice',
      {
        netDevices: [
          { hostInterfaceName: 'eno1', name: 'a' },
          { hostInterfaceName: 'eno1', name: 'b' },
        ],
      },
      '/netDevices/1/hostInterfaceName',
      'invalid linux net device, duplicate HostInterfaceName "eno1" with names "b" and "a"',
    ],
    [
      'invalid Linux net devices, a name twice',
      {
        netDevices: [
          { hostInterfaceName: 'eno1', name: 'a' },
          { hostInterfaceName: 'eno2', name: 'a' },
        ],
      },
      '/netDevices/1/name',
      'invalid linux net device, duplicate Name "a" with HostInterfaceName "eno2" and "eno1"',
    ],
  ])('%s', (_, edits, pointer, message) => {
    expect(containerEditsProblem(edits)).toEqual({ pointer, message });
  });
});

const nullDevice = { path: '/dev/null', type: 'c', major: 1, minor: 3, fileMode: 0o666 };
const nullRule = { allow: true, type: 'c', major: 1, minor: 3, access: 'rwm' };

describe('applyContainerEdits (TestApplyContainerEdits)', () => {
  const cases: [string, Spec, ContainerEdits, Spec][] = [
    ['empty spec, empty edits', {}, {}, {}],
    ['empty spec, env var', {}, { env: ['BAR=BARVALUE1'] }, { process: { env: ['BAR=BARVALUE1'] } }],
    [
      'empty spec, duplicate env vars use last value',
      {},
      { env: ['FOO=old', 'FOO=new'] },
      { process: { env: ['FOO=new'] } },
    ],
    [
      'non-empty spec, env var with existing key is replaced',
      { process: { env: ['FOO=old', 'BAR=old'] } },
      { env: ['FOO=new'] },
      { process: { env: ['FOO=new', 'BAR=old'] } },
    ],
    [
      'a key twice in the spec: the last one is replaced',
      { process: { env: ['FOO=1', 'BAR=x', 'FOO=2'] } },
      { env: ['FOO=3', 'BAZ=1'] },
      { process: { env: ['FOO=1', 'BAR=x', 'FOO=3', 'BAZ=1'] } },
    ],
    [
      'empty spec, device',
      {},
      { deviceNodes: [{ path: '/dev/null' }] },
      { linux: { devices: [nullDevice], resources: { devices: [nullRule] } } },
    ],
    [
      'empty spec, device with explicitly empty permissions',
      {},
      { deviceNodes: [{ path: '/dev/nil', type: 'c', major: 1, minor: 3, permissions: NO_PERMISSIONS }] },
      {
        linux: {
          devices: [{ path: '/dev/nil', type: 'c', major: 1, minor: 3 }],
          resources: { devices: [{ ...nullRule, access: '' }] },
        },
      },
    ],
    [
      'empty spec, device with omitted permissions',
      {},
      { deviceNodes: [{ path: '/dev/nil', type: 'c', major: 1, minor: 3, permissions: '' }] },
      {
        linux: {
          devices: [{ path: '/dev/nil', type: 'c', major: 1, minor: 3 }],
          resources: { devices: [nullRule] },
        },
      },
    ],
    [
      'empty spec, device, env var',
      {},
      { env: ['FOO=BAR'], deviceNodes: [{ path: '/dev/null', type: 'c' }] },
      { process: { env: ['FOO=BAR'] }, linux: { devices: [nullDevice], resources: { devices: [nullRule] } } },
    ],
    [
      'empty spec, mount',
      {},
      { mounts: [{ hostPath: '/dev/host-vendorctl', containerPath: '/dev/cntr-vendorctl' }] },
      { mounts: [{ source: '/dev/host-vendorctl', destination: '/dev/cntr-vendorctl' }] },
    ],
    [
      'empty spec, hooks',
      {},
      { hooks: VENDOR_HOOKS },
      {
        hooks: {
          prestart: [
            { path: '/usr/local/bin/prestart-vendor-hook', args: ['--verbose'], env: ['VENDOR_ENV1=value1'] },
          ],
          createRuntime: [
            { path: '/usr/local/bin/cr-vendor-hook', args: ['--debug'], env: ['VENDOR_ENV2=value2'] },
          ],
          createContainer: [
            { path: '/usr/local/bin/cc-vendor-hook', args: ['--create'], env: ['VENDOR_ENV3=value3'] },
          ],
          startContainer: [
            { path: '/usr/local/bin/sc-vendor-hook', args: ['--start'], env: ['VENDOR_ENV4=value4'] },
          ],
          poststart: [{ path: '/usr/local/bin/poststart-vendor-hook', env: ['VENDOR_ENV5=value5'] }],
          poststop: [{ path: '/usr/local/bin/poststop-vendor-hook' }],
        },
      },
    ],
    [
      'hooks are appended to existing ones',
      { hooks: { prestart: [{ path: '/a' }], poststop: [{ path: '/z' }] } },
      { hooks: [{ hookName: 'prestart', path: '/b', timeout: 5 }] },
      { hooks: { prestart: [{ path: '/a' }, { path: '/b', timeout: 5 }], poststop: [{ path: '/z' }] } },
    ],
    [
      'empty spec, rdt',
      {},
      {
        intelRdt: {
          closID: 'clos-1',
          l3CacheSchema: 'L3:0=ff;1=ff',
          memBwSchema: 'MB:0=50;1=50',
          schemata: ['L2:0=ffff'],
          enableMonitoring: true,
        },
      },
      {
        linux: {
          intelRdt: {
            closID: 'clos-1',
            l3CacheSchema: 'L3:0=ff;1=ff',
            memBwSchema: 'MB:0=50;1=50',
            schemata: ['L2:0=ffff'],
            enableMonitoring: true,
          },
        },
      },
    ],
    [
      'non-empty spec, overriding rdt',
      {
        linux: {
          intelRdt: {
            closID: 'clos-1',
            l3CacheSchema: 'L3:0=ff',
            memBwSchema: 'MB:0=100',
            schemata: ['L2:0=ffff'],
            enableMonitoring: true,
          },
        },
      },
      { intelRdt: { closID: 'clos-2', l3CacheSchema: 'L3:0=f', enableMonitoring: false } },
      { linux: { intelRdt: { closID: 'clos-2', l3CacheSchema: 'L3:0=f' } } },
    ],
    [
      'empty spec, Linux net devices',
      {},
      {
        netDevices: [
          { hostInterfaceName: 'eno1', name: 'netdev0' },
          { hostInterfaceName: 'eno2', name: 'netdev1' },
        ],
      },
      { linux: { netDevices: { eno1: { name: 'netdev0' }, eno2: { name: 'netdev1' } } } },
    ],
    [
      'non-empty spec, overriding Linux net devices',
      { linux: { netDevices: { eno1: { name: 'netdev1' } } } },
      {
        netDevices: [
          { hostInterfaceName: 'eno1', name: 'netdev2' },
          { hostInterfaceName: 'eno2', name: 'netdev1' },
        ],
      },
      { linux: { netDevices: { eno1: { name: 'netdev2' }, eno2: { name: 'netdev1' } } } },
    ],
    [
      'additional GIDs are applied',
      {},
      { additionalGids: [4, 5, 6] },
      { process: { user: { additionalGids: [4, 5, 6] } } },
    ],
    [
      'existing additional GIDs are not duplicated',
      { process: { user: { uid: 0, gid: 0, additionalGids: [4] } } },
      { additionalGids: [4, 5] },
      { process: { user: { uid: 0, gid: 0, additionalGids: [4, 5] } } },
    ],
    [
      'duplicate GIDs are ignored',
      {},
      { additionalGids: [4, 5, 6, 5, 6, 4] },
      { process: { user: { additionalGids: [4, 5, 6] } } },
    ],
    ['additional GID 0 is skipped', {}, { additionalGids: [0] }, {}],
    [
      'apply mount edits do not change the order of original mounts',
      {
        mounts: [
          { source: '/some/host/path1', destination: '/dest/path/b' },
          { source: '/some/host/path2', destination: '/dest/path/a' },
        ],
      },
      { mounts: [{ hostPath: '/some/host/path3', containerPath: '/dest/edit' }] },
      {
        mounts: [
          { source: '/some/host/path3', destination: '/dest/edit' },
          { source: '/some/host/path1', destination: '/dest/path/b' },
          { source: '/some/host/path2', destination: '/dest/path/a' },
        ],
      },
    ],
    [
      'mount added by edit comes after existing ones of same number of path parts',
      {
        mounts: [
          { source: '/some/host/path1', destination: '/dest/path/c' },
          { source: '/some/host/path2', destination: '/dest/path/b' },
        ],
      },
      { mounts: [{ hostPath: '/some/host/path3', containerPath: '/dest/path/a' }] },
      {
        mounts: [
          { source: '/some/host/path1', destination: '/dest/path/c' },
          { source: '/some/host/path2', destination: '/dest/path/b' },
          { source: '/some/host/path3', destination: '/dest/path/a' },
        ],
      },
    ],
    [
      'a mount replaces the one with its destination, then all are sorted by depth',
      {
        mounts: [
          { destination: '/proc', type: 'proc', source: 'proc' },
          { destination: '/dev/shm', type: 'tmpfs', source: 'shm' },
          { destination: '/dev', type: 'tmpfs', source: 'tmpfs' },
          { destination: '/usr/lib/x', source: '/old' },
        ],
      },
      { mounts: [{ hostPath: '/new', containerPath: '/usr/lib/x', options: ['ro', 'bind'] }] },
      {
        mounts: [
          { destination: '/proc', type: 'proc', source: 'proc' },
          { destination: '/dev', type: 'tmpfs', source: 'tmpfs' },
          { destination: '/dev/shm', type: 'tmpfs', source: 'shm' },
          { destination: '/usr/lib/x', source: '/new', options: ['ro', 'bind'] },
        ],
      },
    ],
    [
      'mount added to container with Linux user namespace and uid/gid mappings',
      {
        linux: {
          uidMappings: [{ containerID: 0, hostID: 1000, size: 999 }],
          gidMappings: [{ containerID: 0, hostID: 2000, size: 777 }],
          namespaces: [{ type: 'user', path: '/foo/bar' }],
        },
        mounts: [
          { source: '/some/host/path1', destination: '/dest/path/c' },
          { source: '/some/host/path2', destination: '/dest/path/b' },
        ],
      },
      {
        mounts: [
          { hostPath: '/some/host/path3', containerPath: '/dest/path/a', type: 'bind' },
          { hostPath: '/some/host/path4', containerPath: '/dest/path/d', type: 'bind', options: ['rbind'] },
          { hostPath: '/some/host/path5', containerPath: '/dest/path/e', options: ['bind'] },
          { hostPath: '/some/host/path6', containerPath: '/dest/path/f', type: 'bind', options: ['ridmap'] },
          { hostPath: 'tmpfs', containerPath: '/dest/path/g', type: 'tmpfs' },
        ],
      },
      {
        linux: {
          uidMappings: [{ containerID: 0, hostID: 1000, size: 999 }],
          gidMappings: [{ containerID: 0, hostID: 2000, size: 777 }],
          namespaces: [{ type: 'user', path: '/foo/bar' }],
        },
        mounts: [
          { source: '/some/host/path1', destination: '/dest/path/c' },
          { source: '/some/host/path2', destination: '/dest/path/b' },
          { source: '/some/host/path3', destination: '/dest/path/a', type: 'bind', options: ['idmap'] },
          {
            source: '/some/host/path4',
            destination: '/dest/path/d',
            type: 'bind',
            options: ['rbind', 'ridmap'],
          },
          { source: '/some/host/path5', destination: '/dest/path/e', options: ['bind', 'idmap'] },
          { source: '/some/host/path6', destination: '/dest/path/f', type: 'bind', options: ['ridmap'] },
          { source: 'tmpfs', destination: '/dest/path/g', type: 'tmpfs' },
        ],
      },
    ],
  ];

  it.each(cases)('%s', (_, spec, edits, result) => {
    expect(containerEditsProblem(edits)).toBeUndefined();
    const edited = structuredClone(spec);
    applyContainerEdits(edited, edits, { fs });
    expect(edited).toEqual(result);
  });
});

describe('device nodes', () => {
  const apply = (spec: Spec, edits: ContainerEdits, host = fs, os?: string) => {
    const edited = structuredClone(spec);
    applyContainerEdits(edited, edits, { fs: host, os });
    return edited;
  };

  it('take the user of the process unless theirs is given or the user is root', () => {
    const spec: Spec = { process: { user: { uid: 1000, gid: 100 } } };
    expect(apply(spec, { deviceNodes: [{ path: '/dev/null' }] }).linux?.devices).toEqual([
      { ...nullDevice, uid: 1000, gid: 100 },
    ]);
    expect(apply(spec, { deviceNodes: [{ path: '/dev/null', uid: 5 }] }).linux?.devices).toEqual([
      { ...nullDevice, uid: 5, gid: 100 },
    ]);
    expect(
      apply({ process: { user: { uid: 0, gid: 0 } } }, { deviceNodes: [{ path: '/dev/null' }] }).linux
        ?.devices,
    ).toEqual([nullDevice]);
  });

  it('replace a device of the same path and get a rule each time', () => {
    const spec: Spec = {
      linux: {
        devices: [
          { path: '/dev/null', type: 'c', major: 9, minor: 9 },
          { path: '/dev/zero', type: 'c', major: 1, minor: 5 },
        ],
      },
    };
    const edited = apply(spec, {
      deviceNodes: [{ path: '/dev/null' }, { path: '/dev/null', permissions: 'r' }],
    });
    expect(edited.linux?.devices).toEqual([{ path: '/dev/zero', type: 'c', major: 1, minor: 5 }, nullDevice]);
    expect(edited.linux?.resources?.devices).toEqual([nullRule, { ...nullRule, access: 'r' }]);
  });

  it('read the host node at hostPath, keep the given numbers, and FIFOs get no rule', () => {
    const host = hostWithDevices({
      '/dev/host-gpu': { type: 'c', major: 195, minor: 7, mode: 0o660 },
      '/dev/fifo': { type: 'p', mode: 0o600 },
      '/dev/block': { type: 'b', major: 8, minor: 1, mode: 0o640 },
    });
    const edited = apply(
      {},
      {
        deviceNodes: [
          { path: '/dev/gpu0', hostPath: '/dev/host-gpu' },
          { path: '/dev/fifo' },
          { path: '/dev/block', type: 'b', minor: 5 },
          { path: '/dev/given', type: 'c', major: 10, minor: 200, fileMode: 0o600 },
        ],
      },
      host,
    );
    expect(edited.linux?.devices).toEqual([
      { path: '/dev/gpu0', type: 'c', major: 195, minor: 7, fileMode: 0o660 },
      { path: '/dev/fifo', type: 'p', major: 0, minor: 0, fileMode: 0o600 },
      // not minimally specified (major 0): the host's major and minor replace the given minor
      { path: '/dev/block', type: 'b', major: 8, minor: 1, fileMode: 0o640 },
      { path: '/dev/given', type: 'c', major: 10, minor: 200, fileMode: 0o600 },
    ]);
    expect(edited.linux?.resources?.devices?.map((r) => `${r.type} ${r.major}:${r.minor}`)).toEqual([
      'c 195:7',
      'b 8:1',
      'c 10:200',
    ]);
    expect(host.calls).toEqual(['/dev/host-gpu', '/dev/fifo', '/dev/block', '/dev/given']);
  });

  it('fail when the host node is needed and missing, not a device, or of another type', () => {
    const host = hostWithDevices({ '/dev/link': { type: 'symlink' }, '/dev/null': DEV_NULL });
    expect(() => apply({}, { deviceNodes: [{ path: '/dev/missing' }] }, host)).toThrow(
      'failed to stat CDI host device "/dev/missing": no such file or directory',
    );
    expect(() => apply({}, { deviceNodes: [{ path: '/dev/link', type: 'c' }] }, host)).toThrow(
      'failed to stat CDI host device "/dev/link": not a device node',
    );
    expect(() => apply({}, { deviceNodes: [{ path: '/dev/null', type: 'b' }] }, host)).toThrow(
      'CDI device ("/dev/null", "/dev/null"), host type mismatch (b, c)',
    );
    expect(() => apply({}, { deviceNodes: [{ path: '/dev/null', type: 'u' }] }, host)).toThrow(
      'host type mismatch (u, c)',
    );
  });

  it('fail on a windows target, as the reference built for windows', () => {
    expect(() =>
      apply({}, { deviceNodes: [{ path: '/dev/x', type: 'c', major: 1 }] }, fs, 'windows'),
    ).toThrow(expect.objectContaining({ code: 'CDI_INJECTION', message: 'unimplemented' }));
    expect(apply({}, { env: ['A=1'] }, fs, 'windows')).toEqual({ process: { env: ['A=1'] } });
  });
});

describe('mergeContainerEdits (TestAppend)', () => {
  it('merge nothing', () => {
    expect(mergeContainerEdits(undefined)).toEqual(mergeContainerEdits());
    expect(mergeContainerEdits()).toEqual({
      env: [],
      deviceNodes: [],
      netDevices: [],
      hooks: [],
      mounts: [],
      additionalGids: [],
    });
  });

  it('merge non-nil into nil, nil into non-nil', () => {
    expect(mergeContainerEdits(undefined, { env: ['var1=val1'] }).env).toEqual(['var1=val1']);
    expect(mergeContainerEdits({ env: ['var1=val1'] }, undefined).env).toEqual(['var1=val1']);
  });

  it('merge multiple into non-nil', () => {
    const merged = mergeContainerEdits(
      { env: ['var0=val0'] },
      {
        env: ['var1=val1'],
        deviceNodes: [{ path: '/dev/dev1' }],
        intelRdt: { closID: 'clos-1', l3CacheSchema: 'L3:0=ff', schemata: ['L2: 0xFFFF'] },
      },
      { env: ['var2=val2', 'var3=val3'], deviceNodes: [{ path: '/dev/dev2' }, { path: '/dev/dev3' }] },
      { env: ['var4=val4'], deviceNodes: [{ path: '/dev/dev4' }], intelRdt: { closID: 'clos-2' } },
    );
    expect(merged.env).toEqual(['var0=val0', 'var1=val1', 'var2=val2', 'var3=val3', 'var4=val4']);
    expect(merged.deviceNodes).toEqual([
      { path: '/dev/dev1' },
      { path: '/dev/dev2' },
      { path: '/dev/dev3' },
      { path: '/dev/dev4' },
    ]);
    expect(merged.intelRdt).toEqual({ closID: 'clos-2' });
  });

  it('merge additional GIDs does not deduplicate', () => {
    expect(
      mergeContainerEdits(
        { additionalGids: [5] },
        { additionalGids: [0] },
        { additionalGids: [5] },
        { additionalGids: [6, 7, 6] },
      ).additionalGids,
    ).toEqual([5, 0, 5, 6, 7, 6]);
  });
});
