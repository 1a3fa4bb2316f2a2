/** containerd HEAD's default specs (§3.1, §3.3) and the linux plugin's defaultSpec taps. */
import type { FrozenSpec } from '@ocispec/core';
import { corePlugin, Pipeline, parseJson, printSpec } from '@ocispec/core';
import { describe, expect, it } from 'vitest';
import {
  defaultDarwinSpec,
  defaultMaskedPaths,
  defaultMounts,
  defaultReadonlyPaths,
  defaultUnixCaps,
  defaultUnixSpec,
  knownCapabilities,
  linuxPlugin,
} from '../src/index.js';

const CAPS14 = [
  'CAP_CHOWN',
  'CAP_DAC_OVERRIDE',
  'CAP_FSETID',
  'CAP_FOWNER',
  'CAP_MKNOD',
  'CAP_NET_RAW',
  'CAP_SETGID',
  'CAP_SETUID',
  'CAP_SETFCAP',
  'CAP_SETPCAP',
  'CAP_NET_BIND_SERVICE',
  'CAP_SYS_CHROOT',
  'CAP_KILL',
  'CAP_AUDIT_WRITE',
];

/** §3.1's JSON, in Go's field order. */
function expectedUnix(cgroupsPath: string): string {
  const caps = JSON.stringify(CAPS14);
  return `{
  "ociVersion": "1.3.0",
  "process": {
    "user": {"uid": 0, "gid": 0},
    "cwd": "/",
    "capabilities": {"bounding": ${caps}, "effective": ${caps}, "permitted": ${caps}},
    "rlimits": [{"type": "RLIMIT_NOFILE", "hard": 1024, "soft": 1024}],
    "noNewPrivileges": true
  },
  "root": {"path": "rootfs"},
  "mounts": [
    {"destination":"/proc","type":"proc","source":"proc","options":["nosuid","noexec","nodev"]},
    {"destination":"/dev","type":"tmpfs","source":"tmpfs","options":["nosuid","strictatime","mode=755","size=65536k"]},
    {"destination":"/dev/pts","type":"devpts","source":"devpts","options":["nosuid","noexec","newinstance","ptmxmode=0666","mode=0620","gid=5"]},
    {"destination":"/dev/shm","type":"tmpfs","source":"shm","options":["nosuid","noexec","nodev","mode=1777","size=65536k"]},
    {"destination":"/dev/mqueue","type":"mqueue","source":"mqueue","options":["nosuid","noexec","nodev"]},
    {"destination":"/sys","type":"sysfs","source":"sysfs","options":["nosuid","noexec","nodev","ro"]},
    {"destination":"/run","type":"tmpfs","source":"tmpfs","options":["nosuid","strictatime","mode=755","size=65536k"]}
  ],
  "linux": {
    "resources": {"devices": [{"allow": false, "access": "rwm"}]},
    "cgroupsPath": ${JSON.stringify(cgroupsPath)},
    "namespaces": [{"type":"pid"},{"type":"ipc"},{"type":"uts"},{"type":"mount"},{"type":"network"}],
    "maskedPaths": ["/proc/acpi","/proc/asound","/proc/kcore","/proc/keys","/proc/latency_stats",
                    "/proc/timer_list","/proc/timer_stats","/proc/sched_debug","/sys/firmware",
                    "/sys/devices/virtual/powercap","/proc/scsi"],
    "readonlyPaths": ["/proc/bus","/proc/fs","/proc/irq","/proc/sys","/proc/sysrq-trigger"]
  }
}`;
}

/** Compact canonical text of a JSON document (key order kept). */
const compact = (text: string): string => JSON.stringify(JSON.parse(text));

describe('defaultUnixSpec', () => {
  const cases: [string, string, string][] = [
    ['default', 'test', '/default/test'],
    ['k8s.io', 'web-1', '/k8s.io/web-1'],
    ['default', '../../etc', '/etc'],
    ['ns', '', '/ns'],
    ['a.b_c-d', 'x/../y//z/', '/a.b_c-d/y/z'],
  ];
  for (const [ns, id, cgroupsPath] of cases) {
    it(`${ns} / ${JSON.stringify(id)} → ${cgroupsPath}`, () => {
      const spec = defaultUnixSpec(ns, id);
      expect(spec).toEqual(JSON.parse(expectedUnix(cgroupsPath)));
      // Printed exactly as containerd prints it, in Go's field order.
      expect(compact(printSpec(spec))).toBe(compact(expectedUnix(cgroupsPath)));
    });
  }

  it('namespace errors are containerd’s', () => {
    expect(() => defaultUnixSpec('', 'x')).toThrow('namespace is required: failed precondition');
    expect(() => defaultUnixSpec(undefined, 'x')).toThrow('namespace is required: failed precondition');
    expect(() => defaultUnixSpec('bad..ns', 'x')).toThrow(
      'namespace validation: identifier "bad..ns" must match ^[A-Za-z0-9]+(?:[._-](?:[A-Za-z0-9]+))*$: invalid argument',
    );
    const long = 'a'.repeat(77);
    expect(() => defaultUnixSpec(long, 'x')).toThrow(
      `namespace validation: identifier "${long}" greater than maximum length (76 characters): invalid argument`,
    );
    expect(defaultUnixSpec('a'.repeat(76), '').linux?.cgroupsPath).toBe(`/${'a'.repeat(76)}`);
  });

  it('shares one deep-frozen template; only linux is copied', () => {
    const a = defaultUnixSpec('default', 'a');
    const b = defaultUnixSpec('default', 'b');
    expect(a).not.toBe(b);
    expect(a.mounts).toBe(b.mounts);
    expect(a.process).toBe(b.process);
    expect(a.root).toBe(b.root);
    expect(a.linux).not.toBe(b.linux);
    expect(a.linux?.namespaces).toBe(b.linux?.namespaces);
    expect(a.linux?.resources).toBe(b.linux?.resources);
    expect(a.linux?.maskedPaths).toBe(b.linux?.maskedPaths);
    expect(a.mounts).toBe(defaultMounts);
    for (const value of [
      a,
      a.linux,
      a.process,
      a.process?.capabilities,
      a.mounts,
      a.mounts?.[0],
      a.mounts?.[0]?.options,
    ]) {
      expect(Object.isFrozen(value)).toBe(true);
    }
    expect(() => {
      (a.process!.capabilities!.bounding as string[]).push('CAP_SYS_ADMIN');
    }).toThrow(TypeError);
  });

  it('bounding, effective and permitted are three distinct arrays', () => {
    const caps = defaultUnixSpec('default', 'a').process?.capabilities;
    expect(caps?.bounding).not.toBe(caps?.effective);
    expect(caps?.effective).not.toBe(caps?.permitted);
    expect(caps?.bounding).toEqual(CAPS14);
    expect(caps?.inheritable).toBeUndefined();
    expect(caps?.ambient).toBeUndefined();
  });
});

describe('exported constants', () => {
  it('lists', () => {
    expect(defaultUnixCaps).toEqual(CAPS14);
    expect(knownCapabilities).toHaveLength(41);
    expect(knownCapabilities[0]).toBe('CAP_CHOWN');
    expect(knownCapabilities[21]).toBe('CAP_SYS_ADMIN');
    expect(knownCapabilities[40]).toBe('CAP_CHECKPOINT_RESTORE');
    expect(new Set(knownCapabilities).size).toBe(41);
    expect(defaultMaskedPaths).toHaveLength(11);
    expect(defaultReadonlyPaths).toHaveLength(5);
    expect(defaultMounts).toHaveLength(7);
    for (const list of [
      defaultUnixCaps,
      knownCapabilities,
      defaultMaskedPaths,
      defaultReadonlyPaths,
      defaultMounts,
    ]) {
      expect(Object.isFrozen(list)).toBe(true);
    }
  });
});

describe('defaultDarwinSpec', () => {
  it('is §3.3 and needs no namespace', () => {
    const expected =
      '{"ociVersion":"1.3.0","process":{"user":{"uid":0,"gid":0},"cwd":"/"},"root":{"path":""}}';
    expect(defaultDarwinSpec()).toEqual(JSON.parse(expected));
    expect(printSpec(defaultDarwinSpec()).replace(/\s/g, '')).toBe(expected);
    expect(defaultDarwinSpec()).toBe(defaultDarwinSpec());
    expect(Object.isFrozen(defaultDarwinSpec().process)).toBe(true);
  });
});

describe('linuxPlugin defaultSpec taps', () => {
  const pipeline = (): Pipeline => new Pipeline({ plugins: [corePlugin(), linuxPlugin()] });
  const compose = async (platform: string, namespace = 'default', id = 'c1'): Promise<FrozenSpec> =>
    (await pipeline().compose({ platform, namespace, id })).spec;

  it('linux, freebsd and other OSes get the unix default', async () => {
    for (const platform of ['linux/amd64', 'linux/arm64/v8', 'freebsd/amd64', 'solaris/amd64', 'plan9/386']) {
      expect(await compose(platform, 'k8s.io', 'web')).toEqual(defaultUnixSpec('k8s.io', 'web'));
    }
  });

  it('darwin gets the darwin default, without a namespace', async () => {
    expect(await compose('darwin/arm64', '')).toEqual(defaultDarwinSpec());
  });

  it('windows gets no default from the linux plugin', async () => {
    await expect(compose('windows/amd64')).rejects.toThrow(/no default spec for platform windows\/amd64/);
  });

  it('a missing namespace fails the unix default', async () => {
    await expect(compose('linux/amd64', '')).rejects.toThrow('namespace is required: failed precondition');
  });

  it('parseJson of the printed default round-trips', async () => {
    const spec = await compose('linux/amd64');
    expect(parseJson(printSpec(spec))).toEqual(spec);
  });
});
