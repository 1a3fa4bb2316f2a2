/**
 * The CLI's entry: parses the command line with the program of `program.ts`, runs the command, and maps every
 * outcome to an exit code: 0 success, 1 a failure the input caused (one line on stderr), 2 a usage error (always:
 * unknown command or flag, bad flag value, missing argument), 141 standard output closed (EPIPE). Never prints a
 * stack trace unless `--debug`.
 */
import { messageOf } from '@ocispec/core';
import { closestName } from '@ocispec/core/internal';
import { CommanderError } from 'commander';
import type { CommandDefinition } from './command.js';
import { COMMANDS } from './commands/index.js';
import type { CliIO } from './io.js';
import { EXIT_EPIPE, OutputError, UsageError } from './io.js';
import { processIO } from './process-io.js';
import type { ParsedCommand } from './program.js';
import { buildProgram } from './program.js';

/** Commander's error codes that are no error. */
const SUCCESS = new Set(['commander.helpDisplayed', 'commander.version']);
/**
 * Help commander printed itself: `help COMMAND` on stdout (exit code 0), or a group's help on stderr when no
 * subcommand was given (a usage error).
 */
const HELP_PRINTED = 'commander.help';

/** Commander's message as one line (`error: unknown option '--x'\n(Did you mean --y?)` → `unknown option ...`). */
function commanderMessage(error: CommanderError): string {
  return error.message
    .replace(/^error: /, '')
    .replace(/\s*\n\s*\(Did you mean (.*)\?\)\s*$/s, ' (did you mean $1?)')
    .replace(/\s*\n\s*/g, ' ')
    .trim();
}

/** Splits off the process after the first `--`. */
function splitProcess(argv: readonly string[]): { args: string[]; processArgs: string[] | undefined } {
  const at = argv.indexOf('--');
  return at < 0
    ? { args: [...argv], processArgs: undefined }
    : { args: argv.slice(0, at), processArgs: argv.slice(at + 1) };
}

/** Runs the CLI and returns the exit code (see the module comment). */
export async function main(
  argv: readonly string[],
  io: CliIO = processIO(),
  commands: readonly CommandDefinition[] = COMMANDS,
): Promise<number> {
  const { args: words, processArgs } = splitProcess(argv);
  const debug = words.includes('--debug');
  const args = groupHelp(
    words.filter((a) => a !== '--debug'),
    commands,
  );
  let parsed: ParsedCommand | undefined;
  const program = buildProgram(
    io,
    commands,
    (p) => {
      parsed = p;
    },
    args[0],
  );
  try {
    if (args.length === 0) {
      io.stderr(program.helpInformation());
      return 2;
    }
    unknownCommand(args, commands);
    await program.parseAsync(args, { from: 'user' });
    if (parsed === undefined) return 0;
    const command = parsed.definition;
    if (processArgs !== undefined && command.processArgs !== true) {
      throw new UsageError(`${parsed.name}: takes no process (nothing may follow --)`);
    }
    return await command.run({ io, args: parsed.args, flags: parsed.flags, processArgs });
  } catch (error) {
    return failure(error, io, debug, parsed?.name ?? commandNamed(args, commands));
  }
}

/** `help GROUP SUB ...` as `GROUP help SUB ...` (commander's help command reads one word: the group's). */
function groupHelp(args: string[], commands: readonly CommandDefinition[]): string[] {
  const [word, group, ...rest] = args;
  const isGroup = commands.some((c) => c.name === group && c.subcommands !== undefined);
  return word === 'help' && isGroup && rest.length > 0 ? [group!, 'help', ...rest] : args;
}

/**
 * The command the words name, for an error commander raised before the command ran: `cdi list` for
 * `cdi --json list`, `cdi` for a group's unknown subcommand; undefined when the first word is no command.
 */
function commandNamed(args: readonly string[], commands: readonly CommandDefinition[]): string | undefined {
  const [first, second] = args.filter((a) => !a.startsWith('-'));
  const command = commands.find((c) => c.name === first);
  if (command === undefined) return undefined;
  const sub = command.subcommands?.find((c) => c.name === second);
  return sub === undefined ? command.name : `${command.name} ${sub.name}`;
}

/**
 * An unknown command word (before commander, which would print the program's help for `NAME --help`): looked up
 * by name among the definitions, so `constructor` or `__proto__` is no command.
 */
function unknownCommand(args: readonly string[], commands: readonly CommandDefinition[]): void {
  const words = args.filter((a) => !a.startsWith('-'));
  const word = words[0] === 'help' ? words[1] : words[0];
  if (word === undefined || commands.some((c) => c.name === word)) return;
  if (word === 'help' && words[0] !== 'help') return;
  const hint = closestName(
    word,
    commands.map((c) => c.name),
  );
  throw new UsageError(
    `: unknown command ${JSON.stringify(word)}${hint === undefined ? '' : ` (did you mean ${hint}?)`}`,
  );
}

function failure(error: unknown, io: CliIO, debug: boolean, command: string | undefined): number {
  const prefix = command === undefined ? 'ocispec' : `ocispec ${command}`;
  const help = command === undefined ? 'ocispec --help' : `ocispec ${command} --help`;
  try {
    if (error instanceof CommanderError) {
      if (SUCCESS.has(error.code)) return 0;
      if (error.code === HELP_PRINTED) return error.exitCode === 0 ? 0 : 2;
      io.stderr(`${prefix}: ${commanderMessage(error)}\nSee '${help}'.\n`);
      return 2;
    }
    if (error instanceof UsageError) {
      io.stderr(`ocispec${error.message.startsWith(':') ? '' : ' '}${error.message}\nSee '${help}'.\n`);
      return 2;
    }
    if (error instanceof OutputError) {
      if (error.code === 'EPIPE') return EXIT_EPIPE;
      io.stderr(`ocispec: ${error.message}\n`);
      return 1;
    }
    if (debug && error instanceof Error) io.stderr(`${error.stack ?? error.message}\n`);
    else io.stderr(`ocispec: ${messageOf(error)}\n`);
    return 1;
  } catch (reportError) {
    // stderr itself failed: nothing more to say.
    return reportError instanceof OutputError && reportError.code === 'EPIPE' ? EXIT_EPIPE : 1;
  }
}
