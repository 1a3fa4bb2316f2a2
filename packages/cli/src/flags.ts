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

const SIZE_UNITS: Readonly<Record<string, number>> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };
const SIZE = /^([0-9]+)\s*([kmg]?)(?:i?b)?$/i;

/**
 * A size in bytes: a number, or with a binary unit (`512K`, `64M`, `1G`, `64MiB`); anything else (empty, `0`,
 * `1.5M`, `64X`, beyond 2^53) is a usage error.
 */
export function sizeParser(value: string): number {
  const match = SIZE.exec(value.trim());
  const bytes = match === null ? Number.NaN : Number(match[1]) * SIZE_UNITS[match[2]!.toLowerCase()]!;
  if (!Number.isSafeInteger(bytes) || bytes <= 0) {
    throw new FlagError('expected a positive number of bytes (e.g. 1048576, 512K, 64M, 1G)');
  }
  return bytes;
}

/**
 * `--max-input-size N`: the largest file or standard input a command reads (core's `maxInputBytes`, the base-spec
 * store's `maxBytes`). Every command that reads input takes it.
 */
export const maxInputSizeFlag: FlagDefinition = {
  flags: '--max-input-size <N>',
  description:
    'the largest input file or standard input read: bytes, or 512K, 64M, 1G (default 64 MiB for pipeline files, 10 MiB for spec files)',
  parse: sizeParser,
};

/** `--plugin MODULE`: a plugin module loaded into every pipeline (core's `pluginModules`). */
export const pluginModuleFlag: FlagDefinition = {
  flags: '--plugin <MODULE>',
  description:
    'add a plugin module (path or package, resolved from the current directory) to every pipeline; consent for a pipeline file naming the same module',
  repeatable: true,
  parse: nonEmpty,
  complete: 'file',
};

/** `--allow-plugins`: import the plugin modules pipeline files name (core's `allowPlugins`). */
export const allowPluginsFlag: FlagDefinition = {
  flags: '--allow-plugins',
  description:
    'import the plugin modules pipeline files name in "plugins" (a pipeline file is data: without this, only modules also given with --plugin)',
};

/** `--files-root DIR`: the host files pipelines name must resolve beneath DIR (core's `filesRoot`). */
export const filesRootFlag: FlagDefinition = {
  flags: '--files-root <DIR>',
  description:
    'the files pipelines name (bases, env files, seccomp profiles, withSpecFromFile) must resolve beneath DIR, symlinks included',
  parse: nonEmpty,
  complete: 'directory',
};

/**
 * `--cdi-spec-dir DIR`: where `withCDIDevices` reads CDI specs (the cdi plugin's `specDirs`), lowest priority
 * first; given, the directories replace the defaults and a pipeline's `cdiSpecDirs`.
 */
export const cdiSpecDirFlag: FlagDefinition = {
  flags: '--cdi-spec-dir <DIR>',
  description:
    "a CDI spec directory for withCDIDevices, lowest priority first: replaces the defaults /etc/cdi then /var/run/cdi, and the pipeline's cdiSpecDirs",
  repeatable: true,
  parse: nonEmpty,
  complete: 'directory',
};

/** `--strict`: unknown fields, repeated or case-folded keys and invalid UTF-8 in base specs are errors. */
export const strictFlag: FlagDefinition = {
  flags: '--strict',
  description:
    'reject unknown fields, repeated or case-folded keys and invalid UTF-8 in base specs (otherwise read as containerd reads them, with a warning)',
};

/** `--quiet`: no warnings on stderr. */
export const quietFlag: FlagDefinition = { flags: '--quiet', description: 'do not print warnings' };

/**
 * What decides which plugins a pipeline file may run and which files it may read: `--plugin`, `--allow-plugins`,
 * `--files-root`, `--max-input-size` (see `input-flags.ts` for what they map to, docs/security.md for why).
 */
export const pipelineTrustFlags: readonly FlagDefinition[] = [
  pluginModuleFlag,
  allowPluginsFlag,
  filesRootFlag,
  maxInputSizeFlag,
];

/** The flags of every command that runs pipeline files through the base-spec store (`generate`, `explain`). */
export const pipelineFlags: readonly FlagDefinition[] = [
  ...pipelineTrustFlags,
  cdiSpecDirFlag,
  {
    flags: '--config <CONFIG.toml>',
    description:
      'a containerd config.toml (version 2 or 3): a pipeline\'s "runtime" names one of its runtimes; a pipeline with no runtime and no base uses default_runtime_name',
    parse: nonEmpty,
    complete: 'file',
  },
  strictFlag,
  quietFlag,
];
