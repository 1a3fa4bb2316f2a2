import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineOpt } from '../../src/define.js';
import type { OptionTypesOf } from '../../src/option-types.js';
import { Pipeline } from '../../src/pipeline.js';
import { definePlugin } from '../../src/plugin.js';

const withTeam = defineOpt({
  name: 'withTeam',
  args: z.tuple([z.string()], z.string()),
  doc: 'Sets the team annotations.',
  apply(spec, _ctx, team, ...members) {
    if (team === 'fail') throw new Error('no such team');
    spec.annotations = { ...spec.annotations, team, members: members.join(',') };
  },
});

declare module '../../src/index.js' {
  interface OptionTypes extends OptionTypesOf<[typeof withTeam]> {}
}

const team = definePlugin({
  name: 'team',
  options: [withTeam],
  apply(pipeline) {
    pipeline.hooks.validate.tap('team', (spec, report) => {
      if (spec.annotations?.team === undefined) report.error('/annotations', 'team', 'no team');
    });
  },
});

describe('definePlugin', () => {
  it('registers its options under its name before apply runs', async () => {
    const pipeline = new Pipeline({ plugins: [team] });
    expect(pipeline.registry.get('withTeam')?.plugin).toBe('team');
    expect(pipeline.plugins).toEqual(['team']);
    const { spec, report } = await pipeline.compose({ base: {}, opts: [['withTeam', 'infra', 'ann', 'bo']] });
    expect(spec.annotations).toEqual({ team: 'infra', members: 'ann,bo' });
    expect(report.ok).toBe(true);
  });

  it('makes a plugin factory from a function', () => {
    const factory = definePlugin((name: string) => ({ name, options: [withTeam] }));
    const pipeline = new Pipeline({ plugins: [factory('team-a')] });
    expect(pipeline.registry.get('withTeam')?.plugin).toBe('team-a');
  });
});

describe("a plugin's errors name the plugin", () => {
  it('an option it registered that throws: OPTION_FAILED with the plugin in the details', async () => {
    const error = await new Pipeline({ plugins: [team] })
      .compose({
        base: {},
        opts: [
          ['withTeam', 'ok'],
          ['withTeam', 'fail'],
        ],
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'OPTION_FAILED',
      message: 'option 1 (withTeam): no such team',
      option: 'withTeam',
      index: 1,
      plugin: 'team',
    });
  });

  it('a bad argument to its option: BAD_ARGUMENT with the plugin in the details', async () => {
    const error = await new Pipeline({ plugins: [team] })
      // @ts-expect-error the team is a string (the compiler refuses what the registry refuses)
      .compose({ base: {}, opts: [['withTeam', 1]] })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'BAD_ARGUMENT',
      message: 'option 0 (withTeam): argument 1: expected string, received number',
      plugin: 'team',
    });
  });

  it('a tap that throws: PLUGIN_FAILED naming the plugin and the hook', async () => {
    const broken = definePlugin({
      name: 'broken',
      apply(pipeline) {
        pipeline.hooks.afterApply.tap('broken', () => {
          throw new Error('kaput');
        });
      },
    });
    await expect(new Pipeline({ plugins: [broken] }).compose({ base: {} })).rejects.toMatchObject({
      code: 'PLUGIN_FAILED',
      message: 'plugin broken (afterApply): kaput',
      plugin: 'broken',
      hook: 'afterApply',
    });
  });
});

describe('hook order', () => {
  it('a tap with a high stage runs after every default-stage tap, whatever the plugin order', async () => {
    const order: string[] = [];
    const last = definePlugin({
      name: 'must-run-last',
      apply(pipeline) {
        pipeline.hooks.afterApply.tap({ name: 'must-run-last', stage: 100 }, (spec) => {
          order.push('must-run-last');
          spec.hostname = 'enforced';
        });
      },
    });
    const other = (name: string) =>
      definePlugin({
        name,
        apply(pipeline) {
          pipeline.hooks.afterApply.tap(name, (spec) => {
            order.push(name);
            spec.hostname = name;
          });
        },
      });
    const early = definePlugin({
      name: 'early',
      apply(pipeline) {
        pipeline.hooks.afterApply.tap({ name: 'early', before: 'a' }, () => {
          order.push('early');
        });
      },
    });
    const { spec } = await new Pipeline({ plugins: [last, other('a'), other('b'), early] }).compose({
      base: {},
    });
    expect(order).toEqual(['early', 'a', 'b', 'must-run-last']);
    expect(spec.hostname).toBe('enforced');
  });
});
