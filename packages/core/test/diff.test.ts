import { describe, expect, it } from 'vitest';
import { diffSpecs } from '../src/diff.js';
import type { Spec } from '../src/model/index.js';
import { parseSpec } from '../src/spec-file.js';

const base: Spec = {
  ociVersion: '1.3.0',
  process: {
    user: { uid: 0, gid: 0 },
    env: ['PATH=/bin', 'A=1'],
    cwd: '/',
    capabilities: { bounding: ['CAP_CHOWN', 'CAP_KILL'] },
    rlimits: [
      { type: 'RLIMIT_NOFILE', hard: 1024, soft: 1024 },
      { type: 'RLIMIT_CORE', hard: 0, soft: 0 },
    ],
  },
  mounts: [
    { destination: '/proc', type: 'proc', source: 'proc' },
    { destination: '/dev', type: 'tmpfs', source: 'tmpfs', options: ['nosuid', 'strictatime'] },
  ],
  linux: {
    namespaces: [{ type: 'pid' }, { type: 'network' }],
    resources: {
      devices: [
        { allow: false, access: 'rwm' },
        { allow: true, type: 'c', major: 1, minor: 3, access: 'rwm' },
      ],
    },
  },
};

describe('diffSpecs', () => {
  it('finds nothing between a spec and itself, or a reordering of keyed lists', () => {
    expect(diffSpecs(base, base)).toEqual([]);
    const reordered: Spec = {
      ...base,
      process: {
        ...base.process,
        env: ['A=1', 'PATH=/bin'],
        capabilities: { bounding: ['CAP_KILL', 'CAP_CHOWN'] },
        rlimits: [...base.process!.rlimits!].reverse(),
      },
      mounts: [...base.mounts!].reverse(),
      linux: { ...base.linux, namespaces: [{ type: 'network' }, { type: 'pid' }] },
    };
    expect(diffSpecs(base, reordered)).toEqual([]);
  });

  it('treats an empty field Go omits like an absent one', () => {
    expect(diffSpecs(base, { ...base, hostname: '', annotations: {} })).toEqual([]);
  });

  it('reports a reordering of an ordered list (device cgroup rules apply in order)', () => {
    const devices = [...base.linux!.resources!.devices!].reverse();
    const changes = diffSpecs(base, { ...base, linux: { ...base.linux, resources: { devices } } });
    expect(changes.map((c) => c.pointer)).toContain('/linux/resources/devices/0/allow');
  });

  it('matches keyed elements by key, reporting the pointers in both specs', () => {
    const b: Spec = {
      ...base,
      process: { ...base.process, env: ['A=2', 'PATH=/bin', 'B=3'] },
      mounts: [
        { destination: '/dev', type: 'tmpfs', source: 'tmpfs', options: ['nosuid', 'noexec'] },
        { destination: '/proc', type: 'proc', source: 'proc' },
      ],
      linux: { ...base.linux, namespaces: [{ type: 'pid' }] },
    };
    expect(diffSpecs(base, b)).toEqual([
      {
        kind: 'changed',
        pointer: '/process/env/0',
        from: '/process/env/1',
        path: '/process/env[A]',
        before: 'A=1',
        after: 'A=2',
      },
      { kind: 'added', pointer: '/process/env/2', path: '/process/env[B]', after: 'B=3' },
      {
        kind: 'changed',
        pointer: '/mounts/0/options/1',
        from: '/mounts/1/options/1',
        path: '/mounts[/dev]/options/1',
        before: 'strictatime',
        after: 'noexec',
      },
      {
        kind: 'removed',
        pointer: '/linux/namespaces/1',
        path: '/linux/namespaces[network]',
        before: { type: 'network' },
      },
    ]);
  });

  it('compares 64-bit numbers exactly, whether number or bigint', () => {
    const a = parseSpec(
      '{"process":{"rlimits":[{"type":"RLIMIT_NOFILE","hard":18446744073709551615,"soft":1}]}}',
    ).spec;
    const same = parseSpec(
      '{"process":{"rlimits":[{"type":"RLIMIT_NOFILE","soft":1,"hard":18446744073709551615}]}}',
    ).spec;
    const off = parseSpec(
      '{"process":{"rlimits":[{"type":"RLIMIT_NOFILE","hard":18446744073709551614,"soft":1}]}}',
    ).spec;
    expect(diffSpecs(a, same)).toEqual([]);
    expect(diffSpecs(a, off)).toEqual([
      {
        kind: 'changed',
        pointer: '/process/rlimits/0/hard',
        path: '/process/rlimits[RLIMIT_NOFILE]/hard',
        before: 18446744073709551615n,
        after: 18446744073709551614n,
      },
    ]);
  });

  it('compares duplicate keys by occurrence', () => {
    const a: Spec = {
      mounts: [
        { destination: '/a', source: 'x' },
        { destination: '/a', source: 'y' },
      ],
    };
    const b: Spec = {
      mounts: [
        { destination: '/a', source: 'x' },
        { destination: '/a', source: 'z' },
      ],
    };
    expect(diffSpecs(a, b)).toMatchObject([
      { kind: 'changed', path: '/mounts[/a#2]/source', before: 'y', after: 'z' },
    ]);
  });

  it('reports a change of type as one change', () => {
    expect(diffSpecs({ hostname: 'a' }, { hostname: 'a', annotations: { x: 'y' } })).toEqual([
      { kind: 'added', pointer: '/annotations', path: '/annotations', after: { x: 'y' } },
    ]);
    expect(diffSpecs({ hostname: 'a' }, {})).toEqual([
      { kind: 'removed', pointer: '/hostname', path: '/hostname', before: 'a' },
    ]);
  });
});
