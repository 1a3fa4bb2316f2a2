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
  /** Its full name: `spec`, `cdi list`. */
  readonly name: string;
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

/**
 * The program; `found` receives the command line commander parsed (the command runs after `parseAsync`). `first`
 * is the line's first word: when it names a command, only that command gets its arguments, flags and action, and
 * the others their name and summary (a line that starts with a command never shows the program's help, the one
 * place commander reads another command's flags; building the flags of all twelve is a millisecond of start-up).
 */
export function buildProgram(
  io: CliIO,
  commands: readonly CommandDefinition[],
  found: (parsed: ParsedCommand) => void,
  first?: string,
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
  const named = commands.some((c) => c.name === first) ? first : undefined;
  for (const definition of commands) {
    if (named === undefined || definition.name === named) addCommand(program, definition, [], found);
    else program.command(definition.name).summary(definition.summary).description(definition.description);
  }
  return program;
}

/**
 * Adds a command (and a group's subcommands, under it) to `parent`; `path` is the names of the groups above it.
 * A group has no action: commander prints its help for `ocispec GROUP` alone, and refuses an unknown subcommand
 * with a did-you-mean.
 */
function addCommand(
  parent: Command,
  definition: CommandDefinition,
  path: readonly string[],
  found: (parsed: ParsedCommand) => void,
): void {
  const name = [...path, definition.name].join(' ');
  const command = parent
    .command(definition.name)
    .summary(definition.summary)
    .description(definition.description);
  if (definition.subcommands !== undefined) {
    for (const sub of definition.subcommands) addCommand(command, sub, [...path, definition.name], found);
    return;
  }
  for (const arg of definition.arguments ?? []) {
    const variadic = arg.variadic === true ? '...' : '';
    const a = new Argument(
      arg.required === true ? `<${arg.name}${variadic}>` : `[${arg.name}${variadic}]`,
      arg.description,
    );
    if (arg.choices !== undefined) a.choices([...arg.choices]);
    command.addArgument(a);
  }
  for (const flag of definition.flags) command.addOption(option(flag));
  if (definition.processArgs === true) {
    command.addHelpText(
      'after',
      `\nAfter --, the container process: ocispec ${name} [FLAGS] -- CMD [ARGS...]`,
    );
  }
  command.exitOverride().action(() => {
    // A variadic last argument comes as a list: spread it.
    const args = (command.processedArgs as unknown[]).flat() as string[];
    found({ name, definition, args, flags: flagValues(command, definition) });
  });
}
