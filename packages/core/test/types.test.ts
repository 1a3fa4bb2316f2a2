/** Type-level tests: checked by `pnpm typecheck` (tsc), and run as no-ops by vitest. */
import type { Draft } from 'immer';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import type { SpecOpt } from '../src/compose.js';
import type { SpecContext } from '../src/context.js';
import type { AnyOptDefinition, OptDefinition } from '../src/define.js';
import { defineOpt } from '../src/define.js';
import type { FrozenSpec } from '../src/engine.js';
import type { OptionTypes } from '../src/index.js';
import type { Spec } from '../src/model/index.js';
import type { OptCall } from '../src/option-types.js';
import { withAnnotations, withEnv, withHostname, withTTYSize, withUIDGID } from '../src/options/index.js';
import type { Plugin } from '../src/pipeline.js';
import { Pipeline } from '../src/pipeline.js';
import { definePlugin } from '../src/plugin.js';
import type { ResolvedOpt } from '../src/registry.js';
import type { ValidationReport } from '../src/report.js';

describe('types', () => {
  it('SpecOpt takes a draft and the context, and may be async', () => {
    expectTypeOf<SpecOpt>().parameters.toEqualTypeOf<[Draft<Spec>, SpecContext]>();
    expectTypeOf<SpecOpt>().returns.toEqualTypeOf<void | Promise<void>>();
    expectTypeOf<(spec: Draft<Spec>) => Promise<void>>().toExtend<SpecOpt>();
  });

  it("defineOpt gives the body zod's output and the factory zod's input, including optional and rest items", () => {
    const single = defineOpt({
      name: 'withTeam',
      args: z.tuple([z.string()]),
      doc: 'Sets the team.',
      apply(spec, ctx, team) {
        expectTypeOf(spec).toEqualTypeOf<Draft<Spec>>();
        expectTypeOf(ctx).toEqualTypeOf<SpecContext>();
        expectTypeOf(team).toEqualTypeOf<string>();
        spec.hostname = team;
      },
    });
    expectTypeOf(single).parameters.toEqualTypeOf<[string]>();
    expectTypeOf<ReturnType<typeof single>>().toEqualTypeOf<SpecOpt>();
    expectTypeOf<typeof single.name>().toEqualTypeOf<'withTeam'>();
    expectTypeOf(single).toExtend<AnyOptDefinition>();

    const variadic = defineOpt({
      name: 'withArgs',
      args: z.tuple([z.string()], z.string()),
      doc: 'Sets the args.',
      apply(_spec, _ctx, first, ...rest) {
        expectTypeOf(first).toEqualTypeOf<string>();
        expectTypeOf(rest).toEqualTypeOf<string[]>();
      },
    });
    expectTypeOf(variadic).parameters.toEqualTypeOf<[string, ...string[]]>();

    const transformed = defineOpt({
      name: 'withSize',
      args: z.tuple([z.string().transform((s) => s.length), z.number().default(1)]),
      doc: 'Sets a size.',
      apply(_spec, _ctx, length, factor) {
        expectTypeOf(length).toEqualTypeOf<number>();
        expectTypeOf(factor).toEqualTypeOf<number>();
      },
    });
    expectTypeOf(transformed).parameters.toEqualTypeOf<[string, (number | undefined)?]>();
    expectTypeOf(transformed).toExtend<OptDefinition<'withSize'>>();

    defineOpt({
      name: 'withWrong',
      args: z.tuple([z.string()]),
      doc: 'Wrong.',
      // @ts-expect-error the body's parameter must accept what the schema gives
      apply(_spec, _ctx, n: number) {
        void n;
      },
    });
  });

  it('the typed factories of the built-in options refuse what their schemas refuse', () => {
    withHostname('web');
    withUIDGID(1000, 1000);
    withTTYSize(80n, 24);
    withEnv(['A=1'] as const);
    withAnnotations(null);
    // Compiled, never run (each would throw BAD_ARGUMENT at run time too):
    const refused = () => {
      // @ts-expect-error a hostname is a string
      withHostname(42);
      // @ts-expect-error two ids
      withUIDGID(1000);
    };
    void refused;
  });

  it('OptCall is derived from the registered options: wrong arguments and misspelt names do not compile', () => {
    const good: OptCall[] = [
      ['withHostname', 'web'],
      ['withEnv', ['A=1']],
      ['withUIDGID', 0, 0],
      ['compose', ['withHostname', 'a'], ['withTTY']],
    ];
    void good;
    // @ts-expect-error a number is no hostname
    const wrongType: OptCall = ['withHostname', 42];
    // @ts-expect-error a misspelt option name
    const misspelt: OptCall = ['withHostnme', 'web'];
    // @ts-expect-error too many arguments
    const tooMany: OptCall = ['withTTY', true];
    // @ts-expect-error nested calls are checked too
    const nested: OptCall = ['compose', ['withHostname', 1]];
    void [wrongType, misspelt, tooMany, nested];
    expectTypeOf<OptionTypes['withHostname']>().toEqualTypeOf<readonly [string]>();
    const pipeline = new Pipeline();
    // @ts-expect-error Pipeline.compose takes OptCall
    const wrongCompose = () => pipeline.compose({ opts: [['withHostname', 42]] });
    void wrongCompose;
  });

  it("a composition's result is typed deep-readonly (it is deep-frozen)", () => {
    const readOnly = async () => {
      const { spec } = await new Pipeline().compose({ base: {} });
      expectTypeOf(spec).toEqualTypeOf<FrozenSpec>();
      // @ts-expect-error the result is frozen
      spec.hostname = 'x';
      // @ts-expect-error nested lists too
      spec.process?.env?.push('A=1');
      const again = await new Pipeline().compose({ base: spec });
      void again;
    };
    void readOnly;
  });

  it('registerOpt takes definitions', () => {
    const pipeline = new Pipeline();
    pipeline.registerOpt(withHostname);
    // @ts-expect-error a factory alone is no definition (and fails at run time too)
    expect(() => pipeline.registerOpt((name: string) => withHostname(name))).toThrow(TypeError);
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
    expectTypeOf<Args<typeof hooks.validate>>().toEqualTypeOf<[FrozenSpec, ValidationReport, SpecContext]>();
    expectTypeOf<Args<typeof hooks.done>>().toEqualTypeOf<[FrozenSpec, ValidationReport, SpecContext]>();
    expectTypeOf(hooks.beforeApply.call).returns.toEqualTypeOf<ResolvedOpt[]>();
  });

  it('definePlugin keeps the plugin type and types apply and the options', () => {
    const withTeam = defineOpt({ name: 'withTeam', args: z.tuple([z.string()]), doc: 'Team.', apply() {} });
    const plugin = definePlugin({
      name: 'team',
      options: [withTeam],
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
