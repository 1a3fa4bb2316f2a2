/** In-root and beneath-root lookups on real directories: symlinks, `..`, escapes, and the verification step. */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  InRootError,
  OutsideFilesRootError,
  openInRoot,
  readFileBeneath,
  readNamedFile,
  resolveInRootPath,
} from '../../src/files/index.js';
import type { HostFS } from '../../src/host.js';
import { nodeHostFS } from '../../src/host.js';

const made: string[] = [];
afterAll(() => {
  for (const d of made) fs.rmSync(d, { recursive: true, force: true });
});

/** A temp dir with `files` (name → content, or `-> target` for a symlink, or `/` suffix for a directory). */
function tree(files: Record<string, string>): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(tmpdir(), 'ocispec-in-root-')));
  made.push(dir);
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    if (name.endsWith('/')) fs.mkdirSync(file, { recursive: true });
    else if (content.startsWith('-> ')) fs.symlinkSync(content.slice(3), file);
    else fs.writeFileSync(file, content);
  }
  return dir;
}

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

function read(root: string, name: string, mode: 'in-root' | 'beneath' = 'in-root'): string {
  const found = openInRoot(root, name, { mode });
  try {
    return text(found.handle.read(1 << 20));
  } finally {
    found.handle.close();
  }
}

function failure(f: () => unknown): InRootError {
  try {
    f();
  } catch (error) {
    if (error instanceof InRootError) return error;
    throw error;
  }
  throw new Error('expected the lookup to fail');
}

const outside = tree({ 'secret.txt': 'host secret' });

describe('openInRoot, in-root mode (RESOLVE_IN_ROOT)', () => {
  it('resolves absolute symlinks against the root, never the host', () => {
    const root = tree({
      'etc/passwd': `-> ${outside}/secret.txt`,
      [`${outside.slice(1)}/secret.txt`]: 'inside copy',
    });
    expect(read(root, 'etc/passwd')).toBe('inside copy');
  });

  it('clamps `..` at the root, in the name and in link targets', () => {
    const root = tree({ 'real/f': 'in root', 'dir/link': '-> ../../../../../real' });
    expect(read(root, '/dir/link/f')).toBe('in root');
    expect(read(root, '../../../real/f')).toBe('in root');
    expect(resolveInRootPath(root, '/..')).toBe('.');
  });

  it('a relative symlink pointing above the root lands inside it', () => {
    const root = tree({
      'secret.txt': 'root copy',
      'etc/passwd': `-> ../../../../../../..${outside}/secret.txt`,
    });
    const error = failure(() => read(root, 'etc/passwd'));
    // /tmp/... does not exist inside the root: the lookup fails inside the root instead of reading the host.
    expect(error.code).toBe('ENOENT');
  });

  it('fails after 40 links, on a component that is not a directory, and on a long component', () => {
    const links: Record<string, string> = { 'l0/': '' };
    for (let i = 1; i <= 41; i++) links[`l${i}`] = `-> l${i - 1}`;
    const root = tree(links);
    expect(resolveInRootPath(root, 'l40')).toBe('l0');
    expect(failure(() => resolveInRootPath(root, 'l41')).message).toBe(
      'resolve l1: too many levels of symbolic links',
    );
    const files = tree({ f: 'x' });
    expect(failure(() => resolveInRootPath(files, 'f/x')).message).toBe('resolve f: not a directory');
    expect(failure(() => resolveInRootPath(files, `${'a'.repeat(256)}`)).message).toBe(
      `statat ${'a'.repeat(256)}: file name too long`,
    );
  });

  it('hands back the final component without opening it for reading (a FIFO cannot block)', () => {
    const root = tree({ 'etc/': '' });
    execFileSync('mkfifo', [path.join(root, 'etc/passwd')]);
    const found = openInRoot(root, 'etc/passwd');
    try {
      expect(found.handle.stat().isFIFO()).toBe(true);
      expect(() => found.handle.read(100)).toThrow('is a FIFO, not a regular file');
    } finally {
      found.handle.close();
    }
  });
});

describe('the verification step: the file opened must be inside the root', () => {
  it('a directory moved out of the root during the walk is detected; the lookup starts again', () => {
    const root = tree({ 'etc/passwd': 'in root' });
    const away = tree({});
    let moves = 0;
    // The attacker's move, at the worst moment: right after the walk took its handle on etc/.
    const racing: HostFS = {
      ...nodeHostFS,
      openPath: (p, options) => {
        const handle = nodeHostFS.openPath!(p, options);
        if (p === root && moves === 1) fs.renameSync(path.join(away, 'etc'), path.join(root, 'etc'));
        if (p.endsWith('/etc') && moves === 0) {
          moves++;
          fs.renameSync(path.join(root, 'etc'), path.join(away, 'etc'));
        }
        return handle;
      },
    };
    const found = openInRoot(root, 'etc/passwd', { fs: racing });
    try {
      expect(found.handle.location()).toBe(path.join(root, 'etc/passwd'));
    } finally {
      found.handle.close();
    }
    expect(moves).toBe(1);
  });

  it('a file that keeps being outside fails after 8 tries, reading nothing', () => {
    const root = tree({ 'etc/passwd': 'x' });
    let finals = 0;
    const lying: HostFS = {
      ...nodeHostFS,
      openPath: (p, options) => {
        const handle = nodeHostFS.openPath!(p, options);
        if (!p.endsWith('/passwd')) return handle;
        finals++;
        return {
          ...handle,
          at: handle.at,
          stat: () => handle.stat(),
          location: () => `${outside}/secret.txt`,
          read: () => {
            throw new Error('must not read');
          },
          close: () => handle.close(),
        };
      },
    };
    const error = failure(() => openInRoot(root, 'etc/passwd', { fs: lying }));
    expect(error.message).toBe(
      'open etc/passwd: the file opened is outside the root (it moved during the lookup)',
    );
    expect(finals).toBe(8);
  });
});

describe('readFileBeneath (RESOLVE_BENEATH: the files root)', () => {
  const root = tree({
    'base.json': '{}',
    'sub/env': 'A=1',
    'inside-abs': '-> /PLACEHOLDER',
    'to-host': `-> ${outside}/secret.txt`,
    'up-and-out': '-> ../../../../../../../etc/hostname',
    'sub/up-in': '-> ../base.json',
  });
  fs.unlinkSync(path.join(root, 'inside-abs'));
  fs.symlinkSync(path.join(root, 'sub/env'), path.join(root, 'inside-abs'));

  it('reads files beneath the root, through links that stay beneath it', () => {
    expect(text(readFileBeneath(root, path.join(root, 'base.json')).bytes)).toBe('{}');
    expect(text(readFileBeneath(root, path.join(root, 'sub/up-in')).bytes)).toBe('{}');
    const viaAbsolute = readFileBeneath(root, path.join(root, 'inside-abs'));
    expect(text(viaAbsolute.bytes)).toBe('A=1');
    expect(viaAbsolute.realPath).toBe(path.join(root, 'sub/env'));
  });

  it.each([
    ['a path outside the root', () => `${outside}/secret.txt`, `outside the files root ${root}`],
    ['a .. above the root', () => path.join(root, 'sub/../../x'), `outside the files root ${root}`],
    [
      'an absolute link out of the root',
      () => path.join(root, 'to-host'),
      `outside the files root ${root} (to-host: links to ${outside}/secret.txt, outside the root)`,
    ],
    [
      'a relative link out of the root',
      () => path.join(root, 'up-and-out'),
      `outside the files root ${root} (..: leads above the root)`,
    ],
  ])('refuses %s', (_what, file, message) => {
    let error: unknown;
    try {
      readFileBeneath(root, file());
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(OutsideFilesRootError);
    expect((error as Error).message).toBe(message);
    expect((error as NodeJS.ErrnoException).code).toBe('EXDEV');
  });

  it('readNamedFile applies the host policy: root and size', () => {
    const host = { fs: nodeHostFS, runningInUserNS: () => false, namedFiles: { root, maxBytes: 2 } };
    expect(text(readNamedFile(host, path.join(root, 'base.json')))).toBe('{}');
    expect(() => readNamedFile(host, `${outside}/secret.txt`)).toThrow('outside the files root');
    expect(() => readNamedFile(host, path.join(root, 'sub/env'))).toThrow('over the limit of 2 bytes');
    expect(() => readNamedFile({ ...host, namedFiles: { maxBytes: 2 } }, `${outside}/secret.txt`)).toThrow(
      'file is 11 bytes, over the limit of 2 bytes',
    );
  });
});
