/**
 * Every lint rule, table-driven: specs that trip it by every spelling we know (the finding expected at a pointer)
 * and specs next to them that do not. Each case patches a spec both profiles find clean.
 */
import type { HostAccess } from '@ocispec/core';
import { defaultUnixCaps, knownCapabilities } from '@ocispec/linux';
import { describe, expect, it } from 'vitest';
import type { LintOptions, LintProfile, LintRuleId } from '../src/index.js';
import { lintRules, lintSpec } from '../src/index.js';
import { fakeHost, stat } from './fake-host.js';
import type { Json, Patch, SpecText } from './spec-patch.js';
import { caseInput, lintBase, textReplacing, textWith } from './spec-patch.js';

interface RuleCases {
  readonly profile?: LintProfile;
  /** `[patch, pointer]`: the spec (the patched base, or a spec text) trips the rule at that pointer. */
  readonly fail: ReadonlyArray<readonly [Patch | SpecText, string]>;
  readonly pass: readonly (Patch | SpecText)[];
  /** Host-specific options of every case. */
  readonly options?: Partial<LintOptions>;
}

const ns = (i: number, type: string, path: string): Patch => ({ [`/linux/namespaces/${i}`]: { type, path } });
const add = (m: Json): Patch => ({ '/mounts/3': m });
const bind = (source: string, options: string[] = ['rbind'], destination = '/host'): Patch =>
  add({ destination, type: 'bind', source, options });
const devices = (...rules: Json[]): Patch => ({ '/linux/resources/devices': rules });
const deny = { allow: false, access: 'rwm' };
const caps = (set: string, list: string[]): Patch => ({ [`/process/capabilities/${set}`]: list });
const sysfs = (options: string[], destination = '/sys'): Patch => ({
  '/mounts/2': { destination, type: 'sysfs', source: 'sysfs', options },
});
const seccomp = (s: Json): Patch => ({ '/linux/seccomp': s });

/** A host whose PID 1 namespaces are known by inode, and where some paths are symlinks to others. */
const host: HostAccess = fakeHost(
  {},
  {
    '/proc/1/ns/pid': stat('file', { dev: 4, ino: 4026531836 }),
    '/proc/1/ns/net': stat('file', { dev: 4, ino: 4026531840 }),
    '/run/netns/host-alias': stat('file', { dev: 4, ino: 4026531840 }),
    '/run/netns/cni-1': stat('file', { dev: 4, ino: 4026532300 }),
  },
  {},
  { '/srv/all': '/', '/srv/sock': '/run/containerd/containerd.sock', '/srv/data': '/srv/data' },
);
const onHost: Partial<LintOptions> = { hostSpecific: true, host };

const cases: Record<LintRuleId, RuleCases> = {
  'ambiguous-json': {
    fail: [
      [textWith(lintBase(), '"process":{"user":{"uid":0}}'), '/process'],
      [textWith(lintBase(), '"Linux":{"seccomp":null}'), '/linux'],
      [textReplacing(lintBase(), '"process":', '"proceſs":'), '/process'],
    ],
    pass: [textWith(lintBase(), '"annotations":{"a":"1","A":"2"}'), {}],
  },
  privileged: {
    fail: [
      [caps('bounding', ['CAP_SYS_ADMIN']), '/process/capabilities/bounding/0'],
      [caps('permitted', [...knownCapabilities].reverse()), '/process/capabilities/permitted'],
    ],
    pass: [caps('bounding', ['CAP_KILL']), caps('ambient', ['CAP_SYS_ADMIN'])],
  },
  'capability-added': {
    fail: [
      [caps('effective', ['CAP_NET_ADMIN']), '/process/capabilities/effective/0'],
      [caps('bounding', ['CAP_SYS_PTRACE']), '/process/capabilities/bounding/0'],
    ],
    pass: [caps('bounding', [...defaultUnixCaps]), caps('permitted', ['CAP_NET_RAW'])],
  },
  'host-pid-namespace': {
    fail: [
      [{ '/linux/namespaces/0': undefined }, '/linux/namespaces'],
      [ns(0, 'pid', '/proc/1/ns/pid'), '/linux/namespaces/0/path'],
      [ns(0, 'pid', '/proc//1/task/1/ns/../ns/pid_for_children'), '/linux/namespaces/0/path'],
      [ns(0, 'pid', '/proc/1/root/proc/self/ns/pid'), '/linux/namespaces/0/path'],
      [ns(0, 'pid', '/proc/2/ns/pid'), '/linux/namespaces/0/path'],
    ],
    pass: [ns(0, 'pid', '/proc/4242/ns/pid'), ns(0, 'pid', '/proc/12/ns/pid')],
  },
  'host-ipc-namespace': {
    fail: [
      [{ '/linux/namespaces/1': { type: 'cgroup' } }, '/linux/namespaces'],
      [ns(1, 'ipc', '/proc/thread-self/ns/ipc'), '/linux/namespaces/1/path'],
      [ns(1, 'ipc', '/proc/thread-self/../../ns/ipc'), '/linux/namespaces/1/path'],
    ],
    pass: [ns(1, 'ipc', '/proc/77/ns/ipc'), ns(1, 'ipc', '/proc/thread-self/../../../99/ns/ipc')],
  },
  'host-network-namespace': {
    options: onHost,
    fail: [
      [{ '/linux/namespaces/4': undefined }, '/linux/namespaces'],
      [ns(4, 'network', '/proc/self/ns/net'), '/linux/namespaces/4/path'],
      [ns(4, 'network', '/run/netns/host-alias'), '/linux/namespaces/4/path'],
    ],
    pass: [ns(4, 'network', '/run/netns/cni-1'), ns(4, 'network', '/run/netns/missing')],
  },
  'host-mount-namespace': {
    fail: [
      [{ '/linux/namespaces/3': { type: 'cgroup' } }, '/linux/namespaces'],
      [ns(3, 'mount', '/proc/1/ns/mnt'), '/linux/namespaces/3/path'],
    ],
    pass: [ns(3, 'mount', '/proc/5000/ns/mnt')],
  },
  'host-namespace-joined': {
    fail: [
      [ns(2, 'uts', '/proc/1/ns/uts'), '/linux/namespaces/2/path'],
      [ns(5, 'cgroup', '/proc/self/ns/cgroup'), '/linux/namespaces/5/path'],
      [ns(5, 'user', '/proc/thread-self/ns/user'), '/linux/namespaces/5/path'],
    ],
    pass: [ns(2, 'uts', '/proc/99/ns/uts'), { '/linux/namespaces/2': undefined }],
  },
  'device-allow-all': {
    fail: [
      [devices({ allow: true, type: 'a', access: 'rwm' }), '/linux/resources/devices/0'],
      [devices(deny, { allow: true, access: 'r' }), '/linux/resources/devices/1'],
      [
        devices(deny, { allow: true, type: 'a', major: 1, minor: 3, access: 'm' }),
        '/linux/resources/devices/1',
      ],
      [
        devices(
          deny,
          { allow: true, type: 'c', access: 'rwm' },
          { allow: true, type: 'b', major: -1, minor: -1, access: 'rw' },
        ),
        '/linux/resources/devices/2',
      ],
      [
        devices(
          { allow: true, access: 'rwm' },
          { allow: false, type: 'c', major: 1, minor: 1, access: 'rwm' },
        ),
        '/linux/resources/devices/0',
      ],
    ],
    pass: [
      devices({ allow: true, access: 'rwm' }, { allow: false, access: 'rwm' }),
      devices(deny, { allow: true, type: 'c', access: 'm' }, { allow: true, type: 'b', access: 'm' }),
      devices(deny, { allow: true, type: 'c', major: 136, access: 'rwm' }),
    ],
  },
  'device-allow-class': {
    fail: [
      [devices(deny, { allow: true, type: 'c', access: 'rw' }), '/linux/resources/devices/1'],
      [
        devices(deny, { allow: true, type: 'b', major: -1, minor: -1, access: 'r' }),
        '/linux/resources/devices/1',
      ],
    ],
    pass: [
      devices(deny, { allow: true, type: 'c', major: 1, minor: 3, access: 'rwm' }),
      devices(deny, { allow: true, type: 'c', access: 'rw' }, { allow: false, type: 'c', access: 'rw' }),
    ],
  },
  'seccomp-unconfined': {
    fail: [
      [seccomp({}), '/linux/seccomp'],
      [seccomp({ defaultAction: 'SCMP_ACT_ALLOW' }), '/linux/seccomp/defaultAction'],
      [
        seccomp({ defaultAction: 'SCMP_ACT_LOG', syscalls: [{ names: ['read'], action: 'SCMP_ACT_ALLOW' }] }),
        '/linux/seccomp/defaultAction',
      ],
      [
        seccomp({
          defaultAction: 'SCMP_ACT_ALLOW',
          syscalls: [{ names: ['not_a_syscall'], action: 'SCMP_ACT_ERRNO' }],
        }),
        '/linux/seccomp/defaultAction',
      ],
    ],
    pass: [
      seccomp({
        defaultAction: 'SCMP_ACT_ALLOW',
        syscalls: [{ names: ['mount', 'bogus'], action: 'SCMP_ACT_ERRNO' }],
      }),
      seccomp({
        defaultAction: 'SCMP_ACT_KILL_PROCESS',
        syscalls: [{ names: ['read'], action: 'SCMP_ACT_ALLOW' }],
      }),
    ],
  },
  'apparmor-unconfined': {
    fail: [[{ '/process/apparmorProfile': 'unconfined' }, '/process/apparmorProfile']],
    pass: [{ '/process/apparmorProfile': 'cri-containerd.apparmor.d' }],
  },
  'selinux-custom-type': {
    fail: [[{ '/process/selinuxLabel': 'system_u:system_r:spc_t:s0' }, '/process/selinuxLabel']],
    pass: [{ '/process/selinuxLabel': 'system_u:system_r:container_t:s0:c1,c2' }],
  },
  'sys-writable': {
    fail: [
      [sysfs(['nosuid', 'ro', 'rw']), '/mounts/2'],
      [sysfs(['nosuid', 'noexec']), '/mounts/2'],
      [{ ...add({ destination: '/elsewhere', type: 'sysfs', source: 'sysfs' }) }, '/mounts/3'],
      [bind('/sys/class', ['bind']), '/mounts/3'],
      [bind('/', ['rbind', 'ro']), '/mounts/3'],
    ],
    pass: [
      sysfs(['rw', 'ro']),
      sysfs(['rw', 'nosuid,ro']),
      { ...sysfs(['rw']), '/linux/readonlyPaths/5': '/sys' },
      bind('/sys', ['rbind', 'ro', 'rro']),
      { ...add({ destination: '/x', type: 'sysfs', source: 'sysfs' }), '/linux/maskedPaths/11': '/x' },
    ],
  },
  'cgroupfs-writable': {
    fail: [
      [
        add({
          destination: '/sys/fs/cgroup',
          type: 'cgroup',
          source: 'cgroup',
          options: ['nosuid', 'ro', 'rw'],
        }),
        '/mounts/3',
      ],
      [add({ destination: '/mnt/cg', type: 'cgroup2', source: 'cgroup2' }), '/mounts/3'],
      [bind('/sys', ['rbind', 'ro']), '/mounts/3'],
      [bind('/sys/fs/cgroup', ['rbind', 'ro']), '/mounts/3'],
      [bind('/sys/fs/cgroup/memory', ['bind']), '/mounts/3'],
    ],
    pass: [
      add({
        destination: '/sys/fs/cgroup',
        type: 'cgroup',
        source: 'cgroup',
        options: ['nosuid', 'rw', 'ro'],
      }),
      bind('/sys/fs/cgroup', ['rbind', 'rro']),
      bind('/sys/fs/cgroup', ['bind', 'ro']),
    ],
  },
  'kernel-fs-mount': {
    fail: [
      [
        add({ destination: '/sys/kernel/debug', type: 'debugfs', source: 'debugfs', options: ['ro'] }),
        '/mounts/3',
      ],
      [add({ destination: '/bpf', type: 'bpf', source: 'bpf' }), '/mounts/3'],
      [add({ destination: '/dev2', type: 'devtmpfs', source: 'devtmpfs' }), '/mounts/3'],
      [bind('/sys/kernel/security', ['bind', 'ro']), '/mounts/3'],
      [bind('/proc', ['rbind']), '/mounts/3'],
    ],
    pass: [
      add({ destination: '/sys/kernel/debug', type: 'tmpfs', source: 'tmpfs' }),
      bind('/sys', ['rbind', 'rro']),
    ],
  },
  'procfs-unmasked': {
    fail: [
      [add({ destination: '/host-proc', type: 'proc', source: 'proc' }), '/mounts/3/destination'],
      [
        add({ destination: '/proc/../x', type: 'proc', source: 'proc', options: ['ro'] }),
        '/mounts/3/destination',
      ],
    ],
    pass: [
      add({ destination: '//proc/', type: 'proc', source: 'proc' }),
      { ...add({ destination: '/x', type: 'proc', source: 'proc' }), '/linux/maskedPaths/11': '/x' },
    ],
  },
  'masked-paths-missing': {
    fail: [
      [{ '/linux/maskedPaths': [] }, '/linux/maskedPaths'],
      [{ '/linux/maskedPaths/8': '/sys/class' }, '/linux/maskedPaths'],
      [
        {
          '/linux/maskedPaths': ['/proc'],
          '/mounts/2': { destination: '/sys', type: 'bind', source: '/sys', options: ['rbind', 'rro'] },
        },
        '/linux/maskedPaths',
      ],
    ],
    pass: [
      { '/linux/maskedPaths': ['/proc', '/sys'] },
      { '/linux/maskedPaths': [], '/mounts': [] },
      { '/linux/maskedPaths/9': '/sys/devices/virtual' },
    ],
  },
  'readonly-paths-missing': {
    fail: [
      [{ '/linux/readonlyPaths': [] }, '/linux/readonlyPaths'],
      [
        { '/linux/readonlyPaths': ['/proc/bus', '/proc/fs', '/proc/irq', '/proc/sysrq-trigger'] },
        '/linux/readonlyPaths',
      ],
    ],
    pass: [
      { '/linux/readonlyPaths': ['/proc'] },
      { '/linux/readonlyPaths': [], '/mounts/0/options': ['nosuid', 'ro'] },
      { '/linux/readonlyPaths': [], '/linux/maskedPaths': ['/proc'] },
    ],
  },
  'sysctl-unsafe': {
    fail: [[{ '/linux/sysctl': { 'kernel.msgmax': '1' } }, '/linux/sysctl/kernel.msgmax']],
    pass: [{ '/linux/sysctl': { 'net.ipv4.ping_group_range': '0 0', 'net/ipv4/tcp_syncookies': '1' } }],
  },
  'host-root-mount': {
    options: onHost,
    fail: [
      [bind('/'), '/mounts/3/source'],
      [bind('//', ['bind']), '/mounts/3/source'],
      [bind('/.././'), '/mounts/3/source'],
      [bind('/srv/all'), '/mounts/3/source'],
      [
        add({ destination: '/o', type: 'overlay', source: 'overlay', options: ['lowerdir=/srv/a:/'] }),
        '/mounts/3/options',
      ],
    ],
    pass: [bind('/srv/data')],
  },
  'host-sensitive-mount': {
    fail: [
      [bind('/etc/shadow', ['bind', 'ro']), '/mounts/3/source'],
      [bind('//etc/'), '/mounts/3/source'],
      [bind('/etc/../etc/kubernetes/admin.conf'), '/mounts/3/source'],
      [bind('/home/user/.ssh'), '/mounts/3/source'],
      [bind('/root'), '/mounts/3/source'],
      [bind('/boot/'), '/mounts/3/source'],
      [bind('/lib/modules/6.1.0'), '/mounts/3/source'],
      [bind('/dev/sda'), '/mounts/3/source'],
      [bind('/var/lib/kubelet'), '/mounts/3/source'],
      [bind('/var/lib'), '/mounts/3/source'],
      [bind('/var/log/pods'), '/mounts/3/source'],
      [bind('../../../etc', ['bind']), '/mounts/3/source'],
      [
        add({
          destination: '/o',
          type: 'overlay',
          source: 'overlay',
          options: ['lowerdir=/srv/a,upperdir=/etc/,workdir=/srv/w'],
        }),
        '/mounts/3/options',
      ],
    ],
    pass: [
      bind('/srv/data'),
      bind('/var/lib/kubelet/pods/1f2e/volumes/kubernetes.io~configmap/cfg'),
      bind('/var/lib/containerd/io.containerd.grpc.v1.cri/sandboxes/abc/hosts', ['rbind'], '/etc/hosts'),
      bind('/dev/null', ['bind'], '/x'),
      bind('data/config', ['bind']),
      bind('/usr/share/zoneinfo/UTC', ['bind', 'ro']),
    ],
  },
  'runtime-socket-mount': {
    options: onHost,
    fail: [
      [bind('/var/run/docker.sock'), '/mounts/3/source'],
      [bind('/run/containerd/containerd.sock'), '/mounts/3/source'],
      [bind('/run'), '/mounts/3/source'],
      [bind('/run/user/1000/podman/podman.sock'), '/mounts/3/source'],
      [bind('/run/containerd/s/7a0e'), '/mounts/3/source'],
      [bind('/srv/sock'), '/mounts/3/source'],
    ],
    pass: [
      bind('/run/containerd/io.containerd.grpc.v1.cri/sandboxes/abc/shm', ['rbind'], '/dev/shm'),
      bind('/run/secrets/db'),
    ],
  },
  'host-block-device-mount': {
    fail: [
      [add({ destination: '/data', type: 'ext4', source: '/dev/sda1' }), '/mounts/3'],
      [add({ destination: '/data', type: 'xfs', source: 'UUID=2b1c-77' }), '/mounts/3'],
      [add({ destination: '/data', type: 'auto', source: '/dev//nvme0n1p1' }), '/mounts/3'],
    ],
    pass: [
      add({ destination: '/dev/shm', type: 'tmpfs', source: '/dev/shm' }),
      add({ destination: '/data', type: 'nfs', source: 'server:/export' }),
    ],
  },
  'overlay-host-path': {
    fail: [
      [
        add({
          destination: '/o',
          type: 'overlay',
          source: 'overlay',
          options: ['lowerdir=/srv/a:/srv/b', 'upperdir=/srv/u', 'workdir=/srv/w'],
        }),
        '/mounts/3/options',
      ],
    ],
    pass: [
      add({ destination: '/o', type: 'overlay', source: 'overlay', options: ['lowerdir=layers/a:layers/b'] }),
    ],
  },
  'hooks-present': {
    fail: [[{ '/hooks/createRuntime': [{ path: '/x' }] }, '/hooks/createRuntime']],
    pass: [{ '/hooks/createRuntime': [] }],
  },
  'cwd-proc-fd': {
    fail: [
      [{ '/process/cwd': '/proc/self/fd/7' }, '/process/cwd'],
      [{ '/process/cwd': '/proc/1/task/1/fd/3' }, '/process/cwd'],
      [{ '/process/cwd': 'proc/thread-self//fd' }, '/process/cwd'],
      [{ '/process/cwd': '/proc/thread-self/../../fd/5' }, '/process/cwd'],
    ],
    pass: [
      { '/process/cwd': '/proc' },
      { '/process/cwd': '/proc/self/fdinfo' },
      { '/process/cwd': '/proc/thread-self/../fd' },
    ],
  },
  'mount-over-masked': {
    fail: [
      [
        add({ destination: '/proc/kcore', type: 'bind', source: '/srv/x', options: ['bind'] }),
        '/mounts/3/destination',
      ],
      [add({ destination: '//dev/null', type: 'tmpfs', source: 'tmpfs' }), '/mounts/3/destination'],
      [add({ destination: '/sys/firmware/efi', type: 'tmpfs', source: 'tmpfs' }), '/mounts/3/destination'],
    ],
    pass: [add({ destination: '/tmp', type: 'tmpfs', source: 'tmpfs' })],
  },
  'inheritable-capabilities': {
    fail: [[caps('inheritable', ['CAP_KILL']), '/process/capabilities/inheritable']],
    pass: [caps('inheritable', [])],
  },
  'run-as-root': {
    profile: 'restricted',
    fail: [
      [{ '/process/user/uid': 0 }, '/process/user/uid'],
      [
        {
          '/process/user/uid': 0,
          '/linux/namespaces/5': { type: 'user' },
          '/linux/uidMappings': [{ containerID: 0, hostID: 0, size: 65536 }],
        },
        '/process/user/uid',
      ],
    ],
    pass: [
      { '/process/user/uid': 1000 },
      {
        '/process/user/uid': 0,
        '/linux/namespaces/5': { type: 'user' },
        '/linux/uidMappings': [{ containerID: 0, hostID: 100000, size: 65536 }],
      },
    ],
  },
  'no-new-privileges': {
    profile: 'restricted',
    fail: [[{ '/process/noNewPrivileges': false }, '/process/noNewPrivileges']],
    pass: [{ '/process/noNewPrivileges': true }],
  },
  'capabilities-not-minimal': {
    profile: 'restricted',
    fail: [[caps('bounding', ['CAP_NET_RAW']), '/process/capabilities/bounding/0']],
    pass: [caps('bounding', ['CAP_NET_BIND_SERVICE'])],
  },
  'seccomp-missing': {
    profile: 'restricted',
    fail: [[{ '/linux/seccomp': undefined }, '/linux/seccomp']],
    pass: [{}],
  },
};

describe('every lint rule has flagged and clean cases', () => {
  it('covers every rule, each with at least one flagged and one clean case', () => {
    expect(Object.keys(lintRules).filter((id) => !(id in cases))).toEqual([]);
    expect(Object.entries(cases).filter(([, c]) => c.fail.length === 0 || c.pass.length === 0)).toEqual([]);
  });

  it.each(['baseline', 'restricted'] as const)('starts from a base %s finds clean', (profile) => {
    expect(lintSpec(lintBase(), { profile }).findings).toEqual([]);
    expect(lintSpec(lintBase(), { profile, hostSpecific: true, host }).findings).toEqual([]);
  });

  const flagged = Object.entries(cases).flatMap(([rule, c]) =>
    c.fail.map(([patch, pointer], i) => [rule, i, patch, pointer, c] as const),
  );
  it.each(flagged)('%s: flagged case %i is reported at its pointer', (rule, _i, patch, pointer, c) => {
    const spec = caseInput(lintBase(), patch);
    const result = lintSpec(spec, { profile: c.profile ?? 'baseline', ...c.options });
    const found = result.findings.filter((f) => f.rule === rule);
    expect(found.map((f) => f.pointer)).toContain(pointer);
    expect(found.every((f) => f.severity === lintRules[rule as LintRuleId].severity)).toBe(true);
  });

  const clean = Object.entries(cases).flatMap(([rule, c]) =>
    c.pass.map((patch, i) => [rule, i, patch, c] as const),
  );
  it.each(clean)('%s: clean case %i draws no finding of the rule', (rule, _i, patch, c) => {
    const spec = caseInput(lintBase(), patch);
    const result = lintSpec(spec, { profile: c.profile ?? 'baseline', ...c.options });
    expect(result.findings.filter((f) => f.rule === rule)).toEqual([]);
  });
});
