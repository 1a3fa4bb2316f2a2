/**
 * containerd's podsandbox sandbox_run_linux_test.go (TestLinuxSandboxContainerSpec), sandbox_run_test.go
 * (TestSandboxContainerSpec) and sandbox_run_windows_test.go (TestSandboxWindowsNetworkNamespace), as behaviour.
 */
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { FrozenSpec } from '@ocispec/core';
import { describe, expect, it } from 'vitest';
import type { SandboxSpecInput } from '../src/index.js';
import { sandboxSpec } from '../src/index.js';
import { fake, sandboxTestInput, testID } from './helpers.js';

function specCheck(spec: FrozenSpec): void {
  expect(spec.hostname).toBe('test-hostname');
  expect(spec.linux?.cgroupsPath).toBe(`/test/cgroup/parent/${testID}`);
  expect(spec.root).toEqual({ path: 'rootfs', readonly: true });
  expect(spec.process?.env).toContain('a=b');
  expect(spec.process?.env).toContain('c=d');
  expect(spec.process?.args).toEqual(['/pause', 'forever']);
  expect(spec.process?.cwd).toBe('/workspace');
  expect(spec.linux?.resources?.cpu?.shares).toBe(2);
  expect(spec.process?.oomScoreAdj).toBe(-998);
  const a = spec.annotations ?? {};
  expect(a['io.kubernetes.cri.sandbox-id']).toBe(testID);
  expect(a['io.kubernetes.cri.container-type']).toBe('sandbox');
  expect(a['io.kubernetes.cri.sandbox-namespace']).toBe('test-ns');
  expect(a['io.kubernetes.cri.sandbox-uid']).toBe('test-uid');
  expect(a['io.kubernetes.cri.sandbox-name']).toBe('test-name');
  expect(a['io.kubernetes.cri.sandbox-log-directory']).toBe('test-log-directory');
  expect(spec.mounts).toContainEqual({
    destination: '/etc/resolv.conf',
    type: 'bind',
    source: `/test/root/sandboxes/${testID}/resolv.conf`,
    options: ['rbind', 'ro', 'nosuid', 'nodev', 'noexec'],
  });
}

type SandboxSC = NonNullable<NonNullable<SandboxSpecInput['config']['linux']>['securityContext']>;

const idMap = { hostId: 1000, containerId: 1000, length: 10 };
const expIDMap = { containerID: 1000, hostID: 1000, size: 10 };
const pinned = `/test/state/sandboxes/${testID}/pinned-namespaces/user`;

describe('TestLinuxSandboxContainerSpec', () => {
  const withSC =
    (sc: SandboxSC, extra: object = {}) =>
    (c: SandboxSpecInput['config']) => ({
      ...c,
      ...extra,
      linux: { ...c.linux, securityContext: sc },
    });
  const cases: {
    desc: string;
    change?: (c: SandboxSpecInput['config']) => SandboxSpecInput['config'];
    check?: (spec: FrozenSpec) => void;
    error?: boolean;
  }[] = [
    {
      desc: 'spec should reflect original config',
      check: (spec) => {
        const ns = spec.linux?.namespaces ?? [];
        expect(ns).toContainEqual({ type: 'network', path: '/var/run/netns/test' });
        expect(ns).toContainEqual({ type: 'uts' });
        expect(ns).toContainEqual({ type: 'pid' });
        expect(ns).toContainEqual({ type: 'ipc' });
        expect(spec.linux?.sysctl?.['net.ipv4.ip_unprivileged_port_start']).toBe('0');
        expect(spec.linux?.sysctl?.['net.ipv4.ping_group_range']).toBe('0 2147483647');
      },
    },
    {
      desc: 'no ping_group_range with a user namespace; the pinned user namespace',
      change: withSC({ namespaceOptions: { usernsOptions: { mode: 'POD', uids: [idMap], gids: [idMap] } } }),
      check: (spec) => {
        expect(spec.linux?.namespaces).toContainEqual({ type: 'user', path: pinned });
        expect(spec.linux?.sysctl?.['net.ipv4.ping_group_range']).toBeUndefined();
        expect(spec.linux?.uidMappings).toEqual([expIDMap]);
        expect(spec.linux?.gidMappings).toEqual([expIDMap]);
      },
    },
    {
      desc: 'host namespaces',
      change: withSC({ namespaceOptions: { network: 'NODE', pid: 'NODE', ipc: 'NODE' } }),
      check: (spec) => {
        const types = (spec.linux?.namespaces ?? []).map((n) => n.type);
        for (const t of ['network', 'uts', 'pid', 'ipc']) expect(types).not.toContain(t);
        expect(spec.linux?.sysctl?.['net.ipv4.ip_unprivileged_port_start']).toBeUndefined();
        expect(spec.linux?.sysctl?.['net.ipv4.ping_group_range']).toBeUndefined();
        // host ipc: the host's /dev/shm.
        expect(spec.mounts?.find((m) => m.destination === '/dev/shm')?.source).toBe('/dev/shm');
      },
    },
    {
      desc: 'userns NODE with mappings',
      change: withSC({ namespaceOptions: { usernsOptions: { mode: 'NODE', uids: [idMap], gids: [idMap] } } }),
      error: true,
    },
    {
      desc: 'several mappings',
      change: withSC({
        namespaceOptions: { usernsOptions: { mode: 'NODE', uids: [idMap, idMap], gids: [idMap, idMap] } },
      }),
      error: true,
    },
    {
      desc: 'uneven mappings',
      change: withSC({
        namespaceOptions: { usernsOptions: { mode: 'NODE', uids: [idMap, idMap], gids: [idMap] } },
      }),
      error: true,
    },
    {
      desc: 'userns CONTAINER',
      change: withSC({ namespaceOptions: { usernsOptions: { mode: 'CONTAINER' } } }),
      error: true,
    },
    {
      desc: 'userns TARGET',
      change: withSC({ namespaceOptions: { usernsOptions: { mode: 'TARGET' } } }),
      error: true,
    },
    {
      desc: 'userns unknown',
      change: withSC({ namespaceOptions: { usernsOptions: { mode: 100 } } }),
      error: true,
    },
    {
      desc: 'supplemental groups',
      change: withSC({ supplementalGroups: [1111, 2222] }),
      check: (spec) => {
        expect(spec.process?.user?.additionalGids).toContain(1111);
        expect(spec.process?.user?.additionalGids).toContain(2222);
      },
    },
    {
      desc: 'sysctls overwrite the defaults',
      change: (c) => ({
        ...c,
        linux: {
          ...c.linux,
          sysctls: { 'net.ipv4.ip_unprivileged_port_start': '500', 'net.ipv4.ping_group_range': '1 1000' },
        },
      }),
      check: (spec) => {
        expect(spec.linux?.sysctl?.['net.ipv4.ip_unprivileged_port_start']).toBe('500');
        expect(spec.linux?.sysctl?.['net.ipv4.ping_group_range']).toBe('1 1000');
      },
    },
    {
      desc: 'sizing annotations with resources',
      change: (c) => ({
        ...c,
        linux: {
          ...c.linux,
          resources: { cpuPeriod: 100, cpuQuota: 200, cpuShares: 5000, memoryLimitInBytes: 1024 },
        },
      }),
      check: (spec) => {
        const a = spec.annotations ?? {};
        expect([a['io.kubernetes.cri.sandbox-cpu-period'], a['io.kubernetes.cri.sandbox-cpu-quota']]).toEqual(
          ['100', '200'],
        );
        expect([a['io.kubernetes.cri.sandbox-cpu-shares'], a['io.kubernetes.cri.sandbox-memory']]).toEqual([
          '5000',
          '1024',
        ]);
      },
    },
    {
      desc: 'no sizing annotations without resources',
      check: (spec) =>
        expect(Object.keys(spec.annotations ?? {}).filter((k) => k.includes('sandbox-cpu'))).toEqual([]),
    },
    {
      desc: 'zero sizing annotations with zero resources',
      change: (c) => ({ ...c, linux: { ...c.linux, resources: {} } }),
      check: (spec) => {
        expect(spec.annotations?.['io.kubernetes.cri.sandbox-cpu-period']).toBe('0');
        expect(spec.annotations?.['io.kubernetes.cri.sandbox-memory']).toBe('0');
      },
    },
    {
      desc: 'host network with user namespace bind mounts /sys',
      change: withSC({
        namespaceOptions: { network: 'NODE', usernsOptions: { mode: 'POD', uids: [idMap], gids: [idMap] } },
      }),
      check: (spec) => {
        const user = spec.linux?.namespaces?.find((n) => n.type === 'user');
        expect(user).toEqual({ type: 'user' });
        const sys = spec.mounts?.filter((m) => m.destination === '/sys');
        expect(sys).toEqual([
          {
            destination: '/sys',
            type: 'bind',
            source: '/sys',
            options: ['rbind', 'rro', 'nosuid', 'nodev', 'noexec'],
          },
        ]);
        expect(spec.linux?.uidMappings).toEqual([expIDMap]);
      },
    },
    {
      desc: 'pod network with user namespace pins it, keeps sysfs',
      change: withSC({
        namespaceOptions: { network: 'POD', usernsOptions: { mode: 'POD', uids: [idMap], gids: [idMap] } },
      }),
      check: (spec) => {
        expect(spec.linux?.namespaces).toContainEqual({ type: 'user', path: pinned });
        expect(spec.mounts?.some((m) => m.destination === '/sys' && m.type === 'bind')).toBe(false);
      },
    },
  ];
  for (const t of cases) {
    it(t.desc, async () => {
      const input = sandboxTestInput();
      if (t.change) input.config = t.change(input.config);
      const result = sandboxSpec(input, fake());
      if (t.error === true) {
        await expect(result).rejects.toThrow();
        return;
      }
      const { spec } = await result;
      specCheck(spec);
      t.check?.(spec);
    });
  }
});

describe('TestSandboxContainerSpec', () => {
  it('empty entrypoint and cmd is an error', async () => {
    const input = sandboxTestInput();
    input.imageConfig = { ...input.imageConfig, Entrypoint: null, Cmd: null };
    await expect(sandboxSpec(input, fake())).rejects.toThrow(
      'invalid empty entrypoint and cmd in image config',
    );
  });
  it('passthrough annotations (wildcards)', async () => {
    const input = sandboxTestInput();
    input.config = {
      ...input.config,
      annotations: { c: 'd', d: 'e', 't.f': 'j', 'z.g': 'o', z: 'o', 'y.ca': 'b', y: 'b' },
    };
    input.runtime = { podAnnotations: ['c', 't*', 'z.*', 'y.c*'] };
    const { spec } = await sandboxSpec(input, fake());
    specCheck(spec);
    const a = spec.annotations ?? {};
    expect([a.c, a['t.f'], a['z.g'], a['y.ca']]).toEqual(['d', 'j', 'o', 'b']);
    expect([a.d, a.y, a.z]).toEqual([undefined, undefined, undefined]);
  });
  it('never uses a base runtime spec', async () => {
    const dir = fs.mkdtempSync(path.join(tmpdir(), 'ocispec-cri-sandbox-'));
    const file = path.join(dir, 'base.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        ociVersion: '1.0.2',
        hostname: 'from-base',
        process: { cwd: '/', user: { uid: 0, gid: 0 }, env: ['BASE=1'] },
      }),
    );
    const input = sandboxTestInput();
    input.runtime = { baseRuntimeSpec: file };
    const { spec, bases } = await sandboxSpec(input, fake());
    expect(bases).toEqual([]);
    expect(spec.process?.env).not.toContain('BASE=1');
    expect(spec.ociVersion).toBe('1.3.0');
  });
  it('privileged sandbox: rw /sys, no selinux label', async () => {
    const input = sandboxTestInput();
    input.config = {
      ...input.config,
      linux: { ...input.config.linux, securityContext: { privileged: true } },
    };
    const { spec } = await sandboxSpec(input, fake());
    expect(spec.mounts?.find((m) => m.destination === '/sys')?.options).toEqual([
      'nosuid',
      'noexec',
      'nodev',
      'rw',
    ]);
  });
});

describe('TestSandboxWindowsNetworkNamespace', () => {
  it('windows pause container', async () => {
    const input: SandboxSpecInput = {
      platform: 'windows/amd64',
      id: testID,
      netnsPath: 'test-cni',
      config: {
        metadata: { name: 'test-name', uid: 'test-uid', namespace: 'test-ns', attempt: 1 },
        hostname: 'test-hostname',
        windows: {
          securityContext: { runAsUsername: 'test-user', credentialSpec: 'cs', hostProcess: false },
        },
      },
      imageConfig: { Env: ['a=b'], Entrypoint: ['/pause'], Cmd: ['forever'], WorkingDir: '/workspace' },
    };
    const { spec } = await sandboxSpec(input, fake());
    expect(spec.windows?.network?.networkNamespace).toBe('test-cni');
    expect(spec.root).toBeUndefined();
    expect(spec.hostname).toBe('test-hostname');
    expect(spec.process?.args).toEqual(['/pause', 'forever']);
    expect(spec.windows?.resources?.cpu?.shares).toBe(2);
    expect(spec.process?.user?.username).toBe('test-user');
    expect(spec.windows?.credentialSpec).toBe('cs');
    expect(spec.annotations?.['microsoft.com/hostprocess-container']).toBe('false');
    expect(spec.annotations?.['io.kubernetes.cri.container-type']).toBe('sandbox');
  });
});
