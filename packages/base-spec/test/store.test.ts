import { copyFileSync } from 'node:fs';
import * as path from 'node:path';
import type { FrozenSpec } from '@ocispec/core';
import {
  printSpec,
  withAnnotations,
  withEnv,
  withHostname,
  withMemoryLimit,
  withMounts,
  withNoNewPrivileges,
  withProcessArgs,
  withProcessCwd,
} from '@ocispec/core';
import { describe, expect, it } from 'vitest';
import {
  BaseSpecError,
  BaseSpecLoader,
  BaseSpecStore,
  isBaseSpecError,
  parseRuntimeConfig,
  readRuntimeConfig,
} from '../src/index.js';
import { fixtures, linuxPipeline, tempDir, write } from './helpers.js';

describe('runtimeSpec (containerd CRI)', () => {
  it('seed 1: options over the base, version kept, withNamespacedCgroup first, base unchanged', async () => {
    const dir = tempDir();
    const file = write(dir, 'cri-base.json', { ociVersion: '1.0.2', hostname: 'old' });
    const store = new BaseSpecStore({ pipeline: linuxPipeline() });
    const base = store.load(file);
    const before = printSpec(base.spec);
    const out = await store.runtimeSpec('id1', file, [withHostname('new')], { namespace: 'k8s.io' });
    expect(out.spec.ociVersion).toBe('1.0.2');
    expect(out.spec.hostname).toBe('new');
    expect(out.spec.linux?.cgroupsPath).toBe('/k8s.io/id1');
    expect(out.bases).toEqual([base]);
    expect(printSpec(base.spec)).toBe(before);
    expect(base.spec.hostname).toBe('old');
    expect(base.spec.linux).toBeUndefined();
  });

  it('seed 2: additionalGids and permitted of the base survive CRI-like options; the base is shared, not copied', async () => {
    const dir = tempDir();
    const file = write(dir, 'cri-base.json', {
      ociVersion: '1.0.2',
      process: {
        user: { uid: 0, gid: 0, additionalGids: [9999] },
        cwd: '/',
        capabilities: { permitted: ['CAP_SETUID'] },
      },
      linux: { resources: { memory: { limit: 100 } } },
    });
    const store = new BaseSpecStore({ pipeline: linuxPipeline() });
    const base = store.load(file);
    const before = printSpec(base.spec);
    const out = await store.runtimeSpec(
      'c1',
      file,
      [
        withProcessArgs('/bin/sh', '-c', 'sleep 1'),
        withProcessCwd('/work'),
        withEnv(['A=1']),
        withNoNewPrivileges(),
        withHostname('pod'),
        withAnnotations({ 'io.kubernetes.cri.container-type': 'container' }),
        withMounts([{ destination: '/data', type: 'bind', source: '/srv', options: ['rbind', 'ro'] }]),
        withMemoryLimit(200),
      ],
      { namespace: 'k8s.io' },
    );
    expect(out.spec.process?.user?.additionalGids).toEqual([9999]);
    expect(out.spec.process?.noNewPrivileges).toBe(true);
    expect(out.spec.process?.capabilities?.permitted).toEqual(['CAP_SETUID']);
    expect(out.spec.linux?.resources?.memory?.limit).toBe(200);
    expect(out.spec.linux?.cgroupsPath).toBe('/k8s.io/c1');
    // Structural sharing: untouched subtrees are the base's own objects.
    expect(out.spec.process?.capabilities).toBe(base.spec.process?.capabilities);
    expect(out.spec.process?.user?.additionalGids).toBe(base.spec.process?.user?.additionalGids);
    expect(printSpec(base.spec)).toBe(before);
    expect(Object.isFrozen(out.spec)).toBe(true);
  });

  it("refuses a base file the store never loaded with containerd's message", async () => {
    const store = new BaseSpecStore({ pipeline: linuxPipeline() });
    const file = path.join(fixtures, 'cri-base.json');
    await expect(store.runtimeSpec('id1', file)).rejects.toThrow(`can't find base OCI spec "${file}"`);
    await expect(store.runtimeSpec('id1', file)).rejects.toSatisfy((e) => isBaseSpecError(e, 'unknown-base'));
    expect(store.loader.size).toBe(0);
  });

  it('"" means the platform default, and a sandbox never picks up a base', async () => {
    const pipeline = linuxPipeline();
    const store = BaseSpecStore.fromConfig(path.join(fixtures, 'config-v2.toml'), { pipeline });
    const plain = await pipeline.compose({ namespace: 'k8s.io', id: 'sb1', opts: [withHostname('pod')] });
    const sandbox = await store.sandboxSpec('sb1', [withHostname('pod')], { namespace: 'k8s.io' });
    const empty = await store.runtimeSpec('sb1', '', [withHostname('pod')], { namespace: 'k8s.io' });
    expect(printSpec(sandbox.spec)).toBe(printSpec(plain.spec));
    expect(printSpec(empty.spec)).toBe(printSpec(plain.spec));
    expect(sandbox.bases).toEqual([]);
    // The base's rlimit (2^64-1) and its /pause args are nowhere in the sandbox spec.
    expect(printSpec(sandbox.spec)).not.toContain('18446744073709551615');
    expect(sandbox.spec.process?.args).not.toEqual(['/pause']);
  });
});

describe('runtime configs (containerd config.toml)', () => {
  it('reads version 2: runtimes, default runtime, bases resolved from the config directory', () => {
    const config = readRuntimeConfig(path.join(fixtures, 'config-v2.toml'));
    expect(config.version).toBe(2);
    expect(config.defaultRuntimeName).toBe('crun');
    expect([...config.runtimes.keys()]).toEqual(['runc', 'crun', 'gvisor', 'kata']);
    const base = path.join(fixtures, 'cri-base.json');
    expect(config.runtimes.get('runc')).toEqual({
      name: 'runc',
      runtimeType: 'io.containerd.runc.v2',
      baseRuntimeSpec: base,
    });
    expect(config.runtimes.get('crun')?.baseRuntimeSpec).toBe(base);
    expect(config.runtimes.get('gvisor')?.baseRuntimeSpec).toBeUndefined();
    expect(config.runtimes.get('kata')?.baseRuntimeSpec).toBeUndefined();
  });

  it('reads version 3 (containerd 2.x plugin id)', () => {
    const config = readRuntimeConfig(path.join(fixtures, 'config-v3.toml'));
    expect(config.version).toBe(3);
    expect(config.defaultRuntimeName).toBe('runc');
    expect(config.runtimes.get('runc')?.baseRuntimeSpec).toBe(path.join(fixtures, 'cri-base.json'));
    expect(config.runtimes.get('gvisor')?.baseRuntimeSpec).toBeUndefined();
  });

  it('version 2 runtimes under the version 3 plugin id are not runtimes (and vice versa)', () => {
    const v3 = parseRuntimeConfig(
      'version = 3\n[plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]\nbase_runtime_spec = "/b.json"\n',
      '/etc/containerd/config.toml',
    );
    expect(v3.runtimes.size).toBe(0);
  });

  it.each([
    ['not TOML', 'version = 2\n[plugins\n', 'invalid TOML at line 2'],
    [
      'no version (a version 1 config)',
      '[plugins.cri.containerd]\n',
      'no version: a version 1 config is not supported',
    ],
    ['version 4', 'version = 4\n', 'version 4 is not supported (expected 2 or 3)'],
    [
      'a base_runtime_spec that is not a string',
      'version = 3\n[plugins."io.containerd.cri.v1.runtime".containerd.runtimes.runc]\nbase_runtime_spec = 1\n',
      'plugins."io.containerd.cri.v1.runtime".containerd.runtimes.runc.base_runtime_spec is not a string',
    ],
    [
      'a runtime that is not a table',
      'version = 2\n[plugins."io.containerd.grpc.v1.cri".containerd.runtimes]\nrunc = "x"\n',
      'plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc is not a table',
    ],
  ])('refuses %s with one line naming the file', (_name, text, message) => {
    let error: unknown;
    try {
      parseRuntimeConfig(text, '/etc/containerd/config.toml');
    } catch (e) {
      error = e;
    }
    expect(isBaseSpecError(error, 'bad-config')).toBe(true);
    expect((error as Error).message.startsWith('/etc/containerd/config.toml: ')).toBe(true);
    expect((error as Error).message).toContain(message);
    expect((error as Error).message).not.toContain('\n');
  });

  it.each([
    ['missing', (dir: string) => path.join(dir, 'nope.toml')],
    ['directory', (dir: string) => dir],
  ] as const)('a runtime config that cannot be read is %s, naming the file', (reason, at) => {
    const file = at(tempDir());
    let error: unknown;
    try {
      readRuntimeConfig(file);
    } catch (e) {
      error = e;
    }
    expect(isBaseSpecError(error, reason)).toBe(true);
    expect((error as Error).message.startsWith(`${file}: `)).toBe(true);
    expect((error as Error).message).not.toContain('\n');
  });

  it('preloads every base once (two runtimes share one file) and resolves runtime names', async () => {
    const loader = new BaseSpecLoader();
    const store = BaseSpecStore.fromConfig(path.join(fixtures, 'config-v2.toml'), {
      loader,
      pipeline: linuxPipeline(),
    });
    expect(loader.reads).toBe(1);
    expect(store.baseForRuntime('runc')).toBe(store.baseForRuntime('crun'));
    expect(store.baseForRuntime('gvisor')).toBeUndefined();
    const out = await store.runtimeSpecFor('crun', 'c9', [withHostname('h')], { namespace: 'k8s.io' });
    expect(out.spec.process?.args).toEqual(['/pause']);
    expect(out.spec.linux?.cgroupsPath).toBe('/k8s.io/c9');
    expect(out.bases[0]?.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(() => store.runtime('runsc')).toThrow(
      `${path.join(fixtures, 'config-v2.toml')}: no runtime for "runsc" is configured (configured: runc, crun, gvisor, kata)`,
    );
    expect(loader.reads).toBe(1);
  });

  it('a bad base in the config fails the whole store, as containerd fails the CRI plugin, caching nothing', () => {
    const dir = tempDir();
    copyFileSync(path.join(fixtures, 'cri-base.json'), path.join(dir, 'good.json'));
    write(dir, 'bad.json', '');
    const config = write(
      dir,
      'config.toml',
      'version = 3\n' +
        "[plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.a]\nbase_runtime_spec = 'good.json'\n" +
        "[plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.b]\nbase_runtime_spec = 'bad.json'\n",
    );
    const loader = new BaseSpecLoader();
    let error: unknown;
    try {
      BaseSpecStore.fromConfig(config, { loader });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BaseSpecError);
    expect((error as Error).message).toBe(
      `${path.join(dir, 'bad.json')}: empty file: a base spec must be a JSON object`,
    );
    expect(loader.size).toBe(0);
  });
});

describe('the base resolver for pipeline files', () => {
  it('file bases go through the loader; runtimes get withNamespacedCgroup first', async () => {
    const store = BaseSpecStore.fromConfig(path.join(fixtures, 'config-v3.toml'));
    const resolve = store.resolver();
    const byFile = await resolve({ kind: 'file', file: 'cri-base.json' }, fixtures);
    const byRuntime = await resolve({ kind: 'runtime', runtime: 'runc' }, '/elsewhere');
    expect(byFile.spec).toBe(byRuntime.spec);
    expect(byFile.opts).toBeUndefined();
    expect(byRuntime.opts).toEqual([['withNamespacedCgroup']]);
    expect((await resolve({ kind: 'runtime', runtime: 'gvisor' }, fixtures)).spec).toBeNull();
    expect(() => resolve({ kind: 'runtime', runtime: 'nope' }, fixtures)).toThrow(
      'no runtime for "nope" is configured',
    );
    const spec: FrozenSpec | null = byFile.spec;
    expect(spec?.ociVersion).toBe('1.0.2');
  });
});
