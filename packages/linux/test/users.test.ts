/** containerd's spec_opts_user_test.go, ported as behaviour, plus HEAD's further USER forms (§5.3–5.5). */
import { existsSync } from 'node:fs';
import type { Spec, SpecContext, SpecOpt } from '@ocispec/core';
import { applyOptsSync } from '@ocispec/core';
import { describe, expect, it } from 'vitest';
import {
  withAdditionalGIDs,
  withAppendAdditionalGroups,
  withUser,
  withUserID,
  withUsername,
} from '../src/index.js';
import type { Entry } from './helpers.js';
import { ctxWith, dir, file, hostOf, MemFS, tempRootfs } from './helpers.js';

/** Runs an option on a plain spec, as containerd's tests do, keeping what it did before a failure. */
function run(opt: SpecOpt, spec: Spec, ctx: SpecContext = ctxWith()): string | undefined {
  try {
    const result = opt(spec, ctx);
    if (result !== undefined) throw new Error('unexpected async option');
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

const userPasswd = `root:x:0:0:root:/root:/bin/ash
guest:x:405:100:guest:/dev/null:/sbin/nologin
`;
const userGroup = `root:x:0:root
bin:x:1:root,bin,daemon
daemon:x:2:root,bin,daemon
sys:x:3:root,bin,adm
guest:x:100:guest
`;

describe('withUser (TestWithUser and HEAD forms)', () => {
  const root = tempRootfs([dir('etc'), file('etc/passwd', userPasswd), file('etc/group', userGroup)]);
  const cases: { user: string; uid?: number; gid?: number; err?: string }[] = [
    { user: '0', uid: 0, gid: 0 },
    { user: 'root:root', uid: 0, gid: 0 },
    { user: 'guest', uid: 405, gid: 100 },
    { user: 'guest:guest', uid: 405, gid: 100 },
    { user: 'guest:nobody', err: 'no groups found' },
    { user: '405:100', uid: 405, gid: 100 },
    { user: '405:2147483648', err: 'invalid USER value "405:2147483648": gid out of range' },
    { user: '-1000', err: 'invalid USER value "-1000": uid out of range' },
    { user: '2147483648', err: 'invalid USER value "2147483648": uid out of range' },
    {
      user: '999999999999999999999999999999999999',
      err: 'invalid USER value "999999999999999999999999999999999999": uid out of range',
    },
    {
      user: '0:999999999999999999999999999999999999',
      err: 'invalid USER value "0:999999999999999999999999999999999999": gid out of range',
    },
    // §5.3 item 18
    { user: 'guest:', uid: 405, gid: 0 },
    { user: ':100', uid: 0, gid: 100 },
    { user: ':', uid: 0, gid: 0 },
    { user: '+405', uid: 405, gid: 100 },
    { user: '00405', uid: 405, gid: 100 },
    { user: '0x10', err: 'no users found' },
    { user: '', err: 'no users found' },
    { user: 'a:b:c', err: 'invalid USER value a:b:c' },
    { user: '1000', uid: 1000, gid: 0 },
    { user: '2147483647:0', uid: 2147483647, gid: 0 },
    { user: '-0', uid: 0, gid: 0 },
  ];
  for (const c of cases) {
    it(`${JSON.stringify(c.user)}`, () => {
      const spec: Spec = { ociVersion: '1.3.0', root: { path: root }, linux: {} };
      const err = run(withUser(c.user), spec);
      expect(err).toBe(c.err);
      expect(spec.process?.user?.uid ?? 0).toBe(c.uid ?? 0);
      expect(spec.process?.user?.gid ?? 0).toBe(c.gid ?? 0);
      // The deferred ensureAdditionalGids runs on every path, errors included.
      expect(spec.process?.user?.additionalGids).toEqual([c.gid ?? 0]);
    });
  }

  it('keeps uid/gid on error and only resets additionalGids', () => {
    const spec: Spec = {
      ociVersion: '1.3.0',
      root: { path: root },
      linux: {},
      process: { user: { uid: 7, gid: 8, additionalGids: [1, 2] }, cwd: '/' },
    };
    expect(run(withUser('guest:nobody'), spec)).toBe('no groups found');
    expect(spec.process?.user).toEqual({ uid: 7, gid: 8, additionalGids: [8] });
  });

  it('numeric uid:gid forms never read the rootfs (a relative root works)', () => {
    const fake = new MemFS();
    const ctx = ctxWith({ host: hostOf(fake) });
    const spec: Spec = { ociVersion: '1.3.0', root: { path: 'rootfs' }, linux: {} };
    expect(run(withUser('5:6'), spec, ctx)).toBeUndefined();
    expect(spec.process?.user).toEqual({ uid: 5, gid: 6, additionalGids: [6] });
    expect(fake.reads).toEqual([]);
  });

  it('a relative root path fails for forms that read the rootfs', () => {
    for (const user of ['0', 'guest', 'guest:0', '0:guest']) {
      const spec: Spec = { ociVersion: '1.3.0', root: { path: 'rootfs' }, linux: {} };
      expect(run(withUser(user), spec)).toBe('rootfs absolute path is required');
      expect(spec.process?.user?.additionalGids).toEqual([0]);
    }
  });

  it('a spec without root: MISSING_SECTION (containerd dereferences a nil Root and panics; no TypeError)', () => {
    const spec: Spec = { ociVersion: '1.3.0', linux: {} };
    expect(run(withUser('0'), spec)).toBe(
      'the spec has no root: containerd dereferences it here and panics, producing no spec (create it first)',
    );
    expect(() => withUser('0')(spec, ctxWith())).toThrow(
      expect.objectContaining({ code: 'MISSING_SECTION', pointer: '/root' }),
    );
  });

  it('LCOW: only records the username', () => {
    const spec: Spec = { ociVersion: '1.3.0', root: { path: 'x' }, linux: {}, windows: {} };
    expect(run(withUser('guest:x'), spec)).toBeUndefined();
    expect(spec.process?.user).toEqual({ username: 'guest:x', additionalGids: [0] });
  });

  it('without linux or windows: names fail, numbers do not check sections', () => {
    const spec: Spec = { ociVersion: '1.3.0', root: { path: root } };
    expect(run(withUser('guest'), spec)).toBe('spec does not contain Linux or Windows section');
    expect(spec.process?.user?.additionalGids).toEqual([0]);
    const numeric: Spec = { ociVersion: '1.3.0', root: { path: root } };
    expect(run(withUser('405'), numeric)).toBeUndefined();
    expect(numeric.process?.user).toEqual({ uid: 405, gid: 100, additionalGids: [100] });
  });

  it('windows-only spec: a name is recorded as username, no rootfs', () => {
    const spec: Spec = { ociVersion: '1.3.0', windows: {} };
    expect(run(withUser('ContainerUser'), spec)).toBeUndefined();
    expect(spec.process?.user).toEqual({ username: 'ContainerUser', additionalGids: [0] });
  });

  it('snapshot lookups: containerd errors, and snapshot mounting is not supported', () => {
    const spec = (): Spec => ({ ociVersion: '1.3.0', root: { path: root }, linux: {} });
    const ctx = (snapshotter: string, snapshotKey: string) =>
      ctxWith({ container: { id: 'c', snapshotter, snapshotKey } });
    expect(run(withUser('guest'), spec(), ctx('', 'key'))).toBe('no snapshotter set for container');
    expect(run(withUser('guest'), spec(), ctx('overlayfs', ''))).toBe(
      'rootfs snapshot not created for container',
    );
    expect(run(withUser('guest'), spec(), ctx('overlayfs', 'key'))).toMatch(
      /^snapshot-backed rootfs lookup is not supported .*root\.path/,
    );
  });

  it('a missing rootfs directory fails with the open error', () => {
    const spec: Spec = { ociVersion: '1.3.0', root: { path: `${root}/missing` }, linux: {} };
    expect(run(withUser('guest'), spec)).toBe(`open ${root}/missing: no such file or directory`);
  });

  it('through applyOptsSync: sparse base, frozen result', () => {
    const out = applyOptsSync(
      { ociVersion: '1.3.0', root: { path: root }, linux: {} },
      [withUser('guest')],
      ctxWith(),
    );
    expect(out.process?.user).toEqual({ uid: 405, gid: 100, additionalGids: [100] });
    expect(Object.isFrozen(out.process)).toBe(true);
  });
});

describe('withUserID (TestWithUserID)', () => {
  const root = tempRootfs([dir('etc'), file('etc/passwd', userPasswd)]);
  for (const [uid, eu, eg] of [
    [0, 0, 0],
    [405, 405, 100],
    [1000, 1000, 0],
  ] as const) {
    it(`user ${uid}`, () => {
      const spec: Spec = { ociVersion: '1.3.0', root: { path: root }, linux: {} };
      expect(run(withUserID(uid), spec)).toBeUndefined();
      expect(spec.process?.user).toEqual({ uid: eu, gid: eg, additionalGids: [eg] });
    });
  }

  it('no passwd file: uid as given, gid 0, no error', () => {
    const empty = tempRootfs([]);
    const spec: Spec = { ociVersion: '1.3.0', root: { path: empty }, linux: {} };
    expect(run(withUserID(33), spec)).toBeUndefined();
    expect(spec.process?.user).toEqual({ uid: 33, gid: 0, additionalGids: [0] });
  });

  it('other passwd errors are returned (passwd is a directory)', () => {
    const bad = tempRootfs([dir('etc/passwd')]);
    const spec: Spec = { ociVersion: '1.3.0', root: { path: bad }, linux: {} };
    expect(run(withUserID(33), spec)).toBe('etc/passwd is not a regular file');
    expect(spec.process?.user?.additionalGids).toEqual([0]);
  });
});

describe('withUsername (TestWithUsername)', () => {
  const root = tempRootfs([dir('etc'), file('etc/passwd', userPasswd)]);
  const cases: { user: string; uid?: number; gid?: number; err?: string }[] = [
    { user: 'root', uid: 0, gid: 0 },
    { user: 'guest', uid: 405, gid: 100 },
    { user: '1000', err: 'no users found' },
    { user: 'unknown', err: 'no users found' },
  ];
  for (const c of cases) {
    it(c.user, () => {
      const spec: Spec = { ociVersion: '1.3.0', root: { path: root }, linux: {} };
      expect(run(withUsername(c.user), spec)).toBe(c.err);
      expect(spec.process?.user?.uid ?? 0).toBe(c.uid ?? 0);
      expect(spec.process?.user?.gid ?? 0).toBe(c.gid ?? 0);
      expect(spec.process?.user?.additionalGids).toEqual([c.gid ?? 0]);
    });
  }

  it('a missing passwd file is an error', () => {
    const spec: Spec = { ociVersion: '1.3.0', root: { path: tempRootfs([dir('etc')]) }, linux: {} };
    expect(run(withUsername('root'), spec)).toBe('statat etc/passwd: no such file or directory');
  });

  it('windows-only: sets username; neither section: error', () => {
    const win: Spec = { ociVersion: '1.3.0', windows: {} };
    expect(run(withUsername('Administrator'), win)).toBeUndefined();
    expect(win.process?.user).toEqual({ username: 'Administrator', additionalGids: [0] });
    const none: Spec = { ociVersion: '1.3.0' };
    expect(run(withUsername('root'), none)).toBe('spec does not contain Linux or Windows section');
    expect(none.process?.user?.additionalGids).toEqual([0]);
  });
});

describe('withAdditionalGIDs (TestWithAdditionalGIDs)', () => {
  const passwd = `root:x:0:0:root:/root:/bin/ash
bin:x:1:1:bin:/bin:/sbin/nologin
daemon:x:2:2:daemon:/sbin:/sbin/nologin
`;
  const group = `root:x:0:root
bin:x:1:root,bin,daemon
daemon:x:2:root,bin,daemon
sys:x:3:root,bin,adm
`;
  const root = tempRootfs([dir('etc'), file('etc/passwd', passwd), file('etc/group', group)]);
  const cases: [string, number[]][] = [
    ['root', [0, 1, 2, 3]],
    ['1000', [0]],
    ['bin', [0, 2, 3]],
    ['bin:root', [0]],
    ['daemon', [0, 1]],
    ['0', [0, 1, 2, 3]],
    ['1', [0, 2, 3]],
  ];
  for (const [user, expected] of cases) {
    it(user, () => {
      // containerd's test spec has no linux section: WithAdditionalGIDs does not need one.
      const spec: Spec = { ociVersion: '1.3.0', root: { path: root } };
      expect(run(withAdditionalGIDs(user), spec)).toBeUndefined();
      expect(spec.process?.user?.additionalGids).toEqual(expected);
    });
  }

  it('groups in file order, primary gid prepended', () => {
    const r = tempRootfs([
      file('etc/passwd', 'u:x:1000:0::/:/bin/sh\n'),
      file('etc/group', 'users:x:100:u\nstaff:x:50:u\n'),
    ]);
    const spec: Spec = { ociVersion: '1.3.0', root: { path: r } };
    expect(run(withAdditionalGIDs('u'), spec)).toBeUndefined();
    expect(spec.process?.user?.additionalGids).toEqual([0, 100, 50]);
  });

  it('replaces existing additional gids', () => {
    const spec: Spec = {
      ociVersion: '1.3.0',
      root: { path: root },
      process: { user: { uid: 0, gid: 0, additionalGids: [9, 10] }, cwd: '/' },
    };
    expect(run(withAdditionalGIDs('daemon'), spec)).toBeUndefined();
    expect(spec.process?.user?.additionalGids).toEqual([0, 1]);
  });

  it('no group file: just the gid', () => {
    const r = tempRootfs([file('etc/passwd', passwd)]);
    const spec: Spec = { ociVersion: '1.3.0', root: { path: r } };
    expect(run(withAdditionalGIDs('root'), spec)).toBeUndefined();
    expect(spec.process?.user?.additionalGids).toEqual([0]);
  });

  it('a rootfs error before the lookup leaves additionalGids unset', () => {
    const spec: Spec = {
      ociVersion: '1.3.0',
      root: { path: 'rootfs' },
      process: { user: { uid: 0, gid: 0, additionalGids: [5] }, cwd: '/' },
    };
    expect(run(withAdditionalGIDs('root'), spec)).toBe('rootfs absolute path is required');
    expect(spec.process?.user?.additionalGids).toBeUndefined();
  });

  it('windows (and LCOW) specs: no-op, nothing created', () => {
    for (const spec of [
      { ociVersion: '1.3.0', windows: {} },
      { ociVersion: '1.3.0', windows: {}, linux: {} },
    ] as Spec[]) {
      const before = structuredClone(spec);
      expect(run(withAdditionalGIDs('root'), spec)).toBeUndefined();
      expect(spec).toEqual(before);
    }
  });
});

describe('withAppendAdditionalGroups (TestWithAppendAdditionalGroups)', () => {
  const group = `root:x:0:root
bin:x:1:root,bin,daemon
daemon:x:2:root,bin,daemon
`;
  const root = tempRootfs([dir('etc'), file('etc/group', group)]);
  const cases: { name: string; existing?: number[]; groups: string[]; expected: number[]; err?: string }[] = [
    { name: 'no additional gids', groups: [], expected: [0] },
    { name: 'no additional gids, append root gid', groups: ['root'], expected: [0] },
    {
      name: 'no additional gids, append bin and daemon gids',
      groups: ['bin', 'daemon'],
      expected: [0, 1, 2],
    },
    {
      name: 'has root additional gids, append bin and daemon gids',
      existing: [0],
      groups: ['bin', 'daemon'],
      expected: [0, 1, 2],
    },
    { name: 'append group id', groups: ['999'], expected: [0, 999] },
    { name: 'unknown group', groups: ['unknown'], err: 'unable to find group unknown', expected: [0] },
    // §5.5 items 25 and 26
    { name: '+5 is a name', groups: ['+5'], err: 'unable to find group +5', expected: [0] },
    { name: '-1 is a name', groups: ['-1'], err: 'unable to find group -1', expected: [0] },
    {
      name: 'beyond uint32 is a name',
      groups: ['4294967296'],
      err: 'unable to find group 4294967296',
      expected: [0],
    },
    { name: 'uint32 max is a gid', groups: ['4294967295'], expected: [0, 4294967295] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const spec: Spec = {
        ociVersion: '1.3.0',
        root: { path: root },
        process: { user: { uid: 0, gid: 0, ...(c.existing ? { additionalGids: c.existing } : {}) }, cwd: '' },
      };
      expect(run(withAppendAdditionalGroups(...c.groups), spec)).toBe(c.err);
      expect(spec.process?.user?.additionalGids).toEqual(c.expected);
    });
  }

  it('appends without dedupe, then prepends the gid', () => {
    const spec: Spec = {
      ociVersion: '1.3.0',
      root: { path: root },
      process: { user: { uid: 0, gid: 7, additionalGids: [0] }, cwd: '' },
    };
    expect(run(withAppendAdditionalGroups('root', 'bin', '1'), spec)).toBeUndefined();
    expect(spec.process?.user?.additionalGids).toEqual([7, 0, 0, 1, 1]);
  });

  it('the last group of a name wins (containerd fills a map)', () => {
    const r = tempRootfs([file('etc/group', 'dup:x:10:\ndup:x:20:\n')]);
    const spec: Spec = { ociVersion: '1.3.0', root: { path: r } };
    expect(run(withAppendAdditionalGroups('dup'), spec)).toBeUndefined();
    expect(spec.process?.user?.additionalGids).toEqual([0, 20]);
  });

  it('creates process on a sparse spec', () => {
    const spec: Spec = { ociVersion: '1.3.0', root: { path: root } };
    expect(run(withAppendAdditionalGroups('bin'), spec)).toBeUndefined();
    expect(spec.process).toEqual({ user: { additionalGids: [0, 1] } });
  });

  it('windows (and LCOW) specs: no-op', () => {
    const spec: Spec = { ociVersion: '1.3.0', windows: {}, linux: {} };
    expect(run(withAppendAdditionalGroups('bin'), spec)).toBeUndefined();
    expect(spec.process).toBeUndefined();
  });
});

describe('withAppendAdditionalGroups without etc/group (TestWithAppendAdditionalGroupsNoEtcGroup)', () => {
  const root = tempRootfs([]);
  const cases: { name: string; groups: string[]; expected: number[]; err?: string }[] = [
    { name: 'no additional gids', groups: [], expected: [0] },
    {
      name: 'no additional gids, append root group',
      groups: ['root'],
      err: 'unable to find group root: statat etc: no such file or directory',
      expected: [0],
    },
    { name: 'append group id', groups: ['999'], expected: [0, 999] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const spec: Spec = { ociVersion: '1.3.0', root: { path: root }, process: { user: {}, cwd: '' } };
      const err = run(withAppendAdditionalGroups(...c.groups), spec);
      expect(err).toBe(c.err);
      if (c.err !== undefined) expect(err).toContain('unable to find group root');
      expect(spec.process?.user?.additionalGids).toEqual(c.expected);
    });
  }
});

describe('user options on an in-memory rootfs', () => {
  const fake = new MemFS([file('etc/passwd', userPasswd), file('etc/group', userGroup)], '/rootfs');
  const ctx = ctxWith({ host: hostOf(fake) });
  const cases: [string, SpecOpt, Partial<{ uid: number; gid: number; additionalGids: number[] }>][] = [
    ['withUser guest', withUser('guest'), { uid: 405, gid: 100, additionalGids: [100] }],
    ['withUser root:guest', withUser('root:guest'), { uid: 0, gid: 100, additionalGids: [100] }],
    ['withUserID 405', withUserID(405), { uid: 405, gid: 100, additionalGids: [100] }],
    ['withUsername root', withUsername('root'), { uid: 0, gid: 0, additionalGids: [0] }],
    ['withAdditionalGIDs root', withAdditionalGIDs('root'), { additionalGids: [0, 1, 2, 3] }],
    ['withAppendAdditionalGroups sys', withAppendAdditionalGroups('sys'), { additionalGids: [0, 3] }],
  ];
  for (const [name, opt, expected] of cases) {
    it(name, () => {
      const spec: Spec = { ociVersion: '1.3.0', root: { path: '/rootfs' }, linux: {} };
      expect(run(opt, spec, ctx)).toBeUndefined();
      expect(spec.process?.user).toEqual(expected);
    });
  }
});

/**
 * HEAD opens `root.path` with os.OpenRoot (`open <root.path>: ...`, returned as is, never taken as "file missing"),
 * then openUserFile: root.Open fails, the name is resolved in the root and the first missing component's Lstat error
 * is returned (`statat etc: ...` without `etc/`, `statat etc/group: ...` without the file). Those two are
 * fs.ErrNotExist, so WithUserID and WithAdditionalGIDs fall back as for a missing file.
 */
describe('missing rootfs, missing etc/, missing etc/group (HEAD open and resolve errors)', () => {
  type Row = {
    name: string;
    opt: SpecOpt;
    err?: string;
    user: Partial<{ uid: number; gid: number; additionalGids: number[] }>;
  };
  const missingRoot = '/nonexistent-rootfs-abs';
  const openErr = `open ${missingRoot}: no such file or directory`;
  const noEtc = 'statat etc: no such file or directory';
  const noGroup = 'statat etc/group: no such file or directory';
  const layouts: [string, Entry[] | undefined, Row[]][] = [
    [
      '(a) root.path does not exist',
      undefined,
      [
        // Fails before setAdditionalGids (whose defer prepends the gid) runs: nothing is set.
        { name: 'withAdditionalGIDs root', opt: withAdditionalGIDs('root'), err: openErr, user: {} },
        { name: 'withUser guest', opt: withUser('guest'), err: openErr, user: { additionalGids: [0] } },
        {
          name: 'withUser guest:guest',
          opt: withUser('guest:guest'),
          err: openErr,
          user: { additionalGids: [0] },
        },
        // The open error is not "passwd missing": no uid/gid fallback.
        { name: 'withUserID 0', opt: withUserID(0), err: openErr, user: { additionalGids: [0] } },
        { name: 'withUserID 405', opt: withUserID(405), err: openErr, user: { additionalGids: [0] } },
        {
          name: 'withAppendAdditionalGroups bin',
          opt: withAppendAdditionalGroups('bin'),
          err: openErr,
          user: {},
        },
        // Even gids only: the root is opened first.
        {
          name: 'withAppendAdditionalGroups 999',
          opt: withAppendAdditionalGroups('999'),
          err: openErr,
          user: {},
        },
      ],
    ],
    [
      '(b) root exists without etc/',
      [],
      [
        { name: 'withUser guest', opt: withUser('guest'), err: noEtc, user: { additionalGids: [0] } },
        {
          name: 'withUser guest:guest',
          opt: withUser('guest:guest'),
          err: noEtc,
          user: { additionalGids: [0] },
        },
        { name: 'withUser 405:guest', opt: withUser('405:guest'), err: noEtc, user: { additionalGids: [0] } },
        { name: 'withUsername guest', opt: withUsername('guest'), err: noEtc, user: { additionalGids: [0] } },
        { name: 'withUserID 405', opt: withUserID(405), user: { uid: 405, gid: 0, additionalGids: [0] } },
        { name: 'withUser 405', opt: withUser('405'), user: { uid: 405, gid: 0, additionalGids: [0] } },
        { name: 'withAdditionalGIDs root', opt: withAdditionalGIDs('root'), user: { additionalGids: [0] } },
        { name: 'withAdditionalGIDs 0', opt: withAdditionalGIDs('0'), user: { additionalGids: [0] } },
        {
          name: 'withAppendAdditionalGroups bin',
          opt: withAppendAdditionalGroups('bin'),
          err: `unable to find group bin: ${noEtc}`,
          user: { additionalGids: [0] },
        },
      ],
    ],
    [
      '(c) etc/passwd without etc/group',
      [file('etc/passwd', userPasswd)],
      [
        // The user is found; the uid is only stored once the group lookup succeeded.
        {
          name: 'withUser guest:guest',
          opt: withUser('guest:guest'),
          err: noGroup,
          user: { additionalGids: [0] },
        },
        { name: 'withUser 0:guest', opt: withUser('0:guest'), err: noGroup, user: { additionalGids: [0] } },
        {
          name: 'withUser guest',
          opt: withUser('guest'),
          user: { uid: 405, gid: 100, additionalGids: [100] },
        },
        {
          name: 'withAppendAdditionalGroups bin',
          opt: withAppendAdditionalGroups('bin'),
          err: `unable to find group bin: ${noGroup}`,
          user: { additionalGids: [0] },
        },
        { name: 'withAdditionalGIDs root', opt: withAdditionalGIDs('root'), user: { additionalGids: [0] } },
      ],
    ],
  ];
  for (const kind of ['real fs', 'in-memory fs'] as const) {
    for (const [layout, entries, rows] of layouts) {
      describe(`${layout} on ${kind}`, () => {
        let path = missingRoot;
        let ctx = ctxWith();
        if (kind === 'in-memory fs') {
          path = '/rootfs';
          const fake = entries === undefined ? new MemFS() : new MemFS(entries, path);
          ctx = ctxWith({ host: hostOf(fake) });
          if (entries === undefined) path = missingRoot;
        } else if (entries !== undefined) {
          path = tempRootfs(entries);
        }
        for (const row of rows) {
          it(row.name, () => {
            if (kind === 'real fs' && entries === undefined) expect(existsSync(missingRoot)).toBe(false);
            const spec: Spec = { ociVersion: '1.3.0', root: { path }, linux: {} };
            expect(run(row.opt, spec, ctx)).toBe(row.err);
            expect(spec.process?.user).toEqual(row.user);
          });
        }
      });
    }
  }
});
