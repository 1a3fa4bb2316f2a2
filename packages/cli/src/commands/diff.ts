import * as path from 'node:path';
import type { SpecChange } from '@ocispec/core';
import { ANY_LAYOUT, diffSpecs, formatLeaf, messageOf, printJson, readSpecFile } from '@ocispec/core';
import { indentOf, parseCommandArgs } from '../args.js';
import { INPUT_SIZE_OPTION, maxInputSize } from '../input-flags.js';
import type { CliIO } from '../io.js';
import { UsageError } from '../io.js';

export const diffUsage = `ocispec diff A B [--json] [--indent N] [--max-input-size N]
  Compares two spec files by JSON pointer: keyed lists (mounts, env, rlimits, namespaces, devices, capabilities,
  masked and read-only paths) are matched by key, so a reordering is not a change; numbers compare exactly.
  Exit 0 same, 1 different, 2 usage error or a file that cannot be read or parsed (as diff(1)).`;

/** `ocispec diff A B`: the semantic differences between two specs. */
export async function diffCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs('diff', argv, {
    json: { type: 'boolean' },
    indent: { type: 'string' },
    ...INPUT_SIZE_OPTION,
  });
  if (positionals.length !== 2) throw new UsageError('diff: expected two spec files A and B');
  const indent = indentOf('diff', values.indent);
  const maxBytes = maxInputSize('diff', values);
  let changes: SpecChange[];
  try {
    const [a, b] = positionals.map((file) => readSpecFile(path.resolve(io.cwd, file), { maxBytes }).spec);
    changes = diffSpecs(a!, b!);
  } catch (error) {
    // Trouble reading either file is exit 2, as in diff(1): exit 1 means "different".
    io.stderr(`ocispec: ${messageOf(error)}\n`);
    return 2;
  }
  if (values.json === true) io.stdout(`${printJson(changes, ANY_LAYOUT, { indent })}\n`);
  else for (const change of changes) io.stdout(`${formatChange(change)}\n`);
  return changes.length === 0 ? 0 : 1;
}

/** One change as a line: `+ path: value`, `- path: value`, `~ path: before → after`. */
function formatChange(change: SpecChange): string {
  switch (change.kind) {
    case 'added':
      return `+ ${change.path}: ${formatLeaf(change.after!)}`;
    case 'removed':
      return `- ${change.path}: ${formatLeaf(change.before!)}`;
    case 'changed':
      return `~ ${change.path}: ${formatLeaf(change.before!)} → ${formatLeaf(change.after!)}`;
  }
}
