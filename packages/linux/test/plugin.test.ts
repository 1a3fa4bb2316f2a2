/** linuxPlugin: registration, argument schemas, JSON pipelines, and sparse specs (never a TypeError). */
import type { Spec, SpecOpt } from '@ocispec/core';
import { corePlugin, Pipeline } from '@ocispec/core';
import { describe, expect, it } from 'vitest';
import {
  linuxOptions,
  linuxPlugin,
  withAdditionalGIDs,
  withAppendAdditionalGroups,
  withUser,
  withUserID,
  withUsername,
} from '../src/index.js';
import { ctxWith, dir, file, tempRootfs } from './helpers.js';

const root = tempRootfs([
  dir('etc'),
  file('etc/passwd', 'root:x:0:0::/:/bin/sh\n'),
  file('etc/group', 'bin:x:1:root\n'),
]);

describe('linuxPlugin', () => {
  it('registers every linux option under the linux plugin', () => {
    const p = new Pipeline({ plugins: [corePlugin(), linuxPlugin()] });
    for (const name of [
      'withUser',
      'withUserID',
      'withUsername',
      'withAdditionalGIDs',
      'withAppendAdditionalGroups',
    ]) {
      expect(p.registry.get(name)?.plugin).toBe('linux');
      expect(p.registry.get(name)?.definition.containerd).toBe(`oci.W${name.slice(1)}`);
    }
    expect(linuxOptions.length).toBeGreaterThanOrEqual(5);
  });

  it('validates arguments before anything runs', () => {
    const p = new Pipeline({ plugins: [corePlugin(), linuxPlugin()] });
    expect(() => p.resolve([['withUserID', -1]])).toThrow(/option 0 \(withUserID\): argument 1/);
    expect(() => p.resolve([['withUserID', 4294967296]])).toThrow(/uint32/);
    expect(() => p.resolve([['withUser']])).toThrow(/expected 1 argument/);
    expect(() => p.resolve([['withAppendAdditionalGroups', 'a', 5]])).toThrow(/argument 2/);
    expect(p.resolve([['withAppendAdditionalGroups']])).toHaveLength(1);
  });

  it('runs a JSON pipeline of user options', async () => {
    const p = new Pipeline({ plugins: [corePlugin(), linuxPlugin()] });
    const { spec } = await p.compose({
      base: { ociVersion: '1.3.0', root: { path: root }, linux: {} },
      opts: [
        ['withUser', 'root'],
        ['withAppendAdditionalGroups', 'bin', '42'],
      ],
    });
    expect(spec.process?.user).toEqual({ uid: 0, gid: 0, additionalGids: [0, 1, 42] });
  });

  it('an option failure names the option and keeps containerd’s text', async () => {
    const p = new Pipeline({ plugins: [corePlugin(), linuxPlugin()] });
    await expect(
      p.compose({
        base: { ociVersion: '1.3.0', root: { path: root }, linux: {} },
        opts: [['withUser', 'a:b:c']],
      }),
    ).rejects.toThrow('option 0 (withUser): invalid USER value a:b:c');
  });
});

describe('sparse specs: no TypeError', () => {
  const sparse: Record<string, Spec> = {
    empty: { ociVersion: '1.3.0' },
    'root only': { ociVersion: '1.3.0', root: { path: root } },
    'linux only': { ociVersion: '1.3.0', linux: {} },
    'windows only': { ociVersion: '1.3.0', windows: {} },
    both: { ociVersion: '1.3.0', linux: {}, windows: {} },
    'null sections': { ociVersion: '1.3.0', process: null, root: null, linux: null, windows: null },
    'null user fields': {
      ociVersion: '1.3.0',
      root: { path: root },
      linux: {},
      process: { user: { additionalGids: null } },
    },
  };
  const opts: [string, () => SpecOpt][] = [
    ['withUser name', () => withUser('root')],
    ['withUser number', () => withUser('0')],
    ['withUser pair', () => withUser('1:2')],
    ['withUserID', () => withUserID(0)],
    ['withUsername', () => withUsername('root')],
    ['withAdditionalGIDs', () => withAdditionalGIDs('root')],
    ['withAppendAdditionalGroups', () => withAppendAdditionalGroups('bin', '7')],
  ];
  for (const [specName, base] of Object.entries(sparse)) {
    for (const [optName, make] of opts) {
      it(`${optName} on ${specName}`, () => {
        const spec = structuredClone(base);
        try {
          make()(spec, ctxWith());
        } catch (error) {
          expect(error).not.toBeInstanceOf(TypeError);
        }
      });
    }
  }
});
