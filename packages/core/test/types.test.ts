/** Type-level tests: checked by `pnpm typecheck` (tsc), and run as no-ops by vitest. */
import type { Draft } from 'immer';
import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import type { SpecOpt } from '../src/compose.js';
import type { SpecContext } from '../src/context.js';
import type { Spec } from '../src/model/index.js';
import type { Plugin } from '../src/pipeline.js';
import { Pipeline } from '../src/pipeline.js';
import { definePlugin } from '../src/plugin.js';
import type { OptDefinition, ResolvedOpt } from '../src/registry.js';
import { defineOpt } from '../src/registry.js';
import type { ValidationReport } from '../src/report.js';

describe('types', () => {
  it('SpecOpt takes a draft and the context, and may be async', () => {
    expectTypeOf<SpecOpt>().parameters.toEqualTypeOf<[Draft<Spec>, SpecContext]>();
    expectTypeOf<SpecOpt>().returns.toEqualTypeOf<void | Promise<void>>();
    expectTypeOf<(spec: Draft<Spec>) => Promise<void>>().toExtend<SpecOpt>();
  });

  it('defineOpt infers the factory arguments from the zod tuple, including optional and rest items', () => {
    const single = defineOpt({
      name: 'withTeam',
      args: z.tuple([z.string()]),
      factory: (team) => {
        expectTypeOf(team).toEqualTypeOf<string>();
        return (spec) => {
          spec.hostname = team;
        };
      },
    });
    expectTypeOf(single.factory).parameters.toEqualTypeOf<[string]>();
    expectTypeOf(single.factory).returns.toEqualTypeOf<SpecOpt>();

    const variadic = defineOpt({
      name: 'withArgs',
      args: z.tuple([z.string()], z.string()),
      factory: (first, ...rest) => {
        expectTypeOf(first).toEqualTypeOf<string>();
        expectTypeOf(rest).toEqualTypeOf<string[]>();
        return () => {};
      },
    });
    expectTypeOf(variadic.factory).parameters.toEqualTypeOf<[string, ...string[]]>();

    const optional = defineOpt({
      name: 'withSize',
      args: z.tuple([z.number(), z.object({ unit: z.enum(['k', 'm']) }).optional()]),
      factory: (size, options) => {
        expectTypeOf(size).toEqualTypeOf<number>();
        expectTypeOf(options).toEqualTypeOf<{ unit: 'k' | 'm' } | undefined>();
        return () => {};
      },
    });
    expectTypeOf(optional).toExtend<OptDefinition>();

    defineOpt({
      name: 'withWrong',
      args: z.tuple([z.string()]),
      // @ts-expect-error the factory's parameter must accept what the schema gives
      factory: (n: number) => () => {
        void n;
      },
    });
  });

  it('registerOpt checks the factory against the schema', () => {
    const pipeline = new Pipeline();
    pipeline.registerOpt(
      'withA',
      (a: string, b?: number) => () => void [a, b],
      z.tuple([z.string(), z.number().optional()]),
    );
    // @ts-expect-error a string argument cannot feed a number parameter
    pipeline.registerOpt('withB', (a: number) => () => void a, z.tuple([z.string()]));
    expectTypeOf(pipeline.registerOpt).toBeFunction();
  });

  it('the hooks have the documented argument tuples', () => {
    const { hooks } = new Pipeline();
    type Args<H> = H extends { call(...args: infer A): unknown }
      ? A
      : H extends { promise(...args: infer A): unknown }
        ? A
        : never;
    expectTypeOf<Args<ReturnType<typeof hooks.defaultSpec.for>>>().toEqualTypeOf<[SpecContext]>();
    expectTypeOf<Args<typeof hooks.beforeApply>>().toEqualTypeOf<[ResolvedOpt[], SpecContext]>();
    expectTypeOf<Args<typeof hooks.afterApply>>().toEqualTypeOf<[Draft<Spec>, SpecContext]>();
    expectTypeOf<Args<typeof hooks.validate>>().toEqualTypeOf<[Spec, ValidationReport, SpecContext]>();
    expectTypeOf<Args<typeof hooks.done>>().toEqualTypeOf<[Spec, ValidationReport, SpecContext]>();
    expectTypeOf(hooks.beforeApply.call).returns.toEqualTypeOf<ResolvedOpt[]>();
  });

  it('definePlugin keeps the plugin type and types apply and the options', () => {
    const plugin = definePlugin({
      name: 'team',
      options: [defineOpt({ name: 'withTeam', args: z.tuple([z.string()]), factory: () => () => {} })],
      apply(pipeline) {
        expectTypeOf(pipeline).toEqualTypeOf<Pipeline>();
      },
    });
    expectTypeOf(plugin).toExtend<Plugin>();
    expectTypeOf(plugin.name).toEqualTypeOf<'team'>();
    const factory = definePlugin((options: { team: string }) => ({ name: `team-${options.team}` }));
    expectTypeOf(factory).parameters.toEqualTypeOf<[{ team: string }]>();
    expectTypeOf(factory).returns.toExtend<Plugin>();
  });
});
