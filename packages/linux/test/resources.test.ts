import type { Spec, SpecOpt } from '@ocispec/core';
import { createContext, ensureLinuxResources, OcispecError, writable } from '@ocispec/core';
import { sparseSpecs } from '@ocispec/test-fixtures';
import { describe, expect, it } from 'vitest';
import {
  defaultUnixDeviceRules,
  withAllDevicesAllowed,
  withBlockIO,
  withCgroup,
  withCPUBurst,
  withCPUCFS,
  withCPURT,
  withCPUShares,
  withCPUs,
  withCPUsMems,
  withDefaultUnixDevices,
  withMemorySwap,
  withNamespacedCgroup,
  withParentCgroupDevices,
  withPidsLimit,
  withRdt,
} from '../src/resources.js';
import { apply, failure } from './fixtures/fake-host.js';

const emptySpecs = (): Record<string, Spec> => ({
  empty: {},
  linux: { linux: {} },
  windows: { windows: {} },
});

/** containerd's TestWithMemorySwap … TestWithCPURT: the linux spec gets the value, the others keep a nil linux. */
const linuxOnlyCases: [string, () => SpecOpt, Spec['linux']][] = [
  ['withMemorySwap', () => withMemorySwap(1024), { resources: { memory: { swap: 1024 } } }],
  ['withPidsLimit', () => withPidsLimit(100), { resources: { pids: { limit: 100 } } }],
  ['withBlockIO', () => withBlockIO({ weight: 500 }), { resources: { blockIO: { weight: 500 } } }],
  ['withCPUShares', () => withCPUShares(1024), { resources: { cpu: { shares: 1024 } } }],
  ['withCPUs', () => withCPUs('0-3'), { resources: { cpu: { cpus: '0-3' } } }],
  ['withCPUsMems', () => withCPUsMems('0'), { resources: { cpu: { mems: '0' } } }],
  ['withCPUCFS', () => withCPUCFS(50000, 100000), { resources: { cpu: { quota: 50000, period: 100000 } } }],
  ['withCPUBurst', () => withCPUBurst(10000), { resources: { cpu: { burst: 10000 } } }],
  [
    'withCPURT',
    () => withCPURT(950000, 1000000),
    { resources: { cpu: { realtimeRuntime: 950000, realtimePeriod: 1000000 } } },
  ],
];

describe('resource options over emptySpecs (§5.7 item 41)', () => {
  for (const [specName, base] of Object.entries(emptySpecs())) {
    it.each(linuxOnlyCases)(`%s on ${specName}`, (_, make, expected) => {
      const out = apply(base, [make()]);
      if (specName === 'linux') expect(out.linux).toEqual(expected);
      else expect(out.linux).toBeUndefined();
      expect(out.windows).toEqual(base.windows);
    });
  }
  for (const [specName, base] of Object.entries(sparseSpecs())) {
    it.each(linuxOnlyCases)(
      `%s on sparse ${specName} never throws, creates linux only if present`,
      (_, make) => {
        const out = apply(base, [make()]);
        expect(out.linux != null).toBe(base.linux != null);
      },
    );
  }
});

describe('64-bit arguments', () => {
  it('bigint values beyond 2^53 stay exact; safe bigints become numbers', () => {
    const big = 2n ** 62n;
    const out = apply({ linux: {} }, [
      withMemorySwap(big),
      withPidsLimit(5n),
      withCPUCFS(-1, 2n ** 64n - 1n),
    ]);
    expect(out.linux?.resources?.memory?.swap).toBe(big);
    expect(out.linux?.resources?.pids?.limit).toBe(5);
    expect(out.linux?.resources?.cpu).toEqual({ quota: -1, period: 2n ** 64n - 1n });
  });
  it('withCPUShares takes a Go uint64: 2^64-1 exact; -1 fails in code as in a pipeline file (no RangeError)', () => {
    expect(apply({ linux: {} }, [withCPUShares(2n ** 64n - 1n)]).linux?.resources?.cpu?.shares).toBe(
      2n ** 64n - 1n,
    );
    expect(() => withCPUShares(-1)).toThrow(
      'withCPUShares: argument 1: expected uint64 (0..18446744073709551615), got -1',
    );
    expect(() => withCPUCFS(1.5, -1)).toThrow(
      'withCPUCFS: argument 1: expected int64 (-9223372036854775808..9223372036854775807), got 1.5',
    );
  });
  it('keeps existing cpu fields', () => {
    const out = apply({ linux: { resources: { cpu: { shares: 2 } } } }, [withCPUs('1')]);
    expect(out.linux?.resources?.cpu).toEqual({ shares: 2, cpus: '1' });
  });
  it('withBlockIO(null) clears, and the argument is copied', () => {
    const blockio = { weight: 10, weightDevice: [{ major: 8, minor: 0, weight: 5 }] };
    const out = apply({ linux: {} }, [withBlockIO(blockio)]);
    expect(out.linux?.resources?.blockIO).toEqual(blockio);
    expect(out.linux?.resources?.blockIO).not.toBe(blockio);
    expect(apply(out, [withBlockIO(null)]).linux?.resources).toEqual({});
  });
});

describe('withCgroup / withNamespacedCgroup', () => {
  it('withCgroup sets the raw path and creates linux', () => {
    expect(apply({}, [withCgroup('a/../b')])).toEqual({ linux: { cgroupsPath: 'a/../b' } });
  });
  it('withNamespacedCgroup joins /<ns>/<id> (§5.6 item 39)', () => {
    const ctx = createContext({ namespace: 'default', container: { id: 'ctr1' } });
    expect(apply({}, [withNamespacedCgroup()], ctx)).toEqual({ linux: { cgroupsPath: '/default/ctr1' } });
  });
  it('cleans the id', () => {
    const ctx = createContext({ namespace: 'default', container: { id: '../../etc' } });
    expect(apply({}, [withNamespacedCgroup()], ctx).linux?.cgroupsPath).toBe('/etc');
  });
  it('an empty id gives /<ns>', () => {
    const ctx = createContext({ namespace: 'k8s.io', container: { id: '' } });
    expect(apply({}, [withNamespacedCgroup()], ctx).linux?.cgroupsPath).toBe('/k8s.io');
  });
  it('no namespace: namespace is required', () => {
    const error = failure({}, [withNamespacedCgroup()], createContext({ namespace: '' }));
    expect(error).toBeInstanceOf(OcispecError);
    expect(error.message).toBe('namespace is required: failed precondition');
  });
});

describe('withRdt', () => {
  it('replaces intelRdt; without linux, MISSING_SECTION where HEAD panics', () => {
    const base: Spec = { linux: { intelRdt: { closID: 'old', enableMonitoring: true } } };
    expect(apply(base, [withRdt('c', 'L3:0=f', 'MB:0=50')]).linux?.intelRdt).toEqual({
      closID: 'c',
      l3CacheSchema: 'L3:0=f',
      memBwSchema: 'MB:0=50',
    });
    expect(() => apply({}, [withRdt('c', '', '')])).toThrow(
      expect.objectContaining({ code: 'MISSING_SECTION', option: 'withRdt', index: 0, pointer: '/linux' }),
    );
  });
});

describe('device cgroup rules', () => {
  const cases: [string, Spec][] = [
    ['empty', {}],
    ['linux', { linux: {} }],
    ['windows', { windows: {} }],
    ['existing rules', { linux: { resources: { devices: [{ allow: false, access: 'rwm' }] } } }],
  ];
  it.each(cases)('withParentCgroupDevices on %s: resources {} with no devices, linux created', (_, base) => {
    const out = apply(base, [withParentCgroupDevices()]);
    expect(out.linux?.resources).toEqual({});
    expect(out.windows).toEqual(base.windows);
  });
  it.each(cases)('withAllDevicesAllowed on %s', (_, base) => {
    expect(apply(base, [withAllDevicesAllowed()]).linux?.resources?.devices).toEqual([
      { allow: true, access: 'rwm' },
    ]);
  });
  it('withAllDevicesAllowed replaces the default unix rules (§5.6 item 35)', () => {
    const out = apply({}, [withDefaultUnixDevices(), withAllDevicesAllowed()]);
    expect(out.linux?.resources?.devices).toEqual([{ allow: true, access: 'rwm' }]);
  });
  it('withDefaultUnixDevices appends the 9 rules after the deny-all (§3.1)', () => {
    const out = apply(cases[3]![1], [withDefaultUnixDevices()]);
    const rules = out.linux?.resources?.devices ?? [];
    expect(rules).toHaveLength(10);
    expect(rules[0]).toEqual({ allow: false, access: 'rwm' });
    expect(rules.slice(1).map((r) => [r.major, r.minor ?? null])).toEqual([
      [1, 3],
      [1, 8],
      [1, 7],
      [5, 0],
      [1, 5],
      [1, 9],
      [5, 1],
      [136, null],
      [5, 2],
    ]);
    for (const r of rules.slice(1)) expect(r).toMatchObject({ allow: true, type: 'c', access: 'rwm' });
    expect(rules[8]).not.toHaveProperty('minor');
  });
  it('withDefaultUnixDevices: a later in-place edit of a rule does not reach the next composition', () => {
    const edited = apply({ linux: {} }, [
      withDefaultUnixDevices(),
      (spec) => {
        writable(writable(ensureLinuxResources(spec)!, 'devices', true), 0, true).access = 'r';
      },
    ]);
    expect(edited.linux?.resources?.devices?.[0]).toMatchObject({ major: 1, minor: 3, access: 'r' });
    const fresh = apply({ linux: {} }, [withDefaultUnixDevices(), withDefaultUnixDevices()]);
    const rules = fresh.linux?.resources?.devices ?? [];
    expect(rules).toHaveLength(18);
    expect(rules[0]).toMatchObject({ major: 1, minor: 3, access: 'rwm' });
    expect(rules[9]).toMatchObject({ major: 1, minor: 3, access: 'rwm' });
  });
  it('defaultUnixDeviceRules returns fresh objects', () => {
    expect(defaultUnixDeviceRules()[0]).not.toBe(defaultUnixDeviceRules()[0]);
  });
});
