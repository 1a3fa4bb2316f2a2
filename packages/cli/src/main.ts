import { messageOf } from '@ocispec/core';
import { bundleCommand, bundleUsage } from './commands/bundle.js';
import { criCommand, criUsage } from './commands/cri.js';
import { diffCommand, diffUsage } from './commands/diff.js';
import { explainCommand, explainUsage } from './commands/explain.js';
import { generateCommand, generateUsage } from './commands/generate.js';
import { lintCommand, lintUsage } from './commands/lint.js';
import { specCommand, specUsage } from './commands/spec.js';
import { validateCommand, validateUsage } from './commands/validate.js';
import type { CliIO } from './io.js';
import { processIO, UsageError } from './io.js';

type Command = (argv: readonly string[], io: CliIO) => Promise<number>;

const COMMANDS: Record<string, { run: Command; usage: string }> = {
  spec: { run: specCommand, usage: specUsage },
  generate: { run: generateCommand, usage: generateUsage },
  validate: { run: validateCommand, usage: validateUsage },
  lint: { run: lintCommand, usage: lintUsage },
  bundle: { run: bundleCommand, usage: bundleUsage },
  explain: { run: explainCommand, usage: explainUsage },
  diff: { run: diffCommand, usage: diffUsage },
  cri: { run: criCommand, usage: criUsage },
};

export const usage = `usage: ocispec <command> [options]

${Object.values(COMMANDS)
  .map((c) => c.usage)
  .join('\n\n')}

Global: --debug prints stack traces; --help prints this text.`;

/**
 * Runs the CLI and returns the exit code: 0 success, 1 a failure the input caused (one line on stderr), 2 a usage
 * error. Never prints a stack trace unless `--debug`.
 */
export async function main(argv: readonly string[], io: CliIO = processIO()): Promise<number> {
  const debug = argv.includes('--debug');
  const args = argv.filter((a) => a !== '--debug');
  const [name, ...rest] = args;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.stderr : io.stdout)(`${usage}\n`);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    io.stderr(`ocispec: unknown command ${JSON.stringify(name)}\n${usage}\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(`${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`ocispec ${error.message}\nusage: ${command.usage.split('\n')[0]}\n`);
      return 2;
    }
    if (debug && error instanceof Error) io.stderr(`${error.stack ?? error.message}\n`);
    else io.stderr(`ocispec: ${messageOf(error)}\n`);
    return 1;
  }
}
