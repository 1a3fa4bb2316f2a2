/**
 * The option registry: names → definitions (from `defineOpt`), and the resolution of a pipeline's JSON calls
 * (`["withHostname", "web"]`) into options, with the arguments checked as the typed factories check them.
 */
import type { SpecOpt } from './contract.js';
import type { AnyOptDefinition } from './define.js';
import { closestName } from './did-you-mean.js';
import { OcispecError } from './errors.js';

/**
 * One option call as JSON gives it: the option's name and its arguments, unchecked (a pipeline file's `opts`
 * entry). In TypeScript, write calls as `OptCall` (checked against the registered options' types).
 */
export type UntypedOptCall = readonly [name: string, ...args: unknown[]];

/** A registered option, with the plugin that registered it. */
export interface RegisteredOpt {
  readonly name: string;
  readonly definition: AnyOptDefinition;
  /** The plugin that registered the option. */
  readonly plugin: string;
}

/** An option call resolved against the registry: checked arguments and the option built from them. */
export interface ResolvedOpt {
  readonly name: string;
  readonly args: readonly unknown[];
  readonly opt: SpecOpt;
  /** The plugin that registered the option. */
  readonly plugin: string;
}

/** The option registry: names → definitions; resolves JSON option calls with argument validation. */
export class OptRegistry {
  readonly #opts = new Map<string, RegisteredOpt>();

  /** Registers an option. A name registered twice is an error naming both plugins. */
  register(definition: AnyOptDefinition, plugin: string): void {
    const name = definition.name;
    const existing = this.#opts.get(name);
    if (existing !== undefined) {
      throw new OcispecError(
        'DUPLICATE_OPTION',
        `option ${name} is registered twice: by ${existing.plugin} and by ${plugin}`,
        { option: name, plugin },
      );
    }
    this.#opts.set(name, { name, definition, plugin });
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
   * Resolves one call: checks that the option exists (with a did-you-mean) and that its arguments are what the
   * option takes (naming the argument's position and what was expected), then builds the option. `index` is the
   * call's position in its option list.
   */
  resolve(call: UntypedOptCall, index: number): ResolvedOpt {
    const [name, ...args] = call;
    const where = `option ${index} (${name})`;
    const registered = typeof name === 'string' ? this.#opts.get(name) : undefined;
    if (registered === undefined) {
      const hint = typeof name === 'string' ? this.suggest(name) : undefined;
      throw new OcispecError(
        'UNKNOWN_OPTION',
        `${where}: unknown option${hint === undefined ? '' : `; did you mean ${hint}?`}`,
        { option: String(name), index },
      );
    }
    const opt = registered.definition.build(args, { where, option: name, index, plugin: registered.plugin });
    return { name, args, opt, plugin: registered.plugin };
  }

  /**
   * Builds a registered option by name for another option's body (`withImageConfigArgs` runs the linux plugin's
   * `withUser` so): the arguments are checked as any call's; an unknown name is `UNKNOWN_OPTION`.
   */
  build(name: string, args: readonly unknown[]): SpecOpt {
    const registered = this.#opts.get(name);
    if (registered === undefined) {
      throw new OcispecError('UNKNOWN_OPTION', `${name}: no such option is registered`, { option: name });
    }
    return registered.definition.build(args, { where: name, option: name, plugin: registered.plugin });
  }

  /** The registered name closest to `name` (edit distance ≤ 3, or a case-insensitive match), if any. */
  suggest(name: string): string | undefined {
    return closestName(name, this.#opts.keys());
  }
}
