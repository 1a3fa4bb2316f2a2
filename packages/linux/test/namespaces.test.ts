import type { Spec } from '@ocispec/core';
import { sparseSpecs } from '@ocispec/test-fixtures';
import { describe, expect, it } from 'vitest';
import { withHostNamespace, withLinuxNamespace, withUserNamespace } from '../src/namespaces.js';
import { apply } from './fixtures/fake-host.js';

const defaults = [{ type: 'pid' }, { type: 'ipc' }, { type: 'uts' }, { type: 'mount' }, { type: 'network' }];

describe('sparse specs: every option creates linux', () => {
  for (const [name, base] of Object.entries(sparseSpecs())) {
    it.each([
      ['withHostNamespace', withHostNamespace('network')],
      ['withLinuxNamespace', withLinuxNamespace({ type: 'network', path: '/x' })],
      ['withUserNamespace', withUserNamespace(null, null)],
    ])(`%s on ${name}`, (_, opt) => {
      expect(apply(base, [opt]).linux).toBeTypeOf('object');
    });
  }
});

describe('withHostNamespace', () => {
  it('on a spec without linux creates linux: {} (§5.6 item 32)', () => {
    expect(apply({}, [withHostNamespace('network')])).toEqual({ linux: {} });
  });
  it('removes only the first of its type (§5.6 item 31)', () => {
    const base: Spec = {
      linux: { namespaces: [{ type: 'network' }, { type: 'pid' }, { type: 'network', path: '/x' }] },
    };
    expect(apply(base, [withHostNamespace('network')]).linux?.namespaces).toEqual([
      { type: 'pid' },
      { type: 'network', path: '/x' },
    ]);
  });
  it('a missing type is a no-op', () => {
    const base: Spec = { linux: { namespaces: [{ type: 'pid' }] } };
    expect(apply(base, [withHostNamespace('user')]).linux?.namespaces).toEqual([{ type: 'pid' }]);
  });
});

describe('withLinuxNamespace (TestWithLinuxNamespace)', () => {
  it('replaces network in place, other namespaces keep their positions', () => {
    const base: Spec = { linux: { namespaces: defaults } };
    const ns = { type: 'network', path: '/var/run/netns/test' };
    const out = apply(base, [withLinuxNamespace(ns)]);
    expect(out.linux?.namespaces).toEqual([...defaults.slice(0, 4), ns]);
  });
  it('replaces the whole entry (path cleared) and only the first', () => {
    const base: Spec = {
      linux: {
        namespaces: [{ type: 'pid' }, { type: 'network', path: '/x' }, { type: 'network', path: '/z' }],
      },
    };
    const out = apply(base, [withLinuxNamespace({ type: 'network' })]);
    expect(out.linux?.namespaces).toEqual([
      { type: 'pid' },
      { type: 'network' },
      { type: 'network', path: '/z' },
    ]);
  });
  it('appends a new type at the end', () => {
    const out = apply({ linux: { namespaces: [{ type: 'pid' }] } }, [withLinuxNamespace({ type: 'user' })]);
    expect(out.linux?.namespaces).toEqual([{ type: 'pid' }, { type: 'user' }]);
  });
  it('after withHostNamespace (§5.6 item 31)', () => {
    const base: Spec = {
      linux: { namespaces: [{ type: 'network' }, { type: 'pid' }, { type: 'network', path: '/x' }] },
    };
    const out = apply(base, [
      withHostNamespace('network'),
      withLinuxNamespace({ type: 'network', path: '/y' }),
    ]);
    expect(out.linux?.namespaces).toEqual([{ type: 'pid' }, { type: 'network', path: '/y' }]);
  });
  it('does not alias its argument', () => {
    const ns = { type: 'network', path: '/a' };
    const out = apply({}, [withLinuxNamespace(ns)]);
    expect(out.linux?.namespaces?.[0]).not.toBe(ns);
  });
});

describe('withUserNamespace (TestWithUserNamespace, §5.6 item 33)', () => {
  it('adds one user namespace and the mappings', () => {
    const out = apply({ linux: { namespaces: defaults } }, [
      withUserNamespace(
        [{ containerID: 1, hostID: 2, size: 10000 }],
        [{ containerID: 2, hostID: 3, size: 20000 }],
      ),
    ]);
    expect(out.linux?.uidMappings).toEqual([{ containerID: 1, hostID: 2, size: 10000 }]);
    expect(out.linux?.gidMappings).toEqual([{ containerID: 2, hostID: 3, size: 20000 }]);
    expect(out.linux?.namespaces).toEqual([...defaults, { type: 'user' }]);
  });
  it('twice: one user namespace, accumulated mappings', () => {
    const a = { containerID: 0, hostID: 1000, size: 1 };
    const b = { containerID: 1, hostID: 2000, size: 1 };
    const out = apply({}, [withUserNamespace([a], [a]), withUserNamespace([b], null)]);
    expect(out.linux).toEqual({ namespaces: [{ type: 'user' }], uidMappings: [a, b], gidMappings: [a] });
  });
  it('keeps an existing user namespace with a path', () => {
    const out = apply({ linux: { namespaces: [{ type: 'user', path: '/proc/1/ns/user' }] } }, [
      withUserNamespace(null, null),
    ]);
    expect(out.linux?.namespaces).toEqual([{ type: 'user', path: '/proc/1/ns/user' }]);
  });
});
