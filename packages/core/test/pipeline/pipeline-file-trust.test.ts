/**
 * The pipeline-file runner's trust model: a pipeline file is data; the plugins it names are imported only with the
 * caller's consent; URLs other than files never; named host files can be confined to a directory; every input is
 * bounded.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { tempDirs, writeFile } from '@ocispec/test-fixtures';
import { describe, expect, it } from 'vitest';
import { corePlugin } from '../../src/core-plugin.js';
import { isOcispecError } from '../../src/errors.js';
import type { RunPipelineOptions } from '../../src/pipeline-file.js';
import { PipelineRunner } from '../../src/pipeline-file.js';

const tempDir = tempDirs('trust');

/** A plugin module that leaves `marker` behind when it is imported (so a test sees whether code ran). */
function markingPlugin(name: string, marker: string): string {
  return `import { writeFileSync } from 'node:fs';
writeFileSync(${JSON.stringify(marker)}, 'imported');
export default { name: ${JSON.stringify(name)}, apply(p) { p.registerOpt({ name: 'withMark', doc: 'Sets the hostname.', apply(s) { s.hostname = ${JSON.stringify(name)}; } }); } };`;
}

function runner(options: RunPipelineOptions = {}): PipelineRunner {
  return new PipelineRunner({ plugins: [corePlugin()], ...options });
}

async function failure(run: Promise<unknown>): Promise<Error> {
  try {
    await run;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the run to fail');
}

describe('plugins named by a pipeline file', () => {
  it('are refused without consent, before anything is imported: one line saying how to opt in', async () => {
    const dir = tempDir();
    const marker = path.join(dir, 'ran');
    writeFile(dir, 'evil.mjs', markingPlugin('evil', marker));
    const file = writeFile(dir, 'p.json', {
      base: { ociVersion: '' },
      plugins: ['./evil.mjs'],
      opts: [['withMark']],
    });
    const error = await failure(runner().runFile(file));
    expect(isOcispecError(error, 'PLUGIN_NOT_ALLOWED')).toBe(true);
    expect(error.message).toBe(
      `${file}: plugin "./evil.mjs" is named by the pipeline file, and a pipeline file is data: its plugins are imported only with consent (set allowPlugins, or list it in pluginModules)`,
    );
    expect(fs.existsSync(marker)).toBe(false);
    const hinted = await failure(runner({ pluginConsentHint: '--allow-plugins' }).runFile(file));
    expect(hinted.message).toContain('(--allow-plugins)');
  });

  it('a package in a node_modules beside the file is a plugin named by the file', async () => {
    const dir = tempDir();
    const marker = path.join(dir, 'ran');
    writeFile(dir, 'node_modules/evil-plugin/package.json', { name: 'evil-plugin', main: 'index.mjs' });
    writeFile(dir, 'node_modules/evil-plugin/index.mjs', markingPlugin('evil-pkg', marker));
    const file = writeFile(dir, 'p.json', {
      base: { ociVersion: '' },
      plugins: ['evil-plugin'],
      opts: [['withMark']],
    });
    expect((await failure(runner().runFile(file))).message).toContain('plugin "evil-plugin" is named by');
    expect(fs.existsSync(marker)).toBe(false);
    const { spec } = (await runner({ allowPlugins: true }).runFile(file)) as { spec: { hostname?: string } };
    expect(spec.hostname).toBe('evil-pkg');
    expect(fs.existsSync(marker)).toBe(true);
  });

  it('allowPlugins imports them (paths and file: URLs)', async () => {
    const dir = tempDir();
    writeFile(dir, 'team.mjs', markingPlugin('team', path.join(dir, 'ran')));
    const byPath = writeFile(dir, 'p.json', {
      base: { ociVersion: '' },
      plugins: ['./team.mjs'],
      opts: [['withMark']],
    });
    const url = pathToFileURL(path.join(dir, 'team.mjs')).href;
    const byUrl = writeFile(dir, 'u.json', {
      base: { ociVersion: '' },
      plugins: [url],
      opts: [['withMark']],
    });
    for (const file of [byPath, byUrl]) {
      const result = await runner({ allowPlugins: true }).runFile(file);
      expect(result).toMatchObject({ kind: 'single', spec: { hostname: 'team' } });
    }
  });

  it('a module the caller passes (pluginModules) is consent for that module only', async () => {
    const dir = tempDir();
    writeFile(dir, 'team.mjs', markingPlugin('team', path.join(dir, 'ran-team')));
    writeFile(dir, 'other.mjs', markingPlugin('other', path.join(dir, 'ran-other')));
    const file = writeFile(dir, 'p.json', {
      base: { ociVersion: '' },
      plugins: ['./team.mjs'],
      opts: [['withMark']],
    });
    const chosen = runner({ pluginModules: ['./team.mjs'], cwd: dir });
    expect(await chosen.runFile(file)).toMatchObject({ spec: { hostname: 'team' } });
    const both = writeFile(dir, 'q.json', {
      base: { ociVersion: '' },
      plugins: ['./team.mjs', './other.mjs'],
    });
    expect((await failure(chosen.runFile(both))).message).toContain('plugin "./other.mjs" is named by');
    expect(fs.existsSync(path.join(dir, 'ran-other'))).toBe(false);
  });

  it.each([
    ['data:', 'data:text/javascript,export default {name:"x",apply(){}}'],
    ['node:', 'node:child_process'],
    ['https:', 'https://example.com/plugin.mjs'],
  ])('%s URLs are refused always, even with allowPlugins or passed by the caller', async (scheme, url) => {
    const dir = tempDir();
    const file = writeFile(dir, 'p.json', { base: { ociVersion: '' }, plugins: [url] });
    const named = await failure(runner({ allowPlugins: true }).runFile(file));
    expect(named.message).toContain(`is a ${scheme} URL: plugins are loaded from files only`);
    expect(named.message).not.toContain('\n');
    const plain = writeFile(dir, 'plain.json', { base: { ociVersion: '' } });
    const chosen = await failure(runner({ pluginModules: [url] }).runFile(plain));
    expect(chosen.message).toContain(`is a ${scheme} URL: plugins are loaded from files only`);
  });

  it('in a batch, a refused plugin is that entry’s error; the others run', async () => {
    const dir = tempDir();
    writeFile(dir, 'evil.mjs', markingPlugin('evil', path.join(dir, 'ran')));
    const file = writeFile(dir, 'batch.json', [
      { name: 'a', base: { ociVersion: '' }, plugins: ['./evil.mjs'] },
      { name: 'b', base: { ociVersion: '' }, opts: [['withHostname', 'b']] },
    ]);
    const result = await runner().runFile(file);
    if (result.kind !== 'batch') throw new Error('expected a batch');
    expect(result.results[0]!.error).toContain('is named by the pipeline file');
    expect(result.results[1]!.spec).toEqual({ ociVersion: '', hostname: 'b' });
    expect(fs.existsSync(path.join(dir, 'ran'))).toBe(false);
  });
});

describe('filesRoot: the host files a pipeline names stay beneath a directory', () => {
  function layout() {
    const root = tempDir();
    const outside = tempDir();
    writeFile(outside, 'secret.json', { hostname: 'host-secret' });
    writeFile(outside, 'secret.env', 'SECRET=1');
    writeFile(root, 'base.json', { hostname: 'from-root' });
    writeFile(root, 'env', 'A=1');
    fs.symlinkSync(path.join(outside, 'secret.json'), path.join(root, 'link.json'));
    return { root, outside };
  }

  it('reads base files and env files beneath the root', async () => {
    const { root } = layout();
    const file = writeFile(root, 'p.json', {
      base: 'base.json',
      opts: [['withEnvFile', path.join(root, 'env')]],
    });
    const result = await runner({ filesRoot: root }).runFile(file);
    expect(result).toMatchObject({ spec: { hostname: 'from-root', process: { env: ['A=1'] } } });
  });

  it.each([
    ['a base outside the root', (o: string) => ({ base: path.join(o, 'secret.json') })],
    ['a base through ..', () => ({ base: '../secret.json' })],
    ['a base through a symlink leading out', () => ({ base: 'link.json' })],
  ])('refuses %s', async (_what, pipeline) => {
    const { root, outside } = layout();
    const file = writeFile(root, 'p.json', pipeline(outside));
    const error = await failure(runner({ filesRoot: root }).runFile(file));
    expect(isOcispecError(error, 'FILE_ERROR')).toBe(true);
    expect(error.message).toContain(`outside the files root ${root}`);
    expect(error.message).not.toContain('host-secret');
  });

  it.each([
    ['withEnvFile', (o: string) => ['withEnvFile', path.join(o, 'secret.env')], 'open'],
    ['withSpecFromFile', (o: string) => ['withSpecFromFile', path.join(o, 'secret.json')], 'open'],
  ])('%s outside the root fails naming the file and the root', async (_what, opt, op) => {
    const { root, outside } = layout();
    const call = opt(outside);
    const file = writeFile(root, 'p.json', { base: { ociVersion: '' }, opts: [call] });
    const error = await failure(runner({ filesRoot: root }).runFile(file));
    expect(error.message).toContain(`${op} ${call[1]}: outside the files root ${root}`);
  });

  it('without filesRoot the same files are read (the default trusts the paths)', async () => {
    const { root, outside } = layout();
    const file = writeFile(root, 'p.json', { base: 'link.json' });
    expect(await runner().runFile(file)).toMatchObject({ spec: { hostname: 'host-secret' } });
    expect(outside).not.toBe(root);
  });
});

describe('maxInputBytes', () => {
  it('bounds the pipeline file, standard input and named files', async () => {
    const dir = tempDir();
    const file = writeFile(dir, 'p.json', {
      base: { ociVersion: '' },
      opts: [['withHostname', 'x'.repeat(100)]],
    });
    const small = runner({ maxInputBytes: 64 });
    expect((await failure(small.runFile(file))).message).toMatch(
      /p\.json: file is \d+ bytes, over the limit of 64 bytes$/,
    );
    const stdin = new TextEncoder().encode(fs.readFileSync(file, 'utf8'));
    expect((await failure(small.runFile('-', stdin))).message).toMatch(
      /^<stdin>: input is \d+ bytes, over the limit of 64 bytes$/,
    );
    writeFile(dir, 'env', 'A=1\n'.repeat(100));
    const envFile = writeFile(dir, 'e.json', {
      base: { ociVersion: '' },
      opts: [['withEnvFile', path.join(dir, 'env')]],
    });
    expect((await failure(runner({ maxInputBytes: 100 }).runFile(envFile))).message).toContain(
      'file is 400 bytes, over the limit of 100 bytes',
    );
  });

  // A FIFO without a writer blocks a plain open forever: the test timeout is the hang detector.
  it.each([
    ['a base file', (fifo: string) => ({ base: fifo })],
    ['an env file', (fifo: string) => ({ base: { ociVersion: '' }, opts: [['withEnvFile', fifo]] })],
    ['a spec file', (fifo: string) => ({ base: { ociVersion: '' }, opts: [['withSpecFromFile', fifo]] })],
  ])('%s that is a FIFO fails at once, naming it', async (_what, pipeline) => {
    const dir = tempDir();
    const fifo = path.join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    const file = writeFile(dir, 'p.json', pipeline(fifo));
    for (const options of [{}, { filesRoot: dir }]) {
      const error = await failure(runner(options).runFile(file));
      expect(error.message).toContain(`${fifo}: is a FIFO, not a regular file`);
    }
  });

  it('refuses a limit that is not a byte count', () => {
    expect(() => runner({ maxInputBytes: -1 })).toThrow('a byte limit must be a non-negative integer');
    expect(() => runner({ maxInputBytes: Number.NaN })).toThrow(
      'a byte limit must be a non-negative integer',
    );
  });
});
