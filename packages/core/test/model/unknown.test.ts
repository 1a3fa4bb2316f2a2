import { describe, expect, it } from 'vitest';
import { findUnknownFields, layoutOf, MountSchema, toPointer } from '../../src/model/index.js';

describe('findUnknownFields', () => {
  it('finds nested unknown keys as JSON pointers, in document order', () => {
    const spec = {
      ociVersion: '1.3.0',
      process: { cwd: '/', foo: 1, user: { uid: 0, gid: 0, shell: '/bin/sh' } },
      linux: { resources: { memory: { limit: 1, bar: true } } },
      mounts: [{ destination: '/a' }, { destination: '/b', x: null }],
      extra: {},
    };
    expect(findUnknownFields(spec)).toEqual([
      '/process/foo',
      '/process/user/shell',
      '/linux/resources/memory/bar',
      '/mounts/1/x',
      '/extra',
    ]);
  });

  it('reports /mounts/0/x', () => {
    expect(findUnknownFields({ mounts: [{ destination: '/', x: 1 }] })).toEqual(['/mounts/0/x']);
  });

  it('treats every map key as known and recurses into map values', () => {
    const spec = {
      annotations: { 'a/b': 'x', '~': 'y' },
      linux: { resources: { rdma: { 'mlx/5': { hcaHandles: 1, what: 2 } } }, sysctl: { 'net.x': '1' } },
    };
    expect(findUnknownFields(spec)).toEqual(['/linux/resources/rdma/mlx~15/what']);
  });

  it('escapes ~ and / in keys', () => {
    expect(findUnknownFields({ 'a/b': 1, 'c~d': 2 })).toEqual(['/a~1b', '/c~0d']);
  });

  it('does not look inside free-form values or values of the wrong type', () => {
    const spec = {
      windows: { layerFolders: null, credentialSpec: { anything: { goes: 1 } } },
      process: 'x',
      mounts: {},
    };
    expect(findUnknownFields(spec)).toEqual([]);
    expect(findUnknownFields(null)).toEqual([]);
    expect(findUnknownFields([])).toEqual([]);
  });

  it('accepts another layout', () => {
    expect(findUnknownFields({ destination: '/', foo: 1 }, layoutOf(MountSchema))).toEqual(['/foo']);
  });
});

describe('toPointer', () => {
  it('builds RFC 6901 pointers', () => {
    expect(toPointer([])).toBe('');
    expect(toPointer(['mounts', 0, 'options'])).toBe('/mounts/0/options');
    expect(toPointer(['annotations', 'a/b~c'])).toBe('/annotations/a~1b~0c');
    expect(toPointer([''])).toBe('/');
  });
});
