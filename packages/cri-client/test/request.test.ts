/** Requests are checked against the proto before they are encoded: what protobufjs would silently mangle fails. */
import { describe, expect, it } from 'vitest';
import { criDefinitions } from '../src/proto.js';
import { CriRequestError, checkRequest } from '../src/request.js';

const type = (name: string) => criDefinitions().root.lookupType(`runtime.v1.${name}`);
const check = (name: string, value: unknown) => checkRequest(name, type(`${name}Request`), value);

describe('checkRequest', () => {
  it('keeps a CRI config as the proto carries it: int64 as decimal strings, enums by name or number', () => {
    const wire = check('CreateContainer', {
      podSandboxId: 'pod',
      config: {
        metadata: { name: 'web', attempt: 1 },
        envs: [{ key: 'A', value: 'b' }],
        linux: {
          resources: { memoryLimitInBytes: 2n ** 62n, cpuShares: '512', oomScoreAdj: -5 },
          securityContext: {
            runAsUser: { value: 1000 },
            supplementalGroups: [44, '50'],
            namespaceOptions: { network: 'NODE', pid: 1 },
          },
        },
        cdiDevices: [{ name: 'vendor.com/gpu=0' }],
      },
    });
    expect(wire).toEqual({
      podSandboxId: 'pod',
      config: {
        metadata: { name: 'web', attempt: 1 },
        envs: [{ key: 'A', value: 'b' }],
        linux: {
          resources: { memoryLimitInBytes: '4611686018427387904', cpuShares: '512', oomScoreAdj: '-5' },
          securityContext: {
            runAsUser: { value: '1000' },
            supplementalGroups: ['44', '50'],
            namespaceOptions: { network: 'NODE', pid: 1 },
          },
        },
        cdiDevices: [{ name: 'vendor.com/gpu=0' }],
      },
    });
  });

  it('drops fields the proto does not know, and null or undefined values', () => {
    expect(check('StopContainer', { containerId: 'c', timeout: null, extra: 1, nested: { x: 1 } })).toEqual({
      containerId: 'c',
    });
  });

  it('rejects an unknown enum name (protobufjs would send the zero value), naming the pointer', () => {
    const run = () =>
      check('RunPodSandbox', {
        config: { linux: { securityContext: { namespaceOptions: { network: 'HOST' } } } },
      });
    expect(run).toThrow(CriRequestError);
    expect(run).toThrow(
      'RunPodSandbox: /config/linux/securityContext/namespaceOptions/network: unknown NamespaceMode "HOST" (expected POD, CONTAINER, NODE or TARGET, or a number)',
    );
  });

  it.each([
    ['a fractional int64', { containerId: 'c', timeout: 1.5 }, '/timeout: expected an integer (int64'],
    [
      'an unsafe int64 number',
      { containerId: 'c', timeout: 2 ** 60 },
      '/timeout: expected an integer (int64',
    ],
    [
      'an int64 out of range',
      { containerId: 'c', timeout: 2n ** 63n },
      '/timeout: expected an integer (int64',
    ],
    ['a string for a bool', { containerId: 'c', verbose: 'yes' }, '/verbose: expected a boolean, got "yes"'],
  ])('rejects %s', (_, request, message) => {
    const name = 'verbose' in request ? 'ContainerStatus' : 'StopContainer';
    expect(() => check(name, request)).toThrow(message);
  });

  it('rejects wrong shapes: a scalar for a message, a scalar for a list or a map', () => {
    expect(() =>
      check('CreateContainer', { config: { linux: { securityContext: { runAsUser: 0 } } } }),
    ).toThrow('/config/linux/securityContext/runAsUser: expected an object (Int64Value), got 0');
    expect(() => check('CreateContainer', { config: { command: '/bin/sh' } })).toThrow(
      '/config/command: expected a list, got "/bin/sh"',
    );
    expect(() => check('CreateContainer', { config: { labels: ['a'] } })).toThrow(
      '/config/labels: expected a map, got a list',
    );
    expect(() => check('CreateContainer', { config: { labels: { a: 1 } } })).toThrow(
      '/config/labels/a: expected a string, got 1',
    );
  });

  it('checks uint32 ranges', () => {
    expect(() => check('CreateContainer', { config: { metadata: { attempt: -1 } } })).toThrow(
      '/config/metadata/attempt: expected an integer (uint32), got -1',
    );
  });
});
