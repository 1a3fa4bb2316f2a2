import * as path from 'node:path';
import type { FrozenSpec, Spec } from '@ocispec/core';
import { parseJson, printSpec, withHostname } from '@ocispec/core';
import { describe, expect, it } from 'vitest';
import { BaseSpecStore, mergeSpecs } from '../src/index.js';
import { fixtures, linuxPipeline, tempDir, write } from './helpers.js';

const FRAGMENT = {
  ociVersion: '1.0.2',
  process: {
    env: ['PATH=/opt/bin:/usr/bin', 'TEAM=infra'],
    rlimits: [
      { type: 'RLIMIT_NOFILE', hard: 65536, soft: 65536 },
      { type: 'RLIMIT_NPROC', hard: 512, soft: 512 },
    ],
  },
  mounts: [
    {
      destination: '/dev/shm',
      type: 'tmpfs',
      source: 'shm',
      options: ['nosuid', 'noexec', 'nodev', 'size=1g'],
    },
    { destination: '/data', type: 'bind', source: '/srv/data', options: ['rbind', 'ro'] },
  ],
  linux: {
    namespaces: [{ type: 'network', path: '/var/run/netns/blue' }, { type: 'cgroup' }],
    devices: [{ path: '/dev/fuse', type: 'c', major: 10, minor: 229 }],
    readonlyPaths: null,
  },
};

async function platformDefault(): Promise<FrozenSpec> {
  const pipeline = linuxPipeline();
  return pipeline.defaultSpec(pipeline.context({ namespace: 'k8s.io', id: 'c1' }));
}

describe('merge mode: a fragment over the platform default, keyed merges', () => {
  it('merges mounts by destination, namespaces and rlimits by type, env by name, devices by path', async () => {
    const dir = tempDir();
    const file = write(dir, 'fragment.json', FRAGMENT);
    const store = new BaseSpecStore({ pipeline: linuxPipeline() });
    const { spec } = await store.compose('c1', { mode: 'merge', file }, [withHostname('h')], {
      namespace: 'k8s.io',
    });
    const def = await platformDefault();
    // mounts: /dev/shm replaced in place, /data appended, every other default mount kept in order.
    const destinations = def.mounts!.map((m) => m.destination);
    expect(spec.mounts!.map((m) => m.destination)).toEqual([...destinations, '/data']);
    expect(spec.mounts!.find((m) => m.destination === '/dev/shm')?.options).toContain('size=1g');
    // namespaces: network replaced in place (now with a path), cgroup appended.
    const types = def.linux!.namespaces!.map((n) => n.type);
    expect(spec.linux!.namespaces!.map((n) => n.type)).toEqual([...types, 'cgroup']);
    expect(spec.linux!.namespaces!.find((n) => n.type === 'network')?.path).toBe('/var/run/netns/blue');
    // rlimits: NOFILE replaced, NPROC appended.
    expect(spec.process!.rlimits).toEqual(FRAGMENT.process.rlimits);
    // env: PATH replaced in place, TEAM appended (containerd's replaceOrAppendEnvValues).
    expect(spec.process!.env).toEqual(['PATH=/opt/bin:/usr/bin', 'TEAM=infra']);
    expect(spec.linux!.devices).toEqual([{ path: '/dev/fuse', type: 'c', major: 10, minor: 229 }]);
    // null deletes; everything else of the default stays (maskedPaths, capabilities, cgroupsPath).
    expect(spec.linux!.readonlyPaths).toBeUndefined();
    expect(spec.linux!.maskedPaths).toEqual(def.linux!.maskedPaths);
    expect(spec.process!.capabilities).toEqual(def.process!.capabilities);
    expect(spec.linux!.cgroupsPath).toBe('/k8s.io/c1');
    expect(spec.hostname).toBe('h');
  });

  it('shares untouched subtrees with its inputs and changes neither', async () => {
    const def = await platformDefault();
    const fragment = parseJson(JSON.stringify(FRAGMENT)) as Spec;
    const defBefore = printSpec(def);
    const fragmentBefore = JSON.stringify(fragment);
    const merged = mergeSpecs(def, fragment);
    expect(merged.linux!.maskedPaths).toBe(def.linux!.maskedPaths);
    expect(merged.process!.capabilities).toBe(def.process!.capabilities);
    expect(merged.linux!.devices).toEqual(fragment.linux!.devices);
    expect(Object.isFrozen(merged)).toBe(true);
    expect(printSpec(def)).toBe(defBefore);
    expect(JSON.stringify(fragment)).toBe(fragmentBefore);
  });

  it('a bare NAME in env unsets it; a keyed element without its key is appended', () => {
    const merged = mergeSpecs(
      {
        ociVersion: '1.0.2',
        process: { cwd: '/', user: { uid: 0, gid: 0 }, env: ['A=1', 'B=2'] },
        mounts: [{ destination: '/a' }],
      },
      { ociVersion: '1.0.2', process: { env: ['A'] }, mounts: [{ type: 'tmpfs' }] } as unknown as Spec,
    );
    expect(merged.process!.env).toEqual(['B=2']);
    expect(merged.mounts).toEqual([{ destination: '/a' }, { type: 'tmpfs' }]);
  });

  it('merges __proto__ and constructor keys as data, polluting nothing', () => {
    const fragment = parseJson(
      '{"ociVersion":"1.0.2","__proto__":{"polluted":true},"annotations":{"constructor":"x"}}',
    ) as Spec;
    const merged = mergeSpecs({ ociVersion: '1.0.2', annotations: { a: 'b' } }, fragment) as Record<
      string,
      unknown
    >;
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(merged, '__proto__')?.value).toEqual({ polluted: true });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(merged.annotations).toEqual({ a: 'b', constructor: 'x' });
  });
});

describe('replace mode (containerd): the base replaces the default, nothing merged', () => {
  it('a base without maskedPaths gets none', async () => {
    const dir = tempDir();
    const file = write(dir, 'base.json', { ociVersion: '1.0.2', linux: { namespaces: [{ type: 'pid' }] } });
    const store = new BaseSpecStore({ pipeline: linuxPipeline() });
    for (const source of [file, { mode: 'replace' as const, file }]) {
      const { spec } = await store.compose('c1', source, [], { namespace: 'k8s.io' });
      expect(spec.linux!.maskedPaths).toBeUndefined();
      expect(spec.mounts).toBeUndefined();
      expect(spec.linux!.namespaces).toEqual([{ type: 'pid' }]);
      expect(spec.linux!.cgroupsPath).toBe('/k8s.io/c1');
    }
  });
});

describe('layers: fragments merged in order', () => {
  it('over the default: later layers win, keyed lists accumulate', async () => {
    const dir = tempDir();
    const a = write(dir, 'a.json', { ociVersion: '1.0.2', hostname: 'a', process: { env: ['A=1', 'X=a'] } });
    const b = write(dir, 'b.json', { ociVersion: '1.0.2', hostname: 'b', process: { env: ['B=2', 'X=b'] } });
    const store = new BaseSpecStore({ pipeline: linuxPipeline() });
    const { spec, bases } = await store.compose('c1', { mode: 'layers', files: [a, b] }, [], {
      namespace: 'k8s.io',
    });
    expect(spec.hostname).toBe('b');
    // X of layer a replaced in place by layer b's; B appended (the linux default has no env).
    expect(spec.process!.env).toEqual(['A=1', 'X=b', 'B=2']);
    expect(spec.linux!.maskedPaths!.length).toBeGreaterThan(0);
    expect(bases.map((x) => x.file)).toEqual([a, b]);
  });

  it("over: 'first' starts from the first file (a whole base) instead of the default", async () => {
    const dir = tempDir();
    const team = write(dir, 'team.json', {
      ociVersion: '1.0.2',
      hostname: 'team',
      process: { env: ['TEAM=infra'] },
    });
    const store = new BaseSpecStore({ pipeline: linuxPipeline() });
    const base = path.join(fixtures, 'cri-base.json');
    const { spec } = await store.compose('c1', { mode: 'layers', files: [base, team], over: 'first' }, [], {
      namespace: 'k8s.io',
    });
    expect(spec.process!.args).toEqual(['/pause']);
    expect(spec.process!.env).toEqual([
      'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
      'TEAM=infra',
    ]);
    expect(spec.hostname).toBe('team');
    expect(spec.linux!.maskedPaths).toEqual(['/proc/kcore']);
    expect(printSpec(spec)).toContain('"hard":18446744073709551615');
  });
});
