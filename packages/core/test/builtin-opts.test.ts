/**
 * The finish of a composition made of ocispec's own options alone skips the per-property guard (builtin-opts.ts);
 * any other code that had the draft brings it back for the whole result. Each actor below writes into the map a
 * built-in option made (`withAnnotations`), after it: the result must never hold what the guard forbids.
 */
import type { Draft } from 'immer';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isBuiltinOpt } from '../src/builtin-opts.js';
import { corePlugin } from '../src/core-plugin.js';
import { defineOpt } from '../src/define.js';
import { isOcispecError } from '../src/errors.js';
import type { HostAccess } from '../src/host.js';
import { isOwnHost, nodeHost, withNamedFilePolicy } from '../src/host.js';
import type { Spec } from '../src/model/index.js';
import { withAnnotations, withHostname } from '../src/options/index.js';
import type { CompositionInput, Plugin } from '../src/pipeline.js';
import { Pipeline } from '../src/pipeline.js';

type Write = (annotations: Record<string | symbol, unknown>) => void;

/** What an actor writes, and what the finished spec must show for it. */
const WRITES: readonly [string, Write, 'data' | 'NOT_JSON'][] = [
  [
    'an accessor',
    (map) =>
      Object.defineProperty(map, 'late', { get: () => 'read once', enumerable: true, configurable: true }),
    'data',
  ],
  [
    'a symbol key',
    (map) => {
      map[Symbol('hidden')] = 'x';
    },
    'NOT_JSON',
  ],
  [
    'a non-enumerable key',
    (map) => Object.defineProperty(map, 'hidden', { value: 'x', enumerable: false }),
    'NOT_JSON',
  ],
];

const annotationsOf = (spec: Draft<Spec>) => spec.annotations as unknown as Record<string | symbol, unknown>;

/** A base with a process and a linux section (withImageConfig's linux branch), so that no default spec is needed. */
const BASE: Spec = { ociVersion: '1.2.0', process: { cwd: '/', args: ['sh'] }, linux: {} };

/** The ways code ocispec does not know gets the draft after a built-in option made the map. */
function actors(write: Write): [string, () => { pipeline: Pipeline; input: CompositionInput }][] {
  const first = ['withAnnotations', { made: 'by a built-in' }] as const;
  const userOpt = defineOpt({
    name: 'withUserWrite',
    doc: 'Writes into the annotations map.',
    apply: (spec) => write(annotationsOf(spec)),
  });
  return [
    [
      'a SpecOpt function after it',
      () => ({
        pipeline: new Pipeline({ plugins: [corePlugin()] }),
        input: { base: BASE, opts: [first, (spec: Draft<Spec>) => write(annotationsOf(spec))] },
      }),
    ],
    [
      "a plugin's defineOpt option after it",
      () => ({
        pipeline: new Pipeline({ plugins: [corePlugin()] }),
        input: { base: BASE, opts: [first, userOpt()] },
      }),
    ],
    [
      'an afterApply tap',
      () => {
        const tap: Plugin = {
          name: 'tap',
          apply: (p) => p.hooks.afterApply.tap('tap', (spec) => write(annotationsOf(spec))),
        };
        return {
          pipeline: new Pipeline({ plugins: [corePlugin(), tap] }),
          input: { base: BASE, opts: [first] },
        };
      },
    ],
    [
      "a plugin's option a built-in runs by name (withImageConfig's withUser)",
      () => {
        const byName: Plugin = {
          name: 'by-name',
          apply: (p) => {
            p.registerOpt(
              defineOpt({
                name: 'withUser',
                args: z.tuple([z.string()]),
                doc: 'Writes.',
                apply: (spec) => {
                  write(annotationsOf(spec));
                },
              }),
            );
            p.registerOpt(
              defineOpt({
                name: 'withAdditionalGIDs',
                args: z.tuple([z.string()]),
                doc: 'Nothing.',
                apply: () => {},
              }),
            );
          },
        };
        return {
          pipeline: new Pipeline({ plugins: [corePlugin(), byName] }),
          input: {
            base: BASE,
            platform: 'linux/amd64',
            opts: [first, ['withImageConfig', { config: { User: 'someone' } }]],
          },
        };
      },
    ],
  ];
}

async function outcome(pipeline: Pipeline, input: CompositionInput, prepared: boolean) {
  try {
    const { spec } = prepared ? await pipeline.prepare(input).run() : await pipeline.compose(input);
    return { spec };
  } catch (error) {
    if (!isOcispecError(error)) throw error;
    return { error };
  }
}

describe('code ocispec does not know brings the guard back', () => {
  for (const [what, write, expected] of WRITES) {
    describe(`${what} written`, () => {
      it.each(actors(write).flatMap(([by, make]) => [true, false].map((p) => [by, p, make] as const)))(
        'by %s (prepared: %s)',
        async (_by, prepared, make) => {
          const { pipeline, input } = make();
          const result = await outcome(pipeline, input, prepared);
          if (expected === 'NOT_JSON') {
            expect(result.error?.code).toBe('NOT_JSON');
            expect(result.error?.message).not.toMatch(/undefined|\[object/);
            return;
          }
          const annotations = result.spec!.annotations!;
          expect(annotations).toEqual({ made: 'by a built-in', late: 'read once' });
          const late = Object.getOwnPropertyDescriptor(annotations, 'late')!;
          expect(late.get).toBeUndefined();
          expect(late.value).toBe('read once');
          expect(Object.isFrozen(annotations)).toBe(true);
        },
      );
    });
  }
});

describe('the finish of built-in options alone', () => {
  it('marks the options the packages register, not those of plugins', () => {
    const userOpt = defineOpt({ name: 'withMine', doc: 'Nothing.', apply: () => {} });
    expect(isBuiltinOpt(withHostname('web'))).toBe(true);
    expect(isBuiltinOpt(withAnnotations({ a: 'b' }))).toBe(true);
    expect(isBuiltinOpt(userOpt())).toBe(false);
  });

  it('counts the real host and the real host with a named-file policy as ocispec’s, never a host of someone’s code', () => {
    const custom: HostAccess = { fs: nodeHost.fs, runningInUserNS: () => false };
    expect(isOwnHost(nodeHost)).toBe(true);
    expect(isOwnHost(withNamedFilePolicy(nodeHost, { root: '/' }))).toBe(true);
    expect(isOwnHost(custom)).toBe(false);
    expect(isOwnHost(withNamedFilePolicy(custom, { root: '/' }))).toBe(false);
    expect(isOwnHost({ ...nodeHost })).toBe(false);
  });
});
