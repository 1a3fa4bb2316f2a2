import { AssertionError } from 'node:assert';
import type { AnyOptDefinition, ArgsSchema, OptInit, Plugin } from '@ocispec/core';
import { assignEntries, defineOpt, definePlugin, ensureProcess, peekArray } from '@ocispec/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  checkArgumentSchemas,
  checkDeterministic,
  checkIdempotent,
  checkNeverMutatesBase,
  checkPluginContract,
  checkSparseSpecs,
  rawErrorOf,
  sampleCalls,
} from '../src/index.js';

/** A well-behaved plugin: creates what it writes, checks its arguments, deterministic. */
const withTeam = defineOpt({
  name: 'withTeam',
  args: z.tuple([z.string().regex(/^[a-z][a-z0-9-]*$/)], z.string()),
  doc: 'Sets the `example.com/team` annotation.',
  apply(spec, _ctx, team, ...owners) {
    assignEntries(spec, 'annotations', { 'example.com/team': team, 'example.com/owners': owners.join(',') });
  },
});
const withReplicas = defineOpt({
  name: 'withReplicas',
  args: z.tuple([z.number().int().min(0).max(100)]),
  doc: 'Sets the `example.com/replicas` annotation.',
  apply(spec, _ctx, n) {
    assignEntries(spec, 'annotations', { 'example.com/replicas': String(n).padStart(3, '0') });
  },
});
const good = definePlugin({
  name: 'good',
  options: [withTeam, withReplicas],
  apply(pipeline) {
    pipeline.hooks.validate.tap('good', (spec, report) => {
      if (spec.annotations?.['example.com/team'] === undefined)
        report.warning('/annotations', 'good/team', 'no team');
    });
  },
});

function plugin<const N extends string, S extends ArgsSchema>(
  name: string,
  init: OptInit<N, S>,
  apply?: Plugin['apply'],
): Plugin {
  const option: AnyOptDefinition = defineOpt(init) as unknown as AnyOptDefinition;
  return definePlugin({ name, options: [option], ...(apply === undefined ? {} : { apply }) });
}

async function failure(check: Promise<unknown>): Promise<string> {
  const error = await check.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AssertionError);
  return (error as AssertionError).message;
}

describe('a well-behaved plugin', () => {
  it('passes every contract check in one line, and says what it ran', async () => {
    const summary = await checkPluginContract(good, {
      calls: [['withTeam', 'infra', 'ann']],
      idempotent: ['withTeam', 'withReplicas'],
    });
    expect(summary.options).toEqual(['withTeam', 'withReplicas']);
    expect(summary.calls[0]).toEqual(['withTeam', 'infra', 'ann']);
    expect(summary.calls.filter(([n]) => n === 'withReplicas').length).toBe(3);
    // The generator is shaped by the schemas: most generated lists are accepted.
    expect(summary.accepted.withTeam).toBeGreaterThan(50);
    expect(summary.accepted.withReplicas).toBeGreaterThan(50);
  });

  it('generates calls its schemas accept, reproducibly (a fixed seed)', () => {
    const calls = sampleCalls(good);
    expect(calls).toEqual(sampleCalls(good));
    for (const [name, ...args] of calls) {
      const schema = name === 'withTeam' ? withTeam.args : withReplicas.args;
      expect(schema.safeParse(args).success).toBe(true);
    }
  });
});

describe('each check fails a plugin that breaks its rule, naming the call and the base', () => {
  it('sparse specs: a raw TypeError on a spec without process', async () => {
    const bad = plugin('bad', {
      name: 'withExtraEnv',
      args: z.tuple([z.string()]),
      doc: 'Adds an env entry.',
      apply(spec, _ctx, entry) {
        (spec.process as { env: string[] }).env.push(entry);
      },
    });
    const message = await failure(checkSparseSpecs(bad, { calls: [['withExtraEnv', 'A=1']] }));
    expect(message.split('\n')[0]).toBe('plugin bad throws raw errors on sparse specs:');
    expect(message).toMatch(
      /\["withExtraEnv","A=1"\] over the "empty" base: option 0 \(withExtraEnv\): Cannot read properties of undefined \(reading 'env'\) \(a raw TypeError\)/,
    );
  });

  it('sparse specs: a validate tap that dereferences a missing section', async () => {
    const bad = definePlugin({
      name: 'root-check',
      apply(pipeline) {
        pipeline.hooks.validate.tap('root-check', (spec, report) => {
          if ((spec.process as { user: { uid: number } }).user.uid === 0)
            report.warning('/process', 'root', 'root');
        });
      },
    });
    const message = await failure(checkSparseSpecs(bad));
    expect(message).toMatch(
      /no options over the "empty" base: plugin root-check \(validate\): .*\(a raw TypeError\)/,
    );
  });

  it('deterministic: an option that counts its runs', async () => {
    let runs = 0;
    const bad = plugin('counter', {
      name: 'withRunNumber',
      doc: 'Stamps the run number.',
      args: z.tuple([]),
      apply(spec) {
        assignEntries(spec, 'annotations', { run: String(runs++) });
      },
    });
    const message = await failure(checkDeterministic(bad));
    expect(message).toMatch(
      /^plugin counter is not deterministic:\n {2}\["withRunNumber"\] over the "empty" base: two runs differ/,
    );
  });

  it('idempotent where declared: an option that appends', async () => {
    const bad = plugin('appender', {
      name: 'withMarker',
      doc: 'Appends MARKER=1 to the env.',
      args: z.tuple([]),
      apply(spec) {
        const process = ensureProcess(spec);
        process.env = [...peekArray(process, 'env'), 'MARKER=1'];
      },
    });
    await checkIdempotent(bad); // nothing declared: nothing checked
    const message = await failure(checkIdempotent(bad, { idempotent: ['withMarker', 'withNothing'] }));
    expect(message).toMatch(
      /withNothing is declared idempotent but plugin appender registers no such option/,
    );
    expect(message).toMatch(/\["withMarker"\] over the "empty" base: applied twice differs from once/);
  });

  it('argument schemas: z.unknown() lets through what the body cannot handle (a TypeError)', async () => {
    const bad = plugin('loose', {
      name: 'withUpperName',
      doc: 'Sets the hostname, upper-cased.',
      args: z.tuple([z.unknown()]),
      apply(spec, _ctx, name) {
        spec.hostname = (name as string).toUpperCase();
      },
    });
    const message = await failure(checkArgumentSchemas(bad));
    expect(message).toMatch(
      /^plugin loose has argument schemas that accept what the option cannot handle:\n {2}withUpperName: its schema accepts \["withUpperName",.*\] but its body cannot handle it over the "empty" base: .*\(a raw TypeError\) \(fast-check seed 20, path /,
    );
  });

  it('argument schemas: a number schema without bounds lets through a RangeError', async () => {
    const bad = plugin('ranges', {
      name: 'withPadding',
      doc: 'Pads the hostname.',
      args: z.tuple([z.number()]),
      apply(spec, _ctx, n) {
        spec.hostname = 'x'.repeat(n);
      },
    });
    const message = await failure(checkArgumentSchemas(bad));
    expect(message).toMatch(/withPadding: .*RangeError/);
    // A tight schema fixes it.
    const fixed = plugin('ranges', {
      name: 'withPadding',
      doc: 'Pads the hostname.',
      args: z.tuple([z.number().int().min(0).max(64)]),
      apply(spec, _ctx, n) {
        spec.hostname = 'x'.repeat(n);
      },
    });
    expect((await checkArgumentSchemas(fixed)).withPadding).toBeGreaterThan(0);
  });

  it('never mutates the base: a plugin that edits the base it is given before composing', async () => {
    const bad: Plugin = {
      name: 'normalizer',
      apply(pipeline) {
        const compose = pipeline.compose.bind(pipeline);
        pipeline.compose = (input) => {
          const base = input.base as { hostname?: string } | null | undefined;
          if (base !== null && base !== undefined && !Object.isFrozen(base)) base.hostname = 'normalized';
          return compose(input);
        };
      },
    };
    const message = await failure(checkNeverMutatesBase(bad));
    expect(message).toMatch(
      /^plugin normalizer mutates a base:\n {2}no options over the "empty" base: the base changed at \/hostname/,
    );
  });

  it('checkPluginContract lists every broken check in one AssertionError', async () => {
    const bad = plugin('bad', {
      name: 'withExtraEnv',
      args: z.tuple([z.unknown()]),
      doc: 'Adds an env entry.',
      apply(spec, _ctx, entry) {
        (spec.process as { env: unknown[] }).env.push((entry as string).trim());
      },
    });
    const message = await failure(checkPluginContract(bad));
    expect(message).toMatch(/plugin bad throws raw errors on sparse specs:/);
    expect(message).toMatch(/plugin bad has argument schemas that accept what the option cannot handle:/);
    expect(message).not.toMatch(/not deterministic|mutates a base/);
  });
});

describe('rawErrorOf', () => {
  it('looks through OcispecError causes, and only takes the built-in error types', () => {
    const type = new TypeError('x');
    expect(rawErrorOf(type)).toBe(type);
    expect(rawErrorOf(Object.assign(new Error('wrapped'), { cause: type }))).toBeUndefined();
    expect(rawErrorOf(new RangeError('r'))).toBeInstanceOf(RangeError);
    expect(rawErrorOf('a string')).toBeUndefined();
    expect(rawErrorOf(undefined)).toBeUndefined();
  });
});
