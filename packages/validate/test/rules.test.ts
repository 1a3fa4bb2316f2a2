/**
 * Every validation rule, table-driven: specs that break it (the finding expected at a pointer, with the rule's
 * severity) and specs next to them that do not (no finding of the rule). Each case is a patch of a valid base.
 */
import type { HostAccess } from '@ocispec/core';
import { describe, expect, it } from 'vitest';
import type { ValidateOptions, ValidationRuleId } from '../src/index.js';
import { validateSpec, validationRules } from '../src/index.js';
import { fakeHost, stat } from './fake-host.js';
import type { Json, Patch, SpecText } from './spec-patch.js';
import {
  bytesWithInvalidUtf8,
  caseInput,
  linuxBase,
  textReplacing,
  textWith,
  windowsBase,
} from './spec-patch.js';

interface RuleCases {
  /** `[patch, pointer]`: the spec (the patched base, or a spec text) breaks the rule at that pointer. */
  readonly fail: ReadonlyArray<readonly [Patch | SpecText, string]>;
  /** Patches (or spec texts) that keep the spec clean of this rule. */
  readonly pass: readonly (Patch | SpecText)[];
  readonly base?: () => Json;
  readonly options?: ValidateOptions;
  /** Options of the passing cases, when not {@link options}. */
  readonly passOptions?: ValidateOptions;
}

const ns = (...types: string[]) => types.map((type) => ({ type }));
const W = (): Json => windowsBase();
const win: ValidateOptions = { platform: 'windows/amd64' };
const caps = (sets: Record<string, string[]>): Patch => ({ '/process/capabilities': sets });
const mount = (m: Json): Patch => ({
  '/mounts/1': { destination: '/x', type: 'tmpfs', source: 'tmpfs', ...m },
});
const cpu = (c: Json): Patch => ({ '/linux/resources/cpu': c });
const seccomp = (s: Json): Patch => ({ '/linux/seccomp': { defaultAction: 'SCMP_ACT_ERRNO', ...s } });
const allow = { names: ['read'], action: 'SCMP_ACT_ALLOW' };
const rdt = (r: Json): Patch => ({ '/linux/intelRdt': r });
const mpol = (p: Json): Patch => ({ '/linux/memoryPolicy': p });
const hook = (kind: string, h: Json): Patch => ({ [`/hooks/${kind}`]: [h] });
const device = (d: Json): Patch => ({
  '/linux/devices': [{ path: '/dev/x', type: 'c', major: 1, minor: 3, ...d }],
});

/** A host for the host-specific rules: kernel caps to 37, a few filesystems, a rootfs, hooks, nsfs, cgroup v2. */
const host: HostAccess = fakeHost(
  {
    '/proc/sys/kernel/cap_last_cap': '37\n',
    '/proc/filesystems': 'nodev\tsysfs\nnodev\tproc\nnodev\ttmpfs\n\text4\n',
    '/sys/fs/cgroup/cgroup.controllers': 'cpu memory pids\n',
    '/proc/self/mountinfo': '1 0 8:1 / / rw - ext4 /dev/sda1 rw\n',
  },
  {
    '/bundle/rootfs': stat('dir'),
    '/bundle/rootfs/dev': stat('dir'),
    '/bundle/rootfs/dev/sda': stat('char', { rdev: (8 << 8) | 0 }),
    '/bundle/rootfs/usr': stat('dir'),
    '/bundle/rootfs/usr/bin': stat('dir'),
    '/bundle/rootfs/usr/bin/in-container': stat('file'),
    '/usr/bin/hook': stat('file'),
    '/usr/bin/not-exec': stat('file', { mode: 0o100644 }),
    '/proc/self/ns/net': stat('file', { dev: 4, ino: 4026531840 }),
    '/run/netns/a': stat('file', { dev: 4, ino: 4026532000 }),
    '/run/netns/plain-file': stat('file', { dev: 2049, ino: 12 }),
    '/sys/kernel/mm/hugepages/hugepages-2048kB': stat('dir'),
    '/sys/class/net/eth0': stat('link'),
  },
);
const onHost: ValidateOptions = { host, hostSpecific: true, bundle: '/bundle' };
const netns = (path: string): Patch => ({ '/linux/namespaces/4': { type: 'network', path } });

const cases: Record<ValidationRuleId, RuleCases> = {
  'schema-type': { fail: [[{ '/process/cwd': 1 }, '/process/cwd']], pass: [{ '/process/cwd': '/x' }] },
  'int-range': {
    fail: [[{ '/process/user/uid': -1 }, '/process/user/uid']],
    pass: [{ '/process/user/uid': 4294967295 }],
  },
  'unknown-field': { fail: [[{ '/procss': {} }, '/procss']], pass: [{ '/process/terminal': false }] },
  'int-syntax': {
    fail: [
      [textReplacing(linuxBase(), '"uid":0', '"uid":1e3'), '/process/user/uid'],
      [textReplacing(linuxBase(), '"gid":0', '"gid":1000.0'), '/process/user/gid'],
      [textReplacing(linuxBase(), '"gid":0', '"gid":-0'), '/process/user/gid'],
    ],
    pass: [textReplacing(linuxBase(), '"uid":0', '"uid":1000'), { '/process/user/uid': 1000 }],
  },
  'ambiguous-key': {
    fail: [
      [textWith(linuxBase(), '"hostname":"d"'), '/hostname'],
      [textWith(linuxBase(), '"Process":{"cwd":"/x"}'), '/process'],
      [textReplacing(linuxBase(), '"process":', '"proceſs":'), '/process'],
    ],
    pass: [textWith(linuxBase(), '"annotations":{"a":"1","A":"2"}'), { '/hostname': 'd' }],
  },
  'invalid-utf8': {
    fail: [[bytesWithInvalidUtf8(linuxBase(), '"hostname":"c', '"hostname":"c'), '/hostname']],
    pass: [textReplacing(linuxBase(), '"hostname":"c"', '"hostname":"é"')],
  },
  'field-required': {
    fail: [
      [{ '/process/rlimits': [{ type: 'RLIMIT_NOFILE', soft: 1 }] }, '/process/rlimits/0/hard'],
      [{ '/process/user/uid': undefined }, '/process/user/uid'],
      [{ '/linux/namespaces/5': { path: '/proc/1/ns/cgroup' } }, '/linux/namespaces/5/type'],
      [{ '/linux/devices': [{ path: '/dev/x', type: 'c', major: 1 }] }, '/linux/devices/0/minor'],
      [{ '/linux/resources/devices': [{ access: 'rwm' }] }, '/linux/resources/devices/0/allow'],
      [{ '/linux/uidMappings': [{ hostID: 1, size: 1 }] }, '/linux/uidMappings/0/containerID'],
      [
        { '/linux/seccomp': { defaultAction: 'SCMP_ACT_ALLOW', syscalls: [{ names: ['read'] }] } },
        '/linux/seccomp/syscalls/0/action',
      ],
      [{ '/process/consoleSize': { height: 1 }, '/process/terminal': true }, '/process/consoleSize/width'],
    ],
    pass: [
      { '/process/rlimits': [{ type: 'RLIMIT_NOFILE', soft: 1, hard: 1 }] },
      { '/linux/devices': [{ path: '/dev/p', type: 'p' }] },
      { '/linux/resources/devices': [{ allow: false, access: 'rwm' }] },
    ],
  },
  'string-nul': {
    fail: [
      [{ '/process/env/1': 'A=1\u0000B=2' }, '/process/env/1'],
      [{ '/process/args/0': 'sh\u0000' }, '/process/args/0'],
      [{ '/process/cwd': '/tmp\u0000/x' }, '/process/cwd'],
      [{ '/hostname': 'a\u0000b' }, '/hostname'],
      [mount({ options: ['mode=755\u0000'] }), '/mounts/1/options/0'],
      [{ '/linux/sysctl': { 'net.ipv4.ip_forward\u0000': '1' } }, '/linux/sysctl/net.ipv4.ip_forward\u0000'],
    ],
    pass: [{ '/annotations': { 'com.example.blob': 'a\u0000b' } }, { '/process/env/1': 'A=1' }],
  },
  'oci-version-required': {
    fail: [[{ '/ociVersion': undefined }, '/ociVersion']],
    pass: [{ '/ociVersion': '1.0.0' }],
  },
  'oci-version-semver': {
    fail: [[{ '/ociVersion': '1.3' }, '/ociVersion']],
    pass: [{ '/ociVersion': '1.3.0-rc.1+x' }],
  },
  'oci-version-unsupported': {
    fail: [[{ '/ociVersion': '2.0.0' }, '/ociVersion']],
    pass: [{ '/ociVersion': '1.2.1' }],
  },
  'windows-section-required': {
    base: W,
    options: win,
    fail: [[{ '/windows': undefined }, '/windows']],
    pass: [{}],
  },
  'root-required': { fail: [[{ '/root': undefined }, '/root']], pass: [{ '/root': { path: '/r/rootfs' } }] },
  'root-hyperv': {
    base: W,
    options: win,
    fail: [[{ '/windows/hyperv': {} }, '/root']],
    pass: [{ '/windows/hyperv': {}, '/root': undefined }],
  },
  'root-path-required': { fail: [[{ '/root/path': '' }, '/root/path']], pass: [{ '/root/path': 'rootfs' }] },
  'root-path-windows': {
    base: W,
    options: win,
    fail: [[{ '/root/path': 'C:\\rootfs' }, '/root/path']],
    pass: [{}],
  },
  'root-readonly-windows': {
    base: W,
    options: win,
    fail: [[{ '/root/readonly': true }, '/root/readonly']],
    pass: [{ '/root/readonly': false }],
  },
  'root-path-name': {
    fail: [[{ '/root/path': '/var/root' }, '/root/path']],
    pass: [{ '/root/path': '/var/x/rootfs/' }],
  },
  'process-missing': { fail: [[{ '/process': undefined }, '/process']], pass: [{}] },
  'console-size-ignored': {
    fail: [[{ '/process/consoleSize': { height: 25, width: 80 } }, '/process/consoleSize']],
    pass: [{ '/process/consoleSize': { height: 25, width: 80 }, '/process/terminal': true }],
  },
  'args-empty': {
    fail: [[{ '/process/args': [] }, '/process/args']],
    pass: [{ '/process/args': ['/bin/true'] }],
  },
  'args-missing': {
    fail: [[{ '/process/args': undefined }, '/process/args']],
    pass: [{ '/process/args': ['x'] }],
  },
  'cwd-absolute': {
    fail: [
      [{ '/process/cwd': 'work' }, '/process/cwd'],
      [{ '/process/cwd': undefined }, '/process/cwd'],
    ],
    pass: [{ '/process/cwd': '/work' }],
  },
  'env-format': {
    fail: [[{ '/process/env/1': 'NOVALUE' }, '/process/env/1']],
    pass: [{ '/process/env/1': 'EMPTY=' }],
  },
  'env-key-portable': {
    fail: [[{ '/process/env/1': 'a.b=1' }, '/process/env/1']],
    pass: [{ '/process/env/1': 'A_B=1' }],
  },
  'env-duplicate': {
    fail: [[{ '/process/env/1': 'PATH=/x' }, '/process/env/1']],
    pass: [{ '/process/env/1': 'P=/x' }],
  },
  'capability-unknown': {
    fail: [[caps({ bounding: ['CAP_SYS_ADMN'] }), '/process/capabilities/bounding/0']],
    pass: [caps({ bounding: ['CAP_SYS_ADMIN'] })],
  },
  'capability-duplicate': {
    fail: [[caps({ bounding: ['CAP_KILL', 'CAP_KILL'] }), '/process/capabilities/bounding/1']],
    pass: [caps({ bounding: ['CAP_KILL'], effective: ['CAP_KILL'], permitted: ['CAP_KILL'] })],
  },
  'capability-effective-permitted': {
    fail: [[caps({ effective: ['CAP_KILL'], permitted: [] }), '/process/capabilities/effective/0']],
    pass: [caps({ effective: ['CAP_KILL'], permitted: ['CAP_KILL'] })],
  },
  'capability-ambient': {
    fail: [[caps({ permitted: ['CAP_KILL'], ambient: ['CAP_KILL'] }), '/process/capabilities/ambient/0']],
    pass: [caps({ permitted: ['CAP_KILL'], inheritable: ['CAP_KILL'], ambient: ['CAP_KILL'] })],
  },
  'rlimit-type-unknown': {
    fail: [[{ '/process/rlimits': [{ type: 'RLIMIT_FOO', soft: 1, hard: 1 }] }, '/process/rlimits/0/type']],
    pass: [{ '/process/rlimits': [{ type: 'RLIMIT_RTTIME', soft: 1, hard: 1 }] }],
  },
  'rlimit-duplicate': {
    fail: [
      [
        { '/process/rlimits': [1, 2].map(() => ({ type: 'RLIMIT_CORE', soft: 1, hard: 1 })) },
        '/process/rlimits/1/type',
      ],
    ],
    pass: [{ '/process/rlimits': ['RLIMIT_CORE', 'RLIMIT_AS'].map((type) => ({ type, soft: 1, hard: 1 })) }],
  },
  'rlimit-soft-hard': {
    fail: [[{ '/process/rlimits': [{ type: 'RLIMIT_CORE', soft: 2, hard: 1 }] }, '/process/rlimits/0/soft']],
    pass: [{ '/process/rlimits': [{ type: 'RLIMIT_CORE', soft: 1, hard: 1 }] }],
  },
  'oom-score-adj-range': {
    fail: [[{ '/process/oomScoreAdj': 1001 }, '/process/oomScoreAdj']],
    pass: [{ '/process/oomScoreAdj': -1000 }],
  },
  'umask-range': {
    fail: [[{ '/process/user/umask': 512 }, '/process/user/umask']],
    pass: [{ '/process/user/umask': 511 }],
  },
  'selinux-label': {
    fail: [[{ '/process/selinuxLabel': 'container_t' }, '/process/selinuxLabel']],
    pass: [{ '/process/selinuxLabel': 'system_u:system_r:container_t:s0:c1,c2' }],
  },
  'scheduler-policy': {
    fail: [[{ '/process/scheduler': { policy: 'SCHED_FAST' } }, '/process/scheduler/policy']],
    pass: [{ '/process/scheduler': { policy: 'SCHED_BATCH' } }],
  },
  'scheduler-nice': {
    fail: [[{ '/process/scheduler': { policy: 'SCHED_OTHER', nice: 20 } }, '/process/scheduler/nice']],
    pass: [{ '/process/scheduler': { policy: 'SCHED_OTHER', nice: -20 } }],
  },
  'scheduler-priority': {
    fail: [
      [{ '/process/scheduler': { policy: 'SCHED_FIFO', priority: 100 } }, '/process/scheduler/priority'],
    ],
    pass: [{ '/process/scheduler': { policy: 'SCHED_RR', priority: 99 } }],
  },
  'scheduler-deadline': {
    fail: [
      [{ '/process/scheduler': { policy: 'SCHED_DEADLINE', runtime: 2, deadline: 1 } }, '/process/scheduler'],
    ],
    pass: [{ '/process/scheduler': { policy: 'SCHED_DEADLINE', runtime: 1, deadline: 2, period: 3 } }],
  },
  'io-priority': {
    fail: [
      [{ '/process/ioPriority': { class: 'IOPRIO_CLASS_BE', priority: 8 } }, '/process/ioPriority/priority'],
    ],
    pass: [{ '/process/ioPriority': { class: 'IOPRIO_CLASS_IDLE', priority: 7 } }],
  },
  'exec-cpu-affinity': {
    fail: [[{ '/process/execCPUAffinity': { final: '3-1' } }, '/process/execCPUAffinity/final']],
    pass: [{ '/process/execCPUAffinity': { initial: '7', final: '0-3, 7' } }],
  },
  'mount-destination-required': {
    fail: [[mount({ destination: '' }), '/mounts/1/destination']],
    pass: [mount({ destination: '/y' })],
  },
  'mount-destination-absolute': {
    fail: [[mount({ destination: 'data' }), '/mounts/1/destination']],
    pass: [mount({ destination: '/data' })],
  },
  'mount-destination-absolute-required': {
    options: { platform: 'solaris/amd64' },
    fail: [[mount({ destination: 'opt' }), '/mounts/1/destination']],
    pass: [mount({ destination: '/opt' })],
  },
  'mount-destination-windows': {
    base: W,
    options: win,
    fail: [[{ '/mounts': [{ destination: 'data', source: 'C:\\d' }] }, '/mounts/0/destination']],
    pass: [{ '/mounts': [{ destination: 'C:\\data', source: 'C:\\d' }] }],
  },
  'mount-nested-windows': {
    base: W,
    options: win,
    fail: [
      [
        {
          '/mounts': [{ destination: 'C:\\a' }, { destination: 'c:/A/b' }].map((m) => ({
            ...m,
            source: 'C:\\s',
          })),
        },
        '/mounts/1/destination',
      ],
    ],
    pass: [
      {
        '/mounts': [{ destination: 'C:\\a' }, { destination: 'C:\\ab' }].map((m) => ({
          ...m,
          source: 'C:\\s',
        })),
      },
    ],
  },
  'mount-shadowed': {
    fail: [[mount({ destination: '/proc/..' }), '/mounts/1/destination']],
    pass: [mount({ destination: '/proc/sys/x' })],
  },
  'mount-option-unknown': {
    fail: [[mount({ options: ['nosuid', 'huge=always', 'bogus'] }), '/mounts/1/options/2']],
    pass: [mount({ options: ['nosuid', 'huge=always'] })],
  },
  'mount-option-value': {
    fail: [[mount({ options: ['mode=999'] }), '/mounts/1/options/0']],
    pass: [mount({ options: ['mode=1777'] })],
  },
  'mount-option-conflict': {
    fail: [[mount({ options: ['ro', 'rw'] }), '/mounts/1/options/0']],
    pass: [mount({ options: ['ro'] })],
  },
  'mount-bind-source': {
    fail: [[mount({ type: 'none', source: '', options: ['rbind'] }), '/mounts/1/source']],
    pass: [mount({ type: 'none', source: '/data', options: ['rbind'] })],
  },
  'mount-idmap': {
    fail: [
      [mount({ uidMappings: [{ containerID: 0, hostID: 1, size: 1 }], options: ['idmap'] }), '/mounts/1'],
    ],
    pass: [
      mount({
        uidMappings: [{ containerID: 0, hostID: 1, size: 1 }],
        gidMappings: [{ containerID: 0, hostID: 1, size: 1 }],
        options: ['idmap'],
      }),
    ],
  },
  'mount-idmap-userns': {
    fail: [[mount({ type: 'none', source: '/d', options: ['rbind', 'ridmap'] }), '/mounts/1/options/1']],
    pass: [
      {
        ...mount({ type: 'none', source: '/d', options: ['rbind', 'ridmap'] }),
        '/linux/namespaces/5': { type: 'user' },
        '/linux/uidMappings': [{ containerID: 0, hostID: 1000, size: 1 }],
        '/linux/gidMappings': [{ containerID: 0, hostID: 1000, size: 1 }],
      },
    ],
  },
  'mount-idmap-option': {
    fail: [
      [
        mount({
          uidMappings: [{ containerID: 0, hostID: 1, size: 1 }],
          gidMappings: [{ containerID: 0, hostID: 1, size: 1 }],
        }),
        '/mounts/1',
      ],
    ],
    pass: [
      mount({
        uidMappings: [{ containerID: 0, hostID: 1, size: 1 }],
        gidMappings: [{ containerID: 0, hostID: 1, size: 1 }],
        options: ['ridmap'],
      }),
    ],
  },
  'hook-path-absolute': {
    fail: [[hook('startContainer', { path: 'x' }), '/hooks/startContainer/0/path']],
    pass: [hook('startContainer', { path: '/x' })],
  },
  'hook-env-format': {
    fail: [[hook('poststop', { path: '/x', env: ['=1'] }), '/hooks/poststop/0/env/0']],
    pass: [hook('poststop', { path: '/x', env: ['A=1'] })],
  },
  'hook-timeout': {
    fail: [[hook('createRuntime', { path: '/x', timeout: 0 }), '/hooks/createRuntime/0/timeout']],
    pass: [hook('createRuntime', { path: '/x', timeout: 1 })],
  },
  'hook-prestart-deprecated': {
    fail: [[hook('prestart', { path: '/x' }), '/hooks/prestart']],
    pass: [hook('createRuntime', { path: '/x' }), { '/hooks/prestart': [] }],
  },
  'annotation-key-empty': {
    fail: [[{ '/annotations': { '': 'v' } }, '/annotations/']],
    pass: [{ '/annotations': { 'a.b': '' } }],
  },
  'annotation-reserved': {
    fail: [[{ '/annotations': { 'org.opencontainers.foo': 'v' } }, '/annotations/org.opencontainers.foo']],
    pass: [{ '/annotations': { 'org.opencontainers.image.os': 'linux' } }],
  },
  'annotation-key-format': {
    fail: [[{ '/annotations': { key: 'v' } }, '/annotations/key']],
    pass: [{ '/annotations': { 'io.x/key': 'v' } }],
  },
  'annotation-image-value': {
    fail: [
      [
        { '/annotations': { 'org.opencontainers.image.created': '2024-13-01' } },
        '/annotations/org.opencontainers.image.created',
      ],
      [
        { '/annotations': { 'org.opencontainers.image.stopSignal': 'TERM' } },
        '/annotations/org.opencontainers.image.stopSignal',
      ],
      [{ '/annotations': { 'org.opencontainers.image.os': '' } }, '/annotations/org.opencontainers.image.os'],
    ],
    pass: [
      {
        '/annotations': {
          'org.opencontainers.image.created': '2024-12-01T10:00:00.5+02:00',
          'org.opencontainers.image.stopSignal': '15',
          'org.opencontainers.image.architecture': 'arm64',
        },
      },
    ],
  },
  'annotation-image-unlisted': {
    fail: [
      [
        { '/annotations': { 'org.opencontainers.image.title': 'x' } },
        '/annotations/org.opencontainers.image.title',
      ],
    ],
    pass: [{ '/annotations': { 'org.opencontainers.image.variant': 'v8' } }],
  },
  'hostname-length': {
    fail: [
      [{ '/hostname': 'h'.repeat(65) }, '/hostname'],
      [{ '/domainname': 'é'.repeat(33) }, '/domainname'],
    ],
    pass: [{ '/hostname': 'h'.repeat(64) }, { '/domainname': 'é'.repeat(32) }],
  },
  'namespace-type-unknown': {
    fail: [[{ '/linux/namespaces/5': { type: 'net' } }, '/linux/namespaces/5/type']],
    pass: [{ '/linux/namespaces/5': { type: 'cgroup' } }],
  },
  'namespace-duplicate': {
    fail: [[{ '/linux/namespaces/5': { type: 'pid' } }, '/linux/namespaces/5/type']],
    pass: [{ '/linux/namespaces/5': { type: 'time' } }],
  },
  'namespace-path-absolute': {
    fail: [[netns('netns/a'), '/linux/namespaces/4/path']],
    pass: [netns('/run/netns/a')],
  },
  'namespace-path-type': {
    fail: [
      [netns('/proc/1/ns/pid'), '/linux/namespaces/4/path'],
      [netns('/proc//self/task/12/ns/../ns/mnt'), '/linux/namespaces/4/path'],
      [netns('/proc/1/ns/bogus'), '/linux/namespaces/4/path'],
    ],
    pass: [netns('/proc/1/ns/net'), netns('/proc/thread-self/ns/net'), netns('/run/netns/pid')],
  },
  'paths-mount-namespace': {
    fail: [[{ '/linux/namespaces/1': { type: 'cgroup' } }, '/linux/namespaces']],
    pass: [{ '/linux/namespaces/1': { type: 'mount', path: '/proc/5/ns/mnt' } }],
  },
  'idmapping-userns': {
    fail: [[{ '/linux/uidMappings': [{ containerID: 0, hostID: 1, size: 1 }] }, '/linux/uidMappings']],
    pass: [
      {
        '/linux/uidMappings': [{ containerID: 0, hostID: 1, size: 1 }],
        '/linux/namespaces/5': { type: 'user' },
      },
    ],
  },
  'idmapping-range': {
    fail: [
      [
        {
          '/linux/namespaces/5': { type: 'user' },
          '/linux/uidMappings': [{ containerID: 0, hostID: 1, size: 0 }],
        },
        '/linux/uidMappings/0',
      ],
      [
        {
          '/linux/namespaces/5': { type: 'user' },
          '/linux/gidMappings': [{ containerID: 0, hostID: 4294967295, size: 2 }],
        },
        '/linux/gidMappings/0',
      ],
    ],
    pass: [
      {
        '/linux/namespaces/5': { type: 'user' },
        '/linux/uidMappings': [{ containerID: 0, hostID: 4294967295, size: 1 }],
      },
    ],
  },
  'idmapping-overlap': {
    fail: [
      [
        {
          '/linux/namespaces/5': { type: 'user' },
          '/linux/uidMappings': [
            { containerID: 0, hostID: 1000, size: 10 },
            { containerID: 5, hostID: 5000, size: 10 },
          ],
        },
        '/linux/uidMappings/1',
      ],
      [
        mount({
          options: ['idmap'],
          uidMappings: [
            { containerID: 0, hostID: 1000, size: 10 },
            { containerID: 100, hostID: 1009, size: 1 },
          ],
          gidMappings: [{ containerID: 0, hostID: 1000, size: 10 }],
        }),
        '/mounts/1/uidMappings/1',
      ],
    ],
    pass: [
      {
        '/linux/namespaces/5': { type: 'user' },
        '/linux/uidMappings': [
          { containerID: 0, hostID: 1000, size: 10 },
          { containerID: 10, hostID: 1010, size: 10 },
        ],
      },
    ],
  },
  'idmapping-count': {
    fail: [
      [
        {
          '/linux/namespaces/5': { type: 'user' },
          '/linux/uidMappings': Array.from({ length: 341 }, (_, i) => ({
            containerID: i,
            hostID: 1000 + i,
            size: 1,
          })),
        },
        '/linux/uidMappings',
      ],
    ],
    pass: [
      {
        '/linux/namespaces/5': { type: 'user' },
        '/linux/uidMappings': Array.from({ length: 340 }, (_, i) => ({
          containerID: i,
          hostID: 1000 + i,
          size: 1,
        })),
      },
    ],
  },
  'sysctl-namespace': {
    fail: [
      [
        {
          '/linux/namespaces': ns('pid', 'mount', 'uts', 'network'),
          '/linux/sysctl': { 'kernel.shmmax': '1' },
        },
        '/linux/sysctl/kernel.shmmax',
      ],
    ],
    pass: [{ '/linux/sysctl': { 'kernel.shmmax': '1', 'net/ipv4/ip_forward': '1' } }],
  },
  'sysctl-not-namespaced': {
    fail: [[{ '/linux/sysctl': { 'vm.swappiness': '1' } }, '/linux/sysctl/vm.swappiness']],
    pass: [{ '/linux/sysctl': { 'fs.mqueue.msg_max': '10' } }],
  },
  'hostname-uts': {
    fail: [[{ '/linux/namespaces': ns('pid', 'mount', 'ipc', 'network') }, '/hostname']],
    pass: [{ '/linux/namespaces': ns('pid', 'mount', 'ipc', 'network'), '/hostname': undefined }],
  },
  'time-offsets-timens': {
    fail: [[{ '/linux/timeOffsets': { monotonic: { secs: 1 } } }, '/linux/timeOffsets']],
    pass: [{ '/linux/timeOffsets': { monotonic: { secs: 1 } }, '/linux/namespaces/5': { type: 'time' } }],
  },
  'time-offsets-clock': {
    fail: [
      [
        { '/linux/timeOffsets': { realtime: { secs: 1 } }, '/linux/namespaces/5': { type: 'time' } },
        '/linux/timeOffsets/realtime',
      ],
    ],
    pass: [{ '/linux/timeOffsets': { boottime: { secs: 1 } }, '/linux/namespaces/5': { type: 'time' } }],
  },
  'time-offsets-nanosecs': {
    fail: [
      [
        { '/linux/timeOffsets': { boottime: { nanosecs: 1e9 } }, '/linux/namespaces/5': { type: 'time' } },
        '/linux/timeOffsets/boottime/nanosecs',
      ],
    ],
    pass: [
      {
        '/linux/timeOffsets': { boottime: { nanosecs: 999999999 } },
        '/linux/namespaces/5': { type: 'time' },
      },
    ],
  },
  'masked-path-absolute': {
    fail: [[{ '/linux/maskedPaths/1': 'proc/x' }, '/linux/maskedPaths/1']],
    pass: [{ '/linux/maskedPaths/1': '/proc/x' }],
  },
  'readonly-path-absolute': {
    fail: [[{ '/linux/readonlyPaths/1': 'x' }, '/linux/readonlyPaths/1']],
    pass: [{ '/linux/readonlyPaths/1': '/x' }],
  },
  'device-path-absolute': {
    fail: [[device({ path: 'dev/x' }), '/linux/devices/0/path']],
    pass: [device({})],
  },
  'device-type': { fail: [[device({ type: 'a' }), '/linux/devices/0/type']], pass: [device({ type: 'u' })] },
  'device-number': {
    fail: [
      [device({ major: 4096 }), '/linux/devices/0/major'],
      [device({ type: 'p', major: 1, minor: 0 }), '/linux/devices/0'],
    ],
    pass: [device({ major: 4095, minor: 1048575 }), device({ type: 'p', major: 0, minor: 0 })],
  },
  'device-duplicate-path': {
    fail: [
      [
        { '/linux/devices': [1, 5].map((minor) => ({ path: '/dev/x', type: 'c', major: 1, minor })) },
        '/linux/devices/1/path',
      ],
    ],
    pass: [
      { '/linux/devices': ['/dev/x', '/dev/y'].map((path, minor) => ({ path, type: 'c', major: 1, minor })) },
    ],
  },
  'device-duplicate-number': {
    fail: [
      [
        { '/linux/devices': ['/dev/x', '/dev/y'].map((path) => ({ path, type: 'c', major: 1, minor: 3 })) },
        '/linux/devices/1',
      ],
    ],
    pass: [
      {
        '/linux/devices': ['/dev/x', '/dev/y'].map((path, i) => ({
          path,
          type: i === 0 ? 'c' : 'b',
          major: 1,
          minor: 3,
        })),
      },
    ],
  },
  'device-file-mode': {
    fail: [[device({ fileMode: 0o1666 }), '/linux/devices/0/fileMode']],
    pass: [device({ fileMode: 0o666 })],
  },
  'cgroups-path': {
    fail: [[{ '/linux/cgroupsPath': '/a/../b' }, '/linux/cgroupsPath']],
    pass: [{ '/linux/cgroupsPath': '/a/b' }],
  },
  'rootfs-propagation': {
    fail: [[{ '/linux/rootfsPropagation': 'recursive' }, '/linux/rootfsPropagation']],
    pass: [{ '/linux/rootfsPropagation': 'rslave' }],
  },
  'mount-label': {
    fail: [[{ '/linux/mountLabel': 'x' }, '/linux/mountLabel']],
    pass: [{ '/linux/mountLabel': 'system_u:object_r:container_file_t:s0' }],
  },
  'memory-reservation': {
    fail: [
      [
        { '/linux/resources/memory': { limit: 100, reservation: 200 } },
        '/linux/resources/memory/reservation',
      ],
    ],
    pass: [{ '/linux/resources/memory': { limit: 200, reservation: 100 } }],
  },
  'memory-swap': {
    fail: [[{ '/linux/resources/memory': { limit: 200, swap: 100 } }, '/linux/resources/memory/swap']],
    pass: [{ '/linux/resources/memory': { limit: 200, swap: -1 } }],
  },
  'memory-swappiness': {
    fail: [[{ '/linux/resources/memory/swappiness': 101 }, '/linux/resources/memory/swappiness']],
    pass: [{ '/linux/resources/memory/swappiness': 100 }],
  },
  'memory-limit-value': {
    fail: [[{ '/linux/resources/memory/limit': -2 }, '/linux/resources/memory/limit']],
    pass: [{ '/linux/resources/memory/limit': -1 }],
  },
  'memory-kernel': {
    fail: [[{ '/linux/resources/memory/kernelTCP': 1 }, '/linux/resources/memory/kernelTCP']],
    pass: [{ '/linux/resources/memory/limit': 1 }],
  },
  'device-cgroup-rule': {
    fail: [
      [
        { '/linux/resources/devices': [{ allow: true, type: 'c', access: 'rwx' }] },
        '/linux/resources/devices/0/access',
      ],
    ],
    pass: [{ '/linux/resources/devices': [{ allow: true, type: 'c', access: 'mr' }] }],
  },
  'device-cgroup-access': {
    fail: [[{ '/linux/resources/devices': [{ allow: false }] }, '/linux/resources/devices/0/access']],
    pass: [{ '/linux/resources/devices': [{ allow: false, access: 'rwm' }] }],
  },
  'blkio-weight': {
    fail: [[{ '/linux/resources/blockIO/weight': 5 }, '/linux/resources/blockIO/weight']],
    pass: [{ '/linux/resources/blockIO/weight': 10 }],
  },
  'blkio-weight-device': {
    fail: [
      [
        { '/linux/resources/blockIO/weightDevice': [{ major: 8, minor: 0 }] },
        '/linux/resources/blockIO/weightDevice/0',
      ],
    ],
    pass: [{ '/linux/resources/blockIO/weightDevice': [{ major: 8, minor: 0, leafWeight: 10 }] }],
  },
  'cpu-period': {
    fail: [[cpu({ period: 999 }), '/linux/resources/cpu/period']],
    pass: [cpu({ period: 1000000 })],
  },
  'cpu-quota': {
    fail: [
      [cpu({ quota: 999 }), '/linux/resources/cpu/quota'],
      [cpu({ quota: -2 }), '/linux/resources/cpu/quota'],
    ],
    pass: [cpu({ quota: -1 }), cpu({ quota: 1000 })],
  },
  'cpu-burst': {
    fail: [[cpu({ quota: 50000, burst: 50001 }), '/linux/resources/cpu/burst']],
    pass: [cpu({ quota: 50000, burst: 50000 }), cpu({ quota: -1, burst: 9e6 })],
  },
  'cpu-realtime': {
    fail: [
      [cpu({ realtimeRuntime: 1000001, realtimePeriod: 1000000 }), '/linux/resources/cpu/realtimeRuntime'],
    ],
    pass: [cpu({ realtimeRuntime: 950000, realtimePeriod: 1000000 })],
  },
  'cpu-idle': { fail: [[cpu({ idle: 2 }), '/linux/resources/cpu/idle']], pass: [cpu({ idle: 1 })] },
  'rdma-limit': {
    fail: [[{ '/linux/resources/rdma': { mlx5_1: {} } }, '/linux/resources/rdma/mlx5_1']],
    pass: [{ '/linux/resources/rdma': { mlx5_1: { hcaObjects: 10 } } }],
  },
  'cpuset-list': {
    fail: [[cpu({ cpus: '0-3,,5' }), '/linux/resources/cpu/cpus']],
    pass: [cpu({ cpus: '0-3,5', mems: '0' })],
  },
  'hugepage-size': {
    fail: [
      [
        { '/linux/resources/hugepageLimits': [{ pageSize: '2M', limit: 1 }] },
        '/linux/resources/hugepageLimits/0/pageSize',
      ],
    ],
    pass: [{ '/linux/resources/hugepageLimits': [{ pageSize: '64KB', limit: 1 }] }],
  },
  'unified-key': {
    fail: [[{ '/linux/resources/unified': { memory: '1' } }, '/linux/resources/unified/memory']],
    pass: [{ '/linux/resources/unified': { 'memory.high': '1' } }],
  },
  'seccomp-default-action': {
    fail: [[seccomp({ defaultAction: 'SCMP_ACT_DENY', syscalls: [allow] }), '/linux/seccomp/defaultAction']],
    pass: [seccomp({ defaultAction: 'SCMP_ACT_KILL_PROCESS', syscalls: [allow] })],
  },
  'seccomp-action': {
    fail: [
      [
        seccomp({ syscalls: [allow, { names: ['mount'], action: 'SCMP_ACT_DENY' }] }),
        '/linux/seccomp/syscalls/1/action',
      ],
    ],
    pass: [seccomp({ syscalls: [allow, { names: ['mount'], action: 'SCMP_ACT_TRAP' }] })],
  },
  'seccomp-architecture': {
    fail: [
      [seccomp({ architectures: ['SCMP_ARCH_AMD64'], syscalls: [allow] }), '/linux/seccomp/architectures/0'],
    ],
    pass: [seccomp({ architectures: ['SCMP_ARCH_X86_64', 'SCMP_ARCH_X32'], syscalls: [allow] })],
  },
  'seccomp-flag': {
    fail: [
      [
        seccomp({ flags: ['SECCOMP_FILTER_FLAG_TSYNC', 'TSYNC'], syscalls: [allow] }),
        '/linux/seccomp/flags/1',
      ],
    ],
    pass: [seccomp({ flags: ['SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV'], syscalls: [allow] })],
  },
  'seccomp-syscall-names': {
    fail: [
      [
        seccomp({ syscalls: [allow, { names: [], action: 'SCMP_ACT_ERRNO' }] }),
        '/linux/seccomp/syscalls/1/names',
      ],
    ],
    pass: [seccomp({ syscalls: [allow] })],
  },
  'seccomp-syscall-unknown': {
    fail: [
      [
        seccomp({ syscalls: [{ names: ['read', 'reed'], action: 'SCMP_ACT_ALLOW' }] }),
        '/linux/seccomp/syscalls/0/names/1',
      ],
    ],
    pass: [seccomp({ syscalls: [{ names: ['read', 'clone3'], action: 'SCMP_ACT_ALLOW' }] })],
  },
  'seccomp-syscall-arch': {
    fail: [
      [
        seccomp({ syscalls: [allow, { names: ['arm_fadvise64_64'], action: 'SCMP_ACT_ALLOW' }] }),
        '/linux/seccomp/syscalls/1/names',
      ],
    ],
    pass: [
      seccomp({
        architectures: ['SCMP_ARCH_AARCH64'],
        syscalls: [{ names: ['read', 'arm_fadvise64_64'], action: 'SCMP_ACT_ALLOW' }],
      }),
    ],
  },
  'seccomp-arg': {
    fail: [
      [
        seccomp({ syscalls: [{ ...allow, args: [{ index: 6, value: 1, op: 'SCMP_CMP_EQ' }] }] }),
        '/linux/seccomp/syscalls/0/args/0/index',
      ],
    ],
    pass: [seccomp({ syscalls: [{ ...allow, args: [{ index: 5, value: 1, op: 'SCMP_CMP_MASKED_EQ' }] }] })],
  },
  'seccomp-errno-ret': {
    fail: [[seccomp({ syscalls: [{ ...allow, errnoRet: 1 }] }), '/linux/seccomp/syscalls/0/errnoRet']],
    pass: [
      seccomp({
        defaultErrnoRet: 38,
        syscalls: [allow, { names: ['mount'], action: 'SCMP_ACT_TRACE', errnoRet: 1 }],
      }),
    ],
  },
  'seccomp-listener': {
    fail: [
      [
        seccomp({ syscalls: [allow, { names: ['mount'], action: 'SCMP_ACT_NOTIFY' }] }),
        '/linux/seccomp/syscalls/1/action',
      ],
    ],
    pass: [
      seccomp({
        listenerPath: '/run/agent.sock',
        syscalls: [allow, { names: ['mount'], action: 'SCMP_ACT_NOTIFY' }],
      }),
    ],
  },
  'seccomp-listener-metadata': {
    fail: [[seccomp({ listenerMetadata: 'x', syscalls: [allow] }), '/linux/seccomp/listenerMetadata']],
    pass: [seccomp({ listenerMetadata: 'x', listenerPath: '/run/a.sock', syscalls: [allow] })],
  },
  'seccomp-allows-nothing': {
    fail: [
      [seccomp({ defaultAction: 'SCMP_ACT_KILL' }), '/linux/seccomp/defaultAction'],
      [
        seccomp({ syscalls: [{ names: ['mount'], action: 'SCMP_ACT_KILL_THREAD' }] }),
        '/linux/seccomp/defaultAction',
      ],
    ],
    pass: [seccomp({ syscalls: [allow] }), seccomp({ defaultAction: 'SCMP_ACT_LOG' })],
  },
  'intel-rdt-closid': {
    fail: [[rdt({ closID: 'a/b' }), '/linux/intelRdt/closID']],
    pass: [rdt({ closID: '/' }), rdt({ closID: 'gold' })],
  },
  'intel-rdt-mb-schema': {
    fail: [
      [rdt({ memBwSchema: 'L3:0=20' }), '/linux/intelRdt/memBwSchema'],
      [rdt({ memBwSchema: 'MB:0=20\nL3:0=f' }), '/linux/intelRdt/memBwSchema'],
    ],
    pass: [rdt({ memBwSchema: 'MB:0=20;1=70' })],
  },
  'intel-rdt-l3-schema': {
    fail: [[rdt({ l3CacheSchema: '0=7f0' }), '/linux/intelRdt/l3CacheSchema']],
    pass: [rdt({ l3CacheSchema: 'L3:0=7f0;1=1f' })],
  },
  'intel-rdt-schemata': {
    fail: [[rdt({ schemata: ['L3:0=7f0', 'L2:0=f\nMB:0=20'] }), '/linux/intelRdt/schemata/1']],
    pass: [rdt({ schemata: ['L3:0=7f0', 'MB:0=20'] })],
  },
  'personality-domain': {
    fail: [[{ '/linux/personality': { domain: 'LINUX64' } }, '/linux/personality/domain']],
    pass: [{ '/linux/personality': { domain: 'LINUX32' } }],
  },
  'personality-flags': {
    fail: [
      [
        { '/linux/personality': { domain: 'LINUX', flags: ['ADDR_NO_RANDOMIZE'] } },
        '/linux/personality/flags',
      ],
    ],
    pass: [{ '/linux/personality': { domain: 'LINUX', flags: [] } }],
  },
  'memory-policy': {
    fail: [
      [mpol({ mode: 'MPOL_BIND' }), '/linux/memoryPolicy/nodes'],
      [mpol({ mode: 'MPOL_LOCAL', nodes: '0' }), '/linux/memoryPolicy/nodes'],
      [
        mpol({ mode: 'MPOL_BIND', nodes: '0', flags: ['MPOL_F_STATIC_NODES', 'MPOL_F_RELATIVE_NODES'] }),
        '/linux/memoryPolicy/flags',
      ],
      [
        mpol({ mode: 'MPOL_INTERLEAVE', nodes: '0-1', flags: ['MPOL_F_NUMA_BALANCING'] }),
        '/linux/memoryPolicy/flags',
      ],
    ],
    pass: [
      mpol({ mode: 'MPOL_BIND', nodes: '0-1', flags: ['MPOL_F_NUMA_BALANCING'] }),
      mpol({ mode: 'MPOL_PREFERRED' }),
      mpol({ mode: 'MPOL_DEFAULT' }),
    ],
  },
  'net-device-name': {
    fail: [[{ '/linux/netDevices': { 'eth/0': {} } }, '/linux/netDevices/eth~10']],
    pass: [{ '/linux/netDevices': { eth0: { name: 'ctr0' } } }],
  },
  'net-device-duplicate': {
    fail: [
      [{ '/linux/netDevices': { eth0: { name: 'net0' }, eth1: { name: 'net0' } } }, '/linux/netDevices/eth1'],
      [{ '/linux/netDevices': { eth0: { name: 'lo' } } }, '/linux/netDevices/eth0'],
    ],
    pass: [{ '/linux/netDevices': { eth0: { name: 'net%d' }, eth1: { name: 'net%d' } } }],
  },
  'net-device-netns': {
    fail: [
      [
        { '/linux/netDevices': { eth0: {} }, '/linux/namespaces': ns('pid', 'mount', 'ipc', 'uts') },
        '/linux/netDevices',
      ],
    ],
    pass: [{ '/linux/netDevices': { eth0: {} } }],
  },
  'windows-layer-folders': {
    base: W,
    options: win,
    fail: [[{ '/windows/layerFolders': [] }, '/windows/layerFolders']],
    pass: [{}],
  },
  'windows-cpu-exclusive': {
    base: W,
    options: win,
    fail: [[{ '/windows/resources/cpu': { count: 2, maximum: 5000 } }, '/windows/resources/cpu']],
    pass: [{ '/windows/resources/cpu': { count: 2 } }],
  },
  'windows-cpu-range': {
    base: W,
    options: win,
    fail: [[{ '/windows/resources/cpu': { shares: 10001 } }, '/windows/resources/cpu/shares']],
    pass: [{ '/windows/resources/cpu': { shares: 10000 } }],
  },
  'windows-network-namespace': {
    base: W,
    options: win,
    fail: [
      [
        { '/windows/network': { networkNamespace: 'a', endpointList: ['e'] } },
        '/windows/network/networkNamespace',
      ],
    ],
    pass: [
      { '/windows/network': { networkNamespace: 'a', endpointList: [] } },
      { '/windows/network': { endpointList: ['e'] } },
    ],
  },
  'capability-host': {
    options: onHost,
    fail: [[caps({ bounding: ['CAP_KILL', 'CAP_BPF'] }), '/process/capabilities/bounding/1']],
    pass: [caps({ bounding: ['CAP_AUDIT_READ'] })],
  },
  'mount-type-host': {
    options: onHost,
    fail: [[mount({ type: 'btrfs', source: '/dev/sdb' }), '/mounts/1/type']],
    pass: [mount({ type: 'ext4', source: '/dev/sdb' })],
  },
  'root-path-host': {
    options: onHost,
    fail: [[{ '/root/path': 'missing' }, '/root/path']],
    pass: [{ '/root/path': '/bundle/rootfs' }],
  },
  'device-rootfs-mismatch': {
    options: onHost,
    fail: [[device({ path: '/dev/sda', type: 'b', major: 8, minor: 0 }), '/linux/devices/0']],
    pass: [device({ path: '/dev/sda', type: 'c', major: 8, minor: 0 }), device({ path: '/dev/absent' })],
  },
  'hook-executable': {
    options: onHost,
    fail: [
      [hook('createRuntime', { path: '/usr/bin/not-exec' }), '/hooks/createRuntime/0/path'],
      [hook('startContainer', { path: '/usr/bin/hook' }), '/hooks/startContainer/0/path'],
    ],
    pass: [
      hook('poststop', { path: '/usr/bin/hook' }),
      hook('startContainer', { path: '/usr/bin/in-container' }),
    ],
  },
  'namespace-path-host': {
    options: onHost,
    fail: [
      [netns('/run/netns/missing'), '/linux/namespaces/4/path'],
      [netns('/run/netns/plain-file'), '/linux/namespaces/4/path'],
    ],
    pass: [netns('/run/netns/a')],
  },
  'unified-controller-host': {
    options: onHost,
    fail: [[{ '/linux/resources/unified': { 'io.max': '8:0 rbps=1' } }, '/linux/resources/unified/io.max']],
    pass: [{ '/linux/resources/unified': { 'memory.high': '1', 'cgroup.freeze': '0' } }],
  },
  'hugepage-size-host': {
    options: onHost,
    fail: [
      [
        { '/linux/resources/hugepageLimits': [{ pageSize: '1GB', limit: 1 }] },
        '/linux/resources/hugepageLimits/0/pageSize',
      ],
    ],
    pass: [{ '/linux/resources/hugepageLimits': [{ pageSize: '2MB', limit: 1 }] }],
  },
  'net-priority-host': {
    options: onHost,
    fail: [
      [
        { '/linux/resources/network': { priorities: [{ name: 'eth9', priority: 1 }] } },
        '/linux/resources/network/priorities/0/name',
      ],
    ],
    pass: [{ '/linux/resources/network': { priorities: [{ name: 'eth0', priority: 1 }] } }],
  },
  'net-device-host': {
    options: onHost,
    fail: [[{ '/linux/netDevices': { eth0: {}, eth7: { name: 'net1' } } }, '/linux/netDevices/eth7']],
    pass: [{ '/linux/netDevices': { eth0: { name: 'net0' } } }],
  },
  'intel-rdt-host': { options: onHost, fail: [[rdt({ closID: 'gold' }), '/linux/intelRdt']], pass: [{}] },
  'host-platform-mismatch': {
    options: { ...win, host, hostSpecific: true },
    passOptions: onHost,
    fail: [[{}, '']],
    pass: [{}],
  },
};

const options = (c: RuleCases): ValidateOptions => ({ ...(c.options ?? {}) });
const at = (spec: unknown, o: ValidateOptions) => validateSpec(spec, o).findings;

describe('every validation rule has failing and passing cases', () => {
  it('covers every rule of the table, each with at least one failing and one passing case', () => {
    expect(Object.keys(validationRules).filter((id) => !(id in cases))).toEqual([]);
    const thin = Object.entries(cases).filter(([, c]) => c.fail.length === 0 || c.pass.length === 0);
    expect(thin.map(([id]) => id)).toEqual([]);
  });

  it('starts from bases that draw no finding', () => {
    expect(at(linuxBase(), {})).toEqual([]);
    expect(at(windowsBase(), win)).toEqual([]);
    expect(at(linuxBase(), onHost)).toEqual([]);
  });

  const failing = Object.entries(cases).flatMap(([rule, c]) =>
    c.fail.map(([patch, pointer], i) => [rule, i, patch, pointer, c] as const),
  );
  it.each(failing)('%s: failing case %i is reported at its pointer', (rule, _i, patch, pointer, c) => {
    const spec = caseInput((c.base ?? linuxBase)(), patch);
    const found = at(spec, options(c)).filter((f) => f.rule === rule);
    const info = validationRules[rule as ValidationRuleId];
    expect(found.map((f) => `${f.severity} ${f.pointer}`)).toContain(`${info.severity} ${pointer}`);
    expect(found.every((f) => f.message.length > 0 && !f.message.includes('undefined'))).toBe(true);
  });

  const passing = Object.entries(cases).flatMap(([rule, c]) =>
    c.pass.map((patch, i) => [rule, i, patch, c] as const),
  );
  it.each(passing)('%s: passing case %i draws no finding of the rule', (rule, _i, patch, c) => {
    const spec = caseInput((c.base ?? linuxBase)(), patch);
    expect(at(spec, c.passOptions ?? options(c)).filter((f) => f.rule === rule)).toEqual([]);
  });
});
