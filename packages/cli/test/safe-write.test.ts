/**
 * The CLI's one write path on real directories (bundle's OUT, `spec -o`/`--bundle`, `generate -o`): exclusive
 * temporary files, atomic replace, removal, the copy guard.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseJson } from '@ocispec/core';
import { tempDirs } from '@ocispec/test-fixtures';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/index.js';
import { mirrorRootfs } from '../src/rootfs-copy.js';
import {
  openDirectory,
  removeTree,
  temporaryName,
  writeFileAtomic,
  writeFileAtomicAt,
} from '../src/safe-write.js';

const tempDir = tempDirs('safe-write');

function withDir<T>(dir: string, f: (handle: ReturnType<typeof openDirectory>) => T): T {
  const handle = openDirectory(dir);
  try {
    return f(handle);
  } finally {
    handle.close();
  }
}

describe('writeFileAtomic', () => {
  it('temporary names are unpredictable', () => {
    const names = new Set(Array.from({ length: 100 }, () => temporaryName('config.json')));
    expect(names.size).toBe(100);
    for (const name of names) expect(name).toMatch(/^\.config\.json\.[0-9a-f]{16}\.tmp$/);
  });

  it('replaces the file atomically and leaves nothing else', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'config.json'), 'old');
    withDir(dir, (d) => writeFileAtomic(d, 'config.json', 'new'));
    expect(fs.readFileSync(path.join(dir, 'config.json'), 'utf8')).toBe('new');
    expect(fs.readdirSync(dir)).toEqual(['config.json']);
    expect(fs.statSync(path.join(dir, 'config.json')).mode & 0o777).toBe(0o644 & ~process.umask());
  });

  it('writes into the directory it holds, even when its path is swapped for a symlink meanwhile', () => {
    const dir = tempDir();
    const other = tempDir();
    const held = openDirectory(dir);
    try {
      fs.renameSync(dir, `${dir}.moved`);
      fs.symlinkSync(other, dir);
      writeFileAtomic(held, 'config.json', 'into the held directory');
    } finally {
      held.close();
    }
    expect(fs.readFileSync(path.join(`${dir}.moved`, 'config.json'), 'utf8')).toBe('into the held directory');
    expect(fs.readdirSync(other)).toEqual([]);
    fs.unlinkSync(dir);
    fs.renameSync(`${dir}.moved`, dir);
  });

  it('on a failed rename, removes its temporary file', () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'config.json'));
    fs.writeFileSync(path.join(dir, 'config.json', 'inside'), 'x');
    expect(() => withDir(dir, (d) => writeFileAtomic(d, 'config.json', 'new'))).toThrow();
    expect(fs.readdirSync(dir)).toEqual(['config.json']);
  });
});

describe('writeFileAtomicAt: spec -o FILE, spec --bundle DIR, generate -o FILE', () => {
  it('a symlink planted at the target is replaced, never written through', async () => {
    const dir = tempDir();
    const victim = path.join(dir, 'victim');
    fs.writeFileSync(victim, 'do not touch\n');
    fs.symlinkSync(victim, path.join(dir, 'spec.json'));
    const r = await runCli(['spec', '-o', 'spec.json', '--hostname', 'h'], { cwd: dir });
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(fs.readFileSync(victim, 'utf8')).toBe('do not touch\n');
    expect(fs.lstatSync(path.join(dir, 'spec.json')).isFile()).toBe(true);
    const spec = parseJson(fs.readFileSync(path.join(dir, 'spec.json'), 'utf8')) as { hostname: string };
    expect(spec.hostname).toBe('h');
    expect(fs.readdirSync(dir).sort()).toEqual(['spec.json', 'victim']);
  });

  it('spec --bundle DIR writes DIR/config.json and nothing else', async () => {
    const dir = tempDir();
    const r = await runCli(['spec', '--bundle', dir], { cwd: dir });
    expect(r.code).toBe(0);
    expect(fs.readdirSync(dir)).toEqual(['config.json']);
    expect(fs.statSync(path.join(dir, 'config.json')).mode & 0o777).toBe(0o644 & ~process.umask());
  });

  it('a failure is one line naming the file; the old content stays and no temporary file is left', async () => {
    const dir = tempDir();
    const missing = await runCli(['spec', '-o', path.join(dir, 'none', 'spec.json')], { cwd: dir });
    expect(missing).toEqual({
      code: 1,
      stdout: '',
      stderr: `ocispec: cannot write ${path.join(dir, 'none', 'spec.json')}: no such directory\n`,
    });
    // A non-empty directory at the target: the rename fails after the temporary file was written.
    fs.mkdirSync(path.join(dir, 'out.json'));
    fs.writeFileSync(path.join(dir, 'out.json', 'keep'), 'kept');
    const file = path.join(dir, 'p.json');
    fs.writeFileSync(file, JSON.stringify({ opts: [['withHostname', 'h']] }));
    const r = await runCli(['generate', file, '-o', 'out.json'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`ocispec: cannot write ${path.join(dir, 'out.json')}: is a directory\n`);
    expect(fs.readdirSync(dir).sort()).toEqual(['out.json', 'p.json']);
    expect(fs.readFileSync(path.join(dir, 'out.json', 'keep'), 'utf8')).toBe('kept');
  });

  it('generate -o: a failed pipeline leaves FILE as it was', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'out.json'), 'previous');
    const file = path.join(dir, 'p.json');
    fs.writeFileSync(file, JSON.stringify({ opts: [['withNoSuchOption']] }));
    const r = await runCli(['generate', file, '-o', 'out.json'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(fs.readFileSync(path.join(dir, 'out.json'), 'utf8')).toBe('previous');
    expect(fs.readdirSync(dir).sort()).toEqual(['out.json', 'p.json']);
  });

  it('replaces an existing file and leaves nothing else', () => {
    const dir = tempDir();
    writeFileAtomicAt(path.join(dir, 'a.json'), 'one');
    writeFileAtomicAt(path.join(dir, 'a.json'), 'two');
    expect(fs.readFileSync(path.join(dir, 'a.json'), 'utf8')).toBe('two');
    expect(fs.readdirSync(dir)).toEqual(['a.json']);
  });
});

describe('removeTree', () => {
  it('removes a tree, never what its symlinks point to', () => {
    const dir = tempDir();
    const host = tempDir();
    fs.writeFileSync(path.join(host, 'precious'), 'keep');
    fs.mkdirSync(path.join(dir, 'tree', 'a', 'b'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'tree', 'a', 'b', 'f'), 'x');
    fs.symlinkSync(host, path.join(dir, 'tree', 'a', 'link'));
    fs.symlinkSync(path.join(host, 'precious'), path.join(dir, 'tree', 'file-link'));
    withDir(dir, (d) => removeTree(d, 'tree'));
    expect(fs.readdirSync(dir)).toEqual([]);
    expect(fs.readFileSync(path.join(host, 'precious'), 'utf8')).toBe('keep');
    withDir(dir, (d) => removeTree(d, 'missing'));
  });
});

describe('mirrorRootfs: a destination inside the source stops the copy', () => {
  it('whatever path leads there (the guard compares the directories themselves)', () => {
    const dir = tempDir();
    const rootfs = path.join(dir, 'rootfs');
    fs.mkdirSync(path.join(rootfs, 'a'), { recursive: true });
    fs.writeFileSync(path.join(rootfs, 'a', 'f'), 'x');
    fs.mkdirSync(path.join(rootfs, 'z', 'bundle-rootfs'), { recursive: true });
    const destination = path.join(rootfs, 'z', 'bundle-rootfs');
    expect(() =>
      withDir(rootfs, (src) => withDir(destination, (dst) => mirrorRootfs(src, rootfs, dst, 'copy'))),
    ).toThrow("bundle: the bundle's rootfs is inside the rootfs (at");
  });

  it('copies modes and symlinks, and refuses special files', () => {
    const dir = tempDir();
    const rootfs = path.join(dir, 'rootfs');
    fs.mkdirSync(path.join(rootfs, 'bin'), { recursive: true });
    fs.writeFileSync(path.join(rootfs, 'bin', 'su'), 'su');
    fs.chmodSync(path.join(rootfs, 'bin', 'su'), 0o4755);
    fs.symlinkSync('/etc/shadow', path.join(rootfs, 'shadow-link'));
    const out = path.join(dir, 'out');
    fs.mkdirSync(out, 0o700);
    withDir(rootfs, (src) => withDir(out, (dst) => mirrorRootfs(src, rootfs, dst, 'copy')));
    expect(fs.statSync(path.join(out, 'bin', 'su')).mode & 0o7777).toBe(0o4755);
    expect(fs.readlinkSync(path.join(out, 'shadow-link'))).toBe('/etc/shadow');
    expect(fs.lstatSync(path.join(out, 'shadow-link')).isSymbolicLink()).toBe(true);
  });
});
