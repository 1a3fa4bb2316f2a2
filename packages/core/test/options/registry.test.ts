import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { applyOptsSync } from '../../src/compose.js';
import { createContext } from '../../src/context.js';
import type { AnyOptDefinition } from '../../src/define.js';
import { defineOpt } from '../../src/define.js';
import { isOcispecError } from '../../src/errors.js';
import { coreOptions } from '../../src/options/index.js';
import type { UntypedOptCall as OptCall } from '../../src/registry.js';
import { OptRegistry } from '../../src/registry.js';
import { thrown } from './helpers.js';

function registry(): OptRegistry {
  const r = new OptRegistry();
  for (const definition of coreOptions) r.register(definition, 'core');
  return r;
}

const image = { os: 'linux', config: { Cmd: ['sh'] } };

/** One good call per option (its arguments valid), by option name. */
const goodCalls: Record<string, OptCall> = {
  withDefaultSpec: ['withDefaultSpec'],
  withDefaultSpecForPlatform: ['withDefaultSpecForPlatform', 'linux/amd64'],
  withSpecFromBytes: ['withSpecFromBytes', '{}'],
  withSpecFromFile: ['withSpecFromFile', '/config.json'],
  withEnv: ['withEnv', ['A=1']],
  withDefaultPathEnv: ['withDefaultPathEnv'],
  withProcessArgs: ['withProcessArgs', 'sh', '-c', 'true'],
  withProcessCwd: ['withProcessCwd', '/'],
  withTTY: ['withTTY'],
  withTTYSize: ['withTTYSize', 80, 24],
  withHostname: ['withHostname', 'h'],
  withDomainname: ['withDomainname', 'd'],
  withMounts: ['withMounts', [{ destination: '/x', type: 'bind', source: '/y', options: ['ro'] }]],
  withoutMounts: ['withoutMounts', '/run', '/tmp'],
  withNewPrivileges: ['withNewPrivileges'],
  withImageConfig: ['withImageConfig', image],
  withImageConfigArgs: ['withImageConfigArgs', image, ['a']],
  withRootFSPath: ['withRootFSPath', 'rootfs'],
  withRootFSReadonly: ['withRootFSReadonly'],
  withNoNewPrivileges: ['withNoNewPrivileges'],
  withHostHostsFile: ['withHostHostsFile'],
  withHostResolvconf: ['withHostResolvconf'],
  withHostLocaltime: ['withHostLocaltime'],
  withUIDGID: ['withUIDGID', 1000, 1000],
  withUmask: ['withUmask', 0o022],
  withMemoryLimit: ['withMemoryLimit', 18446744073709551615n],
  withAnnotations: ['withAnnotations', { a: 'b' }],
  withEnvFile: ['withEnvFile', '/env'],
  withRlimit: ['withRlimit', { type: 'RLIMIT_NOFILE', hard: 1024, soft: 1024 }],
};

/** One bad call per option with arguments, and the one-line message the registry gives. */
const badCalls: [OptCall, string][] = [
  [
    ['withDefaultSpecForPlatform', 5],
    'option 0 (withDefaultSpecForPlatform): argument 1: expected string, received number',
  ],
  [
    ['withSpecFromBytes', { a: 1 }],
    'option 0 (withSpecFromBytes): argument 1: expected string, received object',
  ],
  [['withSpecFromFile', null], 'option 0 (withSpecFromFile): argument 1: expected string, received null'],
  [['withEnv', 5], 'option 0 (withEnv): argument 1: expected array, received number'],
  [['withEnv', ['A=1', 2]], 'option 0 (withEnv): argument 1 at /1: expected string, received number'],
  [['withProcessArgs', 'sh', 5], 'option 0 (withProcessArgs): argument 2: expected string, received number'],
  [['withProcessCwd', true], 'option 0 (withProcessCwd): argument 1: expected string, received boolean'],
  [
    ['withTTYSize', 80, 1.5],
    'option 0 (withTTYSize): argument 2: expected int64 (-9223372036854775808..9223372036854775807), got 1.5',
  ],
  [['withHostname', 1], 'option 0 (withHostname): argument 1: expected string, received number'],
  [['withDomainname', []], 'option 0 (withDomainname): argument 1: expected string, received array'],
  [
    ['withMounts', [{ destination: 5 }]],
    'option 0 (withMounts): argument 1 at /0/destination: expected string, received number',
  ],
  [['withoutMounts', 1], 'option 0 (withoutMounts): argument 1: expected string, received number'],
  [
    ['withImageConfig', { config: { Env: 'A=1' } }],
    'option 0 (withImageConfig): argument 1 at /config/Env: expected array, received string',
  ],
  [
    ['withImageConfigArgs', image, 'a'],
    'option 0 (withImageConfigArgs): argument 2: expected array, received string',
  ],
  [['withRootFSPath', 0], 'option 0 (withRootFSPath): argument 1: expected string, received number'],
  [['withUIDGID', 1, -1], 'option 0 (withUIDGID): argument 2: expected uint32 (0..4294967295), got -1'],
  [['withUmask', '022'], 'option 0 (withUmask): argument 1: expected uint32 (0..4294967295)'],
  [
    ['withMemoryLimit', -1],
    'option 0 (withMemoryLimit): argument 1: expected uint64 (0..18446744073709551615), got -1',
  ],
  [
    ['withAnnotations', { a: 1 }],
    'option 0 (withAnnotations): argument 1 at /a: expected string, received number',
  ],
  [['withEnvFile', 1], 'option 0 (withEnvFile): argument 1: expected string, received number'],
  [
    ['withRlimit', { type: 'RLIMIT_NOFILE', hard: 'x' }],
    'option 0 (withRlimit): argument 1 at /hard: expected uint64 (0..18446744073709551615)',
  ],
  [['withRlimit', null], 'option 0 (withRlimit): argument 1: expected object, received null'],
];

describe('coreOptions', () => {
  it('registers every core option once, with docs and containerd names', () => {
    const r = registry();
    expect(
      r
        .list()
        .map((o) => o.name)
        .sort(),
    ).toEqual(Object.keys(goodCalls).sort());
    for (const definition of coreOptions) {
      expect(definition.doc).toBeTruthy();
      expect(definition.containerd).toBe(`oci.W${definition.name.slice(1)}`);
    }
  });

  it.each(Object.values(goodCalls))('%s: a valid call resolves to an option named after it', (...call) => {
    const resolved = registry().resolve(call as unknown as OptCall, 0);
    expect(resolved.opt.name).toBe(call[0]);
    expect(resolved.plugin).toBe('core');
  });

  it.each(badCalls)('%j → %s', (call, message) => {
    const error = thrown(() => registry().resolve(call, 0));
    expect(isOcispecError(error, 'BAD_ARGUMENT')).toBe(true);
    expect(error.message).not.toContain('\n');
    expect(error.message.startsWith(message)).toBe(true);
  });

  it.each([
    [['withEnv'], 'option 0 (withEnv): expected 1 argument, received 0'],
    [['withTTY', 1], 'option 0 (withTTY): expected 0 arguments, received 1'],
    [['withImageConfigArgs', image], 'option 0 (withImageConfigArgs): expected 2 arguments, received 1'],
  ] as [OptCall, string][])('%j: arity → %s', (call, message) => {
    expect(() => registry().resolve(call, 0)).toThrow(message);
  });

  it.each([
    ['withEnv', null],
    ['withMounts', null],
    ['withAnnotations', null],
    ['withImageConfigArgs', image, null],
  ] as OptCall[])('%s accepts JSON null where Go takes a nil slice or map', (...call) => {
    expect(() => registry().resolve(call as unknown as OptCall, 0)).not.toThrow();
  });
});

/** The definition of a core option, by name. */
function definitionOf(name: string): AnyOptDefinition {
  const found = coreOptions.find((o) => o.name === name);
  if (found === undefined) throw new Error(`no option ${name}`);
  return found;
}

/** Calls a typed factory with arguments the compiler would refuse (the run-time check is under test). */
function callFactory(name: string, args: readonly unknown[]): unknown {
  return (definitionOf(name) as unknown as (...a: readonly unknown[]) => unknown)(...args);
}

describe('the typed factories check their arguments as the JSON calls do', () => {
  it.each(badCalls)('%j: the same message, named after the option', (call, message) => {
    const [name, ...args] = call;
    const error = thrown(() => callFactory(name, args));
    expect(isOcispecError(error, 'BAD_ARGUMENT')).toBe(true);
    expect(error.message).toBe(`${name}: ${message.slice(`option 0 (${name}): `.length)}`);
  });

  it('withUIDGID(-1, 1.5) fails like ["withUIDGID", -1, 1.5]', () => {
    const json = thrown(() => registry().resolve(['withUIDGID', -1, 1.5], 3));
    const code = thrown(() => callFactory('withUIDGID', [-1, 1.5]));
    expect(json.message).toBe('option 3 (withUIDGID): argument 1: expected uint32 (0..4294967295), got -1');
    expect(code.message).toBe('withUIDGID: argument 1: expected uint32 (0..4294967295), got -1');
    expect(code).toMatchObject({ code: 'BAD_ARGUMENT', option: 'withUIDGID' });
  });

  it.each([
    [
      'a cycle',
      () => {
        const a: unknown[] = ['A=1'];
        a.push(a);
        return a;
      },
      'argument 1 at /1: a cycle (the value contains itself)',
    ],
    ['a function', () => ['A=1', () => 1], 'argument 1 at /1: a function (not JSON)'],
    ['a Map', () => new Map(), 'argument 1: a Map object (not JSON)'],
    ['undefined inside', () => ['A=1', undefined], 'argument 1 at /1: undefined (not JSON)'],
    [
      'a getter',
      () => Object.defineProperty({}, 'a', { get: () => 'x', enumerable: true }),
      'argument 1 at /a: an accessor property (not JSON)',
    ],
    [
      'a symbol key',
      () => ({ [Symbol('s')]: 1 }),
      'argument 1: a symbol-keyed or non-enumerable property (not JSON)',
    ],
  ])(
    '%s in an argument is a BAD_ARGUMENT error naming the option, never a stack overflow',
    (_what, make, detail) => {
      const arg = make();
      const code = thrown(() => callFactory('withEnv', [arg]));
      expect(code.message).toBe(`withEnv: ${detail}`);
      const json = thrown(() => registry().resolve(['withEnv', arg], 0));
      expect(json.message).toBe(`option 0 (withEnv): ${detail}`);
      expect(isOcispecError(json, 'BAD_ARGUMENT')).toBe(true);
    },
  );

  it('64-bit integers stay exact through the schemas, in code and in JSON', () => {
    const max = 2n ** 64n - 1n;
    const fromCode = applyOptsSync(
      { linux: {} },
      [callFactory('withMemoryLimit', [max]) as never],
      createContext(),
    );
    const fromJson = applyOptsSync(
      { linux: {} },
      [registry().resolve(['withMemoryLimit', max], 0).opt],
      createContext(),
    );
    expect(fromCode.linux?.resources?.memory?.limit).toBe(-1);
    expect(fromJson).toEqual(fromCode);
    const rlimit = { type: 'RLIMIT_NOFILE', hard: max, soft: 2n ** 63n };
    const out = applyOptsSync({}, [registry().resolve(['withRlimit', rlimit], 0).opt], createContext());
    expect(out.process?.rlimits).toEqual([rlimit]);
  });

  it("the body receives zod's output: transforms and defaults apply on both paths, and it is frozen", () => {
    const seen: unknown[] = [];
    const withSize = defineOpt({
      name: 'withSize',
      args: z.tuple([z.string().transform((s) => s.length), z.number().default(10)]),
      doc: 'Records a size.',
      apply(_spec, _ctx, length, factor) {
        seen.push([length, factor]);
      },
    });
    const r = new OptRegistry();
    r.register(withSize, 'test');
    applyOptsSync({}, [withSize('abc'), r.resolve(['withSize', 'abcd', 2], 0).opt], createContext());
    expect(seen).toEqual([
      [3, 10],
      [4, 2],
    ]);
    const lists: unknown[] = [];
    const withList = defineOpt({
      name: 'withList',
      args: z.tuple([z.array(z.string())]),
      doc: 'Keeps a list.',
      apply(_spec, _ctx, list) {
        lists.push(list);
      },
    });
    const given = ['a'];
    applyOptsSync({}, [withList(given)], createContext());
    expect(lists[0]).toEqual(['a']);
    expect(lists[0]).not.toBe(given);
    expect(Object.isFrozen(lists[0])).toBe(true);
    expect(Object.isFrozen(given)).toBe(false);
  });
});

describe('defineOpt refuses what plain JavaScript can get wrong', () => {
  it.each([
    [
      'the old registerOpt(name, factory) form',
      'withMark',
      'expected { name, doc, args?, containerd?, apply }',
    ],
    ['no name', { doc: 'x', apply() {} }, 'the option needs a name'],
    [
      'no body',
      { name: 'withMark', doc: 'x' },
      'option withMark needs an apply(spec, ctx, ...args) function',
    ],
    ['no doc line', { name: 'withMark', apply() {} }, 'option withMark needs a doc line'],
    ['args that are no zod schema', { name: 'withMark', doc: 'x', args: [], apply() {} }, 'a zod tuple'],
  ])('%s: a TypeError saying what is missing', (_what, init, message) => {
    expect(() => defineOpt(init as never)).toThrow(TypeError);
    expect(() => defineOpt(init as never)).toThrow(message);
  });
});

describe('args given as a function: the schema is made on first use, once', () => {
  it('defining the option calls nothing; building, reading args and jsonSchema share one schema', () => {
    let made = 0;
    const withMark = defineOpt({
      name: 'withMark',
      args: () => {
        made++;
        return z.tuple([z.string()]);
      },
      doc: 'Sets `hostname`.',
      apply(spec, _ctx, mark) {
        spec.hostname = mark;
      },
    });
    expect(made).toBe(0);
    expect(applyOptsSync({}, [withMark('web')], createContext())).toEqual({ hostname: 'web' });
    expect(thrown(() => withMark(1 as never)).message).toBe(
      'withMark: argument 1: expected string, received number',
    );
    expect(withMark.args).toBeInstanceOf(z.ZodTuple);
    expect(withMark.args).toBe(withMark.args);
    expect(withMark.jsonSchema()).toMatchObject({ type: 'array', minItems: 1, maxItems: 1 });
    expect(made).toBe(1);
  });

  it('a function that returns no zod schema fails on first use with the same TypeError', () => {
    const withMark = defineOpt({
      name: 'withMark',
      args: (() => []) as unknown as () => z.ZodTuple<[]>,
      doc: 'x',
      apply() {},
    });
    expect(() => withMark()).toThrow(TypeError);
    expect(() => withMark.jsonSchema()).toThrow('defineOpt: option withMark: args must be a zod tuple');
  });
});
