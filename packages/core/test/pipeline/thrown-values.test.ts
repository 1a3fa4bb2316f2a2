/** Whatever a plugin, an option or a hook throws, the message is meaningful; option arguments must be JSON data. */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { corePlugin } from '../../src/core-plugin.js';
import { isOcispecError, messageOf } from '../../src/errors.js';
import type { Plugin } from '../../src/pipeline.js';
import { Pipeline } from '../../src/pipeline.js';

const cyclic: Record<string, unknown> = { code: 7 };
cyclic.self = cyclic;

class Custom {
  readonly detail = 'd';
}

const hostile = new Proxy(
  {},
  {
    get() {
      throw new Error('trap');
    },
    getPrototypeOf() {
      throw new Error('trap');
    },
  },
);

const values: [string, unknown, string][] = [
  ['an Error', new Error('boom'), 'boom'],
  ['an Error without message', new TypeError(''), 'TypeError (no message)'],
  ['a multi-line message', new Error('a\n  b'), 'a b'],
  ['a string', 'plain text', 'plain text'],
  ['an empty string', '', 'threw an empty string'],
  ['a number', 42, 'threw 42'],
  ['NaN', Number.NaN, 'threw NaN'],
  ['a bigint', 12n, 'threw 12n'],
  ['a boolean', false, 'threw false'],
  ['null', null, 'threw null'],
  ['undefined', undefined, 'threw no value'],
  ['a symbol', Symbol('why'), 'threw Symbol(why)'],
  ['a function', function namedThing() {}, 'threw a function namedThing'],
  ['an object with a message', { message: 'from object', code: 1 }, 'from object'],
  ['an object without a message', { code: 'E1', n: 2 }, 'threw {"code":"E1","n":2}'],
  ['an empty object', {}, 'threw an empty object'],
  ['a cyclic object', cyclic, 'threw {"code":7,"self":"[Circular]"}'],
  ['a class instance', new Custom(), 'threw a Custom {"detail":"d"}'],
  ['an object with its own toString', { toString: () => 'custom text' }, 'threw custom text'],
  ['an array', [1, 'a'], 'threw [1,"a"]'],
  ['a hostile proxy', hostile, 'threw a value that cannot be printed'],
];

describe('messageOf', () => {
  it.each(values)('%s', (_what, value, message) => {
    expect(messageOf(value)).toBe(message);
  });

  it('never says "undefined" or "[object Object]" for any of them', () => {
    for (const [, value] of values) {
      expect(messageOf(value)).not.toMatch(/undefined|\[object /);
    }
  });
});

function throwing(where: 'apply' | 'option' | 'afterApply', value: unknown): Plugin {
  return {
    name: 'thrower',
    apply(pipeline) {
      if (where === 'apply') throw value;
      pipeline.registerOpt({
        name: 'withThrow',
        args: z.tuple([]),
        doc: 'Throws the value under test.',
        apply() {
          if (where === 'option') throw value;
        },
      });
      if (where === 'afterApply') {
        pipeline.hooks.afterApply.tap('thrower', () => {
          throw value;
        });
      }
    },
  };
}

async function failure(run: () => Promise<unknown> | unknown): Promise<Error> {
  try {
    await run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a failure');
}

describe('a plugin, option or hook throwing a non-Error', () => {
  for (const where of ['apply', 'option', 'afterApply'] as const) {
    it.each(values)(
      `${where} throwing %s: the error names the place and the value`,
      async (_what, value, message) => {
        const error = await failure(async () => {
          const pipeline = new Pipeline({ plugins: [corePlugin(), throwing(where, value)] });
          await pipeline.compose({ base: {}, opts: pipeline.resolve([['withThrow']]) });
        });
        const prefix = {
          apply: 'plugin thrower (apply): ',
          option: 'option 0 (withThrow): ',
          afterApply: 'plugin thrower (afterApply): ',
        }[where];
        expect(error.message).toBe(`${prefix}${message}`);
      },
    );
  }
});

describe('option arguments must be JSON data', () => {
  const pipeline = () => new Pipeline({ plugins: [corePlugin()] });
  const arr: unknown[] = ['A=1'];
  arr.push(arr);
  const deep: unknown[] = [];
  let at = deep;
  for (let i = 0; i < 1500; i++) {
    const next: unknown[] = [];
    at.push(next);
    at = next;
  }

  it.each([
    [
      'a cyclic object',
      ['withAnnotations', cyclic],
      'option 0 (withAnnotations): argument 1 at /self: a cycle (the value contains itself)',
    ],
    [
      'a cyclic array',
      ['withEnv', arr],
      'option 0 (withEnv): argument 1 at /1: a cycle (the value contains itself)',
    ],
    [
      'a cycle deep in a loose schema',
      ['withMounts', [{ destination: '/x', extra: cyclic }]],
      'option 0 (withMounts): argument 1 at /0/extra/self: a cycle (the value contains itself)',
    ],
    ['a function', ['withHostname', () => 'h'], 'option 0 (withHostname): argument 1: a function (not JSON)'],
    [
      'a symbol inside',
      ['withAnnotations', { a: Symbol('s') }],
      'option 0 (withAnnotations): argument 1 at /a: a symbol (not JSON)',
    ],
    ['NaN', ['withMemoryLimit', Number.NaN], 'option 0 (withMemoryLimit): argument 1: NaN (not JSON)'],
    [
      'an infinity inside',
      ['withAnnotations', { a: Number.POSITIVE_INFINITY }],
      'option 0 (withAnnotations): argument 1 at /a: Infinity (not JSON)',
    ],
    [
      'a Map',
      ['withAnnotations', new Map([['a', 'b']])],
      'option 0 (withAnnotations): argument 1: a Map object (not JSON)',
    ],
    ['nesting deeper than 256 levels', ['withEnv', deep], 'nesting deeper than 256 levels'],
  ])('%s: a typed error naming the option, not a stack overflow', async (_what, call, message) => {
    const error = await failure(() => pipeline().compose({ base: {}, opts: [call as never] }));
    expect(isOcispecError(error, 'BAD_ARGUMENT')).toBe(true);
    expect(error.message).toContain(message);
    expect(error.message).not.toContain('Maximum call stack');
  });

  it('an argument frozen throughout is checked once; one that is not is checked at every call', async () => {
    const frozen = Object.freeze({ a: '1' });
    const twice = await pipeline().compose({
      base: {},
      opts: [
        ['withAnnotations', frozen],
        ['withAnnotations', frozen],
      ],
    });
    expect(twice.spec.annotations).toEqual({ a: '1' });
    // Frozen at the top only: a value below may change between calls, so it is checked again.
    const extra: Record<string, unknown> = { b: '1' };
    const mounts = Object.freeze([{ destination: '/x', extra }]);
    await pipeline().compose({ base: {}, opts: [['withMounts', mounts]] });
    extra.b = () => 'h';
    const error = await failure(() => pipeline().compose({ base: {}, opts: [['withMounts', mounts]] }));
    expect(error.message).toContain('argument 1 at /0/extra/b: a function (not JSON)');
  });

  it('bigints and null-prototype objects are data', async () => {
    const bare = Object.assign(Object.create(null) as Record<string, string>, { a: 'b' });
    const { spec } = await pipeline().compose({
      base: {},
      opts: [
        ['withAnnotations', bare],
        ['withMemoryLimit', 2n ** 62n],
        ['withHostname', 'x'],
      ],
    });
    expect(spec.hostname).toBe('x');
  });
});
