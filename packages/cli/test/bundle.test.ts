import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseJson } from '@ocispec/core';
import { afterEach, describe, expect, it } from 'vitest';
import type { CliRun } from '../src/index.js';
import { runCli } from '../src/index.js';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

interface BundleSpec {
  root: { path: string; readonly?: boolean };
  hostname?: string;
  process: { user: { uid: number; gid: number; additionalGids?: number[] }; env?: string[] };
  linux: { cgroupsPath: string };
}

const dirs: string[] = [];

afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function dir(): string {
  const d = fs.mkdtempSync(path.join(tmpdir(), 'ocispec-bundle-'));
  dirs.push(d);
  return d;
}

function run(argv: string[], cwd: string, stdin = ''): Promise<CliRun> {
  return runCli(argv, { cwd, stdin });
}

/** A small rootfs: a binary, a symlink to it, a setuid file, user databases. */
function makeRootfs(d: string): string {
  const rootfs = path.join(d, 'rootfs');
  fs.mkdirSync(path.join(rootfs, 'bin'), { recursive: true });
  fs.mkdirSync(path.join(rootfs, 'etc'));
  fs.writeFileSync(path.join(rootfs, 'bin', 'busybox'), '#!/bin/true\n', { mode: 0o755 });
  fs.symlinkSync('/bin/busybox', path.join(rootfs, 'bin', 'sh'));
  fs.writeFileSync(path.join(rootfs, 'bin', 'su'), 'su\n');
  fs.chmodSync(path.join(rootfs, 'bin', 'su'), 0o4755);
  fs.writeFileSync(
    path.join(rootfs, 'etc', 'passwd'),
    'root:x:0:0::/root:/bin/sh\napp:x:1000:1001::/home/app:/bin/sh\n',
  );
  fs.writeFileSync(
    path.join(rootfs, 'etc', 'group'),
    'root:x:0:\napp:x:1001:\nstaff:x:50:app\naudio:x:29:app\n',
  );
  return rootfs;
}

function pipelineFile(d: string, pipeline: unknown, name = 'p.json'): string {
  const file = path.join(d, name);
  fs.writeFileSync(file, JSON.stringify(pipeline));
  return file;
}

function readConfig(out: string): { text: string; spec: BundleSpec } {
  const text = fs.readFileSync(path.join(out, 'config.json'), 'utf8');
  return { text, spec: parseJson(text) as unknown as BundleSpec };
}

function expectOneLineError(r: Run, code: number, message: string): void {
  expect(r.code).toBe(code);
  expect(r.stdout).toBe('');
  expect(r.stderr.split('\n')[0]).toBe(message);
  expect(r.stderr).not.toContain('    at ');
}

describe('ocispec bundle: config.json', () => {
  it('writes config.json (4-space indent) referencing the rootfs by absolute path by default', async () => {
    const d = dir();
    makeRootfs(d);
    pipelineFile(d, {
      namespace: 'k8s.io',
      id: 'web-1',
      opts: [
        ['withHostname', 'web'],
        ['withProcessArgs', '/bin/sh'],
      ],
    });
    const r = await run(['bundle', 'p.json', '--rootfs', 'rootfs', '--out', 'out'], d);
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
    const { text, spec } = readConfig(path.join(d, 'out'));
    expect(text.startsWith('{\n    "ociVersion": "1.3.0",\n    "process": {\n')).toBe(true);
    expect(text.endsWith('}\n')).toBe(true);
    expect(spec.root.path).toBe(fs.realpathSync(path.join(d, 'rootfs')));
    expect(spec.hostname).toBe('web');
    expect(spec.linux.cgroupsPath).toBe('/k8s.io/web-1');
    expect(fs.readdirSync(path.join(d, 'out'))).toEqual(['config.json']);
  });

  it('owns root.path (a pipeline root path is replaced) and keeps root.readonly', async () => {
    const d = dir();
    makeRootfs(d);
    pipelineFile(d, { opts: [['withRootFSPath', '/elsewhere'], ['withRootFSReadonly']] });
    const r = await run(['bundle', 'p.json', '--rootfs', 'rootfs', '--out', 'out'], d);
    expect(r.code).toBe(0);
    expect(readConfig(path.join(d, 'out')).spec.root).toEqual({
      path: fs.realpathSync(path.join(d, 'rootfs')),
      readonly: true,
    });
  });

  it('resolves a symlinked rootfs to its real path (runc rejects a rootfs path through a symlink)', async () => {
    const d = dir();
    makeRootfs(d);
    fs.symlinkSync('rootfs', path.join(d, 'alias'));
    pipelineFile(d, {});
    const r = await run(['bundle', 'p.json', '--rootfs', 'alias', '--out', 'out'], d);
    expect(r.code).toBe(0);
    expect(readConfig(path.join(d, 'out')).spec.root.path).toBe(fs.realpathSync(path.join(d, 'rootfs')));
  });

  it('lets options read users and groups from the rootfs given, in every mode', async () => {
    for (const mode of ['reference', 'copy', 'link']) {
      const d = dir();
      makeRootfs(d);
      pipelineFile(d, {
        opts: [
          ['withUser', 'app'],
          ['withAdditionalGIDs', 'app'],
        ],
      });
      const r = await run(
        ['bundle', 'p.json', '--rootfs', 'rootfs', '--out', 'out', '--rootfs-mode', mode],
        d,
      );
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(readConfig(path.join(d, 'out')).spec.process.user).toEqual({
        uid: 1000,
        gid: 1001,
        additionalGids: [1001, 50, 29],
      });
    }
  });

  it('keeps option indexes in error messages and writes nothing when the pipeline fails', async () => {
    const d = dir();
    makeRootfs(d);
    fs.rmSync(path.join(d, 'rootfs', 'etc', 'passwd'));
    pipelineFile(d, {
      opts: [
        ['withHostname', 'x'],
        ['withUsername', 'app'],
      ],
    });
    const r = await run(['bundle', 'p.json', '--rootfs', 'rootfs', '--out', 'out'], d);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/option 1 \(withUsername\)/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(fs.existsSync(path.join(d, 'out'))).toBe(false);
  });

  it('reads the pipeline from standard input', async () => {
    const d = dir();
    makeRootfs(d);
    const r = await run(
      ['bundle', '-', '--rootfs', 'rootfs', '--out', 'out'],
      d,
      '{"opts":[["withHostname","in"]]}',
    );
    expect(r.code).toBe(0);
    expect(readConfig(path.join(d, 'out')).spec.hostname).toBe('in');
  });
});

describe('ocispec bundle: rootfs modes', () => {
  it('copy: OUT/rootfs is an independent copy (modes, setuid, owners, symlinks kept), root.path "rootfs"', async () => {
    const d = dir();
    const rootfs = makeRootfs(d);
    pipelineFile(d, {});
    const r = await run(
      ['bundle', 'p.json', '--rootfs', 'rootfs', '--out', 'out', '--rootfs-mode', 'copy'],
      d,
    );
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
    const copy = path.join(d, 'out', 'rootfs');
    expect(readConfig(path.join(d, 'out')).spec.root.path).toBe('rootfs');
    expect(fs.readlinkSync(path.join(copy, 'bin', 'sh'))).toBe('/bin/busybox');
    const src = fs.statSync(path.join(rootfs, 'bin', 'busybox'));
    const dst = fs.statSync(path.join(copy, 'bin', 'busybox'));
    expect(dst.ino).not.toBe(src.ino);
    expect(dst.mode).toBe(src.mode);
    expect(fs.statSync(path.join(copy, 'bin', 'su')).mode & 0o7777).toBe(0o4755);
    expect(fs.readFileSync(path.join(copy, 'etc', 'group'), 'utf8')).toContain('staff:x:50:app');
    fs.writeFileSync(path.join(copy, 'etc', 'passwd'), 'changed\n');
    expect(fs.readFileSync(path.join(rootfs, 'etc', 'passwd'), 'utf8')).toContain('app:x:1000');
  });

  it('link: OUT/rootfs hard-links the rootfs files, root.path "rootfs"', async () => {
    const d = dir();
    const rootfs = makeRootfs(d);
    pipelineFile(d, {});
    const r = await run(
      ['bundle', 'p.json', '--rootfs', 'rootfs', '--out', 'out', '--rootfs-mode', 'link'],
      d,
    );
    expect(r.code).toBe(0);
    const linked = path.join(d, 'out', 'rootfs');
    expect(readConfig(path.join(d, 'out')).spec.root.path).toBe('rootfs');
    expect(fs.statSync(path.join(linked, 'etc', 'passwd')).ino).toBe(
      fs.statSync(path.join(rootfs, 'etc', 'passwd')).ino,
    );
    expect(fs.lstatSync(path.join(linked, 'bin', 'sh')).isSymbolicLink()).toBe(true);
    expect(fs.lstatSync(path.join(linked, 'etc')).ino).not.toBe(fs.lstatSync(path.join(rootfs, 'etc')).ino);
  });

  it('copy refuses special files with one line and leaves no partial bundle', async () => {
    const d = dir();
    const rootfs = makeRootfs(d);
    execFileSync('mkfifo', [path.join(rootfs, 'fifo')]);
    pipelineFile(d, {});
    const r = await run(
      ['bundle', 'p.json', '--rootfs', 'rootfs', '--out', 'out', '--rootfs-mode', 'copy'],
      d,
    );
    expectOneLineError(
      r,
      1,
      `ocispec: bundle: cannot copy special file ${path.join(fs.realpathSync(rootfs), 'fifo')} (device, FIFO or socket); use --rootfs-mode reference`,
    );
    expect(fs.existsSync(path.join(d, 'out'))).toBe(false);
  });

  it('copy refuses an OUT inside the rootfs', async () => {
    const d = dir();
    makeRootfs(d);
    pipelineFile(d, {});
    const r = await run(
      ['bundle', 'p.json', '--rootfs', 'rootfs', '--out', 'rootfs/b', '--rootfs-mode', 'copy'],
      d,
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('is inside the rootfs');
    expect(fs.existsSync(path.join(d, 'rootfs', 'b'))).toBe(false);
  });

  it('reference accepts the runc layout (OUT/rootfs is the rootfs); copy --force refuses to delete it', async () => {
    const d = dir();
    fs.mkdirSync(path.join(d, 'b'));
    fs.renameSync(makeRootfs(d), path.join(d, 'b', 'rootfs'));
    pipelineFile(d, {});
    const r = await run(['bundle', 'p.json', '--rootfs', 'b/rootfs', '--out', 'b'], d);
    expect(r.code).toBe(0);
    expect(readConfig(path.join(d, 'b')).spec.root.path).toBe(fs.realpathSync(path.join(d, 'b', 'rootfs')));
    const c = await run(
      ['bundle', 'p.json', '--rootfs', 'b/rootfs', '--out', 'b', '--rootfs-mode', 'copy', '--force'],
      d,
    );
    expect(c.code).toBe(1);
    expect(c.stderr).toContain("is the bundle's own rootfs");
    expect(fs.existsSync(path.join(d, 'b', 'rootfs', 'etc', 'passwd'))).toBe(true);
  });
});

describe('ocispec bundle: existing bundles', () => {
  it('refuses to overwrite config.json unless --force', async () => {
    const d = dir();
    makeRootfs(d);
    pipelineFile(d, { opts: [['withHostname', 'one']] });
    expect((await run(['bundle', 'p.json', '--rootfs', 'rootfs', '--out', 'out'], d)).code).toBe(0);
    pipelineFile(d, { opts: [['withHostname', 'two']] });
    const again = await run(['bundle', 'p.json', '--rootfs', 'rootfs', '--out', 'out'], d);
    expectOneLineError(
      again,
      1,
      `ocispec: bundle: ${path.join(d, 'out', 'config.json')} already exists (use --force to replace the bundle)`,
    );
    expect(readConfig(path.join(d, 'out')).spec.hostname).toBe('one');
    const forced = await run(['bundle', 'p.json', '--rootfs', 'rootfs', '--out', 'out', '--force'], d);
    expect(forced.code).toBe(0);
    expect(readConfig(path.join(d, 'out')).spec.hostname).toBe('two');
  });

  it('copy: refuses an existing OUT/rootfs; --force replaces it (stale files gone)', async () => {
    const d = dir();
    makeRootfs(d);
    fs.mkdirSync(path.join(d, 'out', 'rootfs'), { recursive: true });
    fs.writeFileSync(path.join(d, 'out', 'rootfs', 'stale'), 'x');
    pipelineFile(d, {});
    const argv = ['bundle', 'p.json', '--rootfs', 'rootfs', '--out', 'out', '--rootfs-mode', 'copy'];
    const r = await run(argv, d);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${path.join(d, 'out', 'rootfs')} already exists`);
    const forced = await run([...argv, '--force'], d);
    expect(forced.code).toBe(0);
    expect(fs.existsSync(path.join(d, 'out', 'rootfs', 'stale'))).toBe(false);
    expect(fs.existsSync(path.join(d, 'out', 'rootfs', 'bin', 'busybox'))).toBe(true);
  });

  it('accepts an existing empty OUT directory; refuses an OUT that is a file', async () => {
    const d = dir();
    makeRootfs(d);
    pipelineFile(d, {});
    fs.mkdirSync(path.join(d, 'empty'));
    expect((await run(['bundle', 'p.json', '--rootfs', 'rootfs', '--out', 'empty'], d)).code).toBe(0);
    fs.writeFileSync(path.join(d, 'file'), '');
    const r = await run(['bundle', 'p.json', '--rootfs', 'rootfs', '--out', 'file'], d);
    expectOneLineError(r, 1, `ocispec: bundle: ${path.join(d, 'file')} exists and is not a directory`);
  });
});

describe('ocispec bundle: errors', () => {
  it('a missing rootfs is one line, exit 1, nothing written', async () => {
    const d = dir();
    pipelineFile(d, {});
    const r = await run(['bundle', 'p.json', '--rootfs', 'nope', '--out', 'out'], d);
    expectOneLineError(r, 1, `ocispec: bundle: rootfs ${path.join(d, 'nope')} does not exist`);
    expect(fs.existsSync(path.join(d, 'out'))).toBe(false);
    fs.writeFileSync(path.join(d, 'f'), '');
    const f = await run(['bundle', 'p.json', '--rootfs', 'f', '--out', 'out'], d);
    expectOneLineError(f, 1, `ocispec: bundle: rootfs ${path.join(d, 'f')} is not a directory`);
  });

  it('refuses a batch and a non-linux target', async () => {
    const d = dir();
    makeRootfs(d);
    pipelineFile(d, [{ name: 'a' }], 'batch.json');
    const b = await run(['bundle', 'batch.json', '--rootfs', 'rootfs', '--out', 'out'], d);
    expectOneLineError(
      b,
      1,
      'ocispec: bundle: batch.json is a batch; a bundle is made from a single pipeline',
    );
    pipelineFile(d, { platform: 'windows/amd64' }, 'win.json');
    const w = await run(['bundle', 'win.json', '--rootfs', 'rootfs', '--out', 'out'], d);
    expectOneLineError(
      w,
      1,
      'ocispec: bundle: the pipeline targets windows/amd64; runc bundles are linux only',
    );
    expect(fs.existsSync(path.join(d, 'out'))).toBe(false);
  });

  it('a failing pipeline (unknown option) is exit 1 and writes nothing', async () => {
    const d = dir();
    makeRootfs(d);
    pipelineFile(d, { opts: [['withHostnam', 'x']] });
    const r = await run(['bundle', 'p.json', '--rootfs', 'rootfs', '--out', 'out'], d);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('unknown option; did you mean withHostname?');
    expect(fs.existsSync(path.join(d, 'out'))).toBe(false);
  });

  it.each([
    [['bundle', '--rootfs', 'r', '--out', 'o'], "ocispec bundle: missing required argument 'FILE'"],
    [['bundle', 'p.json', '--out', 'o'], 'ocispec bundle: --rootfs DIR is required'],
    [['bundle', 'p.json', '--rootfs', 'r'], 'ocispec bundle: --out DIR is required'],
    [
      ['bundle', 'p.json', '--rootfs', 'r', '--out', 'o', '--rootfs-mode', 'move'],
      "ocispec bundle: option '--rootfs-mode <MODE>' argument 'move' is invalid. Allowed choices are reference, copy, link.",
    ],
    [
      ['bundle', 'p.json', '--rootfs', 'r', '--out', 'o', '--frob'],
      "ocispec bundle: unknown option '--frob'",
    ],
  ])('%j is a usage error (exit 2)', async (argv, message) => {
    const r = await run(argv, dir());
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toContain(message);
    expect(r.stderr.split('\n')[1]).toBe("See 'ocispec bundle --help'.");
  });

  it('is listed in the usage text', async () => {
    const r = await run(['--help'], dir());
    expect(r.stdout).toContain('bundle [options] <FILE>');
    const own = await run(['bundle', '--help'], dir());
    expect(own.stdout).toContain('--rootfs-mode <MODE>');
  });
});
