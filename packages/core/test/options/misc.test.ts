import { defaultLinuxSpec, sectionsOf, sparseSpecNames, sparseSpecs } from '@ocispec/test-fixtures';
import { describe, expect, it } from 'vitest';
import { applyOptsSync, freezeSpec } from '../../src/compose.js';
import type { Spec } from '../../src/model/index.js';
import {
  withAnnotations,
  withDomainname,
  withHostname,
  withMemoryLimit,
  withRlimit,
  withRootFSPath,
  withRootFSReadonly,
  withUIDGID,
  withUmask,
} from '../../src/options/index.js';
import { current } from '../../src/sections.js';
import { apply, testContext } from './helpers.js';

describe('withHostname / withDomainname', () => {
  it.each([
    ['withHostname', withHostname, 'hostname'],
    ['withDomainname', withDomainname, 'domainname'],
  ] as const)('%s sets the field; "" clears it; nothing else is created', (_name, factory, key) => {
    expect(apply({}, factory('web'))).toEqual({ [key]: 'web' });
    expect(apply({ [key]: 'old' }, factory(''))).toEqual({});
    expect(apply({}, factory(''))).toEqual({});
    for (const name of sparseSpecNames) {
      const base = sparseSpecs()[name]!;
      expect(apply(base, factory('x'))).toEqual({ ...base, [key]: 'x' });
    }
  });
});

describe('withRootFSPath / withRootFSReadonly', () => {
  it.each(sparseSpecNames)('on %s: creates root', (name) => {
    const base = sparseSpecs()[name]!;
    expect(apply(base, withRootFSPath('/r')).root?.path).toBe('/r');
    expect(apply(base, withRootFSReadonly()).root?.readonly).toBe(true);
  });

  it('on an empty spec', () => {
    expect(apply({}, [withRootFSReadonly()])).toEqual({ root: { readonly: true } });
    expect(apply({ root: { path: 'rootfs' } }, withRootFSReadonly())).toEqual({
      root: { path: 'rootfs', readonly: true },
    });
  });
});

describe('withAnnotations', () => {
  it('§5.7 item 43: nil on an empty spec creates an empty map', () => {
    expect(apply({}, withAnnotations(null))).toEqual({ annotations: {} });
    expect(apply({}, withAnnotations({}))).toEqual({ annotations: {} });
  });

  it('§5.7 item 43: overwrites on clash, keeps other keys', () => {
    expect(
      apply({ annotations: { a: '1', c: '0' } }, withAnnotations({ a: '2', b: '3' })).annotations,
    ).toEqual({
      a: '2',
      b: '3',
      c: '0',
    });
  });

  it('with nothing to copy, an existing map is neither copied nor replaced (it stays the base’s object)', () => {
    const base = freezeSpec({ annotations: { a: '1' } });
    for (const arg of [null, {}]) {
      let during: unknown;
      const out = applyOptsSync(
        base,
        [
          withAnnotations(arg),
          (spec) => {
            during = current(spec, 'annotations');
          },
        ],
        testContext(),
      );
      expect(during).toBe(base.annotations);
      expect(out.annotations).toBe(base.annotations);
    }
  });

  it('a null map in the spec is created', () => {
    expect(apply({ annotations: null }, withAnnotations({ a: '1' }))).toEqual({ annotations: { a: '1' } });
  });

  it('keeps __proto__ an ordinary key', () => {
    const arg = JSON.parse('{"__proto__":"x"}') as Record<string, string>;
    const out = apply({ annotations: { a: '1' } }, withAnnotations(arg));
    expect(Object.keys(out.annotations ?? {})).toEqual(['a', '__proto__']);
    expect(Object.getPrototypeOf(out.annotations)).toBe(Object.prototype);
  });

  it.each(sparseSpecNames)('on %s: sets the key', (name) => {
    expect(apply(sparseSpecs()[name]!, withAnnotations({ k: 'v' })).annotations?.k).toBe('v');
  });
});

describe('withRlimit', () => {
  it('§5.7 item 42: replaces the single NOFILE entry of the default spec in place', () => {
    const base = defaultLinuxSpec();
    base.process!.rlimits = [
      { type: 'RLIMIT_CORE', hard: 0, soft: 0 },
      { type: 'RLIMIT_NOFILE', hard: 1024, soft: 1024 },
      { type: 'RLIMIT_NPROC', hard: 1, soft: 1 },
    ];
    const out = apply(base, withRlimit({ type: 'RLIMIT_NOFILE', hard: 4096, soft: 4096 }));
    expect(out.process?.rlimits).toEqual([
      { type: 'RLIMIT_CORE', hard: 0, soft: 0 },
      { type: 'RLIMIT_NOFILE', hard: 4096, soft: 4096 },
      { type: 'RLIMIT_NPROC', hard: 1, soft: 1 },
    ]);
  });

  it('§5.7 item 42: a new type is appended', () => {
    const out = apply(defaultLinuxSpec(), withRlimit({ type: 'RLIMIT_NPROC', hard: 10, soft: 5 }));
    expect(out.process?.rlimits).toEqual([
      { type: 'RLIMIT_NOFILE', hard: 1024, soft: 1024 },
      { type: 'RLIMIT_NPROC', hard: 10, soft: 5 },
    ]);
  });

  it('only the first entry of a duplicated type is replaced; 64-bit values exact', () => {
    const base: Spec = {
      process: {
        rlimits: [
          { type: 'RLIMIT_NOFILE', hard: 1, soft: 1 },
          { type: 'RLIMIT_NOFILE', hard: 2, soft: 2 },
        ],
      },
    };
    const max = 18446744073709551615n;
    expect(apply(base, withRlimit({ type: 'RLIMIT_NOFILE', hard: max, soft: max })).process?.rlimits).toEqual(
      [
        { type: 'RLIMIT_NOFILE', hard: max, soft: max },
        { type: 'RLIMIT_NOFILE', hard: 2, soft: 2 },
      ],
    );
  });

  it('the argument is copied', () => {
    const arg = { type: 'RLIMIT_NOFILE', hard: 1, soft: 1 };
    const out = apply({}, withRlimit(arg));
    arg.hard = 9;
    expect(out.process?.rlimits).toEqual([{ type: 'RLIMIT_NOFILE', hard: 1, soft: 1 }]);
  });

  it.each(sparseSpecNames)('on %s: creates process', (name) => {
    const out = apply(sparseSpecs()[name]!, withRlimit({ type: 'RLIMIT_X', hard: 1, soft: 1 }));
    expect(out.process?.rlimits?.at(-1)).toEqual({ type: 'RLIMIT_X', hard: 1, soft: 1 });
  });
});

describe('withUIDGID', () => {
  it('§5.7 item 45: {"uid":1000,"gid":1001,"additionalGids":[1001]}', () => {
    expect(apply({}, withUIDGID(1000, 1001)).process?.user).toEqual({
      uid: 1000,
      gid: 1001,
      additionalGids: [1001],
    });
  });

  it('replaces existing additional gids; keeps umask and username', () => {
    const base: Spec = {
      process: { user: { uid: 1, gid: 1, additionalGids: [5, 6], umask: 18, username: 'u' } },
    };
    expect(apply(base, withUIDGID(2, 3)).process?.user).toEqual({
      uid: 2,
      gid: 3,
      additionalGids: [3],
      umask: 18,
      username: 'u',
    });
  });

  it.each(sparseSpecNames)('on %s: creates process and user', (name) => {
    expect(apply(sparseSpecs()[name]!, withUIDGID(0, 0)).process?.user).toMatchObject({
      uid: 0,
      gid: 0,
      additionalGids: [0],
    });
  });
});

describe('withUmask', () => {
  it('TestWithUmask_SetsUmaskOnEmptySpec: creates process; umask 0o027', () => {
    expect(apply({}, withUmask(0o027))).toEqual({ process: { user: { umask: 0o027 } } });
  });

  it('TestWithUmask_WithDefaultSpec: umask 0o077 on the default spec, nothing else changes', () => {
    const base = defaultLinuxSpec();
    const out = apply(base, withUmask(0o077));
    expect(out.process?.user).toEqual({ uid: 0, gid: 0, umask: 0o077 });
    expect({ ...out, process: { ...out.process, user: base.process?.user } }).toEqual(base);
  });

  it.each(sparseSpecNames)('on %s: sets umask', (name) => {
    expect(apply(sparseSpecs()[name]!, withUmask(0)).process?.user?.umask).toBe(0);
  });
});

describe('withMemoryLimit', () => {
  const MiB768 = 768 * 1024 * 1024;

  it('TestWithMemoryLimit: linux gets int64(limit); windows absent stays absent', () => {
    const out = apply(defaultLinuxSpec(), withMemoryLimit(MiB768));
    expect(out.linux?.resources?.memory).toEqual({ limit: MiB768 });
    expect(out.windows).toBeUndefined();
  });

  it('TestWithMemoryLimit: windows only (linux nil) sets the windows limit', () => {
    expect(apply({ windows: {} }, withMemoryLimit(MiB768))).toEqual({
      windows: { resources: { memory: { limit: MiB768 } } },
    });
  });

  it('§5.7 item 40: LCOW sets both', () => {
    expect(apply({ linux: {}, windows: {} }, withMemoryLimit(MiB768))).toEqual({
      linux: { resources: { memory: { limit: MiB768 } } },
      windows: { resources: { memory: { limit: MiB768 } } },
    });
  });

  it('§5.7 item 40: on {} (no linux, no windows) nothing is created', () => {
    expect(apply({}, withMemoryLimit(MiB768))).toEqual({});
    expect(apply({ linux: null, windows: null }, withMemoryLimit(1))).toEqual({ linux: null, windows: null });
  });

  it.each([
    [2n ** 63n, -9223372036854775808n, 9223372036854775808n],
    [2n ** 64n - 1n, -1, 18446744073709551615n],
    [2n ** 63n - 1n, 9223372036854775807n, 9223372036854775807n],
    [5n, 5, 5],
    [0, 0, 0],
  ])('limit %s: linux %s (int64 wrap), windows %s', (limit, linux, windows) => {
    const out = apply({ linux: {}, windows: {} }, withMemoryLimit(limit));
    expect(out.linux?.resources?.memory?.limit).toBe(linux);
    expect(out.windows?.resources?.memory?.limit).toBe(windows);
  });

  it('keeps the other memory and resources fields', () => {
    const base: Spec = { linux: { resources: { memory: { swap: 5 }, pids: { limit: 1 } } } };
    expect(apply(base, withMemoryLimit(7)).linux?.resources).toEqual({
      memory: { swap: 5, limit: 7 },
      pids: { limit: 1 },
    });
  });

  it.each(sparseSpecNames)('on %s: only the sections present get a limit', (name) => {
    const base = sparseSpecs()[name]!;
    const out = apply(base, withMemoryLimit(1));
    const has = sectionsOf(base);
    expect(out.linux?.resources?.memory?.limit).toBe(has.linux ? 1 : undefined);
    expect(out.windows?.resources?.memory?.limit).toBe(has.windows ? 1 : undefined);
    expect(out.linux != null).toBe(has.linux);
    expect(out.windows != null).toBe(has.windows);
  });
});
