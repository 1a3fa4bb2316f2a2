/**
 * How a command is defined: a name, its help, its arguments and flags, and what it runs. The commander program
 * (`program.ts`), the reference (`docs/cli.md`, `cli-reference.ts`) and the shell completions (`completion.ts`)
 * are all built from these definitions. Adding a command is one file in `commands/` and one line in
 * `commands/index.ts`.
 */
import type { CliIO } from './io.js';

/** A flag: commander's syntax (`-o, --out <FILE>`, `--tty`), its help, and how its value is read. */
export interface FlagDefinition {
  /** `--name`, `-x, --name`, with `<VALUE>` when it takes a value. */
  readonly flags: string;
  readonly description: string;
  /** The allowed values (checked by the parser, listed in help and completion). */
  readonly choices?: readonly string[];
  /** May be given more than once; the value is then the list of every value given. */
  readonly repeatable?: boolean;
  /** Reads one value; throws a `FlagError` (a usage error) for a bad one. */
  readonly parse?: (value: string) => unknown;
  /** What completion offers for the value: files, directories, or registered option names. */
  readonly complete?: 'file' | 'directory' | 'option';
}

/** A bad flag value: commander reports it as a usage error (exit 2). */
export class FlagError extends Error {
  override readonly name = 'FlagError';
}

/** A positional argument. */
export interface ArgumentDefinition {
  readonly name: string;
  readonly description: string;
  readonly required?: boolean;
  /** Takes every remaining word (the last argument only); `args` then holds each of them. */
  readonly variadic?: boolean;
  readonly choices?: readonly string[];
  readonly complete?: 'file';
}

/** What a command's `run` gets. */
export interface CommandContext {
  readonly io: CliIO;
  /** The positional arguments, in order (a variadic last argument is spread). */
  readonly args: readonly string[];
  /** Flag values by long name as written (`host-pid`), repeatable ones as lists; absent flags are absent. */
  readonly flags: FlagValues;
  /** The words after `--`, for commands that take a process (`spec`, `generate`). */
  readonly processArgs: readonly string[] | undefined;
}

/** Flag values by long name (`rootfs-mode`). */
export type FlagValues = Readonly<Record<string, unknown>>;

export interface CommandDefinition {
  readonly name: string;
  /** One line, for the command list. */
  readonly summary: string;
  /** The help text's body: what the command does, its exit codes (plain text, wrapped by the help). */
  readonly description: string;
  readonly arguments?: readonly ArgumentDefinition[];
  /** The flags, in help order (shared groups come from `flags.ts`). */
  readonly flags: readonly FlagDefinition[];
  /** Takes `-- CMD ARGS...` as the container's process. */
  readonly processArgs?: boolean;
  /** More for docs/cli.md only (markdown), after the usage and description. */
  readonly reference?: string;
  /** Runs the command; resolves to its exit code. */
  readonly run: (context: CommandContext) => Promise<number>;
  /**
   * The commands this one groups (`ocispec cdi list`, `ocispec cdi validate`), each a definition of its own; see
   * `defineCommandGroup`. A group takes no arguments or flags itself, and `ocispec GROUP` alone prints its
   * help (exit 2).
   */
  readonly subcommands?: readonly CommandDefinition[];
}

/** Identity, for type inference in command files. */
export function defineCommand(definition: CommandDefinition): CommandDefinition {
  return definition;
}

/** What a command group is: its name and help, and its subcommands. */
export interface CommandGroupDefinition {
  readonly name: string;
  readonly summary: string;
  readonly description: string;
  readonly reference?: string;
  readonly subcommands: readonly CommandDefinition[];
}

/** A command that groups subcommands (`ocispec cdi list|validate`): no arguments, no flags, nothing to run. */
export function defineCommandGroup(group: CommandGroupDefinition): CommandDefinition {
  return {
    ...group,
    flags: [],
    run: () => Promise.reject(new Error(`${group.name} is a command group: run one of its subcommands`)),
  };
}

/** The definitions that run (a group's subcommands in its place), each with its full name (`cdi list`). */
export function runnableCommands(
  commands: readonly CommandDefinition[],
): { readonly name: string; readonly definition: CommandDefinition }[] {
  return commands.flatMap((command) =>
    command.subcommands === undefined
      ? [{ name: command.name, definition: command }]
      : command.subcommands.map((sub) => ({ name: `${command.name} ${sub.name}`, definition: sub })),
  );
}

/** The long name of a flag definition (`--rootfs-mode <MODE>` → `rootfs-mode`). */
export function longName(flag: FlagDefinition): string {
  const match = /--([a-z0-9][a-z0-9-]*)/.exec(flag.flags);
  if (match === null) throw new Error(`flag ${flag.flags} has no long name`);
  return match[1]!;
}

/** Whether a flag takes a value. */
export function takesValue(flag: FlagDefinition): boolean {
  return /[<[]/.test(flag.flags);
}

/** A flag value read as a string, or undefined. */
export function stringFlag(flags: FlagValues, name: string): string | undefined {
  const value = flags[name];
  return typeof value === 'string' ? value : undefined;
}

/** A repeatable flag's values (empty when absent). */
export function listFlag<T = string>(flags: FlagValues, name: string): readonly T[] {
  const value = flags[name];
  return Array.isArray(value) ? (value as T[]) : [];
}

/** A boolean flag. */
export function booleanFlag(flags: FlagValues, name: string): boolean {
  return flags[name] === true;
}
