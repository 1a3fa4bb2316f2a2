import { corePlugin, Pipeline, withHostname, withProcessArgs, withProcessCwd } from '@ocispec/core';
import { linuxPlugin } from '@ocispec/linux';
import { describe, expect, it } from 'vitest';
import { splitRdev, validatePlugin, validateSpec } from '../src/index.js';
import { fakeHost, stat } from './fake-host.js';

const ns = (...types: string[]) => types.map((type) => ({ type }));
const spec = (extra: Record<string, unknown> = {}) => ({
  ociVersion: '1.3.0',
  process: { user: { uid: 0, gid: 0 }, args: ['sh'], cwd: '/' },
  root: { path: 'rootfs' },
  linux: { namespaces: ns('pid', 'mount', 'ipc', 'uts', 'network') },
  ...extra,
});
const rules = (value: unknown, options = {}) =>
  validateSpec(value, options).findings.map((f) => `${f.severity} ${f.pointer} ${f.rule}`);

describe('warnings (SHOULD)', () => {
  it.each([
    ['unknown field', { procss: {} }, 'warning /procss unknown-field'],
    ['a future major version', { ociVersion: '2.0.0' }, 'warning /ociVersion oci-version-unsupported'],
    ['a root not named rootfs', { root: { path: '/var/lib/x/root' } }, 'warning /root/path root-path-name'],
    [
      'process without args',
      { process: { user: { uid: 0, gid: 0 }, cwd: '/' } },
      'warning /process/args args-missing',
    ],
    [
      'an env key with a dot',
      { process: { user: { uid: 0, gid: 0 }, args: ['sh'], cwd: '/', env: ['a.b=1'] } },
      'warning /process/env/0 env-key-portable',
    ],
    [
      'an env key twice',
      { process: { user: { uid: 0, gid: 0 }, args: ['sh'], cwd: '/', env: ['A=1', 'A=2'] } },
      'warning /process/env/1 env-duplicate',
    ],
    [
      'a capability twice',
      {
        process: {
          user: { uid: 0, gid: 0 },
          args: ['sh'],
          cwd: '/',
          capabilities: { bounding: ['CAP_KILL', 'CAP_KILL'] },
        },
      },
      'warning /process/capabilities/bounding/1 capability-duplicate',
    ],
    [
      'a relative mount destination',
      { mounts: [{ destination: 'data', type: 'tmpfs', source: 'tmpfs' }] },
      'warning /mounts/0/destination mount-destination-absolute',
    ],
    [
      'a shadowed mount',
      {
        mounts: [
          { destination: '/a/b', type: 'tmpfs', source: 'tmpfs' },
          { destination: '/a/', type: 'tmpfs', source: 'tmpfs' },
        ],
      },
      'warning /mounts/1/destination mount-shadowed',
    ],
    [
      'ro and rw',
      { mounts: [{ destination: '/a', type: 'tmpfs', source: 'tmpfs', options: ['ro', 'rw'] }] },
      'warning /mounts/0/options/0 mount-option-conflict',
    ],
    [
      'a prestart hook',
      { hooks: { prestart: [{ path: '/bin/true' }] } },
      'warning /hooks/prestart hook-prestart-deprecated',
    ],
    [
      'a non reverse-DNS annotation',
      { annotations: { mykey: 'v' } },
      'warning /annotations/mykey annotation-key-format',
    ],
    [
      'two devices with one number',
      {
        linux: {
          namespaces: ns('pid', 'mount', 'ipc', 'uts', 'network'),
          devices: [
            { path: '/dev/a', type: 'c', major: 1, minor: 3 },
            { path: '/dev/b', type: 'c', major: 1, minor: 3 },
          ],
        },
      },
      'warning /linux/devices/1 device-duplicate-number',
    ],
    [
      'a seccomp rule for another architecture',
      {
        linux: {
          namespaces: ns('pid'),
          seccomp: {
            defaultAction: 'SCMP_ACT_ERRNO',
            architectures: ['SCMP_ARCH_X86_64'],
            syscalls: [{ names: ['arm_fadvise64_64', 'riscv_flush_icache'], action: 'SCMP_ACT_ALLOW' }],
          },
        },
      },
      'warning /linux/seccomp/syscalls/0/names seccomp-syscall-arch',
    ],
  ])('%s', (_name, extra, finding) => {
    const report = validateSpec(spec(extra));
    expect(report.ok).toBe(true);
    expect(report.findings.map((f) => `${f.severity} ${f.pointer} ${f.rule}`)).toEqual([finding]);
  });
});

describe('what runtime-tools gets wrong', () => {
  it('accepts devices with minor 0, the org.opencontainers.image.* annotations runtime-spec lists, and hooks without optional fields', () => {
    expect(
      rules(
        spec({
          annotations: {
            'org.opencontainers.image.os': 'linux',
            'org.opencontainers.image.stopSignal': 'SIGRTMIN+3',
          },
          hooks: { createRuntime: [{ path: '/bin/x' }] },
          linux: {
            namespaces: ns('pid', 'mount', 'ipc', 'uts', 'network'),
            devices: [{ path: '/dev/tty', type: 'c', major: 5, minor: 0 }],
          },
        }),
      ),
    ).toEqual([]);
  });

  it('checks createRuntime, createContainer and startContainer paths, which runtime-tools skips', () => {
    expect(
      rules(
        spec({
          hooks: {
            createRuntime: [{ path: 'a' }],
            createContainer: [{ path: 'b' }],
            startContainer: [{ path: 'c' }],
          },
        }),
      ),
    ).toEqual([
      'error /hooks/createRuntime/0/path hook-path-absolute',
      'error /hooks/createContainer/0/path hook-path-absolute',
      'error /hooks/startContainer/0/path hook-path-absolute',
    ]);
  });

  it('names the capability meant by CAP_CAP_SYS_ADMIN', () => {
    const [finding] = validateSpec(
      spec({
        process: {
          user: { uid: 0, gid: 0 },
          args: ['sh'],
          cwd: '/',
          capabilities: { bounding: ['CAP_CAP_SYS_ADMIN'] },
        },
      }),
    ).errors;
    expect(finding?.message).toBe('unknown capability "CAP_CAP_SYS_ADMIN" (did you mean CAP_SYS_ADMIN?)');
  });

  it('checks cgroupsPath against an explicit driver', () => {
    const s = spec({ linux: { namespaces: ns('pid'), cgroupsPath: '/kubepods/pod1' } });
    expect(rules(s, { cgroupDriver: 'systemd' })).toEqual(['error /linux/cgroupsPath cgroups-path']);
    expect(rules(s, { cgroupDriver: 'cgroupfs' })).toEqual([]);
    const sd = spec({ linux: { namespaces: ns('pid'), cgroupsPath: 'system.slice:docker:abc' } });
    expect(rules(sd, { cgroupDriver: 'cgroupfs' })).toEqual(['error /linux/cgroupsPath cgroups-path']);
  });

  it.each([
    ['/kubepods/pod1', false],
    ['/kubepods/pod1/', false],
    ['kubepods', false],
    ['/', false],
    ['', false],
    ['/a//b', true],
    ['/a/./b', true],
    ['/a/../b', true],
    ['..', true],
    ['/a/..', true],
    ['./a', true],
    ['/a/.b/..c', false],
  ])('cgroupfs path %j: rejected %s (a . or .. element, or an empty one inside)', (cgroupsPath, bad) => {
    const s = spec({ linux: { namespaces: ns('pid'), cgroupsPath } });
    expect(rules(s, { cgroupDriver: 'cgroupfs' })).toEqual(
      bad ? ['error /linux/cgroupsPath cgroups-path'] : [],
    );
  });
});

describe('pointers', () => {
  it('escape every map key they name (RFC 6901: ~ as ~0, / as ~1)', () => {
    expect(
      rules(
        spec({
          annotations: { 'a/b~c': 'v' },
          linux: {
            namespaces: ns('pid', 'mount', 'ipc', 'uts', 'network'),
            sysctl: { 'vm/x~': '1' },
            timeOffsets: { 'real/time': { secs: 1 } },
            resources: { unified: { 'a/b': '1' } },
            netDevices: { 'e/0': {} },
          },
        }),
      ),
    ).toEqual([
      'warning /annotations/a~1b~0c annotation-key-format',
      'error /linux/sysctl/vm~1x~0 sysctl-not-namespaced',
      'error /linux/timeOffsets/real~1time time-offsets-clock',
      'error /linux/timeOffsets time-offsets-timens',
      'error /linux/resources/unified/a~1b unified-key',
      'error /linux/netDevices/e~10 net-device-name',
    ]);
  });
});

describe('robustness', () => {
  it.each([
    ['null', null],
    ['an array', []],
    ['a number', 42],
    [
      'wrong types everywhere',
      {
        ociVersion: 1,
        process: { args: 'sh', env: 'A=1', capabilities: { bounding: 'CAP_KILL' }, rlimits: {}, user: [] },
        mounts: [null, 1, { destination: 3, options: 'ro' }],
        hooks: { prestart: [null, { path: 1, env: 2 }] },
        linux: {
          namespaces: [null, { type: 1 }],
          devices: [1],
          sysctl: [],
          resources: { memory: [], devices: {} },
          seccomp: { syscalls: [null, { names: 'read', args: {} }] },
        },
        annotations: [],
      },
    ],
  ])('reports %s without throwing', (_name, value) => {
    const report = validateSpec(value);
    expect(report.ok).toBe(false);
    expect(report.errors.length).toBeGreaterThan(0);
  });
});

describe('host-specific checks (through an injected host)', () => {
  const host = fakeHost(
    {
      '/proc/sys/kernel/cap_last_cap': '37\n',
      '/proc/filesystems': 'nodev\tsysfs\nnodev\tproc\nnodev\ttmpfs\n\text4\nnodev\tfuse\n',
    },
    {
      '/bundle/rootfs': stat('dir'),
      '/bundle/rootfs/dev': stat('dir'),
      // 5:1 encoded as the kernel does: (major << 8) | minor
      '/bundle/rootfs/dev/console': stat('char', { rdev: (5 << 8) | 1 }),
      '/bundle/rootfs/dev/sda': stat('char', { rdev: (8 << 8) | 0 }),
      '/usr/bin/hook': stat('file'),
      '/usr/bin/not-exec': stat('file', { mode: 0o100644 }),
    },
  );
  const s = spec({
    process: {
      user: { uid: 0, gid: 0 },
      args: ['sh'],
      cwd: '/',
      capabilities: { bounding: ['CAP_KILL', 'CAP_PERFMON', 'CAP_CHECKPOINT_RESTORE'] },
    },
    mounts: [
      { destination: '/proc', type: 'proc', source: 'proc' },
      { destination: '/x', type: 'btrfs', source: '/dev/sdb' },
      { destination: '/y', type: 'fuse.sshfs', source: 'host:' },
    ],
    hooks: {
      createRuntime: [{ path: '/usr/bin/hook' }, { path: '/usr/bin/not-exec' }, { path: '/usr/bin/missing' }],
    },
    linux: {
      namespaces: ns('pid', 'mount', 'ipc', 'uts', 'network'),
      devices: [
        { path: '/dev/console', type: 'c', major: 5, minor: 1 },
        { path: '/dev/sda', type: 'b', major: 8, minor: 0 },
        { path: '/dev/absent', type: 'c', major: 1, minor: 1 },
      ],
    },
  });

  it('are off by default', () => {
    expect(rules(s, { host })).toEqual([]);
  });

  it('check kernel capabilities, filesystems, the rootfs, its devices and the hooks', () => {
    expect(rules(s, { host, hostSpecific: true, bundle: '/bundle' })).toEqual([
      'warning /process/capabilities/bounding/1 capability-host',
      'warning /process/capabilities/bounding/2 capability-host',
      'error /mounts/1/type mount-type-host',
      'error /linux/devices/1 device-rootfs-mismatch',
      'error /hooks/createRuntime/1/path hook-executable',
      'error /hooks/createRuntime/2/path hook-executable',
    ]);
  });

  it('report a missing rootfs, and are skipped with a warning for another OS', () => {
    expect(rules(spec(), { host, hostSpecific: true, bundle: '/elsewhere' })).toEqual([
      'error /root/path root-path-host',
    ]);
    expect(rules(spec(), { host, hostSpecific: true, platform: 'windows/amd64' })).toContain(
      'warning  host-platform-mismatch',
    );
  });

  it('decode device numbers as the kernel encodes them', () => {
    expect(splitRdev((5 << 8) | 1)).toEqual([5, 1]);
    // major 259, minor 65536: minor's high bits sit above bit 20, major's low 12 bits at 8..19
    expect(splitRdev(((65536 & 0xfff00) << 12) | ((259 & 0xfff) << 8) | (65536 & 0xff))).toEqual([
      259, 65536,
    ]);
  });
});

describe('validatePlugin', () => {
  it('adds findings in the validate hook, and fails a composition asked to validate', async () => {
    const pipeline = new Pipeline({ plugins: [corePlugin(), linuxPlugin(), validatePlugin()] });
    const ok = await pipeline.compose({
      platform: 'linux/amd64',
      namespace: 'k8s.io',
      id: 'a',
      opts: [withProcessArgs('sh'), withHostname('web')],
      validate: true,
    });
    expect(ok.report.findings).toEqual([]);
    const warned = await pipeline.compose({
      platform: 'linux/amd64',
      namespace: 'k8s.io',
      id: 'a',
      opts: [withProcessCwd('work')],
    });
    expect(warned.report.errors.map((f) => f.rule)).toEqual(['cwd-absolute']);
    await expect(
      pipeline.compose({
        platform: 'linux/amd64',
        namespace: 'k8s.io',
        id: 'a',
        opts: [withProcessCwd('work')],
        validate: true,
      }),
    ).rejects.toThrow('invalid spec: /process/cwd: cwd-absolute: cwd "work" is not an absolute path');
  });
});
