import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { SpecOpt } from '../../src/compose.js';
import { defineOpt } from '../../src/define.js';
import { isOcispecError } from '../../src/errors.js';
import type { Spec } from '../../src/model/index.js';
import type { Plugin } from '../../src/pipeline.js';
import { Pipeline } from '../../src/pipeline.js';

const setHostname =
  (name: string): SpecOpt =>
  (spec) => {
    spec.hostname = name;
  };

const withTestHostname = defineOpt({
  name: 'withHostname',
  args: z.tuple([z.string()]),
  doc: 'Sets `hostname`.',
  apply(spec, _ctx, name) {
    spec.hostname = name;
  },
});

/** A plugin with a tiny default spec per OS and two options, the way the platform packages plug in. */
const testPlugin: Plugin = {
  name: 'test',
  apply(pipeline) {
    pipeline.hooks.defaultSpec.for('linux').tap('test', (ctx) => ({
      ociVersion: '1.3.0',
      process: { user: { uid: 0, gid: 0 }, cwd: '/' },
      linux: { cgroupsPath: `/${ctx.namespace}/${ctx.container.id}` },
    }));
    pipeline.hooks.defaultSpec.for('*').tap('test', () => ({ ociVersion: 'unix' }));
    pipeline.registerOpt(withTestHostname);
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
  },
};

function pipeline(...plugins: Plugin[]): Pipeline {
  return new Pipeline({ plugins: [testPlugin, ...plugins] });
}

describe('Pipeline.compose', () => {
  it('starts from the OS default (hooks.defaultSpec), falling back to "*"', async () => {
    const p = pipeline();
    const linux = await p.compose({ namespace: 'k8s.io', id: 'c1', opts: [['withHostname', 'web']] });
    expect(linux.spec).toEqual({
      ociVersion: '1.3.0',
      process: { user: { uid: 0, gid: 0 }, cwd: '/' },
      hostname: 'web',
      linux: { cgroupsPath: '/k8s.io/c1' },
    });
    const freebsd = await p.compose({ platform: 'freebsd/amd64' });
    expect(freebsd.spec).toEqual({ ociVersion: 'unix' });
  });

  it('fails with NO_DEFAULT_SPEC when no plugin provides a default', async () => {
    await expect(new Pipeline().compose({ platform: 'windows/amd64' })).rejects.toThrow(
      'no default spec for platform windows/amd64',
    );
  });

  it('applies functions, JSON calls and a base; shares untouched subtrees with the base', async () => {
    const base: Spec = {
      ociVersion: '1.0.2',
      process: { cwd: '/x', env: ['A=1'] },
      linux: { maskedPaths: ['/a'] },
    };
    const { spec } = await pipeline().compose({ base, opts: [['withEnv', ['B=2']], setHostname('h')] });
    expect(spec.process?.env).toEqual(['A=1', 'B=2']);
    expect(spec.hostname).toBe('h');
    expect(spec.linux).toBe(base.linux);
    expect(Object.isFrozen(spec)).toBe(true);
    expect(Object.isFrozen(base.process)).toBe(true);
    expect(base).toEqual({
      ociVersion: '1.0.2',
      process: { cwd: '/x', env: ['A=1'] },
      linux: { maskedPaths: ['/a'] },
    });
  });

  it('awaits async options in order', async () => {
    const order: string[] = [];
    const later =
      (tag: string): SpecOpt =>
      async (spec) => {
        await new Promise((r) => setTimeout(r, 1));
        order.push(tag);
        spec.hostname = tag;
      };
    const sync: SpecOpt = (spec) => {
      order.push('sync');
      spec.domainname = spec.hostname ?? '';
    };
    const { spec } = await pipeline().compose({ base: {}, opts: [later('a'), sync, later('b')] });
    expect(order).toEqual(['a', 'sync', 'b']);
    expect(spec).toEqual({ hostname: 'b', domainname: 'a' });
  });

  it('names the failing option and its index; returns nothing half-built', async () => {
    const base: Spec = { hostname: 'base' };
    const boom: SpecOpt = Object.defineProperty(
      (spec: Spec) => {
        spec.hostname = 'half';
        throw new Error('no /dev/shm mount specified');
      },
      'name',
      { value: 'withDevShmSize' },
    ) as SpecOpt;
    const error = await pipeline()
      .compose({ base, opts: [['withHostname', 'a'], boom] })
      .catch((e: unknown) => e);
    expect(isOcispecError(error, 'OPTION_FAILED')).toBe(true);
    expect(error).toMatchObject({
      message: 'option 1 (withDevShmSize): no /dev/shm mount specified',
      option: 'withDevShmSize',
      index: 1,
    });
    expect(base).toEqual({ hostname: 'base' });
  });

  it('names async failures too', async () => {
    const fail: SpecOpt = async () => {
      throw new Error('late');
    };
    await expect(pipeline().compose({ base: {}, opts: [fail] })).rejects.toThrow('option 0 (fail): late');
  });

  it('resolves nested compose calls and reports the inner failure with both positions', async () => {
    const { spec } = await pipeline().compose({
      base: {},
      opts: [['compose', ['withHostname', 'a'], ['withEnv', ['X=1']]]],
    });
    expect(spec).toEqual({ hostname: 'a', process: { env: ['X=1'] } });
    // @ts-expect-error a number is no hostname (the compiler catches it in a nested call too)
    await expect(pipeline().compose({ base: {}, opts: [['compose', ['withHostname', 1]]] })).rejects.toThrow(
      'option 0 (compose): option 0 (withHostname): argument 1: expected string, received number',
    );
  });
});

describe('hooks', () => {
  it('beforeApply can reorder and insert options (waterfall)', async () => {
    const plugin: Plugin = {
      name: 'reorder',
      apply(p) {
        p.hooks.beforeApply.tap('reorder', (opts) => [
          ...opts.slice().reverse(),
          { name: 'last', args: [], opt: setHostname('last-word'), plugin: 'reorder' },
        ]);
      },
    };
    const seen: string[] = [];
    const track =
      (tag: string): SpecOpt =>
      () => {
        seen.push(tag);
      };
    const { spec } = await pipeline(plugin).compose({ base: {}, opts: [track('1'), track('2')] });
    expect(seen).toEqual(['2', '1']);
    expect(spec.hostname).toBe('last-word');
  });

  it('afterApply edits the draft; validate reports; done observes', async () => {
    const events: string[] = [];
    const plugin: Plugin = {
      name: 'policy',
      apply(p) {
        p.hooks.afterApply.tapPromise('policy', async (draft) => {
          draft.process ??= {};
          draft.process.noNewPrivileges = true;
        });
        p.hooks.validate.tap('policy', (spec, report) => {
          if (spec.hostname === undefined) report.warning('/hostname', 'policy/hostname', 'no hostname');
        });
        p.hooks.done.tap('policy', (spec, report) => {
          events.push(`done ${report.warnings.length} ${spec.process?.noNewPrivileges}`);
        });
      },
    };
    const { spec, report } = await pipeline(plugin).compose({ base: {} });
    expect(spec.process?.noNewPrivileges).toBe(true);
    expect(report.findings).toEqual([
      { severity: 'warning', pointer: '/hostname', rule: 'policy/hostname', message: 'no hostname' },
    ]);
    expect(events).toEqual(['done 1 true']);
  });

  it('a validate error fails the composition when asked to validate', async () => {
    const plugin: Plugin = {
      name: 'strict',
      apply(p) {
        p.hooks.validate.tap('strict', (_spec, report) =>
          report.error('/process', 'required', 'process is required'),
        );
      },
    };
    await expect(pipeline(plugin).compose({ base: {}, validate: true })).rejects.toThrow(
      'invalid spec: /process: required: process is required',
    );
    await expect(pipeline(plugin).compose({ base: {} })).resolves.toBeDefined();
  });

  it('a throwing tap is reported with its plugin and hook', async () => {
    const plugin: Plugin = {
      name: 'broken',
      apply(p) {
        p.hooks.afterApply.tap('broken', () => {
          throw new Error('oops');
        });
      },
    };
    const error = await pipeline(plugin)
      .compose({ base: {} })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'PLUGIN_FAILED', plugin: 'broken', hook: 'afterApply' });
    expect((error as Error).message).toBe('plugin broken (afterApply): oops');
  });

  it('a throwing defaultSpec tap is reported with its plugin', async () => {
    const plugin: Plugin = {
      name: 'bad-default',
      apply(p) {
        p.hooks.defaultSpec.for('solaris').tap('bad-default', () => {
          throw new Error('nope');
        });
      },
    };
    await expect(pipeline(plugin).compose({ platform: 'solaris/amd64' })).rejects.toThrow(
      'plugin bad-default (defaultSpec(solaris)): nope',
    );
  });

  it('a tap at a lower stage overrides the built-in default spec', async () => {
    const plugin: Plugin = {
      name: 'custom-default',
      apply(p) {
        p.hooks.defaultSpec
          .for('linux')
          .tap({ name: 'custom-default', stage: -1 }, () => ({ ociVersion: 'mine' }));
      },
    };
    const { spec } = await pipeline(plugin).compose({});
    expect(spec).toEqual({ ociVersion: 'mine' });
  });
});

describe('plugins and freezing', () => {
  it('applying the same plugin twice is a no-op', () => {
    const p = pipeline();
    expect(() => p.use(testPlugin)).not.toThrow();
    expect(p.plugins).toEqual(['test']);
  });

  it('two plugins registering one option name: an error naming both', () => {
    const clash: Plugin = { name: 'clash', apply: (p) => p.registerOpt(withTestHostname) };
    expect(() => pipeline(clash)).toThrow('option withHostname is registered twice: by test and by clash');
  });

  it('a plugin whose apply throws is named', () => {
    const bad: Plugin = {
      name: 'bad',
      apply() {
        throw new Error('cannot start');
      },
    };
    expect(() => pipeline(bad)).toThrow('plugin bad (apply): cannot start');
  });

  it('freezes at the first composition: use, registerOpt and tap then fail', async () => {
    const p = pipeline();
    await p.compose({ base: {} });
    const late: Plugin = { name: 'late', apply: () => {} };
    expect(() => p.use(late)).toThrow('the pipeline is frozen after its first composition');
    expect(() => p.registerOpt(withTestHostname)).toThrow(
      expect.objectContaining({ code: 'PIPELINE_FROZEN' }),
    );
    expect(() => p.hooks.done.tap('late', () => {})).toThrow(
      expect.objectContaining({ code: 'PIPELINE_FROZEN' }),
    );
  });
});
