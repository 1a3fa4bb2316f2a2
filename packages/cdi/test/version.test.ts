/**
 * container-device-interface `specs-go/version_test.go` (TestMinimumRequiredVersion, TestValidateVersion) and
 * `pkg/cdi/spec_test.go` (TestRequiredVersion, TestCurrentVersionIsValid), as behaviour.
 */
import { describe, expect, it } from 'vitest';
import { type CdiSpec, CURRENT_CDI_VERSION, minimumRequiredVersion, versionProblem } from '../src/index.js';

const env = { env: ['FOO=bar'] };

describe('minimumRequiredVersion (TestMinimumRequiredVersion)', () => {
  it.each<[string, CdiSpec, string]>([
    ['no version-specific features', {}, '0.3.0'],
    ['v0.4.0 mount type', { containerEdits: { mounts: [{ type: 'bind' }] } }, '0.4.0'],
    [
      'v0.5.0 device node host path',
      { containerEdits: { deviceNodes: [{ hostPath: '/dev/example' }] } },
      '0.5.0',
    ],
    ['v0.5.0 numeric device name', { devices: [{ name: '0example' }] }, '0.5.0'],
    ['v0.6.0 annotation', { annotations: { 'example.com/key': 'value' } }, '0.6.0'],
    ['v0.6.0 dot in class', { kind: 'example.com/example.class' }, '0.6.0'],
    ['v0.7.0 additional GIDs', { containerEdits: { additionalGids: [1] } }, '0.7.0'],
    ['v0.7.0 Intel RDT', { containerEdits: { intelRdt: {} } }, '0.7.0'],
    ['v1.1.0 Intel RDT schemata', { containerEdits: { intelRdt: { schemata: ['L3:0=ff'] } } }, '1.1.0'],
    ['v1.1.0 Intel RDT monitoring', { containerEdits: { intelRdt: { enableMonitoring: true } } }, '1.1.0'],
    ['v1.1.0 network device', { containerEdits: { netDevices: [{}] } }, '1.1.0'],
    ['device-scoped feature', { devices: [{ containerEdits: { additionalGids: [1] } }] }, '0.7.0'],
    [
      'newest feature wins',
      {
        annotations: { 'example.com/key': 'value' },
        containerEdits: { additionalGids: [1], netDevices: [{}] },
      },
      '1.1.0',
    ],
  ])('%s', (_, spec, want) => {
    expect(minimumRequiredVersion(spec)).toBe(want);
  });
});

describe('minimumRequiredVersion (TestRequiredVersion)', () => {
  it.each<[string, CdiSpec, string]>([
    ['empty spec returns lowest version', {}, '0.3.0'],
    [
      'hostPath set returns version 0.5.0',
      { containerEdits: { deviceNodes: [{ hostPath: '/host/path/set' }] } },
      '0.5.0',
    ],
    [
      'hostPath equal to Path required v0.5.0',
      { containerEdits: { deviceNodes: [{ hostPath: '/some/path', path: '/some/path' }] } },
      '0.5.0',
    ],
    ['mount type set returns version 0.4.0', { containerEdits: { mounts: [{ type: 'bind' }] } }, '0.4.0'],
    [
      'newest required version is selected',
      {
        annotations: { key: 'value' },
        containerEdits: { deviceNodes: [{ hostPath: '/host/path/set' }], mounts: [{ type: 'bind' }] },
      },
      '0.6.0',
    ],
    [
      'device with name starting with digit requires v0.5.0',
      { devices: [{ name: '0', containerEdits: env }] },
      '0.5.0',
    ],
    [
      'device with name starting with letter requires minimum version',
      { devices: [{ name: 'device0', containerEdits: env }] },
      '0.3.0',
    ],
    ['spec annotations require v0.6.0', { annotations: { key: 'value' } }, '0.6.0'],
    [
      'device annotations require v0.6.0',
      { devices: [{ name: 'device0', annotations: { key: 'value' }, containerEdits: env }] },
      '0.6.0',
    ],
    ['dotted name (class) label require v0.6.0', { kind: 'vendor.com/class.sub' }, '0.6.0'],
    ['IntelRdt requires v0.7.0', { containerEdits: { intelRdt: { closID: 'foo' } } }, '0.7.0'],
    [
      'IntelRdt (on devices) requires v0.7.0',
      { devices: [{ name: 'device0', containerEdits: { intelRdt: { closID: 'foo' } } }] },
      '0.7.0',
    ],
    ['additionalGIDs in spec require v0.7.0', { containerEdits: { additionalGids: [5] } }, '0.7.0'],
    [
      'additionalGIDs in device require v0.7.0',
      { devices: [{ name: 'device0', containerEdits: { additionalGids: [5] } }] },
      '0.7.0',
    ],
    [
      'global edit RDT schemata requires v1.1.0',
      { containerEdits: { intelRdt: { schemata: ['foo'] } } },
      '1.1.0',
    ],
    [
      'global edit RDT monitoring requires v1.1.0',
      { containerEdits: { intelRdt: { enableMonitoring: true } } },
      '1.1.0',
    ],
    [
      'device edit RDT schemata requires v1.1.0',
      { devices: [{ name: 'device0', containerEdits: { intelRdt: { schemata: ['foo'] } } }] },
      '1.1.0',
    ],
    [
      'device edit RDT monitoring requires v1.1.0',
      { devices: [{ name: 'device0', containerEdits: { intelRdt: { enableMonitoring: true } } }] },
      '1.1.0',
    ],
    // Presence, not content, counts: an empty schemata list needs v1.1.0, an empty netDevices list nothing.
    ['empty RDT schemata requires v1.1.0', { containerEdits: { intelRdt: { schemata: [] } } }, '1.1.0'],
    ['empty netDevices list requires nothing', { containerEdits: { netDevices: [] } }, '0.3.0'],
    ['empty annotations require nothing', { annotations: {} }, '0.3.0'],
    ['a dot in the vendor requires nothing', { kind: 'vendor.com/class' }, '0.3.0'],
  ])('%s', (_, spec, want) => {
    expect(minimumRequiredVersion(spec)).toBe(want);
  });
});

describe('versionProblem (TestValidateVersion, TestCurrentVersionIsValid)', () => {
  const gids: CdiSpec = { containerEdits: { additionalGids: [1] } };
  it.each<[string, string | undefined, CdiSpec, string | undefined]>([
    ['current version', '1.1.0', {}, undefined],
    ['optional v prefix', 'v1.1.0', {}, undefined],
    ['earliest supported version', '0.3.0', {}, undefined],
    ['known but unsupported v0.1.0', '0.1.0', {}, 'the spec version must be at least v0.3.0'],
    ['known but unsupported v0.2.0', 'v0.2.0', {}, 'the spec version must be at least v0.3.0'],
    ['unknown version', '1.2.0', {}, 'invalid version "1.2.0"'],
    ['malformed version', 'not-a-version', {}, 'invalid version "not-a-version"'],
    ['missing version', undefined, {}, 'invalid version ""'],
    ['version too old for feature', '0.6.0', gids, 'the spec version must be at least v0.7.0'],
    ['minimum version for feature', '0.7.0', gids, undefined],
    ['newer version for feature', '1.1.0', gids, undefined],
    ['v0.8.0 and v1.0.0 are known', '0.8.0', gids, undefined],
  ])('%s', (_, version, spec, problem) => {
    expect(versionProblem({ ...spec, cdiVersion: version })).toBe(problem);
  });

  it('accepts the current version', () => {
    expect(versionProblem({ cdiVersion: CURRENT_CDI_VERSION })).toBeUndefined();
  });
});
