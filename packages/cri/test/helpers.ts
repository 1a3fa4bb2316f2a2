import type { Frozen, FrozenSpec, Mount } from '@ocispec/core';
import { knownCapabilities } from '@ocispec/linux';
import { expect } from 'vitest';
import type { ContainerSpecInput, CriHostFacts, SandboxSpecInput } from '../src/index.js';
import { criPipeline, fakeCriHost } from '../src/index.js';

export const testImageName = 'container-image-name';
export const testID = 'test-id';
export const testSandboxID = 'sandbox-id';
export const testPid = 1234;

/** containerd's `getCreateContainerTestData` (linux), as a CRI JSON input. */
export function linuxTestInput(): ContainerSpecInput & {
  config: NonNullable<ContainerSpecInput['config']>;
} {
  return {
    platform: 'linux/amd64',
    id: testID,
    sandboxId: testSandboxID,
    sandboxPid: testPid,
    containerName: 'container-name',
    imageName: testImageName,
    allCaps: [...knownCapabilities],
    config: {
      metadata: { name: 'test-name', attempt: 1 },
      image: { image: 'sha256:c75bebcdd211f41b3a460c7bf82970ed6c75acaab9cd4c9a4e125b03ca113799' },
      command: ['test', 'command'],
      args: ['test', 'args'],
      workingDir: 'test-cwd',
      envs: [
        { key: 'k1', value: 'v1' },
        { key: 'k2', value: 'v2' },
        { key: 'k3', value: 'v3=v3bis' },
        { key: 'k4', value: 'v4=v4bis=foop' },
      ],
      mounts: [
        { containerPath: 'container-path-1', hostPath: 'host-path-1' },
        { containerPath: 'container-path-2', hostPath: 'host-path-2', readonly: true },
      ],
      labels: { a: 'b' },
      annotations: { 'ca-c': 'ca-d' },
      linux: {
        resources: {
          cpuPeriod: 100,
          cpuQuota: 200,
          cpuShares: 300,
          memoryLimitInBytes: 400,
          oomScoreAdj: 500,
          cpusetCpus: '0-1',
          cpusetMems: '2-3',
          unified: { 'memory.min': '65536', 'memory.swap.max': '1024' },
        },
        securityContext: { supplementalGroups: [1111, 2222], noNewPrivs: true },
      },
    },
    sandboxConfig: {
      metadata: {
        name: 'test-sandbox-name',
        uid: 'test-sandbox-uid',
        namespace: 'test-sandbox-ns',
        attempt: 2,
      },
      annotations: { c: 'd' },
      linux: { cgroupParent: '/test/cgroup/parent', securityContext: {} },
    },
    imageConfig: {
      Env: ['ik1=iv1', 'ik2=iv2', 'ik3=iv3=iv3bis', 'ik4=iv4=iv4bis=boop'],
      Entrypoint: ['/entrypoint'],
      Cmd: ['cmd'],
      WorkingDir: '/workspace',
    },
    cri: { rootDir: '/test/root', stateDir: '/test/state' },
  };
}

export function findMount(spec: FrozenSpec, src: string, dst: string): Frozen<Mount> | undefined {
  return spec.mounts?.find((m) => m.source === src && m.destination === dst);
}

/** containerd's `checkMount`. */
export function checkMount(
  spec: FrozenSpec,
  src: string,
  dst: string,
  type: string | undefined,
  contains: readonly string[],
  notContains: readonly string[] = [],
): void {
  const m = findMount(spec, src, dst);
  expect(m, `mount from ${src} to ${dst}`).toBeDefined();
  expect(m?.type).toBe(type);
  for (const c of contains) expect(m?.options).toContain(c);
  for (const n of notContains) expect(m?.options ?? []).not.toContain(n);
}

/** containerd's `specCheck` of `getCreateContainerTestData` (linux). */
export function linuxSpecCheck(
  spec: FrozenSpec,
  id = testID,
  sandboxID = testSandboxID,
  pid = testPid,
): void {
  expect(spec.root?.path).toBe('rootfs');
  expect(spec.process?.args).toEqual(['test', 'command', 'test', 'args']);
  expect(spec.process?.cwd).toBe('test-cwd');
  for (const e of [
    'k1=v1',
    'k2=v2',
    'k3=v3=v3bis',
    'k4=v4=v4bis=foop',
    'ik1=iv1',
    'ik2=iv2',
    'ik3=iv3=iv3bis',
  ])
    expect(spec.process?.env).toContain(e);
  checkMount(spec, 'cgroup', '/sys/fs/cgroup', 'cgroup', ['ro']);
  checkMount(spec, 'host-path-1', 'container-path-1', 'bind', ['rbind', 'rprivate', 'rw']);
  checkMount(spec, 'host-path-2', 'container-path-2', 'bind', ['rbind', 'rprivate', 'ro']);
  const r = spec.linux?.resources;
  expect(r?.cpu?.period).toBe(100);
  expect(r?.cpu?.quota).toBe(200);
  expect(r?.cpu?.shares).toBe(300);
  expect(r?.cpu?.cpus).toBe('0-1');
  expect(r?.cpu?.mems).toBe('2-3');
  expect(r?.unified).toEqual({ 'memory.min': '65536', 'memory.swap.max': '1024' });
  expect(r?.memory?.limit).toBe(400);
  expect(spec.process?.oomScoreAdj).toBe(500);
  expect(spec.process?.user?.additionalGids).toContain(1111);
  expect(spec.process?.user?.additionalGids).toContain(2222);
  expect(spec.process?.noNewPrivileges).toBe(true);
  expect(spec.linux?.cgroupsPath).toBe(`/test/cgroup/parent/${id}`);
  const ns = spec.linux?.namespaces ?? [];
  expect(ns).toContainEqual({ type: 'network', path: `/proc/${pid}/ns/net` });
  expect(ns).toContainEqual({ type: 'ipc', path: `/proc/${pid}/ns/ipc` });
  expect(ns).toContainEqual({ type: 'uts', path: `/proc/${pid}/ns/uts` });
  expect(ns).toContainEqual({ type: 'pid', path: `/proc/${pid}/ns/pid` });
  const a = spec.annotations ?? {};
  expect(a['io.kubernetes.cri.sandbox-id']).toBe(sandboxID);
  expect(a['io.kubernetes.cri.container-type']).toBe('container');
  expect(a['io.kubernetes.cri.sandbox-namespace']).toBe('test-sandbox-ns');
  expect(a['io.kubernetes.cri.sandbox-uid']).toBe('test-sandbox-uid');
  expect(a['io.kubernetes.cri.sandbox-name']).toBe('test-sandbox-name');
  expect(a['io.kubernetes.cri.image-name']).toBe(testImageName);
}

/** Build options over fake host facts (a fresh pipeline per call). */
export function fake(overrides: Partial<CriHostFacts> = {}) {
  const host = fakeCriHost(overrides);
  return { host, pipeline: criPipeline({ host }) };
}

/** containerd's podsandbox `getRunPodSandboxTestData` (linux). */
export function sandboxTestInput(): SandboxSpecInput & { config: NonNullable<SandboxSpecInput['config']> } {
  return {
    platform: 'linux/amd64',
    id: testID,
    netnsPath: '/var/run/netns/test',
    config: {
      metadata: { name: 'test-name', uid: 'test-uid', namespace: 'test-ns', attempt: 1 },
      hostname: 'test-hostname',
      logDirectory: 'test-log-directory',
      labels: { a: 'b' },
      annotations: { c: 'd' },
      linux: { cgroupParent: '/test/cgroup/parent' },
    },
    imageConfig: { Env: ['a=b', 'c=d'], Entrypoint: ['/pause'], Cmd: ['forever'], WorkingDir: '/workspace' },
    cri: { rootDir: '/test/root', stateDir: '/test/state' },
  };
}
