/**
 * The CLI against hostile input, each condition real: FIFOs and /dev/zero where files are expected, inputs over
 * their limit, plugins named by pipeline files, files outside --files-root, planted symlinks in a bundle's OUT.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseJson } from '@ocispec/core';
import { tempDirs, writeFile } from '@ocispec/test-fixtures';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/index.js';

const tempDir = tempDirs('cli-safety');

function fifo(dir: string, name = 'fifo'): string {
  const file = path.join(dir, name);
  execFileSync('mkfifo', [file]);
  return file;
}

/** Exit 1 with exactly one line on stderr containing `message`, nothing on stdout, no stack trace. */
function expectOneLine(r: { code: number; stdout: string; stderr: string }, message: string, code = 1): void {
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stderr).toContain(message);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.stdout).toBe('');
  expect(r.code).toBe(code);
}

// A FIFO without a writer blocks a plain open forever: the test timeout is the hang detector.
describe('files that are not regular files fail at once, naming what they are', () => {
  it('validate /dev/zero: refused, not read until memory runs out', async () => {
    expectOneLine(
      await runCli(['validate', '/dev/zero']),
      '/dev/zero: is a character device, not a regular file',
    );
    expectOneLine(
      await runCli(['lint', '/dev/zero']),
      '/dev/zero: is a character device, not a regular file',
    );
  });

  it.each([
    ['validate', (f: string) => ['validate', f]],
    ['lint', (f: string) => ['lint', f]],
    ['diff', (f: string) => ['diff', f, f]],
    ['generate', (f: string) => ['generate', f]],
    ['explain', (f: string) => ['explain', f]],
    ['cri container', (f: string) => ['cri', 'container', f]],
  ])('%s of a FIFO', async (_command, argv) => {
    const dir = tempDir();
    const r = await runCli(argv(fifo(dir)), { cwd: dir });
    expect(r.stderr).toContain(`${dir}/fifo: is a FIFO, not a regular file`);
    expect(r.code).toBe(_command === 'diff' ? 2 : 1);
  });

  it.each([
    ['a base spec', (f: string) => ({ base: f })],
    ['an env file', (f: string) => ({ base: { ociVersion: '' }, opts: [['withEnvFile', f]] })],
    [
      'a seccomp profile',
      (f: string) => ({ base: { ociVersion: '', linux: {} }, opts: [['withSeccompProfile', f]] }),
    ],
  ])('generate with %s that is a FIFO', async (_what, pipeline) => {
    const dir = tempDir();
    const file = writeFile(dir, 'p.json', pipeline(fifo(dir)));
    expectOneLine(await runCli(['generate', file]), `${dir}/fifo: is a FIFO, not a regular file`);
  });

  it('generate --config with a FIFO as config.toml', async () => {
    const dir = tempDir();
    const file = writeFile(dir, 'p.json', { base: { ociVersion: '' } });
    const r = await runCli(['generate', file, '--config', fifo(dir, 'config.toml')]);
    expectOneLine(r, `${dir}/config.toml: is a FIFO, not a regular file`);
  });
});

describe('--max-input-size and the default limits', () => {
  const spec = (padding: number) => `{"ociVersion":"1.3.0"${' '.repeat(padding)}}`;

  it('standard input is bounded: a spec over 10 MiB on stdin is refused, accepted with a larger limit', async () => {
    const big = spec(10 * 1024 * 1024);
    expectOneLine(
      await runCli(['validate', '-'], { stdin: big }),
      `<stdin>: input is ${big.length} bytes, over the limit of 10485760 bytes`,
    );
    const r = await runCli(['validate', '-', '--max-input-size', '11M'], { stdin: big });
    expect(r.stderr).toContain('<stdin>: ');
    expect(r.stderr).not.toContain('over the limit');
  });

  it('a file over the limit names it and the limit; units are binary', async () => {
    const dir = tempDir();
    const file = writeFile(dir, 'config.json', spec(2000));
    expectOneLine(
      await runCli(['validate', file, '--max-input-size', '1K']),
      `${file}: file is 2022 bytes, over the limit of 1024 bytes`,
    );
    expectOneLine(
      await runCli(['diff', file, file, '--max-input-size', '1000'], { cwd: dir }),
      'over the limit of 1000 bytes',
      2,
    );
  });

  it('cri: the input file and the base runtime spec it names are both held to --max-input-size', async () => {
    const dir = tempDir();
    writeFile(dir, 'base.json', { ociVersion: '1.0.2', annotations: { pad: 'x'.repeat(3000) } });
    const input = {
      id: 'c1',
      sandboxId: 's1',
      sandboxPid: 42,
      config: { metadata: { name: 'c1' }, command: ['/bin/true'] },
      sandboxConfig: { metadata: { name: 'pod', uid: 'u1', namespace: 'ns' }, hostname: 'pod' },
      runtime: { baseRuntimeSpec: 'base.json' },
      cri: { rootDir: path.join(dir, 'none'), stateDir: path.join(dir, 'none') },
    };
    const file = writeFile(dir, 'container.json', input);
    expect((await runCli(['cri', 'container', file, '--max-input-size', '64K'])).code).toBe(0);
    expectOneLine(
      await runCli(['cri', 'container', file, '--max-input-size', '2K']),
      `${dir}/base.json: file is ${fs.statSync(path.join(dir, 'base.json')).size} bytes, over the limit of 2048 bytes`,
    );
    expectOneLine(
      await runCli(['cri', 'container', file, '--max-input-size', '100']),
      `${file}: file is ${fs.statSync(file).size} bytes, over the limit of 100 bytes`,
    );
  });

  it.each(['', 'abc', '0', '-5', '1.5M', '64X', '99999999999999999999'])(
    '--max-input-size %j is a usage error (exit 2)',
    async (value) => {
      const r = await runCli(['validate', '/dev/null', `--max-input-size=${value}`]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(
        `ocispec validate: option '--max-input-size <N>' argument '${value}' is invalid. expected a positive number of bytes (e.g. 1048576, 512K, 64M, 1G)`,
      );
      expect(r.stderr).not.toContain('undefined');
    },
  );

  it('a 10,000-pipeline batch (~38 MB) runs with the default limit', { timeout: 120_000 }, async () => {
    const dir = tempDir();
    const annotation = 'x'.repeat(3700);
    const pipelines = Array.from({ length: 10_000 }, (_, i) => ({
      name: `p${i}`,
      base: { ociVersion: '' },
      opts: [['withAnnotations', { note: annotation }]],
    }));
    const file = writeFile(dir, 'batch.json', pipelines);
    expect(fs.statSync(file).size).toBeGreaterThan(37_000_000);
    const r = await runCli(['generate', file, '--indent', '0']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = parseJson(r.stdout) as { name: string; error: string | null }[];
    expect(out).toHaveLength(10_000);
    expect(out.every((e) => e.error === null)).toBe(true);
  });
});

describe('--allow-plugins: the plugins a pipeline file names run only with consent', () => {
  function workspace() {
    const dir = tempDir();
    const marker = path.join(dir, 'ran');
    const plugin = `import { writeFileSync } from 'node:fs';
writeFileSync(${JSON.stringify(marker)}, 'yes');
export default { name: 'team', apply(p) { p.registerOpt({ name: 'withTeam', doc: 'Sets the hostname.', apply(s, _ctx, t) { s.hostname = t; } }); } };`;
    writeFile(dir, 'team.mjs', plugin);
    writeFile(dir, 'node_modules/team-pkg/package.json', { name: 'team-pkg', main: 'index.mjs' });
    writeFile(dir, 'node_modules/team-pkg/index.mjs', plugin);
    return { dir, marker };
  }

  it.each([
    ['generate', (f: string) => ['generate', f]],
    ['explain', (f: string) => ['explain', f]],
    ['bundle', (f: string, d: string) => ['bundle', f, '--rootfs', d, '--out', path.join(d, 'out')]],
  ])('%s refuses them (one line saying how to opt in) and imports nothing', async (_cmd, argv) => {
    const { dir, marker } = workspace();
    for (const named of ['./team.mjs', 'team-pkg']) {
      const file = writeFile(dir, 'p.json', {
        base: { ociVersion: '' },
        plugins: [named],
        opts: [['withTeam', 'infra']],
      });
      expectOneLine(
        await runCli(argv(file, dir), { cwd: dir }),
        `plugin ${JSON.stringify(named)} is named by the pipeline file, and a pipeline file is data: its plugins are imported only with consent (run with --allow-plugins to import the plugins pipeline files name, or pass --plugin MODULE)`,
      );
      expect(fs.existsSync(marker)).toBe(false);
    }
  });

  it('--allow-plugins imports them; --plugin is consent for that module', async () => {
    const { dir, marker } = workspace();
    const file = writeFile(dir, 'p.json', {
      base: { ociVersion: '' },
      plugins: ['./team.mjs'],
      opts: [['withTeam', 'infra']],
    });
    const allowed = await runCli(['generate', file, '--allow-plugins', '--indent', '0'], { cwd: dir });
    expect(allowed.stdout).toBe('{"ociVersion":"","hostname":"infra"}\n');
    expect(fs.existsSync(marker)).toBe(true);
    const chosen = await runCli(['generate', file, '--plugin', './team.mjs', '--indent', '0'], { cwd: dir });
    expect(chosen.stdout).toBe('{"ociVersion":"","hostname":"infra"}\n');
  });

  it('a data: URL is refused even with --allow-plugins, and as --plugin', async () => {
    const dir = tempDir();
    const url = 'data:text/javascript,export default {name:"x",apply(){}}';
    const file = writeFile(dir, 'p.json', { base: { ociVersion: '' }, plugins: [url] });
    expectOneLine(
      await runCli(['generate', file, '--allow-plugins']),
      'is a data: URL: plugins are loaded from files only',
    );
    const plain = writeFile(dir, 'q.json', { base: { ociVersion: '' } });
    expectOneLine(
      await runCli(['generate', plain, '--plugin', url]),
      'is a data: URL: plugins are loaded from files only',
    );
  });
});

describe('a plugin throwing something that is not an Error', () => {
  it.each([
    ['42', 'threw 42'],
    ['undefined', 'threw no value'],
    ['null', 'threw null'],
    ["Symbol('s')", 'threw Symbol(s)'],
    ['{}', 'threw an empty object'],
    [
      "(() => { const o = { code: 'E' }; o.self = o; return o; })()",
      'threw {"code":"E","self":"[Circular]"}',
    ],
    ["{ message: 'from an object' }", 'from an object'],
  ])('throw %s: one meaningful line', async (value, message) => {
    const dir = tempDir();
    writeFile(dir, 'plugin.mjs', `export default { name: 'p', apply() { throw ${value}; } };`);
    const file = writeFile(dir, 'p.json', { base: { ociVersion: '' }, plugins: ['./plugin.mjs'] });
    const r = await runCli(['generate', file, '--allow-plugins']);
    expectOneLine(r, `plugin p (apply): ${message}`);
    expect(r.stderr).not.toMatch(/undefined|\[object /);
  });
});

describe('--files-root: the files a pipeline names stay beneath a directory', () => {
  function layout() {
    const root = tempDir();
    const outside = tempDir();
    writeFile(outside, 'profile.json', { defaultAction: 'SCMP_ACT_ALLOW' });
    writeFile(outside, 'base.json', { ociVersion: '1.3.0', hostname: 'outside' });
    writeFile(root, 'profile.json', { defaultAction: 'SCMP_ACT_ERRNO' });
    fs.symlinkSync(path.join(outside, 'base.json'), path.join(root, 'base.json'));
    return { root, outside };
  }

  it('reads what is beneath it', async () => {
    const { root } = layout();
    const file = writeFile(root, 'p.json', {
      base: { ociVersion: '', linux: {} },
      opts: [['withSeccompProfile', path.join(root, 'profile.json')]],
    });
    const r = await runCli(['generate', file, '--files-root', root, '--indent', '0']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('"defaultAction":"SCMP_ACT_ERRNO"');
  });

  it.each([
    [
      'a seccomp profile outside',
      (o: string) => ({
        base: { ociVersion: '', linux: {} },
        opts: [['withSeccompProfile', path.join(o, 'profile.json')]],
      }),
      (o: string, r: string) =>
        `cannot load seccomp profile "${o}/profile.json": open ${o}/profile.json: outside the files root ${r}`,
    ],
    [
      'a base through a symlink leading out',
      () => ({ base: 'base.json' }),
      (o: string, r: string) =>
        `outside the files root ${r} (base.json: links to ${o}/base.json, outside the root)`,
    ],
    [
      'a base named by ..',
      () => ({ base: '../x/base.json' }),
      (_o: string, r: string) => `outside the files root ${r}`,
    ],
  ])('refuses %s (generate, explain, bundle)', async (_what, pipeline, message) => {
    const { root, outside } = layout();
    const file = writeFile(root, 'p.json', pipeline(outside));
    for (const argv of [
      ['generate', file],
      ['explain', file],
      ['bundle', file, '--rootfs', root, '--out', path.join(root, 'out')],
    ]) {
      const r = await runCli([...argv, '--files-root', root]);
      expectOneLine(r, message(outside, root));
      expect(r.stderr).not.toContain('outside"');
    }
  });

  it('without --files-root the same pipeline reads them (the paths are trusted)', async () => {
    const { root } = layout();
    const file = writeFile(root, 'p.json', { base: 'base.json' });
    const r = await runCli(['generate', file, '--indent', '0']);
    expect(r.stdout).toContain('"hostname":"outside"');
  });
});

describe('bundle writes: nothing planted in OUT is followed', () => {
  function bundleWorkspace() {
    const dir = tempDir();
    const rootfs = path.join(dir, 'rootfs');
    fs.mkdirSync(path.join(rootfs, 'etc'), { recursive: true });
    fs.writeFileSync(path.join(rootfs, 'etc', 'passwd'), 'root:x:0:0::/root:/bin/sh\n');
    const out = path.join(dir, 'out');
    fs.mkdirSync(out);
    const victim = path.join(dir, 'victim');
    fs.writeFileSync(victim, 'do not touch\n');
    const file = writeFile(dir, 'p.json', { opts: [['withHostname', 'h']] });
    return { dir, rootfs, out, victim, file };
  }

  it('a symlink planted at OUT/config.json is replaced (with --force), never written through', async () => {
    const { rootfs, out, victim, file } = bundleWorkspace();
    fs.symlinkSync(victim, path.join(out, 'config.json'));
    expectOneLine(
      await runCli(['bundle', file, '--rootfs', rootfs, '--out', out]),
      'config.json already exists (use --force to replace the bundle)',
    );
    const r = await runCli(['bundle', file, '--rootfs', rootfs, '--out', out, '--force']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(fs.readFileSync(victim, 'utf8')).toBe('do not touch\n');
    expect(fs.lstatSync(path.join(out, 'config.json')).isFile()).toBe(true);
    expect(fs.readdirSync(out)).toEqual(['config.json']);
  });

  it('a symlink planted at the old predictable temporary name is left alone', async () => {
    const { rootfs, out, victim, file } = bundleWorkspace();
    for (let pid = process.pid - 2; pid <= process.pid + 2; pid++) {
      fs.symlinkSync(victim, path.join(out, `.config.json.${pid}.tmp`));
    }
    const r = await runCli(['bundle', file, '--rootfs', rootfs, '--out', out]);
    expect(r.code).toBe(0);
    expect(fs.readFileSync(victim, 'utf8')).toBe('do not touch\n');
    expect(fs.readdirSync(out).filter((n) => !n.startsWith('.config.json.'))).toEqual(['config.json']);
  });

  it('a failed rename leaves no temporary file behind, and the old content in place', async () => {
    const { rootfs, out, file } = bundleWorkspace();
    // config.json is a non-empty directory: renaming the new file over it fails.
    fs.mkdirSync(path.join(out, 'config.json'));
    fs.writeFileSync(path.join(out, 'config.json', 'keep'), 'kept');
    const r = await runCli(['bundle', file, '--rootfs', rootfs, '--out', out, '--force']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^ocispec: bundle: writing .*out: /);
    expect(fs.readdirSync(out)).toEqual(['config.json']);
    expect(fs.readFileSync(path.join(out, 'config.json', 'keep'), 'utf8')).toBe('kept');
  });

  it('--force over a copied rootfs never follows a symlink planted in it', async () => {
    const { dir, rootfs, out, file } = bundleWorkspace();
    const host = path.join(dir, 'host-dir');
    fs.mkdirSync(host);
    fs.writeFileSync(path.join(host, 'precious'), 'keep me');
    fs.mkdirSync(path.join(out, 'rootfs', 'etc'), { recursive: true });
    fs.symlinkSync(host, path.join(out, 'rootfs', 'etc', 'evil'));
    fs.symlinkSync(host, path.join(out, 'rootfs', 'evil-top'));
    const r = await runCli([
      'bundle',
      file,
      '--rootfs',
      rootfs,
      '--out',
      out,
      '--rootfs-mode',
      'copy',
      '--force',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(fs.readFileSync(path.join(host, 'precious'), 'utf8')).toBe('keep me');
    expect(fs.readdirSync(path.join(out, 'rootfs')).sort()).toEqual(['etc']);
  });

  it('copy into a directory inside the rootfs reached through a symlink is refused, nothing written', async () => {
    const { dir, rootfs, file } = bundleWorkspace();
    fs.symlinkSync(rootfs, path.join(dir, 'alias'));
    const out = path.join(dir, 'alias', 'nested', 'out');
    const r = await runCli(['bundle', file, '--rootfs', rootfs, '--out', out, '--rootfs-mode', 'copy']);
    expectOneLine(r, 'is inside the rootfs');
    expect(fs.existsSync(path.join(rootfs, 'nested'))).toBe(false);
  });

  it('--rootfs / needs --force', async () => {
    const { out, file } = bundleWorkspace();
    expectOneLine(
      await runCli(['bundle', file, '--rootfs', '/', '--out', out]),
      "bundle: --rootfs / is the host's own root filesystem",
    );
    expect(fs.readdirSync(out)).toEqual([]);
    const r = await runCli(['bundle', file, '--rootfs', '/', '--out', out, '--force']);
    expect(r.code).toBe(0);
    expect(
      (parseJson(fs.readFileSync(path.join(out, 'config.json'), 'utf8')) as { root: { path: string } }).root
        .path,
    ).toBe('/');
  });
});
