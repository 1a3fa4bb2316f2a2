import type { FrozenSpec, OptCall, Spec, SpecOpt } from '@ocispec/core';
import { applyOptsSync, createContext, printSpec, withDefaultPathEnv, withMemoryLimit } from '@ocispec/core';
import { describe, expect, it } from 'vitest';
import {
  windowsDefaultSpec,
  windowsOptions,
  withProcessCommandLine,
  withWindowNetworksAllowUnqualifiedDNSQuery,
  withWindowsCPUCount,
  withWindowsCPUMaximum,
  withWindowsCPUShares,
  withWindowsDevice,
  withWindowsHyperV,
  withWindowsIgnoreFlushesDuringBoot,
  withWindowsNetworkNamespace,
  withWindowsNetworksAllowUnqualifiedDNSQuery,
} from '../src/index.js';
import { apply, emptySpecs, lcowSpec, windowsPipeline } from './fixtures.js';

const windowsCtx = createContext({ platform: 'windows/amd64' });

function applyTo(base: Spec | FrozenSpec, ...opts: SpecOpt[]): FrozenSpec {
  return applyOptsSync(base, opts, windowsCtx);
}

describe('windows CPU resources over emptySpecs', () => {
  const cases = [
    { name: 'TestWithWindowsCPUCount', opt: withWindowsCPUCount(123), field: 'count' },
    { name: 'TestWithWindowsCPUShares', opt: withWindowsCPUShares(123), field: 'shares' },
    { name: 'TestWithWindowsCPUMaximum', opt: withWindowsCPUMaximum(123), field: 'maximum' },
  ] as const;
  for (const { name, opt, field } of cases) {
    describe(name, () => {
      it.each(Object.entries(emptySpecs))('%s', (kind, base) => {
        const spec = applyTo(base, opt);
        if (kind === 'windows') {
          expect(spec.windows?.resources?.cpu?.[field]).toBe(123);
        } else {
          expect(spec.windows).toBeUndefined();
          expect(spec).toBe(base);
        }
        expect(spec.linux?.resources).toBeUndefined();
      });
    });
  }

  it('keeps the other CPU fields and stores a safe bigint as a number', () => {
    const spec = applyTo(
      { windows: { resources: { cpu: { shares: 5 } } } },
      withWindowsCPUCount(8n),
      withWindowsCPUMaximum(5000),
    );
    expect(spec.windows?.resources?.cpu).toEqual({ shares: 5, count: 8, maximum: 5000 });
    const big = applyTo({ windows: {} }, withWindowsCPUCount(18446744073709551615n));
    expect(big.windows?.resources?.cpu?.count).toBe(18446744073709551615n);
    expect(printSpec(big)).toContain('"cpu":{"count":18446744073709551615}');
  });
});

describe('TestWithCPUCount (through GenerateSpecWithPlatform)', () => {
  it('sets the count on the windows default', async () => {
    const spec = await apply(null, [withWindowsCPUCount(8)]);
    expect(spec.windows?.resources?.cpu?.count).toBe(8);
    expect(spec.linux).toBeUndefined();
  });

  it('sets the count on an LCOW spec (linux/amd64 on a windows host) without touching linux CPU', async () => {
    const spec = await apply(lcowSpec(), [withWindowsCPUCount(8)], 'linux/amd64');
    expect(spec.windows?.resources?.cpu?.count).toBe(8);
    expect(spec.linux?.resources?.cpu).toBeUndefined();
  });
});

describe('TestWithWindowsDevice', () => {
  const GUID = '5B45201D-F2F2-4F3B-85BB-30FF1F953599';
  const rows = [
    { name: 'empty_idType_and_id', idType: '', id: '', error: true },
    { name: 'empty_idType', idType: '', id: GUID, error: true },
    { name: 'empty_id', idType: 'class', id: '', devices: [{ id: '', idType: 'class' }] },
    { name: 'idType_and_id', idType: 'class', id: GUID, devices: [{ id: GUID, idType: 'class' }] },
  ];
  it.each(rows)('$name', ({ idType, id, error, devices }) => {
    const base: Spec = { ociVersion: '1.3.0', root: {}, windows: {} };
    if (error) {
      expect(() => applyTo(base, withWindowsDevice(idType, id))).toThrow('missing idType');
    } else {
      expect(applyTo(base, withWindowsDevice(idType, id)).windows?.devices).toEqual(devices);
    }
  });

  it('creates windows and appends without dedupe', () => {
    const spec = applyTo({}, withWindowsDevice('class', 'a'), withWindowsDevice('class', 'a'));
    expect(printSpec(spec)).toBe(
      '{"ociVersion":"","windows":{"layerFolders":null,"devices":[{"id":"a","idType":"class"},{"id":"a","idType":"class"}]}}',
    );
  });

  it('names the option and its index when it fails in a pipeline', async () => {
    await expect(
      windowsPipeline().compose({ platform: 'windows/amd64', opts: [['withWindowsDevice', '', 'x']] }),
    ).rejects.toMatchObject({
      code: 'OPTION_FAILED',
      option: 'withWindowsDevice',
      index: 0,
      message: 'option 0 (withWindowsDevice): missing idType',
    });
  });
});

describe('flags and network', () => {
  it('TestWithWindowsIgnoreFlushesDuringBoot: on the default and on {}', async () => {
    expect((await apply(null, [withWindowsIgnoreFlushesDuringBoot()])).windows?.ignoreFlushesDuringBoot).toBe(
      true,
    );
    expect(applyTo({}, withWindowsIgnoreFlushesDuringBoot()).windows).toEqual({
      ignoreFlushesDuringBoot: true,
    });
  });

  it.each([
    ['withWindowNetworksAllowUnqualifiedDNSQuery', withWindowNetworksAllowUnqualifiedDNSQuery],
    ['withWindowsNetworksAllowUnqualifiedDNSQuery', withWindowsNetworksAllowUnqualifiedDNSQuery],
  ] as const)('TestWithWindowNetworksAllowUnqualifiedDNSQuery: %s', async (name, factory) => {
    expect((await apply(null, [factory()])).windows?.network?.allowUnqualifiedDNSQuery).toBe(true);
    expect(applyTo({}, factory()).windows).toEqual({ network: { allowUnqualifiedDNSQuery: true } });
    const { spec } = await windowsPipeline().compose({ platform: 'windows/amd64', opts: [[name]] });
    expect(spec.windows?.network?.allowUnqualifiedDNSQuery).toBe(true);
  });

  it('withWindowsNetworkNamespace sets and clears the namespace, creating windows.network', () => {
    const spec = applyTo({}, withWindowsNetworkNamespace('ns-1'));
    expect(spec.windows).toEqual({ network: { networkNamespace: 'ns-1' } });
    const cleared = applyTo(spec, withWindowsNetworkNamespace(''));
    expect(printSpec(cleared)).toBe('{"ociVersion":"","windows":{"layerFolders":null,"network":{}}}');
  });
});

describe('withWindowsHyperV', () => {
  it('§5.7 item 46: on {} it prints {"windows":{"layerFolders":null,"hyperv":{}}}', () => {
    const spec = applyTo({}, withWindowsHyperV());
    expect(spec).toEqual({ windows: { hyperv: {} } });
    // Go always prints `ociVersion` (no omitempty): the windows part is item 46's output exactly.
    expect(printSpec(spec)).toBe('{"ociVersion":"","windows":{"layerFolders":null,"hyperv":{}}}');
  });

  it('keeps an existing hyperv section', () => {
    const base: Spec = { windows: { hyperv: { utilityVMPath: 'C:\\uvm' } } };
    expect(applyTo(base, withWindowsHyperV())).toBe(base);
  });
});

describe('withProcessCommandLine', () => {
  it('replaces the command line and removes args, creating process', () => {
    const spec = applyTo(
      { process: { args: ['a', 'b'], cwd: 'C:\\' } },
      withProcessCommandLine('cmd /c "x y"'),
    );
    expect(spec.process).toEqual({ cwd: 'C:\\', commandLine: 'cmd /c "x y"' });
    expect(applyTo({}, withProcessCommandLine('x')).process).toEqual({ commandLine: 'x' });
    expect(applyTo({ process: { commandLine: 'x' } }, withProcessCommandLine('')).process).toEqual({});
  });
});

describe('TestWindowsDefaultPathEnv', () => {
  it('withDefaultPathEnv adds no unix PATH for a windows target', async () => {
    const base: Spec = { process: { env: [] } };
    const spec = await apply(base, [withDefaultPathEnv()]);
    expect(spec.process?.env ?? []).not.toContain(
      'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    );
  });
});

describe('withMemoryLimit (TestWithMemoryLimit)', () => {
  const m = 768 * 1024 * 1024;
  it('windows/amd64: sets the windows limit, linux stays absent', async () => {
    const spec = await apply(null, [withMemoryLimit(m)]);
    expect(spec.windows?.resources?.memory?.limit).toBe(m);
    expect(spec.linux).toBeUndefined();
  });

  it('LCOW (a linux spec with a windows section): sets both', async () => {
    const spec = await apply(lcowSpec(), [withMemoryLimit(m)], 'linux/amd64');
    expect(spec.linux?.resources?.memory?.limit).toBe(m);
    expect(spec.windows?.resources?.memory?.limit).toBe(m);
  });
});

describe('registration', () => {
  it('registers every windows option under the windows plugin', () => {
    const pipeline = windowsPipeline();
    for (const definition of windowsOptions) {
      const registered = pipeline.registry.get(definition.name);
      expect(registered?.plugin).toBe('windows');
      expect(registered?.definition.containerd).toMatch(/^oci\.With/);
    }
    expect(windowsOptions.map((d) => d.name)).toEqual([
      'withWindowsHyperV',
      'withWindowsDevice',
      'withWindowsCPUCount',
      'withWindowsCPUShares',
      'withWindowsCPUMaximum',
      'withWindowsIgnoreFlushesDuringBoot',
      'withWindowNetworksAllowUnqualifiedDNSQuery',
      'withWindowsNetworksAllowUnqualifiedDNSQuery',
      'withWindowsNetworkNamespace',
      'withProcessCommandLine',
    ]);
  });

  it('runs JSON calls of every option', async () => {
    const { spec } = await windowsPipeline().compose({
      platform: 'windows/amd64',
      opts: [
        ['withWindowsHyperV'],
        ['withWindowsDevice', 'class', 'GUID'],
        ['withWindowsCPUCount', 2],
        ['withWindowsCPUShares', 500],
        ['withWindowsCPUMaximum', 9000],
        ['withWindowsIgnoreFlushesDuringBoot'],
        ['withWindowNetworksAllowUnqualifiedDNSQuery'],
        ['withWindowsNetworkNamespace', 'ns'],
        ['withProcessCommandLine', 'cmd.exe /c dir'],
      ],
    });
    expect(printSpec(spec)).toBe(
      '{"ociVersion":"1.3.0","process":{"user":{"uid":0,"gid":0},"commandLine":"cmd.exe /c dir","cwd":"C:\\\\"},' +
        '"root":{"path":""},"windows":{"layerFolders":null,"devices":[{"id":"GUID","idType":"class"}],' +
        '"resources":{"cpu":{"count":2,"shares":500,"maximum":9000}},"ignoreFlushesDuringBoot":true,' +
        '"hyperv":{},"network":{"allowUnqualifiedDNSQuery":true,"networkNamespace":"ns"}}}',
    );
    expect(windowsDefaultSpec().windows).toEqual({ layerFolders: null });
  });

  it.each([
    [['withWindowsCPUShares', 70000], /option 0 \(withWindowsCPUShares\): argument 1: expected uint16/],
    [['withWindowsCPUCount', -1], /option 0 \(withWindowsCPUCount\): argument 1: expected uint64/],
    [['withWindowsDevice', 'class'], /option 0 \(withWindowsDevice\): expected 2 arguments, received 1/],
    [['withWindowsHyperV', true], /option 0 \(withWindowsHyperV\): expected 0 arguments, received 1/],
  ] as const)('rejects bad arguments before anything runs: %j', async (call, message) => {
    // Calls the compiler would refuse (typed OptCall): resolved as a pipeline file's unchecked calls are.
    await expect(
      windowsPipeline().compose({ platform: 'windows/amd64', opts: [call] as unknown as OptCall[] }),
    ).rejects.toMatchObject({ code: 'BAD_ARGUMENT', message: expect.stringMatching(message) });
  });
});
