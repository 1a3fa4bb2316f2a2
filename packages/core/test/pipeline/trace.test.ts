import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { SpecOpt } from '../../src/compose.js';
import { defineOpt } from '../../src/define.js';
import type { Spec } from '../../src/model/index.js';
import type { OptionTypesOf } from '../../src/option-types.js';
import type { Plugin } from '../../src/pipeline.js';
import { Pipeline } from '../../src/pipeline.js';
import { printSpec } from '../../src/spec-file.js';
import type { FieldProvenance, Provenance } from '../../src/trace.js';
import { formatSource, specDigest, tracePlugin } from '../../src/trace.js';

const defaults: Plugin = {
  name: 'defaults',
  apply(pipeline) {
    pipeline.hooks.defaultSpec.for('linux').tap('defaults', (ctx) => ({
      ociVersion: '1.3.0',
      process: { cwd: '/', env: ['PATH=/bin'], user: { uid: 0, gid: 0 } },
      hostname: 'default-host',
      linux: { cgroupsPath: `/${ctx.namespace}/${ctx.container.id}` },
    }));
  },
};

const withoutHostname = defineOpt({
  name: 'withoutHostname',
  args: z.tuple([]),
  doc: 'Removes `hostname`.',
  apply(spec) {
    delete spec.hostname;
  },
});

const withLateCwd = defineOpt({
  name: 'withLateCwd',
  args: z.tuple([z.string()]),
  doc: 'Sets `process.cwd`, asynchronously.',
  async apply(spec, _ctx, cwd) {
    await new Promise((r) => setTimeout(r, 1));
    spec.process ??= {};
    spec.process.cwd = cwd;
  },
});

declare module '../../src/index.js' {
  interface OptionTypes extends OptionTypesOf<[typeof withoutHostname, typeof withLateCwd]> {}
}

const options: Plugin = {
  name: 'opts',
  apply(pipeline) {
    pipeline.registerOpt(
      defineOpt({
        name: 'withHostname',
        args: z.tuple([z.string()]),
        doc: 'Sets `hostname`.',
        apply(spec, _ctx, name) {
          spec.hostname = name;
        },
      }),
    );
    pipeline.registerOpt(
      defineOpt({
        name: 'withEnv',
        args: z.tuple([z.array(z.string())]),
        doc: 'Appends to `process.env`.',
        apply(spec, _ctx, env) {
          spec.process ??= {};
          spec.process.env = [...(spec.process.env ?? []), ...env];
        },
      }),
    );
    pipeline.registerOpt(withoutHostname);
    pipeline.registerOpt(withLateCwd);
  },
};

function field(provenance: Provenance | undefined, pointer: string): FieldProvenance | undefined {
  return provenance?.fields.find((f) => f.pointer === pointer);
}

describe('tracePlugin', () => {
  it('attributes each field to the default spec or the option that set it last, with what it overwrote', async () => {
    const trace = tracePlugin();
    const pipeline = new Pipeline({ plugins: [defaults, options, trace] });
    const { spec } = await pipeline.compose({
      namespace: 'k8s.io',
      id: 'c1',
      opts: [
        ['withHostname', 'a'],
        ['withEnv', ['A=1']],
        ['withHostname', 'b'],
        ['withLateCwd', '/app'],
      ],
    });
    const provenance = trace.provenance(spec);
    expect(provenance?.base).toEqual({
      kind: 'default',
      platform: 'linux/amd64',
      digest: specDigest(
        (await new Pipeline({ plugins: [defaults] }).compose({ namespace: 'k8s.io', id: 'c1' })).spec,
      ),
    });
    expect(field(provenance, '/hostname')).toEqual({
      pointer: '/hostname',
      value: 'b',
      setBy: { kind: 'option', option: 'withHostname', index: 2, plugin: 'opts' },
      overwrote: [
        { value: 'default-host', setBy: provenance?.base },
        { value: 'a', setBy: { kind: 'option', option: 'withHostname', index: 0, plugin: 'opts' } },
      ],
    });
    expect(field(provenance, '/process/env/0')?.setBy.kind).toBe('default');
    expect(field(provenance, '/process/env/1')).toMatchObject({
      value: 'A=1',
      setBy: { kind: 'option', option: 'withEnv', index: 1 },
      overwrote: [],
    });
    expect(field(provenance, '/process/cwd')).toMatchObject({
      value: '/app',
      setBy: { option: 'withLateCwd', index: 3 },
      overwrote: [{ value: '/' }],
    });
    expect(field(provenance, '/linux/cgroupsPath')?.setBy.kind).toBe('default');
    // One entry per printed leaf, in printing order.
    expect(provenance?.fields.map((f) => f.pointer)).toEqual([
      '/ociVersion',
      '/process/user/uid',
      '/process/user/gid',
      '/process/env/0',
      '/process/env/1',
      '/process/cwd',
      '/hostname',
      '/linux/cgroupsPath',
    ]);
  });

  it('gives the same spec as composing without tracing, and leaves the base untouched', async () => {
    const base: Spec = { ociVersion: '1.0.2', hostname: 'h', process: { env: ['X=1'] } };
    const opts = [['withEnv', ['B=2']], ['withoutHostname'], ['withLateCwd', '/w']] as const;
    const plain = await new Pipeline({ plugins: [options] }).compose({ base, opts: [...opts] });
    const trace = tracePlugin();
    const traced = await new Pipeline({ plugins: [options, trace] }).compose({ base, opts: [...opts] });
    expect(printSpec(traced.spec)).toBe(printSpec(plain.spec));
    expect(Object.isFrozen(traced.spec.process)).toBe(true);
    expect(base).toEqual({ ociVersion: '1.0.2', hostname: 'h', process: { env: ['X=1'] } });
    const provenance = trace.provenance(traced.spec);
    expect(provenance?.base).toEqual({ kind: 'base', digest: specDigest(base) });
    expect(provenance?.removed).toEqual([
      {
        pointer: '/hostname',
        value: 'h',
        setBy: provenance?.base,
        overwrote: [],
        removedBy: { kind: 'option', option: 'withoutHostname', index: 1, plugin: 'opts' },
      },
    ]);
  });

  it('names a labelled base file, matched by content', async () => {
    const trace = tracePlugin();
    const pipeline = new Pipeline({ plugins: [options, trace] });
    trace.labelBase({ ociVersion: '1.0.2', hostname: 'h' }, 'cri-base.json');
    const { spec } = await pipeline.compose({ base: { ociVersion: '1.0.2', hostname: 'h' }, opts: [] });
    const provenance = trace.provenance(spec);
    expect(provenance?.base).toMatchObject({ kind: 'base', file: 'cri-base.json' });
    expect(field(provenance, '/hostname')?.setBy).toBe(provenance?.base);
    expect(formatSource(provenance!.base)).toBe('base cri-base.json');
  });

  it('attributes afterApply edits to the plugin, for sync, promise and callback taps, wherever they tap', async () => {
    const early: Plugin = {
      name: 'early',
      apply(pipeline) {
        pipeline.hooks.afterApply.tap('early', (spec) => {
          spec.domainname = 'sync';
        });
        pipeline.hooks.afterApply.tapPromise('early-promise', async (spec) => {
          spec.process ??= {};
          spec.process.args = ['sh'];
        });
      },
    };
    const late: Plugin = {
      name: 'late',
      apply(pipeline) {
        pipeline.hooks.afterApply.tapAsync('late', (spec, _ctx, callback) => {
          spec.hostname = 'enforced';
          setTimeout(callback, 1);
        });
      },
    };
    const trace = tracePlugin();
    // Taps before and after the tracer are both traced (the interceptor also wraps existing taps).
    const pipeline = new Pipeline({ plugins: [options, early, trace, late] });
    const { spec } = await pipeline.compose({ base: {}, opts: [['withHostname', 'mine']] });
    expect(spec).toEqual({ hostname: 'enforced', domainname: 'sync', process: { args: ['sh'] } });
    const provenance = trace.provenance(spec);
    expect(field(provenance, '/domainname')?.setBy).toEqual({
      kind: 'hook',
      hook: 'afterApply',
      plugin: 'early',
    });
    expect(field(provenance, '/process/args/0')?.setBy).toMatchObject({ plugin: 'early-promise' });
    expect(field(provenance, '/hostname')).toMatchObject({
      setBy: { kind: 'hook', plugin: 'late' },
      overwrote: [{ value: 'mine', setBy: { kind: 'option', option: 'withHostname', index: 0 } }],
    });
  });

  it('wraps the final option list (after other beforeApply taps) and keeps option errors as they are', async () => {
    const inserter: Plugin = {
      name: 'inserter',
      apply(pipeline) {
        // Taps later than the tracer in plugin order, but runs before it (the tracer is at TRACE_STAGE).
        pipeline.hooks.beforeApply.tap('inserter', (opts) => [
          pipeline.registry.resolve(['withHostname', 'inserted'], 0),
          ...opts,
        ]);
      },
    };
    const trace = tracePlugin();
    const pipeline = new Pipeline({ plugins: [options, trace, inserter] });
    const { spec } = await pipeline.compose({ base: {}, opts: [['withEnv', ['A=1']]] });
    const provenance = trace.provenance(spec);
    expect(field(provenance, '/hostname')?.setBy).toMatchObject({ option: 'withHostname', index: 0 });
    expect(field(provenance, '/process/env/0')?.setBy).toMatchObject({ option: 'withEnv', index: 1 });

    const boom: SpecOpt = Object.defineProperty(
      (s: Spec) => {
        s.hostname = 'half';
        throw new Error('nope');
      },
      'name',
      { value: 'withBoom' },
    ) as SpecOpt;
    const base: Spec = { hostname: 'base' };
    await expect(pipeline.compose({ base, opts: [boom] })).rejects.toMatchObject({
      code: 'OPTION_FAILED',
      message: 'option 1 (withBoom): nope',
      index: 1,
    });
    expect(base).toEqual({ hostname: 'base' });
  });

  it('returns undefined for a spec it did not compose, and a pipeline without it runs no tracing', async () => {
    const trace = tracePlugin();
    const plain = new Pipeline({ plugins: [options] });
    const { spec } = await plain.compose({ base: {}, opts: [['withHostname', 'x']] });
    expect(trace.provenance(spec)).toBeUndefined();
    expect(plain.hooks.beforeApply.taps).toHaveLength(0);
    expect(plain.hooks.done.taps).toHaveLength(0);
  });
});
