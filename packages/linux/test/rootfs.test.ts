/** containerd's utils_unix_test.go (resolveInRootFS, splitPathComponents), the symlink tests of spec_test.go and
 * spec_opts_user_bounds_test.go, on real temp-dir rootfs and on an in-memory HostFS. */
import type { Spec } from '@ocispec/core';
import { createContext } from '@ocispec/core';
import { nodeHostFS } from '@ocispec/core/internal';
import { describe, expect, it } from 'vitest';
import type { RootFS } from '../src/internal.js';
import {
  gidFromRootFS,
  isNotExist,
  maxUserFileBytes,
  openRootFS,
  openUserFile,
  resolveInRoot,
  splitPathComponents,
  supplementalGroupsFromRootFS,
  userFromRootFS,
} from '../src/internal.js';
import type { Entry } from './helpers.js';
import { dir, file, MemFS, symlink, tempRootfs } from './helpers.js';

const realRoot = (entries: readonly Entry[]): RootFS => ({ path: tempRootfs(entries), fs: nodeHostFS });
const memRoot = (entries: readonly Entry[]): RootFS => ({ path: '/root', fs: new MemFS(entries, '/root') });

describe('splitPathComponents (TestSplitPathComponents)', () => {
  const cases: [string, string, string[]][] = [
    ['empty path', '', []],
    ['single component', 'passwd', ['passwd']],
    ['relative path', 'etc/passwd', ['etc', 'passwd']],
    ['absolute path', '/etc/passwd', ['etc', 'passwd']],
    ['repeated separators', '//a///b//c', ['a', 'b', 'c']],
    ['dot components are preserved', 'a/./link/../real', ['a', '.', 'link', '..', 'real']],
    ['trailing separator splits as dot', 'a/b/', ['a', 'b', '.']],
    ['root path', '/', ['.']],
    ['only separators', '///', ['.']],
  ];
  for (const [name, input, want] of cases) it(name, () => expect(splitPathComponents(input)).toEqual(want));
});

const chain = (n: number): Entry[] => [
  dir('dir'),
  file('dir/empty', ''),
  symlink('/dir/empty', 'dir/link1'),
  ...Array.from({ length: n - 1 }, (_, i) => symlink(`link${i + 1}`, `dir/link${i + 2}`)),
];

const resolveCases: { name: string; entries: Entry[]; original: string; expected?: string; err?: string }[] =
  [
    {
      name: 'no symlink',
      entries: [dir('dir/a/b'), file('dir/a/b/c', '')],
      original: '/dir/a/b/c',
      expected: 'dir/a/b/c',
    },
    {
      name: 'symlink deadloop - v1',
      entries: [dir('dir'), symlink('b', 'dir/a'), symlink('c', 'dir/b'), symlink('a', 'dir/c')],
      original: '/dir/a',
      err: 'resolve dir/b: too many levels of symbolic links',
    },
    {
      name: 'symlink deadloop - v2',
      entries: [
        dir('dir'),
        symlink('/dir/b', 'dir/a'),
        symlink('/dir/c', 'dir/b'),
        symlink('/dir/a', 'dir/c'),
      ],
      original: '/dir/a',
      err: 'too many levels of symbolic links',
    },
    {
      name: 'symlink deadloop - v3',
      entries: [dir('dir'), symlink('loop', 'dir/loop')],
      original: '/dir/loop',
      err: 'too many levels of symbolic links',
    },
    {
      name: 'symlink deadloop - v4',
      entries: [dir('dir'), symlink('loop/..', 'dir/loop')],
      original: '/dir/loop',
      err: 'too many levels of symbolic links',
    },
    {
      name: 'symlink target component is too long',
      entries: [dir('dir'), symlink('a'.repeat(256), 'dir/link')],
      original: '/dir/link',
      err: `statat dir/${'a'.repeat(256)}: file name too long`,
    },
    {
      name: '40 levels of symbolic links',
      entries: chain(40),
      original: '/dir/link40',
      expected: 'dir/empty',
    },
    {
      name: '41 levels of symbolic links',
      entries: chain(41),
      original: '/dir/link41',
      err: 'too many levels of symbolic links',
    },
    {
      name: 'try to escape root',
      entries: [
        dir('dir'),
        dir('real'),
        file('real/empty', ''),
        symlink('../../../../../../real', 'dir/link'),
      ],
      original: '/dir/link/empty',
      expected: 'real/empty',
    },
    {
      name: 'unfold symlink',
      entries: [dir('dir/l1/l2'), file('dir/l1/empty', ''), symlink('l1/l2', 'dir/link')],
      original: '/dir/link/../empty',
      expected: 'dir/l1/empty',
    },
    { name: 'not empty', entries: [dir('dir')], original: './../.././.', expected: '.' },
    {
      name: 'respect trailing slash - v1',
      entries: [dir('dir')],
      original: './../.././dir/',
      expected: 'dir',
    },
    {
      name: 'respect trailing slash - v2',
      entries: [file('fake-dir', '')],
      original: './../.././fake-dir/',
      err: 'resolve fake-dir: not a directory',
    },
    { name: 'respect trailing slash - v3', entries: [], original: '/', expected: '.' },
    {
      name: 'respect trailing slash - v4',
      entries: [file('f', ''), symlink('f', 'link')],
      original: 'link/',
      err: 'not a directory',
    },
    {
      name: 'respect trailing slash - v5',
      entries: [file('f', ''), symlink('f/', 'link')],
      original: 'link',
      err: 'not a directory',
    },
    {
      name: 'respect trailing slash - v6',
      entries: [file('f', ''), symlink('link2/', 'link1'), symlink('f', 'link2')],
      original: 'link1',
      err: 'not a directory',
    },
    { name: 'empty path', entries: [], original: '', err: 'resolve : no such file or directory' },
    {
      name: 'missing component',
      entries: [dir('etc')],
      original: 'etc/passwd',
      err: 'statat etc/passwd: no such file or directory',
    },
    {
      // The first missing component fails, named by its root-relative prefix.
      name: 'missing directory component',
      entries: [],
      original: 'etc/passwd',
      err: 'statat etc: no such file or directory',
    },
  ];

for (const [kind, make] of [
  ['real fs', realRoot],
  ['in-memory fs', memRoot],
] as const) {
  describe(`resolveInRoot (TestResolveInRootFS) on ${kind}`, () => {
    for (const c of resolveCases) {
      it(c.name, () => {
        const root = make(c.entries);
        if (c.err !== undefined) {
          expect(() => resolveInRoot(root, c.original)).toThrow(c.err);
          return;
        }
        const got = resolveInRoot(root, c.original);
        expect(got).toBe(c.expected);
        // The result is openable as is, inside the root.
        expect(() => root.fs.stat(`${root.path}/${got}`)).not.toThrow();
      });
    }
  });

  describe(`openUserFile / lookups through symlinks (TestOpenUserFile_Symlink, TestGroupLookup_Symlink) on ${kind}`, () => {
    const layouts = (name: string, content: string): [string, Entry[]][] => [
      [
        'absolute symlink - v1',
        [
          dir('etc'),
          dir('nix/store/abcd'),
          file(`nix/store/abcd/${name}`, content),
          symlink(`/nix/store/abcd/${name}`, `etc/${name}`),
        ],
      ],
      [
        'absolute symlink - v2',
        [dir('system/etc'), file(`system/etc/${name}`, content), symlink('/system/etc', 'etc')],
      ],
      [
        'relative symlink - v1',
        [dir('system/etc'), file(`system/etc/${name}`, content), symlink('../system/etc', 'etc')],
      ],
      ['relative symlink - v2', [file(name, content), symlink('..', 'etc')]],
    ];
    const passwd = 'root:x:0:0:root:/root:/bin/bashTestOpenUserFile_Symlink';
    for (const [name, entries] of layouts('passwd', passwd)) {
      it(`passwd: ${name}`, () => {
        const root = make(entries);
        expect(new TextDecoder().decode(openUserFile(root, 'etc/passwd'))).toBe(passwd);
        expect(userFromRootFS(root).shell).toBe('/bin/bashTestOpenUserFile_Symlink');
      });
    }
    for (const [name, entries] of layouts('group', 'dummygroup:x:1001:paulo\n')) {
      it(`group: ${name}`, () => {
        const root = make(entries);
        expect(gidFromRootFS(root, (g) => g.name === 'dummygroup')).toBe(1001);
        expect(supplementalGroupsFromRootFS(root, (g) => g.name === 'dummygroup')).toEqual([1001]);
      });
    }
  });
}

describe('openUserFile size cap (TestOpenUserFileCapsReads)', () => {
  const beyond = '\nbeyond:x:42:\n';
  const padded = (padBytes: number): Uint8Array => {
    const pattern = '# padding\n';
    const pad = Buffer.from(pattern.repeat(Math.ceil(padBytes / pattern.length)).slice(0, padBytes));
    if (pad.length > 0) pad[pad.length - 1] = 0x0a;
    return Buffer.concat([pad, Buffer.from(beyond)]);
  };
  const cases: [string, number, number[] | undefined][] = [
    ['pad below cap, beyond is parsed', 100, [42]],
    ['beyond ends exactly at cap, is parsed', maxUserFileBytes - beyond.length, [42]],
    ['pad past cap, read errors out', maxUserFileBytes, undefined],
  ];
  for (const [name, padBytes, want] of cases) {
    it(name, () => {
      const root = memRoot([file('etc/group', padded(padBytes))]);
      const lookup = () => supplementalGroupsFromRootFS(root, (g) => g.name === 'beyond');
      if (want === undefined) expect(lookup).toThrow('"etc/group" exceeds 10485760 bytes');
      else expect(lookup()).toEqual(want);
    });
  }

  it('a file that grows past the cap after stat is still refused', () => {
    class GrowingFS extends MemFS {
      override readFile(): Uint8Array {
        return new Uint8Array(maxUserFileBytes + 1);
      }
    }
    const fake = new GrowingFS([file('etc/group', 'a:x:1:\n')], '/root');
    expect(() => openUserFile({ path: '/root', fs: fake }, 'etc/group')).toThrow('exceeds 10485760 bytes');
  });
});

describe('openUserFile rejects non-regular files (TestOpenUserFileRejectsNonRegularFiles)', () => {
  for (const kind of ['char', 'socket'] as const) {
    it(kind, () => {
      const fake = new MemFS([dir('etc')], '/root').special('/root/etc/group', kind);
      expect(() => supplementalGroupsFromRootFS({ path: '/root', fs: fake })).toThrow(
        'etc/group is not a regular file',
      );
      expect(fake.reads).toEqual([]);
    });
  }

  it('a directory on the real fs', () => {
    const root = realRoot([dir('etc/group')]);
    expect(() => openUserFile(root, 'etc/group')).toThrow('etc/group is not a regular file');
  });
});

/** Errors from a missing file, a missing directory and a missing root: only the first two are "file missing". */
describe('not-exist errors of openUserFile and openRootFS', () => {
  const caught = (f: () => unknown): unknown => {
    try {
      f();
    } catch (error) {
      return error;
    }
    throw new Error('expected a failure');
  };
  for (const [kind, make] of [
    ['real fs', realRoot],
    ['in-memory fs', memRoot],
  ] as const) {
    it(`etc/ missing: statat etc, not-exist (${kind})`, () => {
      const error = caught(() => openUserFile(make([]), 'etc/passwd'));
      expect((error as Error).message).toBe('statat etc: no such file or directory');
      expect(isNotExist(error)).toBe(true);
    });
    it(`etc/group missing: statat etc/group, not-exist (${kind})`, () => {
      const error = caught(() => openUserFile(make([file('etc/passwd', '')]), 'etc/group'));
      expect((error as Error).message).toBe('statat etc/group: no such file or directory');
      expect(isNotExist(error)).toBe(true);
    });
    it(`etc is a file: resolve etc, not a not-exist error (${kind})`, () => {
      const error = caught(() => openUserFile(make([file('etc', '')]), 'etc/passwd'));
      expect((error as Error).message).toBe('resolve etc: not a directory');
      expect(isNotExist(error)).toBe(false);
    });
  }

  const spec = (path: string): Spec => ({ ociVersion: '1.3.0', root: { path }, linux: {} });
  const ctx = createContext({ container: { id: 'test' } });
  it('a missing root: os.OpenRoot error, returned as is', () => {
    const error = caught(() => openRootFS(spec('/nonexistent-rootfs-abs'), ctx));
    expect((error as Error).message).toBe('open /nonexistent-rootfs-abs: no such file or directory');
  });
  it('a root that is a file: open <path>: not a directory', () => {
    const root = tempRootfs([file('f', '')]);
    expect(() => openRootFS(spec(`${root}/f`), ctx)).toThrow(`open ${root}/f: not a directory`);
  });
});
