import type { Mount, Spec } from '@ocispec/core';
import { sparseSpecs } from '@ocispec/test-fixtures';
import { describe, expect, it } from 'vitest';
import {
  ErrNoShmMount,
  NoShmMountError,
  withDevShmSize,
  withoutRunMount,
  withWriteableCgroupfs,
  withWriteableSysfs,
} from '../src/mounts.js';
import { apply, failure } from './fixtures/fake-host.js';

const shm = (options: string[], destination = '/dev/shm'): Mount => ({
  destination,
  type: 'tmpfs',
  source: 'shm',
  options,
});

describe('withDevShmSize (TestDevShmSize, §5.6 item 30)', () => {
  it('replaces the size option', () => {
    const out = apply({ mounts: [shm(['nosuid', 'size=65536k'])] }, [withDevShmSize(1024)]);
    expect(out.mounts?.[0]?.options).toEqual(['nosuid', 'size=1024k']);
  });
  it('two size options become a single one, appended last', () => {
    const out = apply({ mounts: [shm(['size=1k', 'mode=1777', 'size=2k'])] }, [withDevShmSize(1024)]);
    expect(out.mounts?.[0]?.options).toEqual(['mode=1777', 'size=1024k']);
  });
  it('only the first match changes; destination is cleaned; negative sizes pass', () => {
    const base: Spec = { mounts: [shm(['size=1k', 'mode=1777', 'size=2k'], '/dev/shm/'), shm(['size=1k'])] };
    const out = apply(base, [withDevShmSize(-5)]);
    expect(out.mounts?.map((m) => m.options)).toEqual([['mode=1777', 'size=-5k'], ['size=1k']]);
  });
  it('bigint sizes print exactly', () => {
    const out = apply({ mounts: [shm([])] }, [withDevShmSize(2n ** 62n)]);
    expect(out.mounts?.[0]?.options).toEqual([`size=${2n ** 62n}k`]);
  });
  it.each<[string, Mount[] | undefined]>([
    ['no mounts', undefined],
    ['only /test/shm', [shm([], '/test/shm')]],
    ['wrong source', [{ destination: '/dev/shm', type: 'tmpfs', source: 'tmpfs' }]],
    ['wrong type', [{ destination: '/dev/shm', type: 'bind', source: 'shm' }]],
  ])('%s: ErrNoShmMount', (_, mounts) => {
    const error = failure(mounts === undefined ? {} : { mounts }, [withDevShmSize(1024)]);
    expect(error).toBeInstanceOf(NoShmMountError);
    expect(error.message).toBe(ErrNoShmMount);
    expect(error.message).toBe('no /dev/shm mount specified');
  });
});

describe('withoutRunMount', () => {
  it('removes /run (cleaned destinations) and keeps the rest in order', () => {
    const base: Spec = {
      mounts: [
        { destination: '/proc' },
        { destination: '/run/' },
        { destination: '/run/lock' },
        { destination: '/run' },
      ],
    };
    expect(apply(base, [withoutRunMount()]).mounts).toEqual([
      { destination: '/proc' },
      { destination: '/run/lock' },
    ]);
  });
});

describe('withWriteableSysfs / withWriteableCgroupfs', () => {
  const base: Spec = {
    mounts: [
      { destination: '/sys', type: 'sysfs', source: 'sysfs', options: ['nosuid', 'ro', 'nodev', 'ro'] },
      { destination: '/sys/fs/cgroup', type: 'cgroup', source: 'cgroup', options: ['ro', 'nosuid', 'rro'] },
      { destination: '/data', type: 'bind', options: ['ro'] },
    ],
  };
  it('sysfs: every exact ro becomes rw in place', () => {
    const out = apply(base, [withWriteableSysfs()]);
    expect(out.mounts?.map((m) => m.options)).toEqual([
      ['nosuid', 'rw', 'nodev', 'rw'],
      ['ro', 'nosuid', 'rro'],
      ['ro'],
    ]);
  });
  it('cgroup: every exact ro becomes rw in place', () => {
    const out = apply(base, [withWriteableCgroupfs()]);
    expect(out.mounts?.map((m) => m.options)).toEqual([
      ['nosuid', 'ro', 'nodev', 'ro'],
      ['rw', 'nosuid', 'rro'],
      ['ro'],
    ]);
  });
  it('the base is untouched', () => {
    apply(base, [withWriteableSysfs(), withWriteableCgroupfs()]);
    expect(base.mounts?.[0]?.options).toEqual(['nosuid', 'ro', 'nodev', 'ro']);
  });
  it('sees an earlier edit of the same mount in the composition', () => {
    const out = apply(base, [
      (spec) => {
        spec.mounts![0]!.options!.push('ro');
      },
      withWriteableSysfs(),
    ]);
    expect(out.mounts?.[0]?.options).toEqual(['nosuid', 'rw', 'nodev', 'rw', 'rw']);
  });
  it('a mount of the type without ro is shared with the base, not copied', () => {
    const frozen = apply(base, []);
    const out = apply(frozen, [withWriteableSysfs(), withWriteableCgroupfs(), withWriteableSysfs()]);
    expect(out.mounts?.[0]?.options).toEqual(['nosuid', 'rw', 'nodev', 'rw']);
    expect(out.mounts?.[1]?.options).toEqual(['rw', 'nosuid', 'rro']);
    expect(out.mounts?.[2]).toBe(frozen.mounts?.[2]);
    const again = apply(out, [withWriteableSysfs(), withWriteableCgroupfs()]);
    expect(again).toBe(out);
  });
});

describe('sparse specs: nothing is created', () => {
  for (const [name, base] of Object.entries(sparseSpecs())) {
    it(`withoutRunMount, withWriteableSysfs, withWriteableCgroupfs on ${name}`, () => {
      const out = apply(base, [withoutRunMount(), withWriteableSysfs(), withWriteableCgroupfs()]);
      expect(out.process).toEqual(base.process);
      expect(out.linux).toEqual(base.linux);
    });
  }
});
