import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { freezeSpec } from '../../src/compose.js';
import {
  createSpecDraft,
  finishSpecDraft,
  isSpecDraft,
  peekArray,
  writableAt,
  writableChild,
  writableNode,
} from '../../src/draft.js';
import type { Spec } from '../../src/model/index.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function base(): Spec {
  return freezeSpec({
    ociVersion: '1.3.0',
    process: { user: { uid: 0, gid: 0 }, env: ['A=1'], cwd: '/' },
    mounts: [
      { destination: '/proc', type: 'proc', source: 'proc', options: ['nosuid'] },
      { destination: '/dev', type: 'tmpfs', source: 'tmpfs' },
    ],
    linux: { namespaces: [{ type: 'pid' }], maskedPaths: ['/proc/kcore'] },
  } satisfies Spec);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/**
 * Whether every JSON value reachable from `value` is frozen. An array's content is its elements: a named property
 * set on an array is no part of a spec (JSON cannot carry it, the printer drops it), and the finish, like immer's,
 * walks arrays by index.
 */
function deepFrozen(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return true;
  const children = Array.isArray(value) ? value : Object.values(value);
  return Object.isFrozen(value) && children.every(deepFrozen);
}

describe('spec drafts', () => {
  it('returns the base itself when nothing was written, even after reads', () => {
    const b = base();
    const d = createSpecDraft(b);
    expect(d.process?.user?.uid).toBe(0);
    expect(d.mounts?.map((m) => m.destination)).toEqual(['/proc', '/dev']);
    expect(finishSpecDraft(d)).toBe(b);
  });

  it('copies only the written path; untouched subtrees are the base objects', () => {
    const b = base();
    const d = createSpecDraft(b);
    d.process!.cwd = '/w';
    const r = finishSpecDraft(d);
    expect(r).not.toBe(b);
    expect(r.process).not.toBe(b.process);
    expect(r.process?.user).toBe(b.process?.user);
    expect(r.process?.env).toBe(b.process?.env);
    expect(r.mounts).toBe(b.mounts);
    expect(r.linux).toBe(b.linux);
    expect(r.process?.cwd).toBe('/w');
    expect(b.process?.cwd).toBe('/');
    expect(deepFrozen(r)).toBe(true);
  });

  it('array methods work on drafts: push, splice, filter, sort, length', () => {
    const d = createSpecDraft(base());
    d.process!.env!.push('B=2');
    d.mounts!.splice(0, 1);
    d.linux!.maskedPaths = d.linux!.maskedPaths!.filter((p) => p !== '/proc/kcore');
    d.linux!.namespaces!.push({ type: 'ipc' });
    d.linux!.namespaces!.sort((a, b) => (a.type ?? '').localeCompare(b.type ?? ''));
    const r = finishSpecDraft(d);
    expect(r.process?.env).toEqual(['A=1', 'B=2']);
    expect(r.mounts?.map((m) => m.destination)).toEqual(['/dev']);
    expect(r.linux?.maskedPaths).toEqual([]);
    expect(r.linux?.namespaces).toEqual([{ type: 'ipc' }, { type: 'pid' }]);
    expect(Array.isArray(r.mounts)).toBe(true);
    expect(deepFrozen(r)).toBe(true);
  });

  it('a frozen value assigned into the draft is drafted when read back (later edits work)', () => {
    const d = createSpecDraft(base());
    const template = deepFreeze({ type: 'bind', destination: '/x', options: ['ro'] });
    d.mounts!.push(template);
    d.mounts![2]!.options!.push('rbind');
    const r = finishSpecDraft(d);
    expect(r.mounts?.[2]).toEqual({ type: 'bind', destination: '/x', options: ['ro', 'rbind'] });
    expect(template.options).toEqual(['ro']);
  });

  it('new values are taken over, frozen at the finish, and drafts inside them are finished', () => {
    const b = base();
    const d = createSpecDraft(b);
    const user = d.process!.user!;
    d.process = { ...d.process, user, cwd: '/new' };
    d.hostname = 'h';
    const r = finishSpecDraft(d);
    expect(isSpecDraft(r.process?.user)).toBe(false);
    expect(r.process?.user).toBe(b.process?.user);
    expect(r.process?.env).toBe(b.process?.env);
    expect(r.process?.cwd).toBe('/new');
    expect(deepFrozen(r)).toBe(true);
  });

  it('deletes keys, keeps __proto__ as data, and reads like a plain object', () => {
    const d = createSpecDraft(base());
    delete d.linux;
    (d as Record<string, unknown>).__proto__ = { polluted: true };
    expect(Object.keys(d)).toContain('__proto__');
    expect(JSON.parse(JSON.stringify(d.process))).toEqual({
      user: { uid: 0, gid: 0 },
      env: ['A=1'],
      cwd: '/',
    });
    expect({ ...d.process?.user }).toEqual({ uid: 0, gid: 0 });
    const r = finishSpecDraft(d);
    expect('linux' in r).toBe(false);
    expect(Object.getPrototypeOf(r)).toBe(Object.prototype);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });

  it('peekArray reads current elements without drafting them', () => {
    const b = base();
    const d = createSpecDraft(b);
    const peeked = peekArray(d.mounts);
    expect(peeked).toEqual(b.mounts);
    expect(peeked[0]).toBe(b.mounts?.[0]);
    // a frozen array is handed out as a plain copy: V8's array builtins are slow on frozen arrays
    expect(Object.isFrozen(peeked)).toBe(false);
    expect(b.mounts).toHaveLength(2);
    d.mounts!.push({ destination: '/y' });
    expect(peekArray(d.mounts).map((m) => m.destination)).toEqual(['/proc', '/dev', '/y']);
    expect(peekArray(null)).toEqual([]);
    expect(finishSpecDraft(d).mounts?.[0]).toBe(b.mounts?.[0]);
  });

  it('writing the same value is not a change', () => {
    const b = base();
    const d = createSpecDraft(b);
    d.process!.cwd = '/';
    d.ociVersion = '1.3.0';
    expect(finishSpecDraft(d)).toBe(b);
  });

  it('refuses an unfrozen base', () => {
    expect(() => createSpecDraft({ hostname: 'x' })).toThrow('the base must be frozen');
  });

  const json: fc.Arbitrary<Json> = fc.letrec<{ value: Json }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      fc.constantFrom(null, true, false),
      fc.integer(),
      fc.string({ maxLength: 3 }),
      fc.array(tie('value'), { maxLength: 3 }),
      fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd'), tie('value'), { maxKeys: 3 }),
    ),
  })).value;

  type Op = { path: string[]; action: 'set' | 'delete' | 'push'; value: Json };
  const op: fc.Arbitrary<Op> = fc.record({
    path: fc.array(fc.constantFrom('a', 'b', 'c', 'd', '0', '1'), { minLength: 1, maxLength: 4 }),
    action: fc.constantFrom('set', 'delete', 'push'),
    value: json,
  });

  function apply(root: Record<string, unknown>, o: Op): void {
    let node: unknown = root;
    for (const key of o.path.slice(0, -1)) {
      if (typeof node !== 'object' || node === null) return;
      node = (node as Record<string, unknown>)[key];
    }
    if (typeof node !== 'object' || node === null) return;
    const last = o.path[o.path.length - 1]!;
    const target = node as Record<string, unknown>;
    if (o.action === 'set') target[last] = structuredClone(o.value);
    else if (o.action === 'delete') delete target[last];
    else if (Array.isArray(target[last])) (target[last] as unknown[]).push(structuredClone(o.value));
  }

  it('any edits give the same result as editing a plain copy, and never touch the base', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd'), json, { maxKeys: 4 }),
        fc.array(op, { maxLength: 8 }),
        (start, ops) => {
          const frozen = freezeSpec(structuredClone(start) as Spec);
          const plain = structuredClone(start) as Record<string, unknown>;
          const d = createSpecDraft(frozen);
          for (const o of ops) {
            apply(plain, o);
            apply(d as Record<string, unknown>, o);
          }
          const r = finishSpecDraft(d);
          expect(JSON.parse(JSON.stringify(r))).toEqual(JSON.parse(JSON.stringify(plain)));
          expect(JSON.parse(JSON.stringify(frozen))).toEqual(JSON.parse(JSON.stringify(start)));
          expect(deepFrozen(r)).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('reading a section twice gives the same draft', () => {
    const d = createSpecDraft(base());
    expect(d.process).toBe(d.process);
    expect(isSpecDraft(d.process)).toBe(true);
  });

  it('a draft replaced in its parent stays detached when written later', () => {
    const d = createSpecDraft(base());
    const old = d.process!;
    d.process = { cwd: '/x' };
    old.cwd = '/y';
    expect(finishSpecDraft(d).process).toEqual({ cwd: '/x' });
  });

  it('the original value assigned back after edits is kept as it is', () => {
    const b = base();
    const d = createSpecDraft(b);
    d.process!.cwd = '/y';
    d.process = b.process;
    const r = finishSpecDraft(d);
    expect(r.process).toBe(b.process);
    expect(r).toBe(b);
  });

  it('writable paths and proxies see one another', () => {
    const b = base();
    const d = createSpecDraft(b);
    const process = writableAt(d, ['process']) as { cwd?: string };
    process.cwd = '/a';
    expect(d.process!.cwd).toBe('/a');
    d.process!.env!.push('B=2');
    const user = writableChild(d.process!, 'user', true);
    user.uid = 7;
    expect(d.process!.user!.uid).toBe(7);
    expect(writableNode(d.process!)).toBe(process);
    const r = finishSpecDraft(d);
    expect(r.process).toMatchObject({ cwd: '/a', env: [...(b.process!.env ?? []), 'B=2'], user: { uid: 7 } });
    expect(Object.isFrozen(r.process!.user)).toBe(true);
    expect(r.mounts).toBe(b.mounts);
    expect(b.process!.cwd).not.toBe('/a');
  });

  it('a section made writable but left as it was finishes as the base', () => {
    const b = base();
    const d = createSpecDraft(b);
    writableAt(d, ['linux'], 1);
    writableAt(d, ['process', 'user']);
    expect(finishSpecDraft(d)).toBe(b);
  });

  it('writableAt creates nothing when a section that must exist is missing', () => {
    const b = freezeSpec<Spec>({ ociVersion: '1.3.0' });
    const d = createSpecDraft(b);
    expect(writableAt(d, ['linux', 'resources', 'cpu'], 1)).toBeUndefined();
    expect(finishSpecDraft(d)).toBe(b);
  });
});
