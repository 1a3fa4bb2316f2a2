/**
 * The flags several commands share, declared once, and the parsers of flag values. Every numeric flag refuses an
 * empty or non-numeric value (`--indent ""` is a usage error, never 0).
 */
import type { FlagDefinition, FlagValues } from './command.js';
import { FlagError } from './command.js';

/** A decimal integer in `[min, max]`; anything else (empty, `1.5`, `0x10`, ` 3`) is a usage error. */
export function integerParser(min: number, max: number): (value: string) => number {
  return (value) => {
    if (!/^-?(0|[1-9]\d*)$/.test(value)) throw new FlagError(`expected an integer from ${min} to ${max}`);
    const n = Number(value);
    if (n < min || n > max) throw new FlagError(`expected an integer from ${min} to ${max}`);
    return n;
  };
}

/** `KEY=VALUE` with a non-empty key; `what` names the pair in the error. */
export function keyValueParser(what = 'KEY=VALUE'): (value: string) => readonly [string, string] {
  return (value) => {
    const eq = value.indexOf('=');
    if (eq <= 0) throw new FlagError(`expected ${what}`);
    return [value.slice(0, eq), value.slice(eq + 1)];
  };
}

/** A non-empty string. */
export function nonEmpty(value: string): string {
  if (value === '') throw new FlagError('expected a non-empty value');
  return value;
}

/** `--indent N`: spaces of indentation, 0 for compact output (default 4, as `ctr oci spec`). */
export const indentFlag: FlagDefinition = {
  flags: '--indent <N>',
  description: 'indentation of the JSON output: 0 (compact) to 10 spaces (default 4)',
  parse: integerParser(0, 10),
};

/** The indentation a command prints with. */
export function indentOf(flags: FlagValues): number {
  return typeof flags.indent === 'number' ? flags.indent : 4;
}

/** `-o, --output FILE`: the JSON written to FILE atomically instead of standard output. */
export const outputFlag: FlagDefinition = {
  flags: '-o, --output <FILE>',
  description: 'write to FILE (atomically: a failure leaves FILE as it was) instead of standard output',
  parse: nonEmpty,
  complete: 'file',
};

/**
 * The flags of every command that runs a pipeline file (`generate`, `explain`, `bundle`). The plugin-trust,
 * files-root and input-size flags join this list.
 */
export const pipelineFlags: readonly FlagDefinition[] = [
  {
    flags: '--plugin <MODULE>',
    description:
      'add a plugin module (path or package, resolved from the current directory) to every pipeline',
    repeatable: true,
    parse: nonEmpty,
    complete: 'file',
  },
  {
    flags: '--config <CONFIG.toml>',
    description:
      'a containerd config.toml (version 2 or 3): a pipeline\'s "runtime" names one of its runtimes; a pipeline with no runtime and no base uses default_runtime_name',
    parse: nonEmpty,
    complete: 'file',
  },
  { flags: '--strict', description: 'reject unknown fields in base specs (otherwise kept, with a warning)' },
  { flags: '--quiet', description: 'do not print warnings' },
];
