/**
 * A pipeline's `cdiSpecDirs` (`ctx.settings`): `withCDIDevices` reads them unless its plugin was given directories
 * (which win, with a warning); under a files root, every spec file is read beneath it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { corePlugin, nodeHost, Pipeline, PipelineRunner, type Plugin } from '@ocispec/core';
import { linuxPlugin } from '@ocispec/linux';
import { describe, expect, it } from 'vitest';
import { CdiCache, cdiPlugin, withCDIDevices } from '../src/index.js';
import { DEV_NULL, hostWithDevices, tempDir } from './helpers.js';

const spec = (kind: string, env: string) =>
  `cdiVersion: "0.3.0"\nkind: ${kind}\ndevices:\n  - name: dev0\n    containerEdits:\n      env: [${env}]\n`;

const host = { ...nodeHost, fs: hostWithDevices({ '/dev/null': DEV_NULL }) };

function pipeline(cdi: Plugin): Pipeline {
  return new Pipeline({ plugins: [corePlugin(), linuxPlugin(), cdi], host });
}

const BASE = { ociVersion: '1.3.0', process: { cwd: '/', user: { uid: 0, gid: 0 } } };

describe("the pipeline's cdiSpecDirs", () => {
  it('are where cdiPlugin() (no directories of its own) finds devices, lowest priority first', async () => {
    const low = tempDir({ 'a.yaml': spec('vendor.com/gpu', 'FROM=low') });
    const high = tempDir({ 'a.yaml': spec('vendor.com/gpu', 'FROM=high') });
    for (const cdi of [cdiPlugin(), cdiPlugin({ autoRefresh: false }), cdiPlugin({ specDirs: [] })]) {
      const { spec: out, report } = await pipeline(cdi).compose({
        base: BASE,
        settings: { cdiSpecDirs: [low, high] },
        opts: [['withCDIDevices', 'vendor.com/gpu=dev0']],
      });
      expect(out.process?.env).toEqual(['FROM=high']);
      expect(report.warnings).toEqual([]);
    }
  });

  it('are what the bare withCDIDevices reads too', async () => {
    const dir = tempDir({
      'a.json': JSON.stringify({
        cdiVersion: '0.3.0',
        kind: 'v.com/c',
        devices: [{ name: 'x', containerEdits: { env: ['A=1'] } }],
      }),
    });
    const p = new Pipeline({ plugins: [corePlugin(), linuxPlugin()], host });
    const { spec: out } = await p.compose({
      base: BASE,
      settings: { cdiSpecDirs: [dir] },
      opts: [withCDIDevices('v.com/c=x')],
    });
    expect(out.process?.env).toEqual(['A=1']);
  });

  it('lose to the directories (or cache) the plugin was given, with a warning', async () => {
    const fromFile = tempDir({ 'a.yaml': spec('vendor.com/gpu', 'FROM=file') });
    const fromCaller = tempDir({ 'a.yaml': spec('vendor.com/gpu', 'FROM=caller') });
    for (const cdi of [
      cdiPlugin({ specDirs: [fromCaller] }),
      cdiPlugin(new CdiCache({ specDirs: [fromCaller], fs: host.fs })),
    ]) {
      const { spec: out, report } = await pipeline(cdi).compose({
        base: BASE,
        settings: { cdiSpecDirs: [fromFile] },
        opts: [['withCDIDevices', 'vendor.com/gpu=dev0']],
      });
      expect(out.process?.env).toEqual(['FROM=caller']);
      expect(report.warnings.map((w) => w.message)).toEqual([
        "the pipeline's cdiSpecDirs are not used: the cdi plugin was given its spec directories (the CLI: --cdi-spec-dir)",
      ]);
    }
  });

  it('without them, the plugin reads its own directories and warns of nothing', async () => {
    const dir = tempDir({ 'a.yaml': spec('vendor.com/gpu', 'FROM=caller') });
    const { spec: out, report } = await pipeline(cdiPlugin({ specDirs: [dir] })).compose({
      base: BASE,
      opts: [['withCDIDevices', 'vendor.com/gpu=dev0']],
    });
    expect(out.process?.env).toEqual(['FROM=caller']);
    expect(report.warnings).toEqual([]);
  });

  it('see the directories as they are at each injection (a batch sharing them sees a change)', async () => {
    const dir = tempDir({ 'a.yaml': spec('vendor.com/gpu', 'V=1') });
    const p = pipeline(cdiPlugin());
    const compose = async () =>
      (
        await p.compose({
          base: BASE,
          settings: { cdiSpecDirs: [dir] },
          opts: [['withCDIDevices', 'vendor.com/gpu=dev0']],
        })
      ).spec.process?.env;
    expect(await compose()).toEqual(['V=1']);
    fs.writeFileSync(path.join(dir, 'a.yaml'), spec('vendor.com/gpu', 'V=2'));
    expect(await compose()).toEqual(['V=2']);
  });
});

describe('cdiSpecDirs under a files root (a pipeline file from a repository)', () => {
  it('spec files are read beneath the root: a spec symlinked from outside is a warning, and its devices unknown', async () => {
    const root = tempDir({ 'cdi/in.yaml': spec('vendor.com/in', 'IN=1') });
    const outside = tempDir({ 'host.yaml': spec('vendor.com/out', 'OUT=1') });
    fs.symlinkSync(path.join(outside, 'host.yaml'), path.join(root, 'cdi/out.yaml'));
    fs.writeFileSync(
      path.join(root, 'p.json'),
      JSON.stringify({
        base: BASE,
        cdiSpecDirs: ['cdi'],
        opts: [['withCDIDevices', 'vendor.com/in=dev0']],
      }),
    );
    const runner = new PipelineRunner({
      plugins: [corePlugin(), linuxPlugin(), cdiPlugin()],
      host,
      filesRoot: root,
    });
    const result = await runner.runFile(path.join(root, 'p.json'));
    if (result.kind !== 'single') throw new Error('expected one pipeline');
    expect(result.spec.process?.env).toEqual(['IN=1']);
    expect(runner.warnings).toHaveLength(1);
    expect(runner.warnings[0]?.message).toMatch(
      new RegExp(`^CDI registry refresh failed: ${root}/cdi/out\\.yaml: outside the files root ${root} `),
    );

    fs.writeFileSync(
      path.join(root, 'q.json'),
      JSON.stringify({ base: BASE, cdiSpecDirs: ['cdi'], opts: [['withCDIDevices', 'vendor.com/out=dev0']] }),
    );
    // The failed composition returns no warnings: the error itself says why the device may be missing.
    await expect(runner.runFile(path.join(root, 'q.json'))).rejects.toThrow(
      new RegExp(
        `unresolvable CDI devices vendor\\.com/out=dev0 \\(CDI registry refresh failed: ${root}/cdi/out\\.yaml: outside the files root ${root} .*\\)$`,
      ),
    );
  });

  it('without a files root, the same symlinked spec is read', async () => {
    const root = tempDir({ 'cdi/in.yaml': spec('vendor.com/in', 'IN=1') });
    const outside = tempDir({ 'host.yaml': spec('vendor.com/out', 'OUT=1') });
    fs.symlinkSync(path.join(outside, 'host.yaml'), path.join(root, 'cdi/out.yaml'));
    fs.writeFileSync(
      path.join(root, 'q.json'),
      JSON.stringify({ base: BASE, cdiSpecDirs: ['cdi'], opts: [['withCDIDevices', 'vendor.com/out=dev0']] }),
    );
    const runner = new PipelineRunner({ plugins: [corePlugin(), linuxPlugin(), cdiPlugin()], host });
    const result = await runner.runFile(path.join(root, 'q.json'));
    if (result.kind !== 'single') throw new Error('expected one pipeline');
    expect(result.spec.process?.env).toEqual(['OUT=1']);
  });
});
