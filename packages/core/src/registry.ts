import { z } from 'zod';
import type { SpecOpt } from './compose.js';
import { specOpt } from './compose.js';
import { isOcispecError, messageOf, OcispecError } from './errors.js';
import { nonJsonArgument } from './json-args.js';
import { toPointer } from './model/index.js';
import { describeIssue } from './zod-issues.js';

/** A tuple schema of an option's arguments, in the Go parameters' order (a rest element for variadics). */
export type ArgsSchema = z.ZodTuple<z.core.util.TupleItems, z.core.SomeType | null>;

/** Describes an option for the registry: its name, argument schema, factory and documentation. */
export interface OptDefinition<S extends ArgsSchema = ArgsSchema> {
  /** containerd's Go name with the first letter lower-cased (`withCPUCFS`), or a plugin's own name. */
  readonly name: string;
  readonly args: S;
  readonly factory: (...args: z.output<S>) => SpecOpt;
  /** One line: what the option does to the spec. */
  readonly doc?: string;
  /** The containerd function it re-implements, if any (`oci.WithHostname`). */
  readonly containerd?: string;
}

/** A registered option, with the plugin that registered it. */
export interface RegisteredOpt extends OptDefinition {
  readonly plugin: string;
}

/**
 * Defines an option with full type inference from its argument schema. The factory's result is named after the
 * option, so errors and provenance name it.
 */
export function defineOpt<S extends ArgsSchema>(definition: OptDefinition<S>): OptDefinition<S> {
  const factory = (...args: z.output<S>): SpecOpt => specOpt(definition.name, definition.factory(...args));
  return { ...definition, factory };
}

/** One option call of a pipeline: the option's name and its JSON arguments. */
export type OptCall = readonly [name: string, ...args: unknown[]];

/** An option call resolved against the registry: validated arguments and the option built from them. */
export interface ResolvedOpt {
  readonly name: string;
  readonly args: readonly unknown[];
  readonly opt: SpecOpt;
  /** The plugin that registered the option. */
  readonly plugin: string;
}

/** Arities by schema: computed once per option, not per call (probing optional items allocates zod issues). */
const arities = new WeakMap<ArgsSchema, { min: number; max: number }>();

function arity(schema: ArgsSchema): { min: number; max: number } {
  const known = arities.get(schema);
  if (known !== undefined) return known;
  const items = schema.def.items;
  let min = items.length;
  while (min > 0 && z.safeParse(items[min - 1] as z.ZodType, undefined).success) min--;
  const computed = { min, max: schema.def.rest === null ? items.length : Number.POSITIVE_INFINITY };
  arities.set(schema, computed);
  return computed;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The option registry: names → definitions; resolves JSON option calls with argument validation. */
export class OptRegistry {
  readonly #opts = new Map<string, RegisteredOpt>();

  /** Registers an option. A name registered twice is an error naming both plugins. */
  register(definition: OptDefinition, plugin: string): void {
    const existing = this.#opts.get(definition.name);
    if (existing !== undefined) {
      throw new OcispecError(
        'DUPLICATE_OPTION',
        `option ${definition.name} is registered twice: by ${existing.plugin} and by ${plugin}`,
        { option: definition.name, plugin },
      );
    }
    this.#opts.set(definition.name, { ...definition, plugin });
  }

  has(name: string): boolean {
    return this.#opts.has(name);
  }

  get(name: string): RegisteredOpt | undefined {
    return this.#opts.get(name);
  }

  /** All registered options, in registration order. */
  list(): RegisteredOpt[] {
    return [...this.#opts.values()];
  }

  /**
   * Resolves one call: checks that the option exists (with a did-you-mean) and that its arguments match the schema
   * (naming the argument's position and what was expected), then builds the option. `index` is the call's position.
   */
  resolve(call: OptCall, index: number): ResolvedOpt {
    const [name, ...args] = call;
    const where = `option ${index} (${name})`;
    const definition = this.#opts.get(name);
    if (definition === undefined) {
      const hint = this.suggest(name);
      throw new OcispecError(
        'UNKNOWN_OPTION',
        `${where}: unknown option${hint === undefined ? '' : `; did you mean ${hint}?`}`,
        { option: name, index },
      );
    }
    const { min, max } = arity(definition.args);
    if (args.length < min || args.length > max) {
      const expected =
        max === Number.POSITIVE_INFINITY
          ? `at least ${plural(min, 'argument')}`
          : min === max
            ? plural(min, 'argument')
            : `${min} to ${plural(max, 'argument')}`;
      throw new OcispecError('BAD_ARGUMENT', `${where}: expected ${expected}, received ${args.length}`, {
        option: name,
        index,
        plugin: definition.plugin,
      });
    }
    const notJson = nonJsonArgument(args);
    if (notJson !== undefined) {
      const at = notJson.pointer === '' ? '' : ` at ${notJson.pointer}`;
      throw new OcispecError(
        'BAD_ARGUMENT',
        `${where}: argument ${notJson.argument + 1}${at}: ${notJson.problem}`,
        {
          option: name,
          index,
          plugin: definition.plugin,
        },
      );
    }
    const parsed = definition.args.safeParse(args);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const [position, ...rest] = issue.path;
      const argument = typeof position === 'number' ? `argument ${position + 1}` : 'arguments';
      const pointer = rest.length > 0 ? ` at ${toPointer(rest as (string | number)[])}` : '';
      throw new OcispecError('BAD_ARGUMENT', `${where}: ${argument}${pointer}: ${describeIssue(issue)}`, {
        option: name,
        index,
        plugin: definition.plugin,
      });
    }
    // The original arguments are passed on, not zod's copies: unknown fields and exact integers survive.
    let opt: SpecOpt;
    try {
      opt = definition.factory(...(args as z.output<ArgsSchema>));
    } catch (error) {
      const code = isOcispecError(error) ? error.code : 'BAD_ARGUMENT';
      throw new OcispecError(code, `${where}: ${messageOf(error)}`, {
        option: name,
        index,
        plugin: definition.plugin,
        cause: error,
      });
    }
    return { name, args, opt, plugin: definition.plugin };
  }

  /** The registered name closest to `name` (edit distance ≤ 3, or a case-insensitive match), if any. */
  suggest(name: string): string | undefined {
    let best: string | undefined;
    let bestDistance = Number.POSITIVE_INFINITY;
    for (const candidate of this.#opts.keys()) {
      if (candidate.toLowerCase() === name.toLowerCase()) return candidate;
      const d = editDistance(name.toLowerCase(), candidate.toLowerCase());
      if (d < bestDistance) {
        bestDistance = d;
        best = candidate;
      }
    }
    return bestDistance <= Math.max(2, Math.min(3, Math.floor(name.length / 4))) ? best : undefined;
  }
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const next = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = next;
    }
  }
  return row[b.length]!;
}

export { z };
