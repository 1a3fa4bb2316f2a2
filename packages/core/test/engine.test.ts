import vm from 'node:vm';
import type { Draft } from 'immer';
import { describe, expect, it } from 'vitest';
import type { SpecOpt } from '../src/compose.js';
import { applyOpts, applyOptsSync, freezeSpec } from '../src/compose.js';
import { createContext } from '../src/context.js';
import type { FrozenSpec } from '../src/engine.js';
import { createSpecDraft, discardSpecDraft, finishSpecDraft, freezeJson, peekDraft } from '../src/engine.js';
import { isOcispecError, OcispecError } from '../src/errors.js';
import type { Mount, Spec } from '../src/model/index.js';
import { ensureLinux, ensureProcess, writable } from '../src/sections.js';
import { decodeSpec } from '../src/spec-decode.js';
import { printSpec } from '../src/spec-file.js';

function base(): FrozenSpec {
  return freezeSpec({
    ociVersion: '1.3.0',
    process: { user: { uid: 0, gid: 0 }, env: ['A=1'], cwd: '/' },
    mounts: [{ destination: '/proc', type: 'proc', source: 'proc', options: ['nosuid'] }],
    linux: { namespaces: [{ type: 'pid' }], maskedPaths: ['/proc/kcore'] },
  } satisfies Spec);
}

const ctx = createContext();

/** Whether every JSON value reachable from `value` is frozen. */
function deepFrozen(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return true;
  return Object.isFrozen(value) && Object.values(value).every(deepFrozen);
}

function failure(run: () => unknown): OcispecError {
  try {
    run();
  } catch (error) {
    if (error instanceof OcispecError) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

describe('the immer engine', () => {
  it('returns the base itself when nothing was written, even after reads', () => {
    const b = base();
    const out = applyOptsSync(b, [(spec) => void spec.process?.user?.uid], ctx);
    expect(out).toBe(b);
  });

  it('copies only the written path; untouched subtrees are the base objects; the result is deep-frozen', () => {
    const b = base();
    const out = applyOptsSync(
      b,
      [
        (spec) => {
          spec.process!.cwd = '/w';
        },
      ],
      ctx,
    );
    expect(out.process).not.toBe(b.process);
    expect(out.process?.user).toBe(b.process?.user);
    expect(out.mounts).toBe(b.mounts);
    expect(out.linux).toBe(b.linux);
    expect(out.process?.cwd).toBe('/w');
    expect(b.process?.cwd).toBe('/');
    expect(deepFrozen(out)).toBe(true);
  });

  it('keeps the base node where a section helper copied it and nothing new was written', () => {
    const b = base();
    const out = applyOptsSync(
      b,
      [
        (spec) => void ensureLinux(spec),
        (spec) => {
          spec.hostname = 'h';
        },
      ],
      ctx,
    );
    expect(out.linux).toBe(b.linux);
    expect(out.hostname).toBe('h');
  });

  it('a base frozen only at its top is frozen all the way down first: the helpers never edit it in place', () => {
    const env = ['A=1'];
    const given = Object.freeze({ ociVersion: '1.3.0', process: { env, cwd: '/' } }) as Spec;
    const out = applyOptsSync(
      given,
      [
        (spec) => {
          const process = ensureProcess(spec);
          process.env = [...(process.env ?? []), 'B=2'];
          writable(spec, 'linux', true).sysctl = { a: 'b' };
        },
      ],
      ctx,
    );
    expect(env).toEqual(['A=1']);
    expect(given.process).toEqual({ env: ['A=1'], cwd: '/' });
    expect(Object.isFrozen(env)).toBe(true);
    expect(out.process?.env).toEqual(['A=1', 'B=2']);
    expect(deepFrozen(out)).toBe(true);
  });

  it('a number kept as its text (an unknown field of a decoded base) is a JSON leaf, kept through the finish', () => {
    const decoded = decodeSpec('{"ociVersion":"1.3.0","x":[1e400],"process":{"cwd":"/","y":1.50}}').value;
    const out = applyOptsSync(
      decoded,
      [
        (spec) => {
          ensureProcess(spec).cwd = '/w';
        },
      ],
      ctx,
    );
    expect(printSpec(out)).toBe(
      '{"ociVersion":"1.3.0","process":{"user":{"uid":0,"gid":0},"cwd":"/w","y":1.50},"x":[1e400]}',
    );
    expect(deepFrozen(out)).toBe(true);
  });

  it('freezeJson enters frozen nodes it does not know: an accessor there is NOT_JSON, not a live getter', () => {
    const inner = Object.freeze(
      Object.defineProperty({}, 'hostname', { get: () => 'h', enumerable: true, configurable: false }),
    );
    const error = failure(() => freezeJson(Object.freeze({ a: { b: inner } })));
    expect(error.code).toBe('NOT_JSON');
    expect(error.pointer).toBe('/a/b/hostname');
  });

  it('revokes the draft: a write after a synchronous composition throws immer’s error', () => {
    let kept: Draft<Spec> | undefined;
    applyOptsSync(
      base(),
      [
        (spec) => {
          kept = spec;
        },
      ],
      ctx,
    );
    expect(() => {
      kept!.hostname = 'late';
    }).toThrow(/revoked/);
  });

  it('revokes the draft: a fire-and-forget async write throws immer’s error', async () => {
    let late: Promise<void> | undefined;
    const out = await applyOpts(
      base(),
      [
        (spec) => {
          late = new Promise<void>((resolve) => setTimeout(resolve, 5)).then(() => {
            spec.hostname = 'late';
          });
        },
      ],
      ctx,
    );
    await expect(late).rejects.toThrow(/revoked/);
    expect(out.hostname).toBeUndefined();
  });

  it('a section an option kept is frozen after the composition: a late write throws', () => {
    let kept: { cwd?: string } | undefined;
    const keep: SpecOpt = (spec) => {
      kept = ensureProcess(spec);
    };
    const out = applyOptsSync(base(), [keep], ctx);
    expect(() => {
      kept!.cwd = '/late';
    }).toThrow(TypeError);
    expect(out.process?.cwd).toBe('/');
  });

  it('revokes the draft of a failed composition too', () => {
    let kept: Draft<Spec> | undefined;
    const error = failure(() =>
      applyOptsSync(
        base(),
        [
          (spec) => {
            kept = spec;
            throw new Error('boom');
          },
        ],
        ctx,
      ),
    );
    expect(error.code).toBe('OPTION_FAILED');
    expect(() => {
      kept!.hostname = 'late';
    }).toThrow(/revoked/);
  });

  it('replaces an assigned accessor by its value: no live getter in a frozen spec', () => {
    let reads = 0;
    const out = applyOptsSync(
      base(),
      [
        (spec) => {
          spec.annotations = {
            get a() {
              reads++;
              return 'x';
            },
          };
        },
      ],
      ctx,
    );
    const descriptor = Object.getOwnPropertyDescriptor(out.annotations, 'a');
    expect(descriptor).toMatchObject({ value: 'x', enumerable: true });
    expect(descriptor?.get).toBeUndefined();
    expect(reads).toBe(1);
    expect(Object.isFrozen(out.annotations)).toBe(true);
  });

  it('replaces an accessor element of an assigned array by its value: no live getter in a frozen list', () => {
    let reads = 0;
    const out = applyOptsSync(
      base(),
      [
        (spec) => {
          const mounts: Mount[] = [{ destination: '/a', type: 'bind', source: '/a' }];
          Object.defineProperty(mounts, 1, {
            get: () => {
              reads++;
              return { destination: '/b', type: 'bind', source: '/b' };
            },
            enumerable: true,
            configurable: true,
          });
          // At the root: immer walks a value assigned below a child draft itself (reading it once more).
          spec.mounts = mounts;
        },
      ],
      ctx,
    );
    const descriptor = Object.getOwnPropertyDescriptor(out.mounts, 1);
    expect(descriptor).toMatchObject({ value: { destination: '/b' }, enumerable: true });
    expect(descriptor?.get).toBeUndefined();
    expect(reads).toBe(1);
    expect(out.mounts?.map((m) => m.destination)).toEqual(['/a', '/b']);
    expect(deepFrozen(out.mounts)).toBe(true);
  });

  it.each([
    [
      'a symbol-keyed property on an assigned array',
      ((spec) => {
        const env = ['A=1'];
        (env as unknown as Record<symbol, unknown>)[Symbol('z')] = 1;
        spec.process!.env = env;
      }) as SpecOpt,
      '/process/env',
      'symbol-keyed',
    ],
    [
      'a named property on an assigned array',
      ((spec) => {
        const env = ['A=1'];
        (env as unknown as Record<string, unknown>).extra = 'x';
        spec.process!.env = env;
      }) as SpecOpt,
      '/process/env/extra',
      'named property on an array',
    ],
    [
      'a symbol-keyed write to the draft',
      ((spec) => {
        (spec.process as Record<symbol, unknown>)[Symbol('x')] = 1;
      }) as SpecOpt,
      '/process',
      'symbol-keyed',
    ],
    [
      'a symbol-keyed property in an assigned value',
      ((spec) => {
        spec.annotations = { a: 'b', [Symbol('y')]: 'c' } as Record<string, string>;
      }) as SpecOpt,
      '/annotations',
      'symbol-keyed',
    ],
    [
      'a non-enumerable property in an assigned value',
      ((spec) => {
        spec.annotations = Object.defineProperty({ a: 'b' }, 'hidden', { value: 'c', enumerable: false });
      }) as SpecOpt,
      '/annotations/hidden',
      'non-enumerable',
    ],
    [
      'a Map assigned where a map belongs',
      ((spec) => {
        spec.annotations = new Map([['a', 'b']]) as unknown as Record<string, string>;
      }) as SpecOpt,
      '/annotations',
      'Map',
    ],
  ])('fails on %s with NOT_JSON naming the pointer', (_what, opt, pointer, word) => {
    const b = base();
    const error = failure(() => applyOptsSync(b, [opt], ctx));
    expect(error.code).toBe('NOT_JSON');
    expect(error.pointer).toBe(pointer);
    expect(error.message).toContain(word);
    expect(error.message).not.toMatch(/undefined|\[object/);
    expect(b).toEqual(base());
  });

  it('immer’s rule: a value assigned earlier is not drafted; an in-place edit of a frozen one fails, naming the option', () => {
    const b = base();
    const shared = freezeJson(['X=1']);
    const error = failure(() =>
      applyOptsSync(
        b,
        [
          (spec) => {
            ensureProcess(spec).env = shared;
          },
          Object.defineProperty((spec: Draft<Spec>) => void spec.process!.env!.push('Y=2'), 'name', {
            value: 'pushEnv',
          }) as SpecOpt,
        ],
        ctx,
      ),
    );
    expect(isOcispecError(error, 'OPTION_FAILED')).toBe(true);
    expect(error.message).toMatch(/^option 1 \(pushEnv\): /);
    expect(shared).toEqual(['X=1']);
    // Through the section helpers the same edit works.
    const out = applyOptsSync(
      b,
      [
        (spec) => {
          ensureProcess(spec).env = shared;
        },
        (spec) => {
          const env = writable(ensureProcess(spec), 'env', true) as string[];
          env.push('Y=2');
        },
      ],
      ctx,
    );
    expect(out.process?.env).toEqual(['X=1', 'Y=2']);
  });
});

describe('peekDraft (the raw read the section helpers use)', () => {
  it("gives what the proxy's own-property descriptor gives, in every state of a draft", () => {
    const draft = createSpecDraft(base()) as unknown as Record<string, unknown>;
    const same = (parent: object, key: PropertyKey) =>
      expect(peekDraft(parent, key)).toBe(Reflect.getOwnPropertyDescriptor(parent, key)?.value);
    // Untouched: the base's frozen values, missing keys, prototype names.
    for (const key of ['process', 'mounts', 'linux', 'hostname', 'constructor', '__proto__', 'toString'])
      same(draft, key);
    // A child read through the proxy (a child draft now), one written, one assigned, one deleted.
    const linux = draft.linux as Record<string, unknown>;
    same(draft, 'linux');
    (draft.process as Record<string, unknown>).cwd = '/srv';
    same(draft, 'process');
    draft.hostname = 'web';
    same(draft, 'hostname');
    delete draft.mounts;
    same(draft, 'mounts');
    // Inside a child draft and an array draft.
    for (const key of ['namespaces', 'maskedPaths', 'sysctl']) same(linux, key);
    const namespaces = linux.namespaces as unknown[];
    namespaces.push({ type: 'ipc' });
    for (const key of [0, 1, 2, 'length']) same(namespaces, key);
    // A plain object: the property itself.
    expect(peekDraft({ a: 1 }, 'a')).toBe(1);
    discardSpecDraft(draft as never);
  });

  it('a root draft read after its composition is finished or discarded throws, as the proxy does', () => {
    const b = base();
    const finished = createSpecDraft(b);
    expect(peekDraft(finished, 'process')).toBe(b.process);
    finishSpecDraft(finished, b);
    expect(() => peekDraft(finished, 'process')).toThrow(/revoked/);
    const discarded = createSpecDraft(base());
    discardSpecDraft(discarded);
    expect(() => peekDraft(discarded, 'hostname')).toThrow(/revoked/);
  });
});

describe('values of another realm (a vm context, jest’s environment, its structuredClone)', () => {
  const realm = vm.createContext({});
  const foreign = <T>(source: string): T => vm.runInContext(`(${source})`, realm) as T;

  it('a base made there composes as one of this realm would, frozen, and prints the same', () => {
    const text = printSpec(base() as Spec);
    const other = freezeSpec(foreign<Spec>(text));
    expect(Object.getPrototypeOf(other)).not.toBe(Object.prototype);
    const out = applyOptsSync(other, [(spec) => void ensureProcess(spec).env?.length], ctx);
    expect(printSpec(out as Spec)).toBe(text);
    expect(deepFrozen(out)).toBe(true);
  });

  it('plain objects and arrays made there may be assigned', () => {
    const out = applyOptsSync(
      base(),
      [
        (spec) => {
          spec.annotations = foreign('{ a: "1" }');
          ensureProcess(spec).args = foreign('["sh", "-c"]');
        },
      ],
      ctx,
    );
    expect(out.annotations).toEqual({ a: '1' });
    expect(out.process?.args).toEqual(['sh', '-c']);
  });

  it.each([
    ['a class instance', 'new (class Team { constructor() { this.a = "1"; } })()', 'a Team object'],
    ['an array subclass', 'new (class Args extends Array {})()', 'an array subclass'],
    ['an object whose prototype is a plain object', 'Object.create({ a: "1" })', 'an Object object'],
  ])('%s made there is still NOT_JSON', (_what, source, word) => {
    const error = failure(() =>
      applyOptsSync(
        base(),
        [
          (spec) => {
            spec.annotations = foreign(source);
          },
        ],
        ctx,
      ),
    );
    expect(error.code).toBe('NOT_JSON');
    expect(error.message).toContain(word);
  });
});
