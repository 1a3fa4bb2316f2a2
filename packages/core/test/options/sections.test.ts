import { sectionsOf, sparseSpecNames, sparseSpecs } from '@ocispec/test-fixtures';
import type { Draft } from 'immer';
import { describe, expect, it } from 'vitest';
import type { FrozenSpec } from '../../src/engine.js';
import type { Spec } from '../../src/model/index.js';
import {
  ensureAdditionalGids,
  ensureCapabilities,
  ensureLinux,
  ensureLinuxCPU,
  ensureLinuxMemory,
  ensureLinuxPids,
  ensureLinuxResources,
  ensureProcess,
  ensureRoot,
  ensureUser,
  ensureWindows,
  ensureWindowsCPU,
  ensureWindowsHyperV,
  ensureWindowsMemory,
  ensureWindowsNetwork,
  ensureWindowsResources,
} from '../../src/sections.js';
import { apply } from './helpers.js';

type Ensure = (spec: Draft<Spec>) => unknown;

const run = (base: Spec, ensure: Ensure): { out: FrozenSpec; returned: unknown } => {
  let returned: unknown;
  const out = apply(base, (spec) => {
    returned = ensure(spec);
    if (returned !== undefined) (returned as Record<string, unknown>)['x-mark'] = 1;
  });
  return { out, returned };
};

describe('always-create helpers', () => {
  it.each<[string, Ensure, unknown]>([
    ['ensureProcess', ensureProcess, { process: { 'x-mark': 1 } }],
    ['ensureUser', ensureUser, { process: { user: { 'x-mark': 1 } } }],
    ['ensureRoot', ensureRoot, { root: { 'x-mark': 1 } }],
    ['ensureLinux', ensureLinux, { linux: { 'x-mark': 1 } }],
    ['ensureCapabilities', ensureCapabilities, { process: { capabilities: { 'x-mark': 1 } } }],
    ['ensureWindows', ensureWindows, { windows: { 'x-mark': 1 } }],
    ['ensureWindowsNetwork', ensureWindowsNetwork, { windows: { network: { 'x-mark': 1 } } }],
    ['ensureWindowsHyperV', ensureWindowsHyperV, { windows: { hyperv: { 'x-mark': 1 } } }],
  ])('%s creates and returns the section on {}', (_name, ensure, want) => {
    expect(run({}, ensure).out).toEqual(want);
  });

  it('a null section (Go nil) is created', () => {
    expect(run({ process: null }, ensureProcess).out).toEqual({ process: { 'x-mark': 1 } });
    expect(run({ linux: null }, ensureLinux).out).toEqual({ linux: { 'x-mark': 1 } });
  });

  it('an existing section is returned (as a draft) and kept', () => {
    expect(run({ process: { cwd: '/' } }, ensureProcess).out).toEqual({ process: { cwd: '/', 'x-mark': 1 } });
  });
});

describe('helpers that need their parent section (setResources, setCPU, setCPUWindows)', () => {
  it.each<[string, Ensure, 'linux' | 'windows', unknown]>([
    ['ensureLinuxResources', ensureLinuxResources, 'linux', { linux: { resources: { 'x-mark': 1 } } }],
    ['ensureLinuxCPU', ensureLinuxCPU, 'linux', { linux: { resources: { cpu: { 'x-mark': 1 } } } }],
    ['ensureLinuxMemory', ensureLinuxMemory, 'linux', { linux: { resources: { memory: { 'x-mark': 1 } } } }],
    ['ensureLinuxPids', ensureLinuxPids, 'linux', { linux: { resources: { pids: { 'x-mark': 1 } } } }],
    [
      'ensureWindowsResources',
      ensureWindowsResources,
      'windows',
      { windows: { resources: { 'x-mark': 1 } } },
    ],
    ['ensureWindowsCPU', ensureWindowsCPU, 'windows', { windows: { resources: { cpu: { 'x-mark': 1 } } } }],
    [
      'ensureWindowsMemory',
      ensureWindowsMemory,
      'windows',
      { windows: { resources: { memory: { 'x-mark': 1 } } } },
    ],
  ])('%s', (_name, ensure, parent, want) => {
    expect(run({ [parent]: {} }, ensure).out).toEqual(want);
    for (const name of sparseSpecNames) {
      const base = sparseSpecs()[name]!;
      const { out, returned } = run(base, ensure);
      if (!sectionsOf(base)[parent]) {
        expect(returned).toBeUndefined();
        expect(out).toEqual(base);
      } else {
        expect(returned).toBeDefined();
      }
    }
  });
});

type User = NonNullable<NonNullable<Spec['process']>['user']>;

describe('ensureAdditionalGids', () => {
  it.each<[User, User]>([
    [{}, { additionalGids: [0] }],
    [{ gid: 5 }, { gid: 5, additionalGids: [5] }],
    [
      { gid: 5, additionalGids: [1, 2] },
      { gid: 5, additionalGids: [5, 1, 2] },
    ],
    [
      { gid: 5, additionalGids: [2, 5, 2] },
      { gid: 5, additionalGids: [2, 5, 2] },
    ],
    [
      { gid: 0, additionalGids: null },
      { gid: 0, additionalGids: [0] },
    ],
  ])('%j → %j (prepend the primary GID if absent; no dedupe, no sort)', (user, want) => {
    const out = apply({ process: { user } }, (s) => void ensureAdditionalGids(s));
    expect(out.process?.user).toEqual(want);
  });

  it('creates process and user on {}', () => {
    expect(apply({}, (s) => void ensureAdditionalGids(s))).toEqual({
      process: { user: { additionalGids: [0] } },
    });
  });
});
