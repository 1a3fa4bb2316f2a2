/**
 * `defineOpt`: one object per option. From its name, argument schema, doc line, containerd name and body come the
 * typed factory (`withHostname('web')`), the registry entry (`pipeline.registerOpt(withHostname)`), the docs row
 * and the JSON Schema of its arguments. Both ways of calling an option, in code and in a pipeline file, go through
 * the same check (`parseArgs`: plain JSON, arity, schema) with the same message, and the body receives zod's parsed
 * output, deep-frozen (transforms and defaults applied; 64-bit integers exact).
 */
import type { Draft, Immutable } from 'immer';
import { z } from 'zod';
import { noteBuilt } from './builtin-opts.js';
import { specOpt } from './compose.js';
import type { SpecContext, SpecOpt } from './contract.js';
import { freezeJson } from './engine.js';
import type { Spec } from './model/index.js';
import type { ArgsSchema, ArgsSite, JsonSchema } from './option-args.js';
import { argsJsonSchema, parseArgs } from './option-args.js';
import { cloneJson } from './options/draft-values.js';

/** The arguments an option's body receives: zod's output of its schema. */
export type ArgsOf<S extends ArgsSchema> = z.output<S> extends infer A extends readonly unknown[] ? A : never;

/**
 * The arguments its factory takes: zod's input of its schema (optional and defaulted items may be omitted), read-only
 * all the way down (the factory copies what it keeps, so frozen and `as const` values are welcome).
 */
export type ParamsOf<S extends ArgsSchema> =
  Immutable<z.input<S>> extends infer A extends readonly unknown[] ? A : never;

/** What an option does to a draft, given the context and its parsed arguments. */
export type OptBody<A extends readonly unknown[]> = (
  spec: Draft<Spec>,
  ctx: SpecContext,
  ...args: A
) => void | Promise<void>;

/** What {@link defineOpt} takes. */
export interface OptInit<N extends string, S extends ArgsSchema> {
  /** containerd's Go name with the first letter lower-cased (`withCPUCFS`), or a plugin's own name. */
  readonly name: N;
  /**
   * The arguments, a zod tuple in the Go parameters' order (a rest element for variadics), or a function returning
   * it, called once when the option is first built, checked or described (the built-in options use this, so that a
   * start-up builds no argument schema it does not check). Without one, the option takes any arguments that are
   * plain JSON (a plugin written in plain JavaScript, with no zod at hand).
   */
  readonly args?: S | (() => S);
  /** One line: what the option changes in the spec (the first sentence of the option's TSDoc). */
  readonly doc: string;
  /** The containerd function it re-implements (`oci.WithHostname`), if any. */
  readonly containerd?: string;
  /** The body: edits the draft, given zod's parsed (and deep-frozen) arguments. */
  readonly apply: OptBody<ArgsOf<S>>;
}

/**
 * An option defined by {@link defineOpt}: callable as its typed factory, and carrying what the registry, the docs
 * and the JSON Schema are made from.
 */
export interface OptDefinition<N extends string = string, S extends ArgsSchema = ArgsSchema> {
  /** Builds the option; the arguments are checked as a pipeline file's are (a `BAD_ARGUMENT` error naming it). */
  (...args: ParamsOf<S>): SpecOpt;
  readonly name: N;
  readonly args: S;
  readonly doc: string;
  readonly containerd: string | undefined;
  readonly apply: OptBody<ArgsOf<S>>;
  /** Builds the option from a call's JSON arguments; `site` names the call in errors (default: the option). */
  build(args: readonly unknown[], site?: ArgsSite): SpecOpt;
  /** The JSON Schema of the arguments after the name in a pipeline file's call. */
  jsonSchema(): JsonSchema;
}

/**
 * Any option definition, whatever its name and arguments: what the registry and plugins hold. (An
 * `OptDefinition<'withHostname', …>` is one without a cast.)
 */
export interface AnyOptDefinition {
  (...args: never[]): SpecOpt;
  readonly name: string;
  readonly args: ArgsSchema;
  readonly doc: string;
  readonly containerd: string | undefined;
  readonly apply: OptBody<never[]>;
  build(args: readonly unknown[], site?: ArgsSite): SpecOpt;
  jsonSchema(): JsonSchema;
}

/**
 * Defines an option, with the factory's parameters inferred from the zod schema:
 *
 * ```ts
 * /** Sets `annotations["example.com/team"]`. Creates the map. Any OS. *\/
 * export const withTeam = defineOpt({
 *   name: 'withTeam',
 *   args: z.tuple([z.string()]),
 *   doc: 'Sets `annotations["example.com/team"]`.',
 *   apply(spec, _ctx, team) {
 *     assignEntries(spec, 'annotations', { 'example.com/team': team });
 *   },
 * });
 * withTeam('infra'); // a SpecOpt; withTeam(1) fails like ["withTeam", 1] in a pipeline file
 * ```
 */
export function defineOpt<const N extends string, S extends ArgsSchema = AnyArgs>(
  init: OptInit<N, S>,
): OptDefinition<N, S> {
  checkInit(init);
  const { name, apply } = init;
  const args = argsOf(init);
  const own: ArgsSite = { where: name, option: name };
  const build = (raw: readonly unknown[], site: ArgsSite = own): SpecOpt => {
    // A deep-frozen copy: the caller's values are never shared, and finishing skips what the body assigns.
    const parsed = freezeJson(cloneJson(parseArgs(args(), raw, site))) as unknown as ArgsOf<S>;
    return noteBuilt(definition, specOpt(name, bind(apply, parsed)));
  };
  const factory = (...raw: unknown[]): SpecOpt => build(raw);
  Object.defineProperty(factory, 'name', { value: name });
  Object.defineProperty(factory, 'args', { get: args, enumerable: true });
  const members = {
    doc: init.doc,
    containerd: init.containerd,
    apply,
    build,
    jsonSchema: () => argsJsonSchema(args()),
  };
  const definition = Object.freeze(Object.assign(factory, members)) as unknown as OptDefinition<N, S>;
  return definition;
}

/** The option's argument schema, made (and checked) on first use when `args` is a function. */
function argsOf<S extends ArgsSchema>(init: OptInit<string, S>): () => S {
  const given = init.args;
  if (typeof given !== 'function') {
    const schema = given ?? (ANY_ARGS as unknown as S);
    return () => schema;
  }
  let schema: S | undefined;
  return () => {
    if (schema !== undefined) return schema;
    const made: unknown = given();
    if (!(made instanceof z.ZodType)) {
      throw new TypeError(
        `defineOpt: option ${init.name}: args must be a zod tuple (or a function returning one)`,
      );
    }
    schema = made as S;
    return schema;
  };
}

/**
 * What plain JavaScript can get wrong (TypeScript checks it): an option needs a name, a doc line and a body, and
 * `registerOpt(name, factory, schema)` is no longer the API.
 */
function checkInit(init: unknown): void {
  const given = init as Partial<Record<keyof OptInit<string, ArgsSchema>, unknown>> | null;
  const problem =
    typeof given !== 'object' || given === null
      ? `expected { name, doc, args?, containerd?, apply }, received ${given === null ? 'null' : typeof given}`
      : typeof given.name !== 'string' || given.name === ''
        ? 'the option needs a name (a non-empty string)'
        : typeof given.apply !== 'function'
          ? `option ${given.name} needs an apply(spec, ctx, ...args) function`
          : typeof given.doc !== 'string'
            ? `option ${given.name} needs a doc line (a string)`
            : given.args !== undefined &&
                typeof given.args !== 'function' &&
                !(given.args instanceof z.ZodType)
              ? `option ${given.name}: args must be a zod tuple (or a function returning one)`
              : undefined;
  if (problem !== undefined) throw new TypeError(`defineOpt: ${problem}`);
}

/** The schema of an option that declares none: any number of arguments, each plain JSON. */
export type AnyArgs = z.ZodTuple<[], z.ZodUnknown>;
const ANY_ARGS: AnyArgs = z.tuple([]).rest(z.unknown());

/** Whether a value is an option definition (from {@link defineOpt}). */
export function isOptDefinition(value: unknown): value is AnyOptDefinition {
  return (
    typeof value === 'function' &&
    typeof (value as Partial<AnyOptDefinition>).build === 'function' &&
    typeof (value as Partial<AnyOptDefinition>).jsonSchema === 'function'
  );
}

/**
 * The option a body and its parsed arguments make. One or two arguments (most options) are passed without a
 * spread, which costs a call-with-spread per application (N options of one argument each; test/bench's scaling
 * rows).
 */
function bind<A extends readonly unknown[]>(
  apply: OptBody<A>,
  parsed: A,
): (spec: Draft<Spec>, ctx: SpecContext) => void | Promise<void> {
  const call = apply as (
    spec: Draft<Spec>,
    ctx: SpecContext,
    ...args: readonly unknown[]
  ) => void | Promise<void>;
  if (parsed.length === 1) {
    const [first] = parsed;
    return (spec, ctx) => call(spec, ctx, first);
  }
  if (parsed.length === 2) {
    const [first, second] = parsed;
    return (spec, ctx) => call(spec, ctx, first, second);
  }
  return (spec, ctx) => call(spec, ctx, ...parsed);
}
