/**
 * The commander program built from the command definitions: per-command help, `--version`, did-you-mean for
 * commands and flags (commander's), flag values parsed by the definitions' parsers, colour in help on a terminal.
 * Commander never exits the process or writes by itself here: output goes through the {@link CliIO}, errors come
 * back as thrown `CommanderError`s that `main` turns into exit codes.
 */
import { Argument, Command, InvalidArgumentError, Option } from 'commander';
import type { CommandDefinition, FlagDefinition, FlagValues } from './command.js';
import { FlagError, longName } from './command.js';
import type { CliIO } from './io.js';
import { QUICK_FLAG_DEFINITIONS } from './quick-flags.js';
import { VERSION } from './version.js';

/** A parsed command line: the command to run, its arguments and flag values. */
export interface ParsedCommand {
  readonly definition: CommandDefinition;
  readonly args: readonly string[];
  readonly flags: FlagValues;
}

const QUICK = new Set(QUICK_FLAG_DEFINITIONS);

const BOLD = (text: string) => `\u001b[1m${text}\u001b[22m`;
const CYAN = (text: string) => `\u001b[36m${text}\u001b[39m`;

function option(flag: FlagDefinition): Option {
  const o = new Option(flag.flags, flag.description);
  if (flag.choices !== undefined) o.choices([...flag.choices]);
  const parse = flag.parse;
  if (parse !== undefined || flag.repeatable === true) {
    o.argParser((value: string, previous: unknown) => {
      let parsed: unknown = value;
      if (flag.choices !== undefined && !flag.choices.includes(value)) {
        throw new InvalidArgumentError(`Allowed choices are ${flag.choices.join(', ')}.`);
      }
      if (parse !== undefined) {
        try {
          parsed = parse(value);
        } catch (error) {
          if (error instanceof FlagError) throw new InvalidArgumentError(error.message);
          throw error;
        }
      }
      return flag.repeatable === true ? [...((previous as unknown[] | undefined) ?? []), parsed] : parsed;
    });
  }
  if (QUICK.has(flag)) o.helpGroup('Quick flags (see docs/cli.md):');
  return o;
}

/** The flag values commander parsed, by long name, only for flags given on the command line. */
function flagValues(command: Command, definition: CommandDefinition): FlagValues {
  const values: Record<string, unknown> = {};
  for (const flag of definition.flags) {
    const o = command.options.find((candidate) => candidate.flags === flag.flags)!;
    const key = o.attributeName();
    if (command.getOptionValueSource(key) !== 'cli') continue;
    const value = command.getOptionValue(key);
    // `--no-new-privileges` is a flag of its own here, not commander's negation of `--new-privileges`.
    values[longName(flag)] = o.negate ? true : value;
  }
  return values;
}

/** The program; `found` receives the command line commander parsed (the command runs after `parseAsync`). */
export function buildProgram(
  io: CliIO,
  commands: readonly CommandDefinition[],
  found: (parsed: ParsedCommand) => void,
): Command {
  const colour = io.colour ?? { stdout: false, stderr: false };
  const program = new Command('ocispec')
    .description('Compose OCI runtime specs the way containerd does.')
    .version(VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'print help')
    .helpCommand('help [COMMAND]', 'print help for a command')
    .option('--debug', 'print stack traces of failures')
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: io.stdout,
      writeErr: io.stderr,
      getOutHasColors: () => colour.stdout,
      getErrHasColors: () => colour.stderr,
      // main prints the error itself (one line, with the hint).
      outputError: () => {},
    })
    .configureHelp({
      showGlobalOptions: true,
      styleTitle: (title) => BOLD(title),
      styleCommandText: (text) => CYAN(text),
      styleOptionTerm: (text) => CYAN(text),
      styleSubcommandTerm: (text) => CYAN(text),
    });
  for (const definition of commands) {
    const command = program
      .command(definition.name)
      .summary(definition.summary)
      .description(definition.description);
    for (const arg of definition.arguments ?? []) {
      const a = new Argument(arg.required === true ? `<${arg.name}>` : `[${arg.name}]`, arg.description);
      if (arg.choices !== undefined) a.choices([...arg.choices]);
      command.addArgument(a);
    }
    for (const flag of definition.flags) command.addOption(option(flag));
    if (definition.processArgs === true) {
      command.addHelpText(
        'after',
        `\nAfter --, the container process: ocispec ${definition.name} [FLAGS] -- CMD [ARGS...]`,
      );
    }
    command.exitOverride().action(() => {
      found({ definition, args: command.processedArgs as string[], flags: flagValues(command, definition) });
    });
  }
  return program;
}
