/**
 * containerd's internal/cri/server/container_create_linux_test.go and container_create_test.go, ported as
 * behaviour: the same inputs through `containerSpec`, the same assertions.
 */
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { applyOpts, createContext } from '@ocispec/core';
import { defaultUnixSpec, knownCapabilities } from '@ocispec/linux';
import { hostDevices } from '@ocispec/linux/internal';
import { describe, expect, it } from 'vitest';
import { linuxContainerMounts } from '../src/container/mounts.js';
import type { ContainerSpecInput, CriStep } from '../src/index.js';
import {
  CONTAINER_PLATFORM_STEPS,
  containerSpec,
  containerSpecSteps,
  cri,
  fakeCriHost,
  parseContainerSpecInput,
  withCriHostFacts,
} from '../src/index.js';
import { checkMount, fake, linuxSpecCheck, linuxTestInput, testPid } from './helpers.js';

const allCaps = knownCapabilities;
type SC = NonNullable<NonNullable<ContainerSpecInput['config']['linux']>['securityContext']>;
type Userns = NonNullable<NonNullable<SC['namespaceOptions']>['usernsOptions']>;

function withSC(input: ReturnType<typeof linuxTestInput>, sc: Record<string, unknown>) {
  input.config.linux = {
    ...input.config.linux,
    securityContext: { ...input.config.linux?.securityContext, ...sc },
  };
  return input;
}

describe('TestGeneralContainerSpec', () => {
  it('builds the spec containerd checks', async () => {
    const { spec } = await containerSpec(linuxTestInput(), fake());
    linuxSpecCheck(spec);
    // No base runtime spec: the default security settings are cleared, the run mount dropped.
    expect(spec.process?.rlimits).toBeUndefined();
    expect(spec.process?.capabilities?.ambient).toBeUndefined();
  });
});

describe('TestContainerCapabilities', () => {
  const cases = [
    {
      desc: 'add/drop',
      cap: { addCapabilities: ['SYS_ADMIN'], dropCapabilities: ['CHOWN'] },
      inc: ['CAP_SYS_ADMIN'],
      exc: ['CAP_CHOWN'],
    },
    { desc: 'add all', cap: { addCapabilities: ['ALL'] }, inc: allCaps, exc: [] },
    { desc: 'drop all', cap: { dropCapabilities: ['ALL'] }, inc: [], exc: allCaps },
    {
      desc: 'drop with add all',
      cap: { addCapabilities: ['ALL'], dropCapabilities: ['CHOWN'] },
      inc: allCaps.filter((c) => c !== 'CAP_CHOWN'),
      exc: ['CAP_CHOWN'],
    },
    {
      desc: 'add with drop all',
      cap: { addCapabilities: ['SYS_ADMIN'], dropCapabilities: ['ALL'] },
      inc: ['CAP_SYS_ADMIN'],
      exc: allCaps.filter((c) => c !== 'CAP_SYS_ADMIN'),
    },
  ];
  for (const test of cases) {
    it(test.desc, async () => {
      const { spec } = await containerSpec(withSC(linuxTestInput(), { capabilities: test.cap }), fake());
      linuxSpecCheck(spec);
      const caps = spec.process?.capabilities;
      for (const c of test.inc) {
        expect(caps?.bounding).toContain(c);
        expect(caps?.effective).toContain(c);
        expect(caps?.permitted).toContain(c);
      }
      for (const c of test.exc) {
        expect(caps?.bounding ?? []).not.toContain(c);
        expect(caps?.effective ?? []).not.toContain(c);
        expect(caps?.permitted ?? []).not.toContain(c);
      }
      expect(caps?.inheritable ?? []).toEqual([]);
      expect(caps?.ambient ?? []).toEqual([]);
    });
  }
});

describe('TestContainerSpecTty / DefaultPath / ReadonlyRootfs', () => {
  it('tty sets terminal and TERM', async () => {
    for (const tty of [true, false]) {
      const input = linuxTestInput();
      input.config.tty = tty;
      const { spec } = await containerSpec(input, fake());
      linuxSpecCheck(spec);
      expect(spec.process?.terminal ?? false).toBe(tty);
      if (tty) expect(spec.process?.env).toContain('TERM=xterm');
      else expect(spec.process?.env).not.toContain('TERM=xterm');
    }
  });
  it('default PATH unless the image sets one', async () => {
    const { spec } = await containerSpec(linuxTestInput(), fake());
    expect(spec.process?.env).toContain('PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin');
    const input = linuxTestInput();
    input.imageConfig = {
      ...input.imageConfig,
      Env: [...(input.imageConfig?.Env ?? []), 'PATH=/usr/local/bin/games'],
    };
    const second = await containerSpec(input, fake());
    expect(second.spec.process?.env).toContain('PATH=/usr/local/bin/games');
    expect(second.spec.process?.env?.filter((e) => e.startsWith('PATH='))).toHaveLength(1);
  });
  it('readonly rootfs', async () => {
    for (const readonly of [true, false]) {
      const { spec } = await containerSpec(withSC(linuxTestInput(), { readonlyRootfs: readonly }), fake());
      linuxSpecCheck(spec);
      expect(spec.root?.readonly ?? false).toBe(readonly);
    }
  });
});

describe('TestContainerSpecWithExtraMounts', () => {
  it('a CRI mount overrides an extra mount, an extra mount overrides a default mount', async () => {
    const input = linuxTestInput();
    input.config.mounts = [
      ...(input.config.mounts ?? []),
      { containerPath: 'test-container-path/', hostPath: 'test-host-path', readonly: false },
    ];
    input.extraMounts = [
      { containerPath: 'test-container-path', hostPath: 'test-host-path-extra', readonly: true },
      { containerPath: '/sys', hostPath: 'test-sys-extra', readonly: false },
    ];
    const { spec } = await containerSpec(input, fake());
    linuxSpecCheck(spec);
    const mounts = spec.mounts?.filter((m) => m.destination?.startsWith('test-container-path')) ?? [];
    expect(mounts).toHaveLength(1);
    expect(mounts[0]?.source).toBe('test-host-path');
    expect(mounts[0]?.options).toContain('rw');
    const sys = spec.mounts?.filter((m) => m.destination === '/sys') ?? [];
    expect(sys).toHaveLength(1);
    expect(sys[0]?.source).toBe('test-sys-extra');
    expect(sys[0]?.options).toContain('rw');
  });
});

describe('TestContainerAndSandboxPrivileged / TestPrivilegedBindMount', () => {
  const cases = [
    { container: true, sandbox: false, error: true },
    { container: true, sandbox: true, error: false },
    { container: false, sandbox: true, error: false },
    { container: false, sandbox: false, error: false },
  ];
  for (const t of cases) {
    it(`container privileged ${t.container}, sandbox ${t.sandbox}`, async () => {
      const input = withSC(linuxTestInput(), { privileged: t.container });
      input.sandboxConfig = { ...input.sandboxConfig, linux: { securityContext: { privileged: t.sandbox } } };
      const result = containerSpec(input, fake());
      if (t.error) await expect(result).rejects.toThrow('no privileged container allowed in sandbox');
      else await expect(result).resolves.toBeDefined();
    });
  }
  it('sysfs and cgroupfs ro unless privileged', async () => {
    for (const privileged of [false, true]) {
      const input = withSC(linuxTestInput(), { privileged });
      input.sandboxConfig = {
        ...input.sandboxConfig,
        linux: { ...input.sandboxConfig?.linux, securityContext: { privileged } },
      };
      const { spec } = await containerSpec(input, fake());
      const [yes, no] = privileged ? ['rw', 'ro'] : ['ro', 'rw'];
      checkMount(spec, 'sysfs', '/sys', 'sysfs', [yes], [no]);
      checkMount(spec, 'cgroup', '/sys/fs/cgroup', 'cgroup', [yes], [no]);
    }
  });
});

describe('TestCgroupNamespace', () => {
  for (const [v2, privileged, expected] of [
    [true, false, true],
    [true, true, false],
    [false, false, false],
    [false, true, false],
  ] as const) {
    it(`cgroup v${v2 ? 2 : 1}, privileged ${privileged}: namespace ${expected}`, async () => {
      const input = withSC(linuxTestInput(), { privileged });
      input.sandboxConfig = {
        ...input.sandboxConfig,
        linux: { ...input.sandboxConfig?.linux, securityContext: { privileged } },
      };
      const { spec } = await containerSpec(input, fake({ cgroupUnified: () => v2 }));
      expect(spec.linux?.namespaces?.some((n) => n.type === 'cgroup') ?? false).toBe(expected);
    });
  }
});

describe('TestMountPropagation', () => {
  const shared = () => ({ mountpoint: 'host-path', optional: 'shared:', vfsOptions: '' });
  const slave = () => ({ mountpoint: 'host-path', optional: 'master:', vfsOptions: '' });
  const others = () => ({ mountpoint: 'host-path', optional: 'others', vfsOptions: '' });
  const cases = [
    { propagation: 'PROPAGATION_PRIVATE', lookup: undefined, opts: ['rbind', 'rprivate'], error: false },
    { propagation: 'PROPAGATION_HOST_TO_CONTAINER', lookup: slave, opts: ['rbind', 'rslave'], error: false },
    { propagation: 'PROPAGATION_BIDIRECTIONAL', lookup: shared, opts: ['rbind', 'rshared'], error: false },
    { propagation: 42, lookup: undefined, opts: ['rbind', 'rprivate'], error: false },
    { propagation: 'PROPAGATION_BIDIRECTIONAL', lookup: slave, opts: [], error: true },
    { propagation: 'PROPAGATION_HOST_TO_CONTAINER', lookup: others, opts: [], error: true },
  ];
  for (const t of cases) {
    it(`${t.propagation} (${t.lookup?.().optional ?? 'no lookup'})`, async () => {
      const host = fakeCriHost(t.lookup === undefined ? {} : { lookupMount: t.lookup });
      const criMount = { containerPath: 'container-path', hostPath: 'host-path', propagation: t.propagation };
      const run = applyOpts(
        { linux: {} },
        [cri.withMounts(linuxTestInput().config, [criMount], '', null)],
        createContext({ host: withCriHostFacts(host) }),
      );
      if (t.error) {
        await expect(run).rejects.toThrow(/is not a shared (or slave )?mount/);
        return;
      }
      const spec = await run;
      checkMount(spec, 'host-path', 'container-path', 'bind', t.opts);
      if (t.propagation === 'PROPAGATION_BIDIRECTIONAL')
        expect(spec.linux?.rootfsPropagation).toBe('rshared');
      if (t.propagation === 'PROPAGATION_HOST_TO_CONTAINER')
        expect(spec.linux?.rootfsPropagation).toBe('rslave');
    });
  }
});

describe('TestPidNamespace', () => {
  for (const [mode, expected] of [
    ['NODE', { type: 'pid', path: `/proc/${testPid}/ns/pid` }],
    ['CONTAINER', { type: 'pid' }],
    ['POD', { type: 'pid', path: `/proc/${testPid}/ns/pid` }],
  ] as const) {
    it(mode, async () => {
      const { spec } = await containerSpec(
        withSC(linuxTestInput(), { namespaceOptions: { pid: mode } }),
        fake(),
      );
      expect(spec.linux?.namespaces).toContainEqual(expected);
    });
  }
  it('TARGET uses the target pid', async () => {
    const input = withSC(linuxTestInput(), { namespaceOptions: { pid: 'TARGET', targetId: 'other' } });
    input.targetPid = 4321;
    const { spec } = await containerSpec(input, fake());
    expect(spec.linux?.namespaces).toContainEqual({ type: 'pid', path: '/proc/4321/ns/pid' });
  });
});

describe('TestUserNamespace', () => {
  const idMap = { hostId: 1000, containerId: 1000, length: 10 };
  const otherIDMap = { hostId: 2000, containerId: 2000, length: 10 };
  const expIDMap = { containerID: 1000, hostID: 1000, size: 10 };
  const cases: {
    desc: string;
    userNS: Userns;
    sandboxUserNS?: Userns;
    error?: boolean;
    expNS?: object;
    expNotNS?: object;
    map?: boolean;
  }[] = [
    {
      desc: 'node mode',
      userNS: { mode: 'NODE' },
      expNotNS: { type: 'user', path: `/proc/${testPid}/ns/user` },
    },
    { desc: 'node mode with mappings', userNS: { mode: 'NODE', uids: [idMap], gids: [idMap] }, error: true },
    { desc: 'container mode', userNS: { mode: 'CONTAINER' }, error: true },
    { desc: 'target mode', userNS: { mode: 'TARGET' }, error: true },
    { desc: 'unknown mode', userNS: { mode: 100 }, error: true },
    {
      desc: 'pod mode',
      userNS: { mode: 'POD', uids: [idMap], gids: [idMap] },
      expNS: { type: 'user', path: `/proc/${testPid}/ns/user` },
      map: true,
    },
    {
      desc: 'inconsistent gids',
      userNS: { mode: 'POD', uids: [idMap], gids: [idMap] },
      sandboxUserNS: { mode: 'POD', uids: [idMap], gids: [otherIDMap] },
      error: true,
    },
    {
      desc: 'inconsistent uids',
      userNS: { mode: 'POD', uids: [idMap], gids: [idMap] },
      sandboxUserNS: { mode: 'POD', uids: [otherIDMap], gids: [idMap] },
      error: true,
    },
    {
      desc: 'inconsistent len',
      userNS: { mode: 'POD', uids: [idMap], gids: [idMap] },
      sandboxUserNS: { mode: 'POD', uids: [idMap, idMap], gids: [idMap, idMap] },
      error: true,
    },
    {
      desc: 'inconsistent mode',
      userNS: { mode: 'POD', uids: [idMap], gids: [idMap] },
      sandboxUserNS: { mode: 'NODE', uids: [idMap], gids: [idMap] },
      error: true,
    },
    {
      desc: 'several mappings',
      userNS: { mode: 'POD', uids: [idMap, idMap], gids: [idMap, idMap] },
      error: true,
    },
    { desc: 'uneven mappings', userNS: { mode: 'POD', uids: [idMap, idMap], gids: [idMap] }, error: true },
  ];
  for (const t of cases) {
    it(t.desc, async () => {
      const input = withSC(linuxTestInput(), { namespaceOptions: { usernsOptions: t.userNS } });
      input.sandboxConfig = {
        ...input.sandboxConfig,
        linux: {
          ...input.sandboxConfig?.linux,
          securityContext: { namespaceOptions: { usernsOptions: t.sandboxUserNS ?? t.userNS } },
        },
      };
      const result = containerSpec(input as ContainerSpecInput, fake());
      if (t.error === true) {
        await expect(result).rejects.toThrow();
        return;
      }
      const { spec } = await result;
      expect(spec.linux?.uidMappings).toEqual(t.map === true ? [expIDMap] : undefined);
      expect(spec.linux?.gidMappings).toEqual(t.map === true ? [expIDMap] : undefined);
      if (t.expNS !== undefined) expect(spec.linux?.namespaces).toContainEqual(t.expNS);
      if (t.expNotNS !== undefined) expect(spec.linux?.namespaces).not.toContainEqual(t.expNotNS);
    });
  }
});

describe('TestNoDefaultRunMount / TestMaskedAndReadonlyPaths', () => {
  it('no /run mount', async () => {
    const { spec } = await containerSpec(linuxTestInput(), fake());
    expect(spec.mounts?.map((m) => m.destination)).not.toContain('/run');
  });
  const def = defaultUnixSpec('k8s.io', 'test-id').linux!;
  const cases = [
    {
      desc: 'default when disable_proc_mount',
      disable: true,
      masked: undefined,
      ro: undefined,
      em: def.maskedPaths,
      er: def.readonlyPaths,
      p: false,
    },
    { desc: 'empty by default', disable: false, masked: undefined, ro: undefined, em: [], er: [], p: false },
    { desc: 'empty given', disable: false, masked: [], ro: [], em: [], er: [], p: false },
    {
      desc: 'CRI paths',
      disable: false,
      masked: ['/proc'],
      ro: ['/sys'],
      em: ['/proc'],
      er: ['/sys'],
      p: false,
    },
    {
      desc: 'nil for privileged',
      disable: false,
      masked: undefined,
      ro: undefined,
      em: undefined,
      er: undefined,
      p: true,
    },
    {
      desc: 'empty given, privileged',
      disable: false,
      masked: [],
      ro: [],
      em: undefined,
      er: undefined,
      p: true,
    },
    {
      desc: 'CRI paths ignored when privileged',
      disable: false,
      masked: ['/proc'],
      ro: ['/sys'],
      em: undefined,
      er: undefined,
      p: true,
    },
  ];
  for (const t of cases) {
    it(t.desc, async () => {
      const input = withSC(linuxTestInput(), { maskedPaths: t.masked, readonlyPaths: t.ro, privileged: t.p });
      input.cri = { ...input.cri, disableProcMount: t.disable };
      input.sandboxConfig = {
        ...input.sandboxConfig,
        linux: { ...input.sandboxConfig?.linux, securityContext: { privileged: t.p } },
      };
      const { spec } = await containerSpec(input, fake());
      if (!t.p) linuxSpecCheck(spec);
      expect(spec.linux?.maskedPaths).toEqual(t.em);
      expect(spec.linux?.readonlyPaths).toEqual(t.er);
    });
  }
});

describe('TestHostname', () => {
  for (const [hostname, network, env] of [
    ['test-hostname', 'POD', 'HOSTNAME=test-hostname'],
    ['test-hostname', 'NODE', 'HOSTNAME=test-hostname'],
    ['', 'NODE', 'HOSTNAME=real-hostname'],
  ] as const) {
    it(`${hostname || '(none)'} ${network}`, async () => {
      const input = linuxTestInput();
      input.sandboxConfig = {
        ...input.sandboxConfig,
        hostname,
        linux: { ...input.sandboxConfig?.linux, securityContext: { namespaceOptions: { network } } },
      };
      const { spec } = await containerSpec(input, fake({ hostname: () => 'real-hostname' }));
      linuxSpecCheck(spec);
      expect(spec.process?.env).toContain(env);
    });
  }
});

describe('TestProcessUser', () => {
  const rootfs = fs.mkdtempSync(path.join(tmpdir(), 'ocispec-cri-user-'));
  fs.mkdirSync(path.join(rootfs, 'etc'));
  fs.writeFileSync(
    path.join(rootfs, 'etc/passwd'),
    '\nroot:x:0:0:root:/root:/bin/sh\nalice:x:1000:1000:alice:/home/alice:/bin/sh\n',
  );
  fs.writeFileSync(
    path.join(rootfs, 'etc/group'),
    '\nroot:x:0\nalice:x:1000:\nadditional-group-for-alice:x:11111:alice\nadditional-group-for-root:x:22222:root\n',
  );
  const merge = { runAsUser: { value: 1000 }, runAsGroup: { value: 2000 }, supplementalGroups: [3333] };
  const cases: {
    desc: string;
    image?: string;
    sc?: SC | null;
    uid: number;
    gid: number;
    gids: number[];
  }[] = [
    { desc: 'Merge: SecurityContext', sc: merge, uid: 1000, gid: 2000, gids: [2000, 3333, 11111] },
    { desc: 'Merge: image user', image: '1000', sc: null, uid: 1000, gid: 1000, gids: [1000, 11111] },
    { desc: 'Merge: both', image: '0', sc: merge, uid: 1000, gid: 2000, gids: [2000, 3333, 11111] },
    { desc: 'Merge: runtime default', sc: null, uid: 0, gid: 0, gids: [0, 22222] },
    {
      desc: 'Strict: SecurityContext',
      sc: { ...merge, supplementalGroupsPolicy: 'Strict' },
      uid: 1000,
      gid: 2000,
      gids: [2000, 3333],
    },
    {
      desc: 'Strict: image user',
      image: '1000',
      sc: { supplementalGroupsPolicy: 'Strict' },
      uid: 1000,
      gid: 1000,
      gids: [1000],
    },
    {
      desc: 'Strict: both',
      image: '0',
      sc: { ...merge, supplementalGroupsPolicy: 1 },
      uid: 1000,
      gid: 2000,
      gids: [2000, 3333],
    },
  ];
  for (const t of cases) {
    it(t.desc, async () => {
      const input = linuxTestInput();
      input.config.linux = { ...input.config.linux, securityContext: t.sc };
      input.imageConfig = { ...input.imageConfig, User: t.image ?? '' };
      input.rootfs = rootfs;
      const { spec } = await containerSpec(input, fake());
      expect(spec.process?.user).toEqual({ uid: t.uid, gid: t.gid, additionalGids: t.gids });
      expect(spec.root?.path).toBe('rootfs');
    });
  }
});

describe('CRI user steps read the rootfs inside the root (the linux in-root lookup)', () => {
  // A host "passwd" outside the rootfs, and a rootfs whose etc/passwd and etc/group link to it (absolute and
  // relative): resolved against the rootfs, the links name files that do not exist there.
  const host = fs.mkdtempSync(path.join(tmpdir(), 'ocispec-cri-host-'));
  fs.writeFileSync(path.join(host, 'passwd'), 'alice:x:4242:4242:host:/:/bin/sh\n');
  fs.writeFileSync(path.join(host, 'group'), 'hostgroup:x:5151:alice\n');
  const rootfs = fs.mkdtempSync(path.join(tmpdir(), 'ocispec-cri-escape-'));
  fs.mkdirSync(path.join(rootfs, 'etc'));
  fs.symlinkSync(path.join(host, 'passwd'), path.join(rootfs, 'etc/passwd'));
  fs.symlinkSync(
    path.relative(path.join(rootfs, 'etc'), path.join(host, 'group')),
    path.join(rootfs, 'etc/group'),
  );

  it('an image USER by name is not found in the host file', async () => {
    const input = linuxTestInput();
    input.imageConfig = { ...input.imageConfig, User: 'alice' };
    input.rootfs = rootfs;
    // The host has /tmp; the rootfs has not: the link was resolved inside the rootfs, the host file never read.
    await expect(containerSpec(input, fake())).rejects.toThrow(
      `(withUser): statat ${path.join(host, 'passwd').split('/')[1]}: no such file or directory`,
    );
  });

  it('supplementary groups come from the rootfs only', async () => {
    const input = linuxTestInput();
    input.imageConfig = { ...input.imageConfig, User: '1000' };
    input.rootfs = rootfs;
    const { spec } = await containerSpec(input, fake());
    expect(spec.process?.user?.gid).toBe(0);
    expect(spec.process?.user?.additionalGids).not.toContain(5151);
    expect(spec.process?.user?.additionalGids).not.toContain(4242);
  });
});

describe('TestNonRootUserAndDevices / TestPrivilegedDevices', () => {
  const host = hostDevices(createContext());
  const device = host[0]!;
  for (const [uid, gid, ownership, eu, eg] of [
    [1, 10, false, device.uid, device.gid],
    [0, 0, false, device.uid, device.gid],
    [1, 10, true, 1, 10],
    [0, 0, true, device.uid, device.gid],
  ] as const) {
    it(`uid ${uid} gid ${gid} ownership ${ownership}`, async () => {
      const input = withSC(linuxTestInput(), { runAsUser: { value: uid }, runAsGroup: { value: gid } });
      input.config.devices = [{ containerPath: device.path, hostPath: device.path, permissions: 'r' }];
      input.cri = { ...input.cri, deviceOwnershipFromSecurityContext: ownership };
      const steps = containerSpecSteps(input, fake());
      const { spec } = await containerSpec(input, {
        ...fake(),
        edit: () => steps.filter((s) => s.step !== 'user' && s.step !== 'additionalGids'),
      });
      expect(spec.linux?.devices?.[0]?.uid).toBe(eu);
      expect(spec.linux?.devices?.[0]?.gid).toBe(eg);
    });
  }
  const hostWithMajor = host.filter((d) => d.major !== 0);
  for (const [privileged, without, allAllowed, expectHost, expectAll] of [
    [false, false, false, false, false],
    [false, true, false, false, false],
    [true, false, false, true, true],
    [true, true, false, false, false],
    [true, true, true, false, true],
  ] as const) {
    it(`privileged ${privileged} withoutHostDevices ${without} allDevicesAllowed ${allAllowed}`, async () => {
      const input = withSC(linuxTestInput(), { privileged });
      input.sandboxConfig = {
        ...input.sandboxConfig,
        linux: { ...input.sandboxConfig?.linux, securityContext: { privileged } },
      };
      input.runtime = {
        privilegedWithoutHostDevices: without,
        privilegedWithoutHostDevicesAllDevicesAllowed: allAllowed,
      };
      const { spec } = await containerSpec(input, fake());
      if (expectHost) expect(spec.linux?.devices).toHaveLength(hostWithMajor.length);
      else expect(spec.linux?.devices ?? []).toEqual([]);
      expect(spec.linux?.resources?.devices).toHaveLength(1);
      expect(spec.linux?.resources?.devices?.[0]?.allow).toBe(expectAll);
      expect(spec.linux?.resources?.devices?.[0]?.access).toBe('rwm');
    });
  }
});

describe('TestBaseOCISpec / TestBaseRuntimeSpec', () => {
  const dir = fs.mkdtempSync(path.join(tmpdir(), 'ocispec-cri-base-'));
  it('a base runtime spec is the starting point (TestBaseOCISpec)', async () => {
    const file = path.join(dir, 'cri-base.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        ociVersion: '1.0.2',
        process: {
          user: { uid: 0, gid: 0, additionalGids: [9999] },
          capabilities: { permitted: ['CAP_SETUID'] },
          cwd: '/',
        },
        linux: { resources: { memory: { limit: 100 } } },
      }),
    );
    const input = linuxTestInput();
    input.runtime = { baseRuntimeSpec: file };
    // containerd's test checks buildContainerSpec's spec: without the steps applied at container creation.
    const buildOnly = (steps: CriStep[]) => steps.filter((s) => !CONTAINER_PLATFORM_STEPS.includes(s.step));
    const result = await containerSpec(input, { ...fake(), edit: buildOnly });
    const { spec } = result;
    linuxSpecCheck(spec);
    expect(spec.process?.user?.additionalGids).toContain(9999);
    expect(spec.process?.user?.additionalGids).toHaveLength(3);
    expect(spec.process?.capabilities?.permitted).toEqual(['CAP_SETUID']);
    expect(spec.linux?.resources?.memory?.limit).toBe(400);
    expect(result.bases[0]?.file).toBe(file);
    // With a base, the default security settings are kept (not cleared).
    expect(result.steps.map((s) => s.name)).not.toContain('cri.withoutDefaultSecuritySettings');
    expect(result.steps[0]?.name).toBe('withNamespacedCgroup');
    // The whole CreateContainer also merges the user's groups from the rootfs: the primary gid 0 joins.
    const full = await containerSpec(input, fake());
    expect(full.spec.process?.user?.additionalGids).toEqual([0, 1111, 2222, 9999]);
  });
  it('withNamespacedCgroup runs first, the base is never changed (TestBaseRuntimeSpec)', async () => {
    const file = path.join(dir, 'base2.json');
    fs.writeFileSync(file, JSON.stringify({ ociVersion: '1.0.2', hostname: 'old' }));
    const { BaseSpecStore } = await import('@ocispec/base-spec');
    const { withDomainname, withHostname } = await import('@ocispec/core');
    const { pipeline } = fake();
    const store = new BaseSpecStore({ pipeline });
    store.load(file);
    const out = await store.runtimeSpec(
      'id1',
      file,
      [withHostname('new-host'), withDomainname('new-domain')],
      {
        namespace: 'k8s.io',
      },
    );
    expect(out.spec.ociVersion).toBe('1.0.2');
    expect(out.spec.hostname).toBe('new-host');
    expect(out.spec.domainname).toBe('new-domain');
    expect(store.get(file)?.spec.hostname).toBe('old');
    expect(out.spec.linux?.cgroupsPath).toBe('/k8s.io/id1');
  });
});

describe('TestUserNamespaceWithHostNetwork', () => {
  const idMap = { hostId: 1000, containerId: 1000, length: 10 };
  const sysfs = {
    destination: '/sys',
    type: 'sysfs',
    source: 'sysfs',
    options: ['nosuid', 'noexec', 'nodev', 'ro'],
  };
  const bind = {
    destination: '/sys',
    type: 'bind',
    source: '/sys',
    options: ['rbind', 'rro', 'nosuid', 'nodev', 'noexec'],
  };
  const table: [Userns & { mode: string }, string, object][] = [
    [{ mode: 'POD', uids: [idMap], gids: [idMap] }, 'NODE', bind],
    [{ mode: 'POD', uids: [idMap], gids: [idMap] }, 'POD', sysfs],
    [{ mode: 'NODE' }, 'NODE', sysfs],
    [{ mode: 'NODE' }, 'POD', sysfs],
  ];
  for (const [userns, network, expected] of table) {
    it(`${userns.mode} userns, ${network} network`, async () => {
      const input = withSC(linuxTestInput(), { namespaceOptions: { usernsOptions: userns } });
      input.sandboxConfig = {
        ...input.sandboxConfig,
        linux: {
          ...input.sandboxConfig?.linux,
          securityContext: { namespaceOptions: { network, usernsOptions: userns } },
        },
      };
      const { spec } = await containerSpec(input, fake());
      const sys = spec.mounts?.filter((m) => m.destination === '/sys');
      expect(sys).toEqual([expected]);
    });
  }
});

describe('TestPodAnnotationPassthroughContainerSpec / TestContainerAnnotationPassthroughContainerSpec', () => {
  it('passes matching pod annotations (wildcards) only', async () => {
    const input = linuxTestInput();
    input.sandboxConfig = {
      ...input.sandboxConfig,
      annotations: { c: 'd', d: 'e', 't.f': 'j', 'z.g': 'o', z: 'o', 'y.ca': 'b', y: 'b' },
    };
    input.runtime = { podAnnotations: ['c', 't*', 'z.*', 'y.c*'] };
    const { spec } = await containerSpec(input, fake());
    linuxSpecCheck(spec);
    const a = spec.annotations ?? {};
    expect([a.c, a['t.f'], a['z.g'], a['y.ca']]).toEqual(['d', 'j', 'o', 'b']);
    expect(a.d).toBeUndefined();
    expect(a.y).toBeUndefined();
    expect(a.z).toBeUndefined();
  });
  it('passes container annotations by their own patterns; none without patterns', async () => {
    const input = linuxTestInput();
    input.config.annotations = { 'container.annotation.1': '1', 'container.annotation.2': '2', other: 'x' };
    input.sandboxConfig = { ...input.sandboxConfig, annotations: { 'pod.annotation.1': '1' } };
    input.runtime = {
      podAnnotations: ['pod.annotation.*'],
      containerAnnotations: ['container.annotation.*'],
    };
    const { spec } = await containerSpec(input, fake());
    expect(spec.annotations?.['container.annotation.1']).toBe('1');
    expect(spec.annotations?.['container.annotation.2']).toBe('2');
    expect(spec.annotations?.['pod.annotation.1']).toBe('1');
    expect(spec.annotations?.other).toBeUndefined();
    input.runtime = { podAnnotations: [], containerAnnotations: [] };
    const none = await containerSpec(input, fake());
    expect(none.spec.annotations?.['container.annotation.1']).toBeUndefined();
    expect(none.spec.annotations?.['pod.annotation.1']).toBeUndefined();
  });
});

describe('TestContainerSpecCommand', () => {
  const cases = [
    {
      desc: 'cri entrypoint',
      ep: ['a', 'b'],
      args: undefined,
      iep: ['c', 'd'],
      icmd: ['e', 'f'],
      exp: ['a', 'b'],
    },
    // After protobuf decoding an empty command is nil: the image entrypoint applies (containerd's Go test passes a
    // non-nil empty slice, which kubelet cannot send).
    {
      desc: 'empty cri entrypoint = unset',
      ep: [],
      args: ['a', 'b'],
      iep: ['c', 'd'],
      icmd: ['e', 'f'],
      exp: ['c', 'd', 'a', 'b'],
    },
    {
      desc: 'cri entrypoint and args',
      ep: ['a', 'b'],
      args: ['c', 'd'],
      iep: ['e', 'f'],
      icmd: ['g', 'h'],
      exp: ['a', 'b', 'c', 'd'],
    },
    {
      desc: 'image entrypoint, cri args',
      ep: undefined,
      args: ['a', 'b'],
      iep: ['c', 'd'],
      icmd: ['e', 'f'],
      exp: ['c', 'd', 'a', 'b'],
    },
    {
      desc: 'image entrypoint and cmd',
      ep: undefined,
      args: undefined,
      iep: ['c', 'd'],
      icmd: ['e', 'f'],
      exp: ['c', 'd', 'e', 'f'],
    },
    {
      desc: '[""] entrypoint resets the image entrypoint',
      ep: undefined,
      args: undefined,
      iep: [''],
      icmd: ['e', 'f'],
      exp: ['e', 'f'],
    },
    {
      desc: 'nothing: error',
      ep: undefined,
      args: undefined,
      iep: undefined,
      icmd: undefined,
      exp: undefined,
    },
  ];
  for (const t of cases) {
    it(t.desc, async () => {
      const input = linuxTestInput();
      input.config.command = t.ep;
      input.config.args = t.args;
      input.imageConfig = { ...input.imageConfig, Entrypoint: t.iep, Cmd: t.icmd };
      const result = containerSpec(input, fake());
      if (t.exp === undefined) await expect(result).rejects.toThrow('no command specified');
      else expect((await result).spec.process?.args).toEqual(t.exp);
    });
  }
});

describe('TestVolumeMounts', () => {
  it('image volumes not mounted by CRI become bind mounts under the container root', async () => {
    const input = linuxTestInput();
    input.config.mounts = [{ containerPath: '/test-volume-1', hostPath: '/test-hostpath-1' }];
    input.imageConfig = {
      ...input.imageConfig,
      Volumes: { '/test-volume-1/': {}, '/test-volume-2/': {}, './rel': {} },
    };
    let n = 0;
    const { spec } = await containerSpec(input, { ...fake(), volumeId: () => `vol${++n}` });
    const dests = spec.mounts?.map((m) => m.destination) ?? [];
    expect(dests).toContain('/test-volume-2/');
    expect(dests).toContain('/rel');
    expect(dests.filter((d) => d?.startsWith('/test-volume-1'))).toEqual(['/test-volume-1']);
    checkMount(spec, `/test/root/containers/${'test-id'}/volumes/vol2`, '/test-volume-2/', 'bind', [
      'rbind',
      'rw',
    ]);
  });
});

describe('TestLinuxContainerMounts', () => {
  const base = (sc: object, mounts?: object[]) =>
    parseContainerSpecInput({
      ...linuxTestInput(),
      config: { metadata: { name: 'test-name', attempt: 1 }, mounts, linux: { securityContext: sc } },
    } as ContainerSpecInput);
  const { host } = fake();
  const files = (readonly: boolean, extra: object = {}) => [
    {
      containerPath: '/etc/hostname',
      hostPath: '/test/root/sandboxes/sandbox-id/hostname',
      readonly,
      selinuxRelabel: true,
      ...extra,
    },
    {
      containerPath: '/etc/hosts',
      hostPath: '/test/root/sandboxes/sandbox-id/hosts',
      readonly,
      selinuxRelabel: true,
      ...extra,
    },
    {
      containerPath: '/etc/resolv.conf',
      hostPath: '/test/root/sandboxes/sandbox-id/resolv.conf',
      readonly,
      selinuxRelabel: true,
      ...extra,
    },
  ];
  const shm = {
    containerPath: '/dev/shm',
    hostPath: '/test/state/sandboxes/sandbox-id/shm',
    readonly: false,
    selinuxRelabel: true,
  };
  it('ro when the rootfs is read-only, rw otherwise', () => {
    expect(linuxContainerMounts(base({ readonlyRootfs: true }), host)).toEqual([...files(true), shm]);
    expect(linuxContainerMounts(base({}), host)).toEqual([...files(false), shm]);
  });
  it('id mappings with a user namespace', () => {
    const idmap = [{ containerId: 0, hostId: 100, length: 1 }];
    const mounts = linuxContainerMounts(
      base({ namespaceOptions: { usernsOptions: { mode: 'POD', uids: idmap, gids: idmap } } }),
      host,
    );
    expect(mounts).toEqual([...files(false, { uidMappings: idmap, gidMappings: idmap }), shm]);
  });
  it('host /dev/shm with host ipc', () => {
    expect(linuxContainerMounts(base({ namespaceOptions: { ipc: 'NODE' } }), host).at(-1)).toEqual({
      containerPath: '/dev/shm',
      hostPath: '/dev/shm',
      readonly: false,
      selinuxRelabel: false,
    });
  });
  it('skips paths mounted by CRI and sandbox files that do not exist', () => {
    const cri = ['/etc/hostname', '/etc/hosts', '/etc/resolv.conf', '/dev/shm'].map((p) => ({
      containerPath: p,
      hostPath: `/x${p}`,
    }));
    expect(linuxContainerMounts(base({}, cri), host)).toEqual([]);
    const none = fake({ exists: () => false }).host;
    expect(linuxContainerMounts(base({}), none)).toEqual([]);
  });
});

describe('resources and host facts', () => {
  it('swap follows the memory limit only with a swap controller; hugetlb needs its controller', async () => {
    const input = linuxTestInput();
    const withSwap = await containerSpec(input, fake());
    expect(withSwap.spec.linux?.resources?.memory?.swap).toBe(400);
    const noSwap = await containerSpec(input, fake({ swapControllerAvailable: () => false }));
    expect(noSwap.spec.linux?.resources?.memory?.swap).toBeUndefined();
    input.config.linux = {
      ...input.config.linux,
      resources: { ...input.config.linux?.resources, hugepageLimits: [{ pageSize: '2MB', limit: 4096 }] },
    };
    input.cri = { ...input.cri, tolerateMissingHugetlbController: false };
    await expect(containerSpec(input, fake({ hugetlbControllerPresent: () => false }))).rejects.toThrow(
      'Please set tolerate_missing_hugetlb_controller to `true` to ignore this error',
    );
    input.cri = { ...input.cri, tolerateMissingHugetlbController: true };
    const tolerated = await containerSpec(input, fake({ hugetlbControllerPresent: () => false }));
    expect(tolerated.spec.linux?.resources?.hugepageLimits).toBeUndefined();
    expect(tolerated.report.warnings.map((w) => w.message).join()).toContain(
      'hugetlb cgroup controller is absent',
    );
    const present = await containerSpec(input, fake());
    expect(present.spec.linux?.resources?.hugepageLimits).toEqual([{ pageSize: '2MB', limit: 4096 }]);
  });
  it('restrict_oom_score_adj keeps the daemon score as a floor', async () => {
    const input = linuxTestInput();
    input.cri = { ...input.cri, restrictOOMScoreAdj: true };
    const { spec } = await containerSpec(input, fake({ oomScoreAdj: () => 600 }));
    expect(spec.process?.oomScoreAdj).toBe(600);
  });
  it('cgroup_writable gives an rw cgroup mount', async () => {
    const input = linuxTestInput();
    input.runtime = { cgroupWritable: true };
    const { spec } = await containerSpec(input, fake());
    checkMount(spec, 'cgroup', '/sys/fs/cgroup', 'cgroup', ['rw'], ['ro']);
  });
  it('runtime default seccomp when seccomp is enabled and asked for', async () => {
    const input = withSC(linuxTestInput(), { seccomp: { profileType: 'RuntimeDefault' } });
    const { spec } = await containerSpec(input, fake({ seccompEnabled: () => true }));
    expect(spec.linux?.seccomp?.defaultAction).toBe('SCMP_ACT_ERRNO');
    await expect(containerSpec(input, fake())).rejects.toThrow('seccomp is not supported');
  });
});
