import { AssertionError } from 'node:assert';
import {
  linuxPlugin,
  withAllCurrentCapabilities,
  withLinuxDevice,
  withUser,
  withUserNamespace,
} from '@ocispec/linux';
import { describe, expect, it } from 'vitest';
import { composeWith, fakeHost, makedev } from '../src/index.js';

const base = { process: { cwd: '/' }, root: { path: '/rootfs' }, linux: {} };

describe('fakeHost', () => {
  it('gives the rootfs etc/passwd and etc/group the user options read', async () => {
    const host = fakeHost()
      .rootfs('/rootfs', {
        passwd: [{ name: 'app', uid: 1000, gid: 1000 }],
        group: [
          { name: 'app', gid: 1000 },
          { name: 'video', gid: 44, members: ['app'] },
        ],
      })
      .build();
    const { spec } = await composeWith(linuxPlugin(), { base, opts: [withUser('app')] }, { host });
    expect(spec.process?.user).toMatchObject({ uid: 1000, gid: 1000 });
    expect(new TextDecoder().decode(host.fs.readFile('/rootfs/etc/group'))).toBe(
      'app:x:1000:\nvideo:x:44:app\n',
    );
  });

  it('makes device nodes with their numbers, read by withLinuxDevice', async () => {
    const host = fakeHost()
      .device('/dev/fuse', { type: 'c', major: 10, minor: 229, mode: 0o660, gid: 5 })
      .build();
    const { spec } = await composeWith(
      linuxPlugin(),
      { base, opts: [withLinuxDevice('/dev/fuse', 'rwm')] },
      { host },
    );
    expect(spec.linux?.devices).toEqual([
      { path: '/dev/fuse', type: 'c', major: 10, minor: 229, fileMode: 0o660, uid: 0, gid: 5 },
    ]);
    expect(host.fs.stat('/dev/fuse').rdev).toBe(makedev(10, 229));
    expect(host.fs.readdir('/dev').map((d) => d.name)).toEqual(['fuse']);
  });

  it('sets the capabilities withAllCurrentCapabilities reads (/proc/self/status)', async () => {
    const host = fakeHost().capabilities(['CAP_CHOWN', 'NET_ADMIN']).build();
    const { spec } = await composeWith(
      linuxPlugin(),
      { base, opts: [withAllCurrentCapabilities()] },
      { host },
    );
    expect(spec.process?.capabilities?.effective).toEqual(['CAP_CHOWN', 'CAP_NET_ADMIN']);
    expect(() => fakeHost().capabilities(['CAP_NOPE'])).toThrow('unknown capability "CAP_NOPE"');
  });

  it('is an empty file system unless given files: host reads fail as on a real host (ENOENT)', async () => {
    const host = fakeHost().build();
    expect(() => host.fs.readFile('/etc/passwd')).toThrow(expect.objectContaining({ code: 'ENOENT' }));
    await expect(composeWith(linuxPlugin(), { base, opts: [withUser('app')] }, { host })).rejects.toThrow(
      /option 0 \(withUser\): .*\/rootfs: no such file or directory/,
    );
    expect(host.runningInUserNS()).toBe(false);
    expect(fakeHost().userNamespace().build().runningInUserNS()).toBe(true);
  });

  it('follows symbolic links (relative, absolute, ..) and stops loops with ELOOP', () => {
    const host = fakeHost()
      .file('/data/real', 'x')
      .symlink('/data/rel', 'real')
      .symlink('/abs', '/data/rel')
      .symlink('/data/up', '../data/real')
      .symlink('/loop', '/loop')
      .build();
    for (const link of ['/data/rel', '/abs', '/data/up']) {
      expect(new TextDecoder().decode(host.fs.readFile(link))).toBe('x');
      expect(host.fs.realpath(link)).toBe('/data/real');
    }
    expect(host.fs.lstat('/abs').isSymbolicLink()).toBe(true);
    expect(() => host.fs.stat('/loop')).toThrow(expect.objectContaining({ code: 'ELOOP' }));
  });

  it('injects errors per path and call', () => {
    const host = fakeHost().file('/secret', 'x').fail('/secret', 'readFile', 'EACCES').build();
    expect(host.fs.stat('/secret').isFile()).toBe(true);
    expect(() => host.fs.readFile('/secret')).toThrow(
      expect.objectContaining({ code: 'EACCES', syscall: 'open' }),
    );
  });

  it('builds a host that later builder calls do not change', () => {
    const builder = fakeHost().file('/a', '1');
    const host = builder.build();
    builder.file('/b', '2');
    expect(() => host.fs.stat('/b')).toThrow(expect.objectContaining({ code: 'ENOENT' }));
  });

  it('uid maps: the user namespace flag reaches the options (withUserNamespace needs no host file)', async () => {
    const host = fakeHost().userNamespace().build();
    const { spec } = await composeWith(
      linuxPlugin(),
      {
        base,
        opts: [
          withUserNamespace(
            [{ containerID: 0, hostID: 1000, size: 1 }],
            [{ containerID: 0, hostID: 1000, size: 1 }],
          ),
        ],
      },
      { host },
    );
    expect(spec.linux?.uidMappings).toEqual([{ containerID: 0, hostID: 1000, size: 1 }]);
  });

  it('refuses relative paths with an assertion-free Error naming the path', () => {
    expect(() => fakeHost().file('etc/passwd', '')).toThrow('fake host paths are absolute, not "etc/passwd"');
    expect(() => fakeHost().file('etc/passwd', '')).not.toThrow(AssertionError);
  });
});
