import { sparseSpecNames, sparseSpecs } from '@ocispec/test-fixtures';
import { describe, expect, it } from 'vitest';
import type { Mount, Spec } from '../../src/model/index.js';
import {
  withHostHostsFile,
  withHostLocaltime,
  withHostResolvconf,
  withMounts,
  withoutMounts,
} from '../../src/options/index.js';
import { writable } from '../../src/sections.js';
import { apply } from './helpers.js';

const m = (destination: string): Mount => ({ destination, type: 'bind', source: `/src${destination}` });

describe('withMounts', () => {
  it('TestWithMounts: appends; the second mount is the new one', () => {
    const out = apply({ mounts: [m('/a')] }, withMounts([m('/b')]));
    expect(out.mounts).toEqual([m('/a'), m('/b')]);
  });

  it('§5.6 item 29: duplicates are appended as is, nothing cleaned', () => {
    const out = apply({ mounts: [m('/a/')] }, withMounts([m('/a/'), m('/a/')]));
    expect(out.mounts).toEqual([m('/a/'), m('/a/'), m('/a/')]);
  });

  it.each([[[] as Mount[]], [null]])('withMounts(%j) is a no-op', (mounts) => {
    expect(apply({}, withMounts(mounts))).toEqual({});
  });

  it('copies the argument: later edits of the argument do not leak, frozen arguments stay editable', () => {
    const arg = [Object.freeze({ destination: '/x', options: Object.freeze(['ro']) })] as Mount[];
    const out = apply({}, [
      withMounts(arg),
      // a later edit of the appended mount through the section helpers (as withWriteableSysfs does)
      (spec) => {
        writable(writable(spec, 'mounts', true), 0, true).options = ['rw'];
      },
    ]);
    expect(out.mounts).toEqual([{ destination: '/x', options: ['rw'] }]);
    expect(arg[0]!.options).toEqual(['ro']);
  });

  it('base mounts stay editable after an append', () => {
    const out = apply({ mounts: [{ destination: '/sys', options: ['ro'] }] }, [
      withMounts([m('/b')]),
      (spec) => {
        writable(writable(spec, 'mounts', true), 0, true).options = ['rw'];
      },
    ]);
    expect(out.mounts?.[0]).toEqual({ destination: '/sys', options: ['rw'] });
  });

  it.each(sparseSpecNames)('on %s: appends', (name) => {
    expect(apply(sparseSpecs()[name]!, withMounts([m('/z')])).mounts?.at(-1)).toEqual(m('/z'));
  });
});

describe('withoutMounts', () => {
  it('TestWithoutMounts: add 1,2,3; remove 2,3; add 4 → [1,4]', () => {
    const out = apply({}, [
      withMounts([m('/dst1'), m('/dst2'), m('/dst3')]),
      withoutMounts('/dst2', '/dst3'),
      withMounts([m('/dst4')]),
    ]);
    expect(out.mounts).toEqual([m('/dst1'), m('/dst4')]);
  });

  it('§5.6 item 28: destinations are cleaned, dests are not', () => {
    const base: Spec = { mounts: [m('/a/'), m('/a'), m('/b'), m('/c')] };
    expect(apply(base, withoutMounts('/a')).mounts).toEqual([m('/b'), m('/c')]);
    expect(apply(base, withoutMounts('/b/')).mounts).toEqual(base.mounts);
  });

  it('§5.6 item 28: removing every mount removes the list (mounts: null in Go)', () => {
    expect(apply({ mounts: [m('/a')], hostname: 'h' }, withoutMounts('/a'))).toEqual({ hostname: 'h' });
  });

  it('an empty list becomes nil; no mounts is a no-op', () => {
    expect(apply({ mounts: [] }, withoutMounts('/a'))).toEqual({});
    expect(apply({}, withoutMounts('/a'))).toEqual({});
    expect(apply({ mounts: null }, withoutMounts())).toEqual({ mounts: null });
  });

  it('a destination "" is cleaned to "."', () => {
    expect(apply({ mounts: [{}, m('/a')] }, withoutMounts('.')).mounts).toEqual([m('/a')]);
  });

  it('kept mounts stay editable by later options', () => {
    const out = apply({ mounts: [m('/a'), { destination: '/sys', options: ['ro'] }] }, [
      withoutMounts('/a'),
      (spec) => {
        writable(writable(spec, 'mounts', true), 0, true).options = ['rw'];
      },
    ]);
    expect(out.mounts).toEqual([{ destination: '/sys', options: ['rw'] }]);
  });

  it('keeps the order of the kept mounts', () => {
    const base: Spec = { mounts: [m('/1'), m('/2'), m('/3'), m('/2'), m('/4')] };
    expect(apply(base, withoutMounts('/2')).mounts).toEqual([m('/1'), m('/3'), m('/4')]);
  });

  it.each(sparseSpecNames)('on %s: never throws', (name) => {
    const out = apply(sparseSpecs()[name]!, withoutMounts('/proc', '/run'));
    expect(out.mounts?.some((x) => x.destination === '/proc' || x.destination === '/run') ?? false).toBe(
      false,
    );
  });
});

describe('host file mounts', () => {
  it.each([
    ['withHostHostsFile', withHostHostsFile, '/etc/hosts'],
    ['withHostResolvconf', withHostResolvconf, '/etc/resolv.conf'],
    ['withHostLocaltime', withHostLocaltime, '/etc/localtime'],
  ] as const)('%s appends a read-only bind of %s (no dedupe)', (_name, factory, path) => {
    const mount = { destination: path, type: 'bind', source: path, options: ['rbind', 'ro'] };
    expect(apply({}, factory()).mounts).toEqual([mount]);
    expect(apply({ mounts: [m('/a')] }, [factory(), factory()]).mounts).toEqual([m('/a'), mount, mount]);
    for (const name of sparseSpecNames)
      expect(apply(sparseSpecs()[name]!, factory()).mounts?.at(-1)).toEqual(mount);
  });
});
