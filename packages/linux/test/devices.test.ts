import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Spec } from '@ocispec/core';
import { createContext } from '@ocispec/core';
import { sparseSpecs } from '@ocispec/test-fixtures';
import { afterAll, describe, expect, it } from 'vitest';
import {
  deviceFromPath,
  deviceMajor,
  deviceMinor,
  evalSymlinks,
  getDevices,
  HostPathError,
  hostDevices,
  NotADeviceError,
  withDevices,
  withHostDevices,
  withLinuxDevice,
  withLinuxDeviceFollowSymlinks,
  withLinuxDevices,
} from '../src/devices.js';
import { apply, type FakeNode, failure, fakeContext, mkdev } from './fixtures/fake-host.js';

const real = createContext();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ocispec-devices-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const chr = (major: number, minor: number, extra: Partial<FakeNode> = {}): FakeNode => ({
  kind: 'char',
  rdev: mkdev(major, minor),
  perm: 0o666,
  ...extra,
});

/** A small fake /dev. */
const fakeDev: Record<string, FakeNode> = {
  '/dev/zero': chr(1, 5),
  '/dev/null': chr(1, 3),
  '/dev/console': chr(5, 1),
  '/dev/sda': { kind: 'block', rdev: mkdev(8, 0), perm: 0o660, gid: 6 },
  '/dev/initctl': { kind: 'fifo' },
  '/dev/stdout': { kind: 'symlink', target: '/proc/self/fd/1' },
  '/dev/core': { kind: 'file' },
  '/dev/pts/0': chr(136, 0),
  '/dev/pts/ptmx': chr(5, 2),
  '/dev/shm/x': chr(1, 1),
  '/dev/mqueue/q': chr(1, 1),
  '/dev/.udev/u': chr(1, 1),
  '/dev/fd/0': chr(1, 1),
  '/dev/.lxc/l': chr(1, 1),
  '/dev/.lxd-mounts/l': chr(1, 1),
  '/dev/net/tun': chr(10, 200),
  '/dev/dri/card0': chr(226, 0, { uid: 0, gid: 44, perm: 0o660 }),
  '/dev/dri/by-path/pci-card': { kind: 'symlink', target: '../card0' },
};

describe('rdev decoding (glibc encoding)', () => {
  it.each([
    [1, 3],
    [1, 5],
    [136, 0],
    [259, 70000],
    [4095, 255],
    [4096, 256],
    [0xfffff, 0xfffff],
  ])('major %i minor %i round-trips', (major, minor) => {
    const rdev = mkdev(major, minor);
    expect([deviceMajor(rdev), deviceMinor(rdev)]).toEqual([major, minor]);
  });
});

describe('deviceFromPath / getDevices on this machine (TestGetDevices-like)', () => {
  it('/dev/null is 1:3, c, mode 0666', () => {
    expect(deviceFromPath(real, '/dev/null')).toEqual({
      path: '/dev/null',
      type: 'c',
      major: 1,
      minor: 3,
      fileMode: 0o666,
      uid: 0,
      gid: 0,
    });
  });
  it('/dev/zero is 1:5', () => {
    expect(deviceFromPath(real, '/dev/zero')).toMatchObject({ type: 'c', major: 1, minor: 5 });
  });
  it('withDevices("/dev/null", "/dev/xnull", "rw") (§5.6 item 37)', () => {
    const base: Spec = { linux: { resources: {} } };
    const out = apply(base, [withDevices('/dev/null', '/dev/xnull', 'rw')]);
    expect(out.linux?.devices).toEqual([
      { path: '/dev/xnull', type: 'c', major: 1, minor: 3, fileMode: 438, uid: 0, gid: 0 },
    ]);
    expect(out.linux?.resources?.devices).toEqual([
      { allow: true, type: 'c', major: 1, minor: 3, access: 'rw' },
    ]);
  });
  it('a symlink, a regular file and an empty dir give no devices', () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'nodev-'));
    expect(getDevices(real, dir, '')).toEqual([]);
    fs.symlinkSync('/dev/zero', path.join(dir, 'zerosym'));
    fs.writeFileSync(path.join(dir, 'somefile'), 'hello');
    expect(getDevices(real, dir, '')).toEqual([]);
  });
  it('a single symlink path is wrapped as not a device node (HEAD)', () => {
    const link = path.join(tmp, 'zlink');
    fs.symlinkSync('/dev/zero', link);
    const error = failure({ linux: { resources: {} } }, [withDevices(link, '/dev/z', 'rwm')]);
    expect(error).toBeInstanceOf(NotADeviceError);
    expect(error.message).toBe(`get device path: "${link}" containerPath: "/dev/z" error: not a device node`);
  });
  it('a missing path: error stating device path', () => {
    const error = failure({ linux: {} }, [withDevices('/nonexistent-dev', '', 'rwm')]);
    expect(error.message).toBe('error stating device path: stat /nonexistent-dev: no such file or directory');
  });
  it('TestHostDevicesAllValid: every host device is b or c with a non-zero major', () => {
    const devices = hostDevices(real);
    expect(devices.length).toBeGreaterThan(0);
    for (const d of devices) {
      expect(['b', 'c']).toContain(d.type);
      expect(d.major).not.toBe(0);
    }
    expect(devices.map((d) => d.path)).toContain('/dev/null');
    expect(devices.map((d) => d.path)).not.toContain('/dev/console');
  });
});

describe('withLinuxDevice', () => {
  it('appends the device and its rule, creating linux and resources', () => {
    const out = apply({}, [withLinuxDevice('/dev/zero', 'rwm')]);
    expect(out.linux).toEqual({
      resources: { devices: [{ allow: true, type: 'c', major: 1, minor: 5, access: 'rwm' }] },
      devices: [{ path: '/dev/zero', type: 'c', major: 1, minor: 5, fileMode: 0o666, uid: 0, gid: 0 }],
    });
  });
  it('a missing path is the raw errno text', () => {
    expect(failure({}, [withLinuxDevice('/nonexistent', 'rwm')]).message).toBe('no such file or directory');
  });
  it('a symlink is not a device node', () => {
    const link = path.join(tmp, 'zlink2');
    fs.symlinkSync('/dev/zero', link);
    expect(failure({}, [withLinuxDevice(link, 'rwm')]).message).toBe('not a device node');
  });
  it.runIf(hasMkfifo())('accepts a FIFO: type p, 0:0 (§5.6 item 36)', () => {
    const fifo = path.join(tmp, 'fifo');
    execFileSync('mkfifo', ['-m', '0600', fifo]);
    const out = apply({}, [withLinuxDevice(fifo, 'rw')]);
    expect(out.linux?.devices?.[0]).toMatchObject({
      path: fifo,
      type: 'p',
      major: 0,
      minor: 0,
      fileMode: 0o600,
    });
    expect(out.linux?.resources?.devices).toEqual([
      { allow: true, type: 'p', major: 0, minor: 0, access: 'rw' },
    ]);
  });
  it('keeps setuid/setgid/sticky bits in fileMode (mode without S_IFMT)', () => {
    const ctx = fakeContext({ '/dev/odd': chr(1, 1, { perm: 0o7640 }) });
    expect(deviceFromPath(ctx, '/dev/odd').fileMode).toBe(0o7640);
  });
  it("a windows target fails with containerd's windows error", () => {
    const error = failure(
      {},
      [withLinuxDevice('/dev/null', 'rwm')],
      createContext({ platform: 'windows/amd64' }),
    );
    expect(error.message).toBe('device from path not supported on Windows');
  });
});

describe('withLinuxDeviceFollowSymlinks (TestWithLinuxDeviceFollowSymlinks)', () => {
  const symZero = path.join(tmp, 'zero');
  fs.symlinkSync('/dev/zero', symZero);
  it.each([
    ['regular device', '/dev/zero'],
    ['symlinked device', symZero],
  ])('%s resolves to /dev/zero, type c', (_, p) => {
    const out = apply({}, [withLinuxDeviceFollowSymlinks(p, 'rwm')]);
    expect(out.linux?.devices).toEqual([
      expect.objectContaining({ path: '/dev/zero', type: 'c', major: 1, minor: 5 }),
    ]);
  });
  it('/fake/path is an error (lstat of the first missing component)', () => {
    expect(failure({}, [withLinuxDeviceFollowSymlinks('/fake/path', 'rwm')]).message).toBe(
      'lstat /fake: no such file or directory',
    );
  });
  it('relative symlinks and .. resolve as Go EvalSymlinks (fake fs)', () => {
    const ctx = fakeContext(fakeDev);
    expect(evalSymlinks(ctx, '/dev/dri/by-path/pci-card')).toBe('/dev/dri/card0');
    expect(evalSymlinks(ctx, '/dev/dri/../null')).toBe('/dev/null');
    expect(() => evalSymlinks(ctx, '/dev/null/x')).toThrow('not a directory');
    const out = apply({}, [withLinuxDeviceFollowSymlinks('/dev/dri/by-path/pci-card', 'rw')], ctx);
    expect(out.linux?.devices).toEqual([
      { path: '/dev/dri/card0', type: 'c', major: 226, minor: 0, fileMode: 0o660, uid: 0, gid: 44 },
    ]);
  });
  it('a windows target fails with the windows error', () => {
    const ctx = createContext({ platform: 'windows/amd64' });
    expect(failure({}, [withLinuxDeviceFollowSymlinks('/fake/path', 'rwm')], ctx).message).toBe(
      'device from path not supported on Windows',
    );
  });
  it('a link loop is EvalSymlinks: too many links', () => {
    const ctx = fakeContext({
      '/a': { kind: 'symlink', target: '/b' },
      '/b': { kind: 'symlink', target: '/a' },
    });
    expect(() => evalSymlinks(ctx, '/a')).toThrow('EvalSymlinks: too many links');
  });
});

describe('getDevices over a fake /dev (§5.6 item 38, §5.12)', () => {
  it('scans recursively in name order, skipping console, symlinks, files, fifos and the special dirs', () => {
    const devices = getDevices(fakeContext(fakeDev), '/dev', '');
    expect(devices.map((d) => d.path)).toEqual([
      '/dev/dri/card0',
      '/dev/net/tun',
      '/dev/null',
      '/dev/sda',
      '/dev/zero',
    ]);
    expect(devices.find((d) => d.path === '/dev/sda')).toEqual({
      path: '/dev/sda',
      type: 'b',
      major: 8,
      minor: 0,
      fileMode: 0o660,
      uid: 0,
      gid: 6,
    });
  });
  it('with a container path, paths move under it (subdirectories kept)', () => {
    const devices = getDevices(fakeContext(fakeDev), '/dev', '/cdev');
    expect(devices.map((d) => d.path)).toEqual([
      '/cdev/dri/card0',
      '/cdev/net/tun',
      '/cdev/null',
      '/cdev/sda',
      '/cdev/zero',
    ]);
  });
  it('a single device with a container path gets that path exactly', () => {
    expect(getDevices(fakeContext(fakeDev), '/dev/sda', '/dev/xvda').map((d) => d.path)).toEqual([
      '/dev/xvda',
    ]);
  });
  it('a single FIFO path is returned (only scans skip FIFOs)', () => {
    expect(getDevices(fakeContext(fakeDev), '/dev/initctl', '')[0]?.type).toBe('p');
  });
  it('vanished entries (ENOENT on lstat) are skipped', () => {
    const ctx = fakeContext({
      '/dev/null': chr(1, 3),
      '/dev/gone': chr(1, 9, { errors: { lstat: 'ENOENT' } }),
    });
    expect(hostDevices(ctx).map((d) => d.path)).toEqual(['/dev/null']);
  });
  it('other lstat errors are returned', () => {
    const ctx = fakeContext({
      '/dev/null': chr(1, 3),
      '/dev/bad': chr(1, 9, { errors: { lstat: 'EINVAL' } }),
    });
    expect(() => hostDevices(ctx)).toThrow('invalid argument');
  });
});

describe('TestHostDevices* (user-namespace permission rules)', () => {
  it('OSReadDirFailure: a readdir error on /dev is returned outside a user namespace', () => {
    const ctx = fakeContext({ '/dev': { kind: 'dir', errors: { readdir: 'EPERM' } } });
    let caught: unknown;
    try {
      hostDevices(ctx);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(HostPathError);
    expect((caught as HostPathError).code).toBe('EPERM');
    expect((caught as Error).message).toBe('open /dev: operation not permitted');
  });
  it('OSReadDirFailure on a subdirectory outside a user namespace is returned', () => {
    const ctx = fakeContext({
      '/dev/null': chr(1, 3),
      '/dev/sub': { kind: 'dir', errors: { readdir: 'EACCES' } },
    });
    expect(() => hostDevices(ctx)).toThrow('open /dev/sub: permission denied');
  });
  it('OSReadDirFailureInUserNS: permission errors on subdirectories are ignored', () => {
    const ctx = fakeContext(
      { '/dev/null': chr(1, 3), '/dev/sub': { kind: 'dir', errors: { readdir: 'EPERM' } } },
      { userns: true },
    );
    expect(hostDevices(ctx).map((d) => d.path)).toEqual(['/dev/null']);
  });
  it('DeviceFromPathFailure: EPERM on /dev/null outside a user namespace is returned, no devices', () => {
    const ctx = fakeContext({
      '/dev/null': chr(1, 3, { errors: { lstat: 'EPERM' } }),
      '/dev/zero': chr(1, 5),
    });
    const error = failure({}, [withHostDevices()], ctx);
    expect(error.message).toBe('operation not permitted');
  });
  it('DeviceFromPathFailureInUserNS: only /dev/null is returned', () => {
    const ctx = fakeContext(
      {
        '/dev/null': chr(1, 3),
        '/dev/zero': chr(1, 5, { errors: { lstat: 'EPERM' } }),
        '/dev/sda': { kind: 'block', rdev: mkdev(8, 0), errors: { lstat: 'EACCES' } },
      },
      { userns: true },
    );
    const out = apply({}, [withHostDevices()], ctx);
    expect(out.linux?.devices?.map((d) => d.path)).toEqual(['/dev/null']);
  });
  it('a stat EPERM on a subdirectory inside a user namespace is ignored too', () => {
    const ctx = fakeContext(
      { '/dev/null': chr(1, 3), '/dev/sub': { kind: 'dir', errors: { stat: 'EPERM' } } },
      { userns: true },
    );
    expect(hostDevices(ctx)).toHaveLength(1);
  });
});

describe('withHostDevices / withDevices / withLinuxDevices across targets and sparse specs', () => {
  it('withHostDevices appends to linux.devices without rules', () => {
    const base: Spec = { linux: { devices: [{ path: '/dev/x', type: 'c', major: 9, minor: 9 }] } };
    const out = apply(base, [withHostDevices()], fakeContext(fakeDev));
    expect(out.linux?.devices).toHaveLength(6);
    expect(out.linux?.resources).toBeUndefined();
  });
  it('withHostDevices creates linux even when nothing is found', () => {
    expect(apply({}, [withHostDevices()], fakeContext({ '/dev/core': { kind: 'file' } }))).toEqual({
      linux: {},
    });
  });
  it.each(['windows/amd64', 'windows/arm64'])(
    'withHostDevices and withDevices do nothing for %s',
    (platform) => {
      const ctx = fakeContext(fakeDev, { platform });
      expect(apply({}, [withHostDevices(), withDevices('/dev', '', 'rwm')], ctx)).toEqual({});
    },
  );
  it('withDevices on a darwin/freebsd target adds devices only (unix build); without linux, MISSING_SECTION', () => {
    const ctx = fakeContext(fakeDev, { platform: 'freebsd/amd64' });
    const out = apply({ linux: {} }, [withDevices('/dev/null', '', 'rwm')], ctx);
    expect(out.linux).toEqual({ devices: [expect.objectContaining({ path: '/dev/null' })] });
    // The unix build appends to s.Linux.Devices even when nothing is found: a nil Linux panics there.
    const empty = fakeContext({ '/empty': { kind: 'dir' } }, { platform: 'freebsd/amd64' });
    expect(failure({}, [withDevices('/empty', '', 'rwm')], empty)).toMatchObject({
      code: 'MISSING_SECTION',
      pointer: '/linux',
    });
  });
  it('withDevices where HEAD panics (no linux, no linux.resources): MISSING_SECTION naming the option', () => {
    const ctx = fakeContext(fakeDev);
    expect(failure({}, [withDevices('/dev/dri', '/dev/dri', 'rw')], ctx)).toMatchObject({
      code: 'MISSING_SECTION',
      option: 'withDevices',
      pointer: '/linux',
    });
    expect(failure({ linux: {} }, [withDevices('/dev/dri', '/dev/dri', 'rw')], ctx)).toMatchObject({
      code: 'MISSING_SECTION',
      pointer: '/linux/resources',
    });
    const out = apply({ linux: { resources: {} } }, [withDevices('/dev/dri', '/dev/dri', 'rw')], ctx);
    expect(out.linux?.devices?.map((d) => d.path)).toEqual(['/dev/dri/card0']);
    expect(out.linux?.resources?.devices).toEqual([
      { allow: true, type: 'c', major: 226, minor: 0, access: 'rw' },
    ]);
  });
  it('withDevices with nothing found leaves the spec alone', () => {
    expect(apply({}, [withDevices('/empty', '', 'rw')], fakeContext({ '/empty': { kind: 'dir' } }))).toEqual(
      {},
    );
    // The skipped names only apply to subdirectories of a scan, not to the path given.
    expect(getDevices(fakeContext(fakeDev), '/dev/shm', '').map((d) => d.path)).toEqual(['/dev/shm/x']);
  });
  it('withLinuxDevices appends copies, no rules; null adds nothing', () => {
    const dev = { path: '/dev/fuse', type: 'c', major: 10, minor: 229 };
    const out = apply({ linux: { devices: [] } }, [withLinuxDevices([dev]), withLinuxDevices(null)]);
    expect(out.linux).toEqual({ devices: [dev] });
    expect(out.linux?.devices?.[0]).not.toBe(dev);
  });
  for (const [name, base] of Object.entries(sparseSpecs())) {
    it(`no TypeError on sparse ${name}`, () => {
      const ctx = fakeContext(fakeDev);
      const out = apply(
        base,
        [
          withLinuxDevices([]),
          withLinuxDevice('/dev/null', 'rwm'),
          withLinuxDeviceFollowSymlinks('/dev/dri/by-path/pci-card', 'rw'),
          withDevices('/dev/net', '', 'rwm'),
          withHostDevices(),
        ],
        ctx,
      );
      expect(out.linux?.resources?.devices).toHaveLength((base.linux?.resources?.devices?.length ?? 0) + 3);
    });
  }
});

function hasMkfifo(): boolean {
  try {
    execFileSync('mkfifo', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('a host of someone’s code', () => {
  it('is guarded at the finish: an accessor in a value it answered is data in the frozen result', async () => {
    const { Pipeline, corePlugin, nodeHost } = await import('@ocispec/core');
    const { linuxPlugin } = await import('../src/plugin.js');
    const stat = nodeHost.fs.lstat('/dev/null');
    // withLinuxDevice writes lstat's uid as it is: a host ocispec did not make answered an object with a getter.
    const uid = Object.defineProperty({}, 'n', { get: () => 7, enumerable: true, configurable: true });
    const lstat = () =>
      Object.assign(Object.create(stat) as typeof stat, { uid, isCharacterDevice: () => true });
    const host = { fs: { ...nodeHost.fs, lstat }, runningInUserNS: () => false };
    const pipeline = new Pipeline({ plugins: [corePlugin(), linuxPlugin()], host });
    const { spec } = await pipeline.compose({
      platform: 'linux/amd64',
      opts: [['withLinuxDevice', '/dev/null', 'rwm']],
    });
    const written = spec.linux!.devices!.at(-1)!.uid as unknown as object;
    expect(Object.getOwnPropertyDescriptor(written, 'n')).toEqual({
      value: 7,
      writable: false,
      enumerable: true,
      configurable: false,
    });
  });
});
