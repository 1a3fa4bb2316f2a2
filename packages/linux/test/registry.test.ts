import type { OptCall, Spec, UntypedOptCall } from '@ocispec/core';
import { applyOptsSync, createContext } from '@ocispec/core';
import { OptRegistry } from '@ocispec/core/internal';
import { describe, expect, it } from 'vitest';
import { capabilityOptions } from '../src/capabilities.js';
import { deviceOptions } from '../src/devices.js';
import { mountOptions } from '../src/mounts.js';
import { namespaceOptions } from '../src/namespaces.js';
import { resourceOptions } from '../src/resources.js';
import { seccompOptions } from '../src/seccomp.js';
import { securityOptions } from '../src/security.js';

const definitions = [
  ...capabilityOptions,
  ...namespaceOptions,
  ...resourceOptions,
  ...deviceOptions,
  ...mountOptions,
  ...securityOptions,
  ...seccompOptions,
];

function registry(): OptRegistry {
  const r = new OptRegistry();
  for (const d of definitions) r.register(d, 'linux');
  return r;
}

describe('registry definitions', () => {
  it('every definition names a containerd function and has a doc line', () => {
    expect(definitions).toHaveLength(41);
    for (const d of definitions) {
      expect(d.containerd).toMatch(/^(oci|seccomp)\.With/);
      expect(d.doc).toBeTruthy();
      const goName = d.containerd!.split('.')[1]!;
      const expected = d.containerd!.startsWith('seccomp.')
        ? `with${goName.slice(4)}`
            .replace('withProfile', 'withSeccompProfile')
            .replace('withDefaultProfile', 'withDefaultSeccompProfile')
        : `w${goName.slice(1)}`;
      expect(d.name).toBe(expected);
    }
  });

  const calls: [OptCall, Spec['linux']][] = [
    [['withMemorySwap', 18446744073709551n], { resources: { memory: { swap: 18446744073709551n } } }],
    [['withCPUCFS', -1, 100000], { resources: { cpu: { quota: -1, period: 100000 } } }],
    [['withCapabilities', null], {}],
    [
      ['withUserNamespace', null, [{ containerID: 0, hostID: 1000, size: 1 }]],
      {
        namespaces: [{ type: 'user' }],
        gidMappings: [{ containerID: 0, hostID: 1000, size: 1 }],
      },
    ],
    [
      ['withLinuxNamespace', { type: 'network', path: '/run/netns/x' }],
      { namespaces: [{ type: 'network', path: '/run/netns/x' }] },
    ],
    [['withBlockIO', null], { resources: {} }],
    [['withAllDevicesAllowed'], { resources: { devices: [{ allow: true, access: 'rwm' }] } }],
  ];
  it.each(calls)('resolves and applies %s', (call, linux) => {
    const { opt } = registry().resolve(call, 0);
    const out = applyOptsSync({ linux: {} }, [opt], createContext());
    if (call[0] === 'withCapabilities') expect(out.process?.capabilities).toEqual({});
    else expect(out.linux).toEqual(linux);
  });

  it.each<[UntypedOptCall, RegExp]>([
    [['withCPUShares', -1], /argument 1/],
    [['withMemorySwap', 2 ** 60], /safe integer/],
    [['withCapabilities', 'CAP_CHOWN'], /argument 1/],
    [['withDevShmSize'], /expected 1 argument/],
    [['withRdt', 'a', 'b'], /expected 3 arguments/],
  ])('rejects %s', (call, message) => {
    expect(() => registry().resolve(call, 0)).toThrow(message);
  });
});
