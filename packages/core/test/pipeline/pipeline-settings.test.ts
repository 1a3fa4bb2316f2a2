/**
 * A pipeline's settings (`cdiSpecDirs`): part of the strict format, resolved from the pipeline file's directory,
 * handed to every option as `ctx.settings`, per pipeline of a batch; with a files root, a directory outside it is
 * refused naming the pointer, and `namedFilesFS` keeps every read of a plugin beneath the root.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempDirs, writeFile } from '@ocispec/test-fixtures';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { corePlugin } from '../../src/core-plugin.js';
import { defineOpt } from '../../src/define.js';
import { isOcispecError } from '../../src/errors.js';
import { namedFilesFS } from '../../src/files/named.js';
import { nodeHost } from '../../src/host.js';
import type { RunPipelineOptions } from '../../src/pipeline-file.js';
import { checkPipeline, PipelineRunner } from '../../src/pipeline-file.js';

const tempDir = tempDirs('settings');

/** An option writing what it reads in `ctx.settings` into an annotation. */
const withSettingsSeen = defineOpt({
  name: 'withSettingsSeen',
  args: z.tuple([]),
  doc: 'Records the settings.',
  apply(spec, ctx) {
    spec.annotations = { settings: JSON.stringify(ctx.settings) };
  },
});

function runner(options: RunPipelineOptions = {}): PipelineRunner {
  return new PipelineRunner({
    plugins: [corePlugin(), { name: 'seen', apply: (p) => p.registerOpt(withSettingsSeen) }],
    ...options,
  });
}

async function seen(run: Promise<{ kind: string; spec?: unknown }>): Promise<unknown> {
  const result = (await run) as { kind: 'single'; spec: { annotations: { settings: string } } };
  return JSON.parse(result.spec.annotations.settings);
}

const BASE = { ociVersion: '1.2.0' };

describe('cdiSpecDirs', () => {
  it('is resolved from the pipeline file’s directory (absolute paths kept), in JSON and YAML', async () => {
    const dir = tempDir();
    const json = writeFile(dir, 'sub/p.json', {
      base: BASE,
      cdiSpecDirs: ['cdi', '../other', '/abs/cdi'],
      opts: [['withSettingsSeen']],
    });
    expect(await seen(runner().runFile(json))).toEqual({
      cdiSpecDirs: [path.join(dir, 'sub/cdi'), path.join(dir, 'other'), '/abs/cdi'],
    });
    const yaml = writeFile(
      dir,
      'p.yaml',
      'base: { ociVersion: 1.2.0 }\ncdiSpecDirs:\n  - ./specs\nopts:\n  - [withSettingsSeen]\n',
    );
    expect(await seen(runner().runFile(yaml))).toEqual({ cdiSpecDirs: [path.join(dir, 'specs')] });
  });

  it('absent: the options see no settings', async () => {
    const dir = tempDir();
    const file = writeFile(dir, 'p.json', { base: BASE, opts: [['withSettingsSeen']] });
    expect(await seen(runner().runFile(file))).toEqual({});
  });

  it('in a batch, each pipeline has its own', async () => {
    const dir = tempDir();
    const file = writeFile(dir, 'batch.json', [
      { name: 'a', base: BASE, cdiSpecDirs: ['a'], opts: [['withSettingsSeen']] },
      { name: 'b', base: BASE, opts: [['withSettingsSeen']] },
      { name: 'c', base: BASE, cdiSpecDirs: ['c1', 'c2'], opts: [['withSettingsSeen']] },
    ]);
    const result = await runner().runFile(file);
    if (result.kind !== 'batch') throw new Error('expected a batch');
    const settings = result.results.map((r) =>
      JSON.parse((r.spec as { annotations: { settings: string } }).annotations.settings),
    );
    expect(settings).toEqual([
      { cdiSpecDirs: [path.join(dir, 'a')] },
      {},
      { cdiSpecDirs: [path.join(dir, 'c1'), path.join(dir, 'c2')] },
    ]);
  });

  it('is checked as part of the strict format: type, empty entries, a misspelling', () => {
    const check = (value: unknown) => {
      try {
        checkPipeline(value, 'p.json', '');
      } catch (error) {
        return (error as Error).message;
      }
      return 'accepted';
    };
    expect(check({ cdiSpecDirs: ['a', 'b'] })).toBe('accepted');
    expect(check({ cdiSpecDirs: [] })).toBe('accepted');
    expect(check({ cdiSpecDirs: 'a' })).toMatch(/^p\.json: \/cdiSpecDirs: .*expected array/);
    expect(check({ cdiSpecDirs: ['a', ''] })).toBe('p.json: /cdiSpecDirs/1: expected a non-empty directory');
    expect(check({ cdiSpecDir: ['a'] })).toBe(
      'p.json: /cdiSpecDir: unknown field "cdiSpecDir"; did you mean "cdiSpecDirs"?',
    );
  });
});

describe('cdiSpecDirs under a files root', () => {
  it('directories beneath the root are accepted, missing ones too', async () => {
    const root = tempDir();
    fs.mkdirSync(path.join(root, 'cdi'));
    const file = writeFile(root, 'p.json', {
      base: BASE,
      cdiSpecDirs: ['cdi', 'not-yet'],
      opts: [['withSettingsSeen']],
    });
    expect(await seen(runner({ filesRoot: root }).runFile(file))).toEqual({
      cdiSpecDirs: [path.join(root, 'cdi'), path.join(root, 'not-yet')],
    });
  });

  it('a directory outside the root, by path or through a symlink, is refused naming the pointer and line', async () => {
    const root = tempDir();
    const outside = tempDir();
    fs.symlinkSync(outside, path.join(root, 'escape'));
    const byPath = writeFile(root, 'a.yaml', `base: { ociVersion: 1.2.0 }\ncdiSpecDirs:\n  - ${outside}\n`);
    const error = await runner({ filesRoot: root })
      .runFile(byPath)
      .then(
        () => undefined,
        (e: unknown) => e as Error,
      );
    expect(isOcispecError(error, 'BAD_PIPELINE')).toBe(true);
    expect(error?.message).toBe(
      `${byPath}: /cdiSpecDirs/0 (line 3, column 5): ${outside}: outside the files root ${root}`,
    );
    const viaLink = writeFile(root, 'b.json', { base: BASE, cdiSpecDirs: ['escape'] });
    await expect(runner({ filesRoot: root }).runFile(viaLink)).rejects.toThrow(
      new RegExp(
        `^${viaLink}: /cdiSpecDirs/0 \\(line 1, column \\d+\\): ${root}/escape: outside the files root`,
      ),
    );
  });

  it('in a batch, the refusal is that entry’s error', async () => {
    const root = tempDir();
    const file = writeFile(root, 'batch.json', [
      { name: 'in', base: BASE, cdiSpecDirs: ['cdi'] },
      { name: 'out', base: BASE, cdiSpecDirs: ['../../etc'] },
    ]);
    const result = await runner({ filesRoot: root }).runFile(file);
    if (result.kind !== 'batch') throw new Error('expected a batch');
    expect(result.results[0]!.error).toBeNull();
    expect(result.results[1]!.error).toMatch(/\/1\/cdiSpecDirs\/0 .*outside the files root/);
  });
});

describe('namedFilesFS', () => {
  it('without a policy is the host’s file system', () => {
    expect(namedFilesFS(nodeHost)).toBe(nodeHost.fs);
  });

  it('with a root: reads, lists and stats beneath it; every way out fails with EXDEV', () => {
    const root = tempDir();
    const outside = tempDir();
    writeFile(root, 'cdi/a.yaml', 'kind: a');
    writeFile(outside, 'secret.yaml', 'secret');
    fs.symlinkSync(path.join(outside, 'secret.yaml'), path.join(root, 'cdi/link.yaml'));
    fs.symlinkSync(outside, path.join(root, 'out'));
    const named = namedFilesFS({ ...nodeHost, namedFiles: { root } });
    const cdi = path.join(root, 'cdi');
    expect(new TextDecoder().decode(named.readFile(path.join(cdi, 'a.yaml')))).toBe('kind: a');
    expect(
      named
        .readdir(cdi)
        .map((e) => e.name)
        .sort(),
    ).toEqual(['a.yaml', 'link.yaml']);
    expect(named.stat(cdi).isDirectory()).toBe(true);
    expect(named.lstat(path.join(cdi, 'link.yaml')).isSymbolicLink()).toBe(true);
    expect(named.readlink(path.join(cdi, 'link.yaml'))).toBe(path.join(outside, 'secret.yaml'));
    expect(named.realpath(cdi)).toBe(cdi);
    const code = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return (error as NodeJS.ErrnoException).code;
      }
      return 'read';
    };
    expect(code(() => named.readFile(path.join(cdi, 'link.yaml')))).toBe('EXDEV');
    expect(code(() => named.readFile(path.join(outside, 'secret.yaml')))).toBe('EXDEV');
    expect(code(() => named.readdir(path.join(root, 'out')))).toBe('EXDEV');
    expect(code(() => named.readdir(outside))).toBe('EXDEV');
    expect(code(() => named.stat(path.join(root, 'out')))).toBe('EXDEV');
    expect(code(() => named.lstat(path.join(root, 'out/secret.yaml')))).toBe('EXDEV');
    expect(code(() => named.readFile(path.join(cdi, 'missing.yaml')))).toBe('ENOENT');
  });

  it('reads at most the policy’s limit, and the caller’s when lower', () => {
    const root = tempDir();
    const big = writeFile(root, 'big.yaml', 'x'.repeat(100));
    const small = writeFile(root, 'small.yaml', 'x'.repeat(30));
    for (const named of [
      namedFilesFS({ ...nodeHost, namedFiles: { root, maxBytes: 50 } }),
      namedFilesFS({ ...nodeHost, namedFiles: { maxBytes: 50 } }),
    ]) {
      expect(() => named.readFile(big)).toThrow(expect.objectContaining({ code: 'EFBIG' }));
      expect(() => named.readFile(big, { maxBytes: 200 })).toThrow(
        expect.objectContaining({ code: 'EFBIG' }),
      );
      expect(named.readFile(small).length).toBe(30);
      expect(() => named.readFile(small, { maxBytes: 20 })).toThrow(
        expect.objectContaining({ code: 'EFBIG' }),
      );
    }
  });
});
