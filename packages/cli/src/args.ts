import { parseArgs } from 'node:util';
import { UsageError } from './io.js';

/** Option definitions in node:util's parseArgs form. */
export type OptionSpec = NonNullable<Parameters<typeof parseArgs>[0]>['options'];

/** Parses a command's arguments; unknown flags or a missing value become a {@link UsageError}. */
export function parseCommandArgs<O extends OptionSpec>(
  command: string,
  argv: readonly string[],
  options: O,
): { values: Record<string, string | boolean | string[] | undefined>; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options,
      allowPositionals: true,
      strict: true,
    });
    return { values: values as Record<string, string | boolean | string[] | undefined>, positionals };
  } catch (error) {
    throw new UsageError(
      `${command}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
    );
  }
}

/** The `--indent` value: a number of spaces (default 4, as `ctr oci spec`), `0` for compact output. */
export function indentOf(command: string, value: unknown): number {
  if (value === undefined) return 4;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 10) throw new UsageError(`${command}: --indent must be 0 to 10`);
  return n;
}
