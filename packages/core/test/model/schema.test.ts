import { describe, expect, it } from 'vitest';
import { findUnknownFields, SpecSchema, toPointer } from '../../src/model/index.js';
import { vector, vectors } from './fixtures.js';

/** Unknown fields in the upstream vectors: `linux.resources.oomScoreAdj` left runtime-spec in v1.0.0-rc5. */
const knownUnknowns: Record<string, string[]> = { 'spec-example.json': ['/linux/resources/oomScoreAdj'] };

describe('SpecSchema accepts what the official v1.3.0 schema accepts', () => {
  for (const folder of ['good', 'accepted']) {
    it.each(vectors(folder))(`${folder}/%s`, (name, spec) => {
      const result = SpecSchema.safeParse(spec);
      expect(result.error?.issues ?? []).toEqual([]);
      expect(findUnknownFields(spec)).toEqual(knownUnknowns[name] ?? []);
    });
  }
});

describe('SpecSchema accepts what Go accepts where the official schema is defective', () => {
  it.each(vectors('model-only'))('model-only/%s', (_name, spec) => {
    expect(SpecSchema.safeParse(spec).success).toBe(true);
    expect(findUnknownFields(spec)).toEqual([]);
  });
});

describe('SpecSchema rejects the official bad vectors that are type or range failures', () => {
  it.each([
    ['linux-netdevice.json', '/linux/netDevices/eth0/name'],
    ['linux-rdma.json', '/linux/resources/rdma/mlx5_1/hcaHandles'],
  ])('bad/%s at %s', (name, pointer) => {
    const result = SpecSchema.safeParse(vector('bad', name));
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => toPointer(issue.path))).toEqual([pointer]);
  });

  it.each(['freebsd-vnet-disable.json', 'linux-hugepage.json'])(
    'bad/%s (enum/pattern: Go accepts it, the validator reports it)',
    (name) => {
      expect(SpecSchema.safeParse(vector('bad', name)).success).toBe(true);
    },
  );
});

describe('SpecSchema types', () => {
  it('accepts an empty spec and JSON null for nil slices, maps and pointers', () => {
    expect(SpecSchema.safeParse({}).success).toBe(true);
    const spec = {
      process: {
        env: null,
        capabilities: null,
        user: { additionalGids: null, umask: null },
        oomScoreAdj: null,
      },
      mounts: null,
      annotations: null,
      hooks: null,
      linux: { sysctl: null, resources: { memory: { limit: null }, rdma: null }, namespaces: null },
      windows: { layerFolders: null, credentialSpec: null },
    };
    expect(SpecSchema.safeParse(spec).error?.issues ?? []).toEqual([]);
  });

  it('rejects null for Go values that are not slices, maps or pointers', () => {
    expect(SpecSchema.safeParse({ ociVersion: null }).success).toBe(false);
    expect(SpecSchema.safeParse({ process: { cwd: null } }).success).toBe(false);
    expect(SpecSchema.safeParse({ process: { user: null } }).success).toBe(false);
  });

  it('rejects wrong JSON types with the JSON pointer of the field', () => {
    const result = SpecSchema.safeParse({
      process: { args: 'sh', user: { uid: '0' } },
      mounts: [{ options: [1] }],
    });
    expect(result.error?.issues.map((issue) => toPointer(issue.path)).sort()).toEqual([
      '/mounts/0/options/0',
      '/process/args',
      '/process/user/uid',
    ]);
  });

  it('keeps windows.resources.cpu.affinity an array, as in Go', () => {
    const spec = { windows: { layerFolders: [], resources: { cpu: { affinity: { mask: 1, group: 0 } } } } };
    expect(SpecSchema.safeParse(spec).success).toBe(false);
  });

  it('accepts any JSON for windows.credentialSpec (Go interface{})', () => {
    for (const credentialSpec of [{ a: [1] }, 'x', 1, [], true]) {
      expect(SpecSchema.safeParse({ windows: { layerFolders: null, credentialSpec } }).success).toBe(true);
    }
  });
});
