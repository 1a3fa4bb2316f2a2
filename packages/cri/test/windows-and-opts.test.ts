/**
 * containerd's container_create_windows_test.go, internal/cri/opts/spec_{opts,linux,windows}_test.go and the
 * registry side of the cri plugin.
 */
import { applyOpts, createContext, printSpec } from '@ocispec/core';
import { describe, expect, it } from 'vitest';
import type { ContainerSpecInput, CriHostFacts } from '../src/index.js';
import {
  containerSpec,
  cri,
  criPipeline,
  fakeCriHost,
  removeStep,
  replaceStep,
  withCriHostFacts,
} from '../src/index.js';
import { orderedMounts } from '../src/options/mounts.js';
import { mergeGids } from '../src/options/users.js';
import { parseWindowsMount } from '../src/options/windows-mounts.js';
import { checkMount, fake } from './helpers.js';

/** A context whose cri options read `host`'s facts. */
function hostContext(host: CriHostFacts) {
  return createContext({ host: withCriHostFacts(host) });
}

function windowsInput(): ContainerSpecInput & { config: NonNullable<ContainerSpecInput['config']> } {
  return {
    platform: 'windows/amd64',
    id: 'test-id',
    sandboxId: 'sandbox-id',
    netnsPath: 'test-cni',
    containerName: 'container-name',
    imageName: 'container-image-name',
    config: {
      metadata: { name: 'test-name', attempt: 1 },
      command: ['test', 'command'],
      args: ['test', 'args'],
      workingDir: 'test-cwd',
      envs: [
        { key: 'k1', value: 'v1' },
        { key: 'k4', value: 'v4=v4bis=foop' },
      ],
      mounts: [
        { containerPath: 'container-path-1', hostPath: 'host-path-1' },
        { containerPath: 'container-path-2', hostPath: 'host-path-2', readonly: true },
      ],
      annotations: { c: 'd' },
      windows: {
        resources: {
          cpuShares: 100,
          cpuCount: 200,
          cpuMaximum: 300,
          memoryLimitInBytes: 400,
          affinityCpus: [{ cpuMask: 192, cpuGroup: 0 }],
        },
        securityContext: {
          runAsUsername: 'test-user',
          credentialSpec: '{"test": "spec"}',
          hostProcess: false,
        },
      },
    },
    sandboxConfig: {
      metadata: {
        name: 'test-sandbox-name',
        uid: 'test-sandbox-uid',
        namespace: 'test-sandbox-ns',
        attempt: 2,
      },
      hostname: 'test-hostname',
      annotations: { c: 'd' },
      windows: { securityContext: {} },
    },
    imageConfig: {
      Env: ['ik1=iv1', 'ik4=iv4=iv4bis=boop'],
      Entrypoint: ['/entrypoint'],
      Cmd: ['cmd'],
      WorkingDir: '/workspace',
      User: 'ContainerUser',
    },
  };
}

describe('container_create_windows_test', () => {
  it('specCheck and TestContainerWindowsNetworkNamespace', async () => {
    const { spec } = await containerSpec(windowsInput(), fake());
    expect(spec.root).toBeUndefined();
    expect(spec.linux).toBeUndefined();
    expect(spec.hostname).toBe('test-hostname');
    expect(spec.process?.args).toEqual(['test', 'command', 'test', 'args']);
    expect(spec.process?.cwd).toBe('test-cwd');
    expect(spec.process?.env).toEqual(['ik1=iv1', 'ik4=iv4=iv4bis=boop', 'k1=v1', 'k4=v4=v4bis=foop']);
    checkMount(spec, 'host-path-1', 'container-path-1', undefined, ['rw']);
    checkMount(spec, 'host-path-2', 'container-path-2', undefined, ['ro']);
    const r = spec.windows?.resources;
    expect(r?.cpu?.shares).toBe(100);
    expect(r?.cpu?.count).toBe(200);
    expect(r?.cpu?.maximum).toBe(300);
    expect(r?.memory?.limit).toBe(400);
    expect(r?.cpu?.affinity).toEqual([{ mask: 192, group: 0 }]);
    expect(spec.process?.user?.username).toBe('test-user');
    expect(spec.windows?.credentialSpec).toBe('{"test": "spec"}');
    expect(spec.windows?.network?.networkNamespace).toBe('test-cni');
    const a = spec.annotations ?? {};
    expect(a['io.kubernetes.cri.sandbox-id']).toBe('sandbox-id');
    expect(a['io.kubernetes.cri.container-type']).toBe('container');
    expect(a['microsoft.com/hostprocess-container']).toBe('false');
  });
  it('TestMountCleanPath and TestMountNamedPipe', async () => {
    const input = windowsInput();
    input.config.mounts = [
      ...(input.config.mounts ?? []),
      { containerPath: 'c:/test/container-path', hostPath: 'c:/test/host-path' },
      { containerPath: '\\\\.\\pipe\\foo', hostPath: '\\\\.\\pipe\\foo' },
    ];
    const { spec } = await containerSpec(input, fake());
    checkMount(spec, 'c:\\test\\host-path', 'c:\\test\\container-path', undefined, ['rw']);
    checkMount(spec, '\\\\.\\pipe\\foo', '\\\\.\\pipe\\foo', undefined, ['rw']);
  });
  it('a CRI mount wins over an extra mount on the same cleaned windows path; other extra mounts are added', async () => {
    const input = windowsInput();
    input.config.mounts = [{ containerPath: 'C:\\data', hostPath: 'c:\\cri' }];
    input.extraMounts = [
      { containerPath: 'C:/data/', hostPath: 'c:\\extra' },
      { containerPath: 'C:\\other', hostPath: 'c:\\extra-other' },
    ];
    const { spec } = await containerSpec(input, fake());
    const data = spec.mounts?.filter((m) => m.destination === 'C:\\data') ?? [];
    expect(data.map((m) => m.source)).toEqual(['c:\\cri']);
    checkMount(spec, 'c:\\extra-other', 'C:\\other', undefined, ['rw']);
  });
  it('TestHostProcessRequirements', async () => {
    for (const [container, sandbox, error] of [
      [true, false, true],
      [true, true, false],
      [false, true, true],
      [false, false, false],
    ] as const) {
      const input = windowsInput();
      input.config.windows = { ...input.config.windows, securityContext: { hostProcess: container } };
      input.sandboxConfig = {
        ...input.sandboxConfig,
        windows: { securityContext: { hostProcess: sandbox } },
      };
      const result = containerSpec(input, fake());
      if (error) await expect(result).rejects.toThrow('must have the HostProcess field set');
      else await expect(result).resolves.toBeDefined();
    }
  });
  it('TestEntrypointAndCmdForArgsEscaped (shell form with container args)', async () => {
    const input = windowsInput();
    input.config.command = undefined;
    input.config.args = ['cmd -args "additional args"'];
    input.imageConfig = {
      ...input.imageConfig,
      Entrypoint: ['"C:\\My Folder\\MyProcess.exe" -arg1 "test value"'],
      Cmd: ['cmd -args "hello world"'],
      ArgsEscaped: true,
    };
    const { spec } = await containerSpec(input, fake());
    expect(spec.process?.args).toBeUndefined();
    expect(spec.process?.commandLine).toBe(
      '"C:\\My Folder\\MyProcess.exe" -arg1 "test value" "cmd -args \\"additional args\\""',
    );
    input.imageConfig = { ...input.imageConfig, ArgsEscaped: false };
    const plain = await containerSpec(input, fake());
    expect(plain.spec.process?.args).toEqual([
      '"C:\\My Folder\\MyProcess.exe" -arg1 "test value"',
      'cmd -args "additional args"',
    ]);
  });
});

describe('internal/cri/opts tests', () => {
  it('TestOrderedMounts', () => {
    const mounts = ['/a/b/c', '/a/b', '/a/b/c/d', '/a', '/b', '/b/c'].map((p) => ({ containerPath: p }));
    expect(orderedMounts(mounts).map((m) => m.containerPath)).toEqual([
      '/a',
      '/b',
      '/a/b',
      '/b/c',
      '/a/b/c',
      '/a/b/c/d',
    ]);
  });
  it('TestMergeGids', () => {
    expect(mergeGids([3, 2, 1], [2, 3, 4])).toEqual([1, 2, 3, 4]);
    expect(mergeGids([], null)).toBeUndefined();
  });
  it('TestRestrictOOMScoreAdj', async () => {
    const host = fakeCriHost({ oomScoreAdj: () => 100 });
    for (const [pref, expected] of [
      [50, 100],
      [100, 100],
      [200, 200],
    ] as const) {
      const spec = await applyOpts({}, [cri.withPodOOMScoreAdj(pref, true)], hostContext(host));
      expect(spec.process?.oomScoreAdj).toBe(expected);
    }
    const unreadable = fakeCriHost({
      oomScoreAdj: () => {
        throw new Error('could not get the daemon oom_score_adj: boom');
      },
    });
    await expect(
      applyOpts({}, [cri.withOOMScoreAdj({ linux: { resources: {} } }, true)], hostContext(unreadable)),
    ).rejects.toThrow('could not get the daemon oom_score_adj');
    // No resources: process created, nothing set.
    const none = await applyOpts({}, [cri.withOOMScoreAdj({}, true)], hostContext(unreadable));
    expect(none.process).toEqual({});
  });
  it('TestWithMountsCgroupNamespaceOptions', async () => {
    const host = fakeCriHost({
      lookupMount: () => ({
        mountpoint: '/sys/fs/cgroup',
        optional: '',
        vfsOptions: 'rw,nsdelegate,memory_recursiveprot',
      }),
    });
    const cgroupOpts = async (namespaces: { type: string }[]) => {
      const spec = await applyOpts(
        { linux: { namespaces } },
        [cri.withMounts({}, [], '', null)],
        hostContext(host),
      );
      return spec.mounts?.find((m) => m.destination === '/sys/fs/cgroup')?.options;
    };
    expect(await cgroupOpts([])).toEqual([
      'nosuid',
      'noexec',
      'nodev',
      'relatime',
      'ro',
      'nsdelegate',
      'memory_recursiveprot',
    ]);
    expect(await cgroupOpts([{ type: 'cgroup' }])).toEqual(['nosuid', 'noexec', 'nodev', 'relatime', 'ro']);
  });
  it('the /dev rule and rro', async () => {
    const host = fakeCriHost();
    const base = {
      mounts: [
        { destination: '/dev/pts', type: 'devpts' },
        { destination: '/proc', type: 'proc' },
      ],
    };
    const spec = await applyOpts(
      base,
      [cri.withMounts({ mounts: [{ containerPath: '/dev', hostPath: '/dev' }] }, [], '', null)],
      hostContext(host),
    );
    expect(spec.mounts?.map((m) => m.destination)).toEqual(['/proc', '/sys/fs/cgroup', '/dev']);
    const rro = {
      mounts: [{ containerPath: '/x', hostPath: '/x', readonly: true, recursiveReadOnly: true }],
    };
    await expect(applyOpts({}, [cri.withMounts(rro, [], '', null)], hostContext(host))).rejects.toThrow(
      'runtime handler does not support recursive read-only mounts (hostPath="/x")',
    );
    const ok = await applyOpts(
      {},
      [cri.withMounts(rro, [], '', { features: { recursiveReadOnlyMounts: true } })],
      hostContext(host),
    );
    expect(ok.mounts?.at(-1)?.options).toEqual(['rbind', 'rprivate', 'rro']);
  });
  it('TestWithDevices (windows)', async () => {
    const cases: [string, { idType: string; id: string } | string][] = [
      [
        'class/5B45201D-F2F2-4F3B-85BB-30FF1F953599',
        { idType: 'class', id: '5B45201D-F2F2-4F3B-85BB-30FF1F953599' },
      ],
      [
        'class://5B45201D-F2F2-4F3B-85BB-30FF1F953599',
        { idType: 'class', id: '5B45201D-F2F2-4F3B-85BB-30FF1F953599' },
      ],
      ['gpu://', { idType: 'gpu', id: '' }],
      ['class/slashed/id', { idType: 'class', id: 'slashed/id' }],
      [
        'vpci-location-path/PCIROOT(0)',
        'unrecognised HostPath format vpci-location-path/PCIROOT(0), must match IDType://ID',
      ],
      ['/dev/fuse', 'unrecognised HostPath format /dev/fuse'],
      ['no_slash', 'unrecognised HostPath format no_slash'],
      ['://x', 'failed adding device with HostPath ://x'],
    ];
    for (const [hostPath, expected] of cases) {
      const run = applyOpts(
        { windows: {} },
        [cri.withWindowsDevices({ devices: [{ hostPath }] })],
        createContext({ platform: 'windows/amd64' }),
      );
      if (typeof expected === 'string') await expect(run).rejects.toThrow(expected);
      else expect((await run).windows?.devices).toEqual([expected]);
    }
    await expect(
      applyOpts(
        {},
        [cri.withWindowsDevices({ devices: [{ hostPath: 'class://x', containerPath: 'y' }] })],
        createContext(),
      ),
    ).rejects.toThrow('unexpected ContainerPath y, must be empty');
  });
  it('TestWithWindowsResources (affinities, nil entries skipped)', async () => {
    const spec = await applyOpts(
      {},
      [cri.withWindowsResources({ affinityCpus: [{ cpuMask: 1, cpuGroup: 2 }, null, { cpuMask: 3 }] })],
      createContext(),
    );
    expect(spec.windows?.resources?.cpu?.affinity).toEqual([
      { mask: 1, group: 2 },
      { mask: 3, group: 0 },
    ]);
    expect(spec.windows?.resources?.memory).toEqual({});
    const none = await applyOpts({}, [cri.withWindowsResources({ memoryLimitInBytes: 5 })], createContext());
    expect(none.windows?.resources).toEqual({ memory: { limit: 5 } });
  });
  it('TestDriveMounts', () => {
    const host = fakeCriHost();
    for (const [dst, expected] of [
      ['D:\\foo', 'D:\\foo'],
      ['D:\\', 'D:\\'],
      ['D:', 'D:'],
      ['\\\\.\\pipe\\x', '\\\\.\\pipe\\x'],
      ['C:\\', 'C:\\'],
      ['/tmp', 'C:\\tmp'],
    ] as const) {
      const src = dst.startsWith('\\\\.\\pipe') ? dst : 'C:\\src';
      expect(parseWindowsMount(host, { containerPath: dst, hostPath: src }).destination).toBe(expected);
    }
    expect(() => parseWindowsMount(host, { containerPath: 'C:', hostPath: 'C:\\src' })).toThrow(
      'destination path can not be C drive',
    );
  });
});

describe('the cri plugin and step editing', () => {
  it('registers cri.* options usable from JSON pipelines', async () => {
    const pipeline = criPipeline({ host: fakeCriHost() });
    expect(pipeline.registry.get('cri.withMounts')?.plugin).toBe('cri');
    expect(pipeline.registry.get('withMounts')?.plugin).toBe('core');
    const { spec } = await pipeline.compose({
      opts: [
        ['cri.withAnnotation', 'k', 'v'],
        ['cri.withResources', { cpuShares: '512', memoryLimitInBytes: 1024 }, false, false],
        [
          'cri.withCapabilities',
          { capabilities: { addCapabilities: ['net_admin'], dropCapabilities: ['ALL'] } },
          null,
        ],
        ['cri.withPodNamespaces', { namespaceOptions: { pid: 1 } }, 7, 7, null, null],
      ],
    });
    expect(spec.annotations).toEqual({ k: 'v' });
    expect(spec.linux?.resources?.cpu?.shares).toBe(512);
    expect(spec.linux?.resources?.memory).toEqual({ limit: 1024, swap: 1024 });
    expect(spec.process?.capabilities?.bounding).toEqual(['CAP_NET_ADMIN']);
    // pid mode 1 = CONTAINER: the pid namespace keeps no path.
    expect(spec.linux?.namespaces).toContainEqual({ type: 'pid' });
    expect(spec.linux?.namespaces).toContainEqual({ type: 'network', path: '/proc/7/ns/net' });
    await expect(
      pipeline.compose({ opts: [['cri.withResources', { cpuShares: 'x' }, false, false]] }),
    ).rejects.toThrow(/cri.withResources.*argument 1/);
  });
  it('edit removes and replaces named steps; beforeApply sees them', async () => {
    const input: ContainerSpecInput = {
      config: {
        metadata: { name: 'c' },
        command: ['/bin/true'],
        linux: { resources: { memoryLimitInBytes: 1024 } },
      },
      sandboxConfig: { metadata: { name: 'p' }, hostname: 'h' },
    };
    const { spec, steps } = await containerSpec(input, {
      ...fake(),
      edit: (s) =>
        replaceStep(removeStep(s, 'resources'), 'hostnameEnv', ['cri.withAnnotation', 'edited', 'yes']),
    });
    expect(spec.linux?.resources?.memory).toBeUndefined();
    expect(spec.annotations?.edited).toBe('yes');
    expect(spec.process?.env).not.toContain('HOSTNAME=h');
    expect(steps.some((s) => s.name === 'cri.withResources')).toBe(false);
    expect(() => removeStep(steps, 'nope')).toThrow(/no step "nope" \(steps: withoutRunMount/);
    const pipeline = criPipeline({ host: fakeCriHost() });
    const seen: string[] = [];
    pipeline.hooks.beforeApply.tap('spy', (opts) => {
      seen.push(...opts.map((o) => o.name));
      return opts;
    });
    await containerSpec(input, { pipeline });
    expect(seen).toContain('cri.withMounts');
    expect(seen[0]).toBe('withoutRunMount');
    expect(printSpec(spec)).toContain('"edited":"yes"');
  });
});
